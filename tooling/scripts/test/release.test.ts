// The release flow, dry-run: `changeset version` on a copy of the workspace manifests with one
// scenario changeset at a time. Versions must be independent: a change to one package bumps
// that package, not every package.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const changesetBin = join(root, 'node_modules', '@changesets', 'cli', 'bin.js');
const packages = readdirSync(join(root, 'packages'));
const dirs: string[] = [];

/** A scratch copy of the manifests and changeset config, with `changesets` as the only pending ones. */
function scratch(changesets: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'yolo-loss-release-'));
  dirs.push(dir);
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(dir, file));
  mkdirSync(join(dir, '.changeset'));
  cpSync(join(root, '.changeset', 'config.json'), join(dir, '.changeset', 'config.json'));
  for (const p of packages) {
    mkdirSync(join(dir, 'packages', p), { recursive: true });
    cpSync(join(root, 'packages', p, 'package.json'), join(dir, 'packages', p, 'package.json'));
  }
  for (const [name, body] of Object.entries(changesets)) writeFileSync(join(dir, '.changeset', `${name}.md`), body);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=release-test', '-c', 'user.email=release-test@localhost', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'scratch');
  return dir;
}

const versions = (dir: string) =>
  Object.fromEntries(
    packages.map((p) => [p, (JSON.parse(readFileSync(join(dir, 'packages', p, 'package.json'), 'utf8')) as { version: string }).version]),
  );
const bump = (pkg: string, level: string) => `---\n"@yolo-loss/${pkg}": ${level}\n---\n\nscenario\n`;
const changesetVersion = (dir: string) => execFileSync(process.execPath, [changesetBin, 'version'], { cwd: dir, encoding: 'utf8' });

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('independent versions (changeset version, dry run on a copy)', () => {
  it('a backend patch bumps the backend only; the loss packages keep their versions', () => {
    const dir = scratch({ 'fix-backend': bump('backend', 'patch') });
    const before = versions(dir);
    changesetVersion(dir);
    const after = versions(dir);
    for (const p of packages) expect([p, after[p]]).toEqual([p, p === 'backend' ? '0.1.1' : before[p]]);
    expect(readFileSync(join(dir, 'packages', 'backend', 'CHANGELOG.md'), 'utf8')).toMatch(/## 0\.1\.1[\s\S]*scenario/);
  });

  it('a yolov3 change bumps yolov3 only', () => {
    const dir = scratch({ 'v3-feature': bump('yolov3', 'patch') });
    const before = versions(dir);
    changesetVersion(dir);
    const after = versions(dir);
    const changed = packages.filter((p) => after[p] !== before[p]);
    expect(changed).toEqual(['yolov3']);
  });

  it('changeset status lists exactly the packages with pending changesets', () => {
    const dir = scratch({ a: bump('geometry', 'patch'), b: bump('yolov1', 'patch') });
    const out = execFileSync(process.execPath, [changesetBin, 'status', '--verbose'], { cwd: dir, encoding: 'utf8' });
    expect(out).toMatch(/@yolo-loss\/geometry/);
    expect(out).toMatch(/@yolo-loss\/yolov1/);
    expect(out).not.toMatch(/@yolo-loss\/yolov4/);
    expect(out).not.toMatch(/bumped at major/);
  });
});
