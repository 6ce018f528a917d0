#!/usr/bin/env node
// The README commands (`npm test`, `npm run demo`, `npm run bench`) on a machine with only
// Node.js and npm: find or fetch pnpm, install the workspace, build, then run the task.
// Uses nothing but Node's standard library, since nothing is installed yet.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
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

/**
 * Puts a `pnpm` of the pinned version first on PATH (turbo runs tasks through it too):
 * the one already on PATH, else a shim over corepack, else a copy installed with npm into
 * `.tooling/` (gitignored). Returns the environment to run everything with.
 */
function pnpmEnvironment() {
  if (quiet('pnpm', ['--version']) === pnpmVersion) return process.env;
  const binDir = join(root, '.tooling', 'bin');
  const env = { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH}` };
  if (quiet('pnpm', ['--version'], env) === pnpmVersion) return env;
  mkdirSync(binDir, { recursive: true });
  // corepack checks registry signatures, which some registries (mirrors) do not serve.
  const corepackEnv = { ...env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0', COREPACK_INTEGRITY_KEYS: '0' };
  if (quiet('corepack', ['pnpm', '--version'], corepackEnv) === pnpmVersion) {
    writeShim(binDir, 'corepack', ['pnpm']);
    console.log(`[yolo-loss] using pnpm ${pnpmVersion} through corepack`);
    return corepackEnv;
  }
  const prefix = join(root, '.tooling', 'pnpm');
  console.log(`[yolo-loss] installing pnpm ${pnpmVersion} into .tooling/ with npm`);
  const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `pnpm@${pnpmVersion}`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not install pnpm with npm');
  writeShim(binDir, process.execPath, [join(prefix, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs')]);
  return env;
}

function writeShim(binDir, cmd, args) {
  const quoted = [cmd, ...args].map((a) => `"${a}"`).join(' ');
  writeFileSync(join(binDir, 'pnpm'), `#!/bin/sh\nexec ${quoted} "$@"\n`);
  chmodSync(join(binDir, 'pnpm'), 0o755);
  if (process.platform === 'win32') writeFileSync(join(binDir, 'pnpm.cmd'), `@${quoted} %*\r\n`);
}

const pnpmEnv = pnpmEnvironment();
const pn = (args) => run('pnpm', args, { env: pnpmEnv, shell: process.platform === 'win32' });

function installIfNeeded() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log(`[yolo-loss] installing the workspace with pnpm ${pnpmVersion}`);
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
      env: pnpmEnv,
    });
    break;
  case 'packed':
    if (pn(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']) !== 0) process.exit(1);
    status = run(process.execPath, [join(root, 'tooling/scripts/test-packed.mjs'), ...rest], { env: pnpmEnv });
    break;
  case 'checks':
    status = pn(['exec', 'turbo', 'run', 'typecheck', 'lint', 'check:package', '--concurrency=2', '--output-logs=errors-only']);
    if (status === 0) status = pn(['exec', 'sherif']);
    if (status === 0) status = run(process.execPath, [join(root, 'tooling/scripts/size-report.mjs')], { env: pnpmEnv });
    break;
  case 'demo':
  case 'bench':
    if (pn(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']) !== 0) process.exit(1);
    status = pn(['--silent', 'run', `${task}:run`, ...rest]);
    break;
  default:
    console.error(`run.mjs: unknown task '${task}' (test, demo, bench, packed, checks, install)`);
    status = 2;
}
process.exit(status);
