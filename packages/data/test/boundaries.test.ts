// What the package may import: no tfjs and no loss package anywhere (a data pipeline needs
// neither), and Node built-ins or the image codecs only behind the `/node` entry, so a browser
// bundle of the root entry is clean. Its GtBox and Detection stay the loss packages' shapes.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Detection as GeometryDetection, GtBox as GeometryGtBox } from '@yolo-loss/geometry';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Detection, GtBox } from '../src/index.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const files = (readdirSync(src, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(src, f));
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);

describe('package boundaries', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('no source imports tfjs or another @yolo-loss package', () => {
    const bad = files.flatMap((f) =>
      importsOf(f)
        .filter((s) => /^@tensorflow\/|^@yolo-loss\//.test(s))
        .map((s) => `${relative(src, f)}: ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('only src/node/ imports Node built-ins or the image codecs', () => {
    const outside = files.filter((f) => !relative(src, f).startsWith('node'));
    const bad = outside.flatMap((f) =>
      importsOf(f)
        .filter((s) => !s.startsWith('.'))
        .map((s) => `${relative(src, f)}: ${s}`),
    );
    expect(bad).toEqual([]);
    const nodeEntry = files.filter((f) => relative(src, f).startsWith('node'));
    const external = new Set(
      nodeEntry.flatMap((f) => importsOf(f).filter((s) => !s.startsWith('.'))),
    );
    expect([...external].sort()).toEqual(['jpeg-js', 'node:fs/promises', 'node:path', 'pngjs']);
  });

  it('GtBox and Detection are the shapes @yolo-loss/geometry uses', () => {
    expectTypeOf<GtBox>().toEqualTypeOf<GeometryGtBox>();
    expectTypeOf<Detection>().toEqualTypeOf<GeometryDetection>();
  });
});
