// The README's results table, written by every run into its report folder
// (`readme-table.md`), with the commit and machine it ran on. README.md and docs/demo.md carry a
// copy; tooling/scripts/check-demo-numbers.mjs compares them with a fresh run (steps and both
// mAPs; the time column depends on the machine).
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';

/** The table's header, as README.md and docs/demo.md have it. */
export const TABLE_HEADER = '| version | steps | COCO mAP@0.5 | COCO mAP@[.5:.95] | training |';
const TABLE_ALIGN = '| --- | ---: | ---: | ---: | ---: |';

/**
 * What the table reads of a version's result (`RunResult` of run-version.mjs has it).
 * @typedef {{ title: string, outputs: number, mosaic: boolean, schedule: string, steps: number,
 *   seconds: number, coco: { map50: number, map: number } }} TableRow
 */

/**
 * Where a run ran (`runInfo`).
 * @typedef {{ commit: string, uncommittedChanges: boolean, cpu: string, cores: number, node: string,
 *   platform: string }} RunInfo
 */

/**
 * How the run ran: backend, versions in parallel, wall time of all versions.
 * @typedef {{ backend: string, jobs: number, totalSeconds: number }} RunTiming
 */

/**
 * The first column: the version's title and what it trains with beyond the shared model.
 * @param {Pick<TableRow, 'title' | 'outputs' | 'mosaic' | 'schedule'>} r
 */
export function rowLabel(r) {
  const notes = [r.outputs > 1 && `${r.outputs} heads`, r.mosaic && 'Mosaic', r.schedule === 'cosine' && 'cosine LR'].filter(Boolean);
  return notes.length ? `${r.title} (${notes.join(', ')})` : r.title;
}

/**
 * The table: one row per version.
 * @param {TableRow[]} results
 */
export function readmeTable(results) {
  const rows = results.map((r) => `| ${rowLabel(r)} | ${r.steps} | ${r.coco.map50.toFixed(3)} | ${r.coco.map.toFixed(3)} | ${r.seconds.toFixed(1)} s |`);
  return [TABLE_HEADER, TABLE_ALIGN, ...rows].join('\n');
}

/**
 * Where a run ran: the commit (`git rev-parse --short HEAD`, "+ uncommitted changes" when
 * tracked files other than Markdown differ from it — the docs that quote the numbers change
 * after the run), the CPU model and cores, Node.
 * @param {string} repoRoot
 * @returns {RunInfo}
 */
export function runInfo(repoRoot) {
  /** @param {...string} args @returns {string | null} stdout, null when git fails */
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = commit !== null && git('status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)*.md') !== '';
  return {
    commit: commit ?? 'unknown (not a git checkout)',
    uncommittedChanges: dirty,
    cpu: cpus()[0]?.model?.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/**
 * One line: commit, machine, backend and the run's wall time.
 * @param {RunInfo} info
 * @param {RunTiming} run
 */
export function runLine(info, { backend, jobs, totalSeconds }) {
  const commit = `\`${info.commit}\`${info.uncommittedChanges ? ' + uncommitted changes' : ''}`;
  return (
    `Commit ${commit}; ${info.cpu}, ${info.cores} cores, ${info.platform}; Node ${info.node}; ${backend} backend, ` +
    `${jobs} version${jobs === 1 ? '' : 's'} in parallel; all versions in ${totalSeconds.toFixed(1)} s.`
  );
}

/**
 * `readme-table.md`: the table and the line saying where it ran.
 * @param {TableRow[]} results
 * @param {RunInfo} info
 * @param {RunTiming} run
 */
export function readmeTableFile(results, info, run) {
  return `${readmeTable(results)}\n\n${runLine(info, run)}\n`;
}
