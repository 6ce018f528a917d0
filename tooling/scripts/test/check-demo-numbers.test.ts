// check-demo-numbers.mjs: finds the results table in Markdown, compares steps and both mAPs
// exactly as printed (not the time), and names the file, row and column of every difference;
// the demo's own writer (tooling/demo/src/readme-table.mjs) produces a table it reads.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readmeTableFile } from '../../demo/src/readme-table.mjs';
import { checkDemoNumbers, compareDemoTables, parseDemoTables } from '../check-demo-numbers.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
const script = join(root, 'tooling', 'scripts', 'check-demo-numbers.mjs');
const HEADER = '| version | steps | COCO mAP@0.5 | COCO mAP@[.5:.95] | training |\n| --- | ---: | ---: | ---: | ---: |';
const TABLE = `${HEADER}
| YOLOv1 | 350 | 0.592 | 0.262 | 13.7 s |
| YOLOv3 (2 heads) | 850 | 0.561 | 0.293 | 64.6 s |`;
const dirs: string[] = [];

/** A scratch repository root with README.md, docs/demo.md and a report folder. */
function scratch(readme: string, demoDoc: string, report: string | null): { base: string; reportDir: string } {
  const base = mkdtempSync(join(tmpdir(), 'yolo-loss-demo-numbers-'));
  dirs.push(base);
  mkdirSync(join(base, 'docs'));
  mkdirSync(join(base, 'report'));
  writeFileSync(join(base, 'README.md'), readme);
  writeFileSync(join(base, 'docs', 'demo.md'), demoDoc);
  if (report !== null) writeFileSync(join(base, 'report', 'readme-table.md'), report);
  return { base, reportDir: join(base, 'report') };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('check-demo-numbers', () => {
  it('reads every results table, rows keyed by version, and nothing else', () => {
    const md = `# Title\n\n| version | steps | mAP@0.5 |\n| --- | --- | --- |\n| YOLOv1 | 1 | 2 |\n\n${TABLE}\n\ntext\n\n${TABLE}\n`;
    const tables = parseDemoTables(md);
    expect(tables.map((t) => t.line)).toEqual([7, 14]);
    expect([...tables[0]!.rows.keys()]).toEqual(['YOLOv1', 'YOLOv3']);
    expect(tables[0]!.rows.get('YOLOv3')).toEqual({
      version: 'YOLOv3 (2 heads)',
      steps: '850',
      'COCO mAP@0.5': '0.561',
      'COCO mAP@[.5:.95]': '0.293',
      training: '64.6 s',
    });
  });

  it('compares steps and both mAPs as printed, not the time, and names row and column', () => {
    const quoted = parseDemoTables(TABLE)[0]!.rows;
    const fresh = parseDemoTables(
      TABLE.replace('| 0.262 | 13.7 s', '| 0.263 | 99.9 s').replace('| 850 | 0.561 |', '| 850 | 0.5610 |'),
    )[0]!.rows;
    expect(compareDemoTables(quoted, fresh, { file: 'README.md', reportFile: 'r/readme-table.md' })).toEqual([
      'README.md: row YOLOv1, column "COCO mAP@[.5:.95]": "0.262", but the demo gives "0.263" (r/readme-table.md)',
      'README.md: row YOLOv3, column "COCO mAP@0.5": "0.561", but the demo gives "0.5610" (r/readme-table.md)',
    ]);
    const timeOnly = parseDemoTables(TABLE.replace('13.7 s', '20.1 s'))[0]!.rows;
    expect(compareDemoTables(quoted, timeOnly, { file: 'README.md', reportFile: 'r' })).toEqual([]);
  });

  it('names rows missing on either side', () => {
    const quoted = parseDemoTables(TABLE)[0]!.rows;
    const fresh = parseDemoTables(`${HEADER}\n| YOLOv1 | 350 | 0.592 | 0.262 | 1 s |\n| YOLOv2 | 400 | 0.5 | 0.3 | 1 s |`)[0]!.rows;
    expect(compareDemoTables(quoted, fresh, { file: 'docs/demo.md', reportFile: 'r' })).toEqual([
      'docs/demo.md: row YOLOv3: not in the report (r has YOLOv1, YOLOv2)',
      'docs/demo.md: no row YOLOv2 (the report has one: r)',
    ]);
  });

  it('checks README.md and docs/demo.md against the report folder', () => {
    const ok = scratch(`intro\n\n${TABLE}\n`, `${TABLE.replace('13.7 s', '1 s')}\n`, `${TABLE}\n\nCommit x.\n`);
    expect(checkDemoNumbers(ok.reportDir, { root: ok.base })).toEqual({ problems: [], checked: ['README.md', 'docs/demo.md'] });

    const stale = scratch(`${TABLE.replace('0.592', '0.626')}\n`, 'no table here\n', `${TABLE}\n`);
    const { problems } = checkDemoNumbers(stale.reportDir, { root: stale.base });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^README\.md: row YOLOv1, column "COCO mAP@0\.5": "0\.626", but the demo gives "0\.592"/);
    expect(problems[1]).toMatch(/^docs\/demo\.md: no results table/);

    const noReport = scratch(TABLE, TABLE, null);
    expect(checkDemoNumbers(noReport.reportDir, { root: noReport.base }).problems[0]).toMatch(/readme-table\.md: missing/);
  });

  it('reads the table the demo writes', () => {
    const result = (title: string, outputs: number, extra: object, steps: number, map50: number, map: number) => ({
      title, outputs, mosaic: false, schedule: 'steps', steps, seconds: 12.34, coco: { map50, map }, ...extra,
    });
    const file = readmeTableFile(
      [result('YOLOv1', 1, {}, 350, 0.59249, 0.2616), result('YOLOv4', 2, { mosaic: true, schedule: 'cosine' }, 550, 0.6, 0.25)],
      { commit: 'abc1234', uncommittedChanges: false, cpu: 'CPU', cores: 2, node: 'v20', platform: 'linux x64' },
      { backend: 'cpu', jobs: 2, totalSeconds: 80 },
    );
    const [table] = parseDemoTables(file);
    expect([...table!.rows.values()]).toEqual([
      { version: 'YOLOv1', steps: '350', 'COCO mAP@0.5': '0.592', 'COCO mAP@[.5:.95]': '0.262', training: '12.3 s' },
      { version: 'YOLOv4 (2 heads, Mosaic, cosine LR)', steps: '550', 'COCO mAP@0.5': '0.600', 'COCO mAP@[.5:.95]': '0.250', training: '12.3 s' },
    ]);
    expect(file).toMatch(/Commit `abc1234`; CPU, 2 cores, linux x64; Node v20; cpu backend, 2 versions in parallel; all versions in 80\.0 s\./);
  });

  it('as a command: exits 1 naming the difference, writes the CI summary; exits 0 when all match', () => {
    // The script finds README.md and docs/demo.md two folders above itself: run a copy in a scratch root.
    const { base, reportDir } = scratch(`${TABLE}\n`, `${TABLE}\n`, `${TABLE.replace('| 350 |', '| 351 |')}\n`);
    mkdirSync(join(base, 'tooling', 'scripts'), { recursive: true });
    const copy = join(base, 'tooling', 'scripts', 'check-demo-numbers.mjs');
    writeFileSync(copy, readFileSync(script));
    const summary = join(base, '.reports', 'demo-numbers.json');
    const run = () => execFileSync(process.execPath, [copy, reportDir, '--summary', summary], { cwd: base, stdio: 'pipe', encoding: 'utf8' });
    let failure: { status: number; stderr: string } | undefined;
    try {
      run();
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toMatch(/README\.md: row YOLOv1, column "steps": "350", but the demo gives "351"/);
    expect(failure?.stderr).toMatch(/docs\/demo\.md: row YOLOv1, column "steps": "350", but the demo gives "351"/);
    expect(JSON.parse(readFileSync(summary, 'utf8'))).toMatchObject({ passed: 0, failed: 1 });

    writeFileSync(join(reportDir, 'readme-table.md'), `${TABLE.replace('64.6 s', '70.0 s')}\n`);
    expect(run()).toMatch(/README\.md, docs\/demo\.md match/);
    expect(JSON.parse(readFileSync(summary, 'utf8'))).toMatchObject({ passed: 1, failed: 0 });
    expect(() => execFileSync(process.execPath, [copy], { stdio: 'pipe' })).toThrow(/usage/);
  });
});
