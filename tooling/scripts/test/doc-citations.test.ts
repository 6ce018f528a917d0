// Everything a user reads must be self-contained: the published TSDoc (src/ ends up in the .d.ts),
// the package READMEs and changelogs, the fixtures' provenance, the root README and docs/ may cite
// only files in the repository or the package — never the developer-only loss spec, its folder or
// the text it was written from. The semantics are stated in docs/losses/ and docs/geometry.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/** What counts as a citation of an unpublished file, and what to write instead. */
const CITATIONS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /\bLOSSES(?:-ULTRALYTICS)?\.md\b|\bLOSSES\s*§/, why: 'cites the developer-only loss spec: point at docs/losses/*.md' },
  { pattern: /(?<![\w@-])shared\//, why: 'cites a developer-only shared/ path: point at a file in the repository' },
  { pattern: /\bthe seed\b|\bseed's\b/i, why: 'cites "the seed" text: cite the paper (or say "the random seed")' },
  { pattern: /\bthe (?:project )?spec\b/i, why: 'cites "the spec": point at docs/losses/*.md or name the type' },
];

/** Folders never scanned: installed, built or generated (docs/api is TypeDoc output, not committed). */
const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', '.reports', 'api']);

/** Every citation of an unpublished file in `text`, as `line: match — why` (1-based lines). */
export function findCitations(text: string): { line: number; match: string; why: string }[] {
  const found: { line: number; match: string; why: string }[] = [];
  text.split('\n').forEach((content, i) => {
    for (const { pattern, why } of CITATIONS) {
      const m = pattern.exec(content);
      if (m) found.push({ line: i + 1, match: m[0], why });
    }
  });
  return found;
}

function walk(path: string, out: string[]): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return out;
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (!SKIP_DIRS.has(name)) walk(join(path, name), out);
    }
  } else if (stat.isFile()) {
    out.push(path);
  }
  return out;
}

/** The files a user reads: published sources and READMEs, fixture provenance, root README, docs/. */
function scannedFiles(): string[] {
  const files: string[] = [];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    const dir = join(root, 'packages', pkg);
    walk(join(dir, 'src'), files);
    walk(join(dir, 'README.md'), files);
    walk(join(dir, 'CHANGELOG.md'), files);
    walk(join(dir, 'test', 'fixtures'), files);
  }
  walk(join(root, 'README.md'), files);
  walk(join(root, 'docs'), files);
  for (const name of readdirSync(join(root, '.changeset')).sort()) {
    if (name.endsWith('.md')) files.push(join(root, '.changeset', name));
  }
  return files;
}

describe('documentation cites only files in the repository or the package', () => {
  it('finds each kind of citation, and not random seeds or other specs', () => {
    expect(findCitations('Per image (LOSSES.md §3):').map((c) => c.line)).toEqual([1]);
    expect(findCitations('ok\nas LOSSES §0 says')).toHaveLength(1);
    expect(findCitations('copy of `shared/fixtures/paper/yolov1.json`')).toHaveLength(1);
    expect(findCitations('Fixtures: ../shared/fixtures files are copied')).toHaveLength(1);
    expect(findCitations("a `paper` preset (the seed's formulas)")).toHaveLength(1);
    expect(findCitations('`coord_scale=1` (the seed leaves it open)')).toHaveLength(1);
    expect(findCitations('Decisions where the spec was silent')).toHaveLength(1);
    for (const fine of [
      'fixture seed 1001 (public)',
      "fast-check's report: seed, path and the shrunk counterexample",
      'deterministic from the random seed',
      'packages/heads: the vocabulary of `AnchorHeadSpec`',
      'see docs/losses/yolov3.md in the repository',
      '@param spec - the head constants',
    ]) {
      expect([fine, findCitations(fine)]).toEqual([fine, []]);
    }
  });

  it('no published source, README, changelog, fixture, root README or docs page cites an unpublished file', () => {
    const files = scannedFiles();
    expect(files.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const file of files) {
      const buffer = readFileSync(file);
      if (buffer.includes(0)) continue; // binary (images)
      for (const c of findCitations(buffer.toString('utf8'))) {
        hits.push(`${relative(root, file)}:${c.line}: "${c.match}" ${c.why}`);
      }
    }
    expect(hits, `citations of unpublished files:\n${hits.join('\n')}`).toEqual([]);
  });
});
