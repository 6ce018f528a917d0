#!/usr/bin/env node
// The README commands (`npm test`, `npm run demo`, `npm run bench`) on a machine with only
// Node.js and npm: find or fetch pnpm, install the workspace, build, then run the task.
// Uses nothing but Node's standard library, since nothing is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [task = 'test', ...rest] = process.argv.slice(2);
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function quiet(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** pnpm as [command, ...prefixArgs, env]: the one on PATH, corepack's, or npx's. */
function findPnpm() {
  if (quiet('pnpm', ['--version']) === pnpmVersion) return { cmd: 'pnpm', pre: [], env: process.env };
  // corepack checks registry signatures, which some registries (mirrors) do not serve.
  const corepackEnv = { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', COREPACK_INTEGRITY_KEYS: '0' };
  if (quiet('corepack', ['pnpm', '--version'], corepackEnv) === pnpmVersion) {
    return { cmd: 'corepack', pre: ['pnpm'], env: corepackEnv };
  }
  return { cmd: 'npx', pre: ['--yes', `pnpm@${pnpmVersion}`], env: process.env };
}

const pnpm = findPnpm();
const pn = (args) => run(pnpm.cmd, [...pnpm.pre, ...args], { env: pnpm.env });

function installIfNeeded() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log(`[yolo-loss] installing the workspace with pnpm ${pnpmVersion} (${pnpm.cmd})`);
  if (pn(['install', '--frozen-lockfile']) !== 0) process.exit(1);
}

installIfNeeded();
let status;
switch (task) {
  case 'install':
    status = 0;
    break;
  case 'test':
    status = run(process.execPath, [join(root, 'tooling/scripts/test-all.mjs'), ...rest], {
      env: { ...pnpm.env, YOLO_LOSS_PNPM: JSON.stringify([pnpm.cmd, ...pnpm.pre]) },
    });
    break;
  case 'checks':
    status = pn(['exec', 'turbo', 'run', 'typecheck', 'lint', 'check:package', '--concurrency=2', '--output-logs=errors-only']);
    if (status === 0) status = pn(['exec', 'sherif']);
    break;
  case 'demo':
  case 'bench':
    if (pn(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']) !== 0) process.exit(1);
    status = pn(['--silent', 'run', `${task}:run`, ...rest]);
    break;
  default:
    console.error(`run.mjs: unknown task '${task}' (test, demo, bench, checks, install)`);
    status = 2;
}
process.exit(status);
