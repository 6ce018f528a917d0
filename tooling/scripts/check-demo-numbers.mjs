#!/usr/bin/env node
// Checks that the demo results quoted in README.md and docs/demo.md are what the demo gives:
// compares their results table with the `readme-table.md` a fresh `npm run demo` wrote into its
// report folder. The deterministic columns must match exactly as printed — steps, COCO mAP@0.5,
// COCO mAP@[.5:.95]; the training time depends on the machine and is not compared. Fails naming
// the file, the row and the column.
//
//   node tooling/scripts/check-demo-numbers.mjs <report-dir> [--summary <file.json>]
//
// `--summary` also writes `{ passed, failed }` (one check) for CI's test count.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The results table's columns, as the demo writes them. */
export const COLUMNS = ['version', 'steps', 'COCO mAP@0.5', 'COCO mAP@[.5:.95]', 'training'];
/** The columns compared: the ones a run on any machine prints the same. */
export const COMPARED = ['steps', 'COCO mAP@0.5', 'COCO mAP@[.5:.95]'];
/** The files that quote the table, relative to the repository root. */
export const QUOTED_IN = ['README.md', 'docs/demo.md'];

const cellsOf = (line) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

/**
 * Every results table in a Markdown text: the rows under a header with {@link COLUMNS}, keyed by
 * the version (the first word of the first cell, e.g. `YOLOv3` of `YOLOv3 (2 heads)`).
 * @param {string} markdown
 * @returns {{ line: number, rows: Map<string, Record<string, string>> }[]} `line`: 1-based line of the header
 */
export function parseDemoTables(markdown) {
  const lines = markdown.split(/\r?\n/);
  const tables = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim().startsWith('|')) continue;
    const header = cellsOf(lines[i]);
    if (header.length !== COLUMNS.length || header.some((c, k) => c !== COLUMNS[k])) continue;
    const rows = new Map();
    let j = i + 2; // past the alignment row
    for (; j < lines.length && lines[j].trim().startsWith('|'); j++) {
      const cells = cellsOf(lines[j]);
      const version = cells[0].split(/\s+/)[0];
      rows.set(version, Object.fromEntries(COLUMNS.map((c, k) => [c, cells[k] ?? ''])));
    }
    tables.push({ line: i + 1, rows });
    i = j - 1;
  }
  return tables;
}

/**
 * The differences between a quoted table and the report's, one message each.
 * @param {Map<string, Record<string, string>>} quoted
 * @param {Map<string, Record<string, string>>} report
 * @param {{ file: string, reportFile: string }} names - for the messages
 * @returns {string[]}
 */
export function compareDemoTables(quoted, report, { file, reportFile }) {
  const problems = [];
  for (const [version, row] of quoted) {
    const fresh = report.get(version);
    if (!fresh) {
      problems.push(`${file}: row ${version}: not in the report (${reportFile} has ${[...report.keys()].join(', ')})`);
      continue;
    }
    for (const column of COMPARED) {
      if (row[column] !== fresh[column]) {
        problems.push(`${file}: row ${version}, column "${column}": ${JSON.stringify(row[column])}, but the demo gives ${JSON.stringify(fresh[column])} (${reportFile})`);
      }
    }
  }
  for (const version of report.keys()) {
    if (!quoted.has(version)) problems.push(`${file}: no row ${version} (the report has one: ${reportFile})`);
  }
  return problems;
}

/**
 * Checks every file of {@link QUOTED_IN} against `<reportDir>/readme-table.md`.
 * @param {string} reportDir
 * @param {{ root?: string, files?: string[] }} [options]
 * @returns {{ problems: string[], checked: string[] }}
 */
export function checkDemoNumbers(reportDir, { root: base = root, files = QUOTED_IN } = {}) {
  const reportPath = join(reportDir, 'readme-table.md');
  const reportFile = relative(process.cwd(), reportPath) || reportPath;
  if (!existsSync(reportPath)) return { problems: [`${reportFile}: missing (did the demo run to the end?)`], checked: [] };
  const reportTables = parseDemoTables(readFileSync(reportPath, 'utf8'));
  if (reportTables.length !== 1) return { problems: [`${reportFile}: expected one results table, found ${reportTables.length}`], checked: [] };
  const report = reportTables[0].rows;
  const problems = [];
  const checked = [];
  for (const file of files) {
    const tables = parseDemoTables(readFileSync(join(base, file), 'utf8'));
    if (tables.length === 0) problems.push(`${file}: no results table (header ${COLUMNS.map((c) => `| ${c} `).join('')}|)`);
    for (const t of tables) {
      const name = tables.length > 1 ? `${file}:${t.line}` : file;
      problems.push(...compareDemoTables(t.rows, report, { file: name, reportFile }));
      checked.push(name);
    }
  }
  return { problems, checked };
}

function main(argv) {
  let dir;
  let summary;
  let bad = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--summary' && i + 1 < argv.length) summary = argv[++i];
    else if (!argv[i].startsWith('-') && dir === undefined) dir = argv[i];
    else bad = true;
  }
  if (bad || !dir) {
    console.error('usage: node tooling/scripts/check-demo-numbers.mjs <report-dir> [--summary <file.json>]');
    return 2;
  }
  const { problems, checked } = checkDemoNumbers(resolve(dir));
  if (summary) {
    mkdirSync(dirname(resolve(summary)), { recursive: true });
    writeFileSync(resolve(summary), JSON.stringify({ passed: problems.length ? 0 : 1, failed: problems.length ? 1 : 0, problems }, null, 2));
  }
  if (problems.length) {
    console.error(`check-demo-numbers: the demo results quoted in the docs differ from a fresh run:\n  ${problems.join('\n  ')}`);
    console.error('Rerun `npm run demo` and copy demo-report/readme-table.md (table and the line under it) into README.md and docs/demo.md.');
    return 1;
  }
  console.log(`check-demo-numbers: ${checked.join(', ')} match ${join(dir, 'readme-table.md')} (${COMPARED.join(', ')})`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exit(main(process.argv.slice(2)));
