#!/usr/bin/env node
// Size report per published package: what `pnpm pack` would ship (files, bytes) and the
// gzipped size of the ESM entry a bundler starts from. Also fails when a tarball would carry
// tests or fixtures, or when a tfjs module is bundled into dist. Writes .reports/size.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rows = [];
const problems = [];
for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name);
  const r = spawnSync('pnpm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) {
    problems.push(`${name}: pnpm pack --dry-run failed: ${r.stderr}`);
    continue;
  }
  const files = JSON.parse(r.stdout).files.map((f) => f.path);
  const bytes = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  const shipped = files.filter((f) => /(^|\/)(test|tests|__tests__|fixtures)\//.test(f) || /\.test\.[cm]?[jt]s$/.test(f));
  if (shipped.length) problems.push(`${name}: tarball would ship ${shipped.join(', ')}`);
  const entry = readFileSync(join(dir, 'dist', 'index.js'));
  // A bundled tfjs would show up as its engine or kernel registry inlined into dist.
  const dist = files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
  for (const f of dist) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (/class Engine\b|kernelRegistry|_tfengine/.test(text)) problems.push(`${name}: ${f} looks like it bundles tfjs-core`);
  }
  rows.push({ name: `@yolo-loss/${name}`, files: files.length, bytes, entry: entry.length, gzip: gzipSync(entry).length });
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const table = [
  '| package | files | packed contents | dist/index.js | gzip |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${r.files} | ${kb(r.bytes)} | ${kb(r.entry)} | ${kb(r.gzip)} |`),
].join('\n');
mkdirSync(join(root, '.reports'), { recursive: true });
writeFileSync(join(root, '.reports', 'size.md'), `${table}\n`);
console.log(table);
for (const p of problems) console.error(`✗ ${p}`);
process.exit(problems.length ? 1 : 0);
