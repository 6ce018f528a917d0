// Supply chain (docs/validation.md § Supply chain): our published packages run no install
// scripts, depend at runtime only on each other (tfjs and webgpu are peers) — except the listed
// image codecs of @yolo-loss/data, which themselves have no dependencies and no install
// scripts —, pack no tests or fixtures, and the workspace installs from a frozen lockfile.
// Backend-independent: the cpu project runs it, the webgpu project skips it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testBackend } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const onCpu = testBackend() === 'cpu';

interface Manifest {
  name: string;
  private?: boolean;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  bundleDependencies?: unknown;
  bundledDependencies?: unknown;
  files?: string[];
}

/** The only third-party runtime dependencies: pure-JS PNG/JPEG codecs behind `@yolo-loss/data/node`. */
const thirdParty: Record<string, string[]> = { '@yolo-loss/data': ['jpeg-js', 'pngjs'] };
const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish', 'preprepare', 'postprepare'];

const packages = readdirSync(join(root, 'packages')).map((dir) => ({
  dir: join(root, 'packages', dir),
  manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest,
}));

describe.skipIf(!onCpu)('supply chain (cpu project only: nothing here depends on the backend)', () => {
  it('finds the published packages', () => {
    expect(packages.map((p) => p.manifest.name).sort()).toEqual([
      '@yolo-loss/backend',
      '@yolo-loss/data',
      '@yolo-loss/geometry',
      '@yolo-loss/heads',
      '@yolo-loss/yolov1',
      '@yolo-loss/yolov2',
      '@yolo-loss/yolov3',
      '@yolo-loss/yolov4',
      '@yolo-loss/yolov5',
      '@yolo-loss/yolov8',
    ]);
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))('%s: no install-time scripts', (_, { manifest }) => {
    expect(Object.keys(manifest.scripts ?? {}).filter((s) => lifecycle.includes(s))).toEqual([]);
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))(
    '%s: runtime dependencies only @yolo-loss/* (and the listed codecs), peers only @tensorflow/*, @yolo-loss/* and webgpu',
    (_, { manifest }) => {
      expect(Object.keys(manifest.dependencies ?? {}).filter((d) => !d.startsWith('@yolo-loss/'))).toEqual(
        thirdParty[manifest.name] ?? [],
      );
      expect(
        Object.keys(manifest.peerDependencies ?? {}).filter(
          (d) => !d.startsWith('@tensorflow/') && !d.startsWith('@yolo-loss/') && d !== 'webgpu',
        ),
      ).toEqual([]);
      expect(manifest.optionalDependencies).toBeUndefined();
      expect(manifest.bundleDependencies ?? manifest.bundledDependencies).toBeUndefined();
    },
  );

  it.each(packages.map((p) => [p.manifest.name, p] as const))(
    '%s: the packed files are dist, src, README and package.json only (no tests, fixtures or reports)',
    (_, { dir }) => {
      const out = execFileSync('pnpm', ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' });
      const files = (JSON.parse(out) as { files: { path: string }[] }).files.map((f) => f.path);
      expect(files).toContain('package.json');
      expect(files.some((f) => f.startsWith('dist/'))).toBe(true);
      const unexpected = files.filter(
        (f) =>
          !/^(dist|src)\//.test(f) && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(f),
      );
      expect(unexpected).toEqual([]);
      expect(files.filter((f) => /(^|\/)(test|tests|fixtures|__tests__|\.reports)\/|\.test\.|\.spec\./.test(f))).toEqual([]);
    },
  );

  it.each(Object.entries(thirdParty).flatMap(([name, deps]) => deps.map((dep) => [name, dep] as const)))(
    '%s → %s: no dependencies of its own and no install-time scripts',
    (name, dep) => {
      const dir = packages.find((p) => p.manifest.name === name)!.dir;
      const manifest = JSON.parse(readFileSync(join(dir, 'node_modules', dep, 'package.json'), 'utf8')) as Manifest;
      expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
      expect(manifest.optionalDependencies ?? {}).toEqual({});
      expect(Object.keys(manifest.scripts ?? {}).filter((s) => ['preinstall', 'install', 'postinstall'].includes(s))).toEqual([]);
    },
  );

  it('the workspace installs from a frozen lockfile (run.mjs; CI=true makes pnpm install frozen too)', () => {
    const runner = readFileSync(join(root, 'tooling/scripts/run.mjs'), 'utf8');
    expect(runner).toMatch(/'install', '--frozen-lockfile'/);
    expect(readFileSync(join(root, '.ci/run'), 'utf8')).toMatch(/export CI=true/);
  });
});
