// The report's evaluation sections: COCO mAP over training, the learning rate, precision–recall
// curves per class at IoU 0.5, and confusion matrices. Inline SVG and HTML only.
import { CLASS_NAMES } from './dataset.mjs';
import { esc, hex, lineChart } from './svg-chart.mjs';

/**
 * @typedef {import('./run-version.mjs').RunResult} RunResult
 * @typedef {import('./raster.mjs').Rgb} Rgb
 */

/**
 * One colour per version, and per class.
 * @type {Record<string, Rgb>}
 */
export const VERSION_COLOURS = { yolov1: [228, 26, 28], yolov2: [55, 126, 184], yolov3: [77, 175, 74], yolov4: [152, 78, 163], yolov5: [255, 127, 0], yolov8: [166, 86, 40] };
/** @type {Rgb[]} */
export const CLASS_COLOURS = [[255, 127, 0], [0, 200, 255], [255, 0, 200]];
/** @param {string} version */
const colourOf = (version) => VERSION_COLOURS[version] ?? [0, 0, 0];
/** @param {RunResult[]} results */
const maxSteps = (results) => Math.max(1, ...results.map((r) => r.steps));
/**
 * A chart point.
 * @param {number} x
 * @param {number} y
 * @returns {[number, number]}
 */
const xy = (x, y) => [x, y];

/**
 * COCO mAP@0.5 (solid) and mAP@[.5:.95] (dashed) on the validation set during training.
 * @param {RunResult[]} results
 */
export function mapOverTrainingChart(results) {
  const series = results.flatMap((r) => [
    { label: `${r.version} @0.5`, colour: colourOf(r.version), points: r.mapHistory.map((p) => xy(p.step, p.map50)) },
    { label: `${r.version} @[.5:.95]`, colour: colourOf(r.version), dash: true, points: r.mapHistory.map((p) => xy(p.step, p.map)) },
  ]);
  const top = Math.min(1, Math.ceil(Math.max(0.1, ...results.flatMap((r) => r.mapHistory.map((p) => p.map50))) * 10) / 10);
  return lineChart({ title: 'COCO mAP on the validation set', series, x: [0, maxSteps(results)], y: [0, top], xLabel: 'step', width: 620, height: 300 });
}

/**
 * The learning rate of every step (warm-up, then each version's schedule).
 * @param {RunResult[]} results
 */
export function learningRateChart(results) {
  const series = results.map((r) => ({ label: `${r.version} (${r.schedule})`, colour: colourOf(r.version), points: r.history.lr.map((lr, i) => xy(r.history.step[i], lr)) }));
  const top = Math.max(1e-9, ...results.flatMap((r) => r.history.lr));
  return lineChart({ title: 'learning rate', series, x: [0, maxSteps(results)], y: [0, top * 1.05], xLabel: 'step', yFormat: (v) => (v === 0 ? '0' : v.toExponential()), width: 560, height: 300 });
}

/**
 * One chart per version: per class, COCO's interpolated precision at the 101 recall points at
 * IoU 0.5 (the curve whose mean is the class's AP@0.5), up to the class's final recall.
 * @param {RunResult[]} results
 * @returns {string[]} `<svg>` elements
 */
export function prCurveCharts(results) {
  return results.map((r) => {
    const { recallPoints, perClass } = r.prCurves;
    const series = perClass
      .filter((c) => c.recall >= 0)
      .map((c) => {
        const points = recallPoints.map((x, i) => xy(x, c.precision[i])).filter(([x]) => x <= c.recall);
        const last = points.at(-1)?.[1] ?? 0;
        const ap = r.perClass.find((p) => p.classId === c.classId)?.ap50 ?? -1;
        return {
          label: `${CLASS_NAMES[c.classId] ?? c.classId} AP ${ap.toFixed(3)}`,
          colour: CLASS_COLOURS[c.classId] ?? [0, 0, 0],
          points: [...points, xy(c.recall, last), xy(c.recall, 0)],
        };
      });
    return lineChart({ title: `${r.version}: precision–recall at IoU 0.5`, series, x: [0, 1], y: [0, 1], xLabel: 'recall', width: 420, height: 240 });
  });
}

/**
 * One table per version: rows the true class (last: background, i.e. detections of nothing),
 * columns the predicted class (last: background, i.e. objects missed); cells shaded by their
 * share of the row.
 * @param {Pick<RunResult, 'version' | 'confusion'>[]} results
 * @param {{ scoreThreshold: number, iouThreshold: number }} at
 * @returns {string[]} `<table>` elements
 */
export function confusionTables(results, { scoreThreshold, iouThreshold }) {
  const names = [...CLASS_NAMES, 'background'];
  return results.map((r) => {
    const m = r.confusion;
    const head = `<tr><th>${esc(r.version)}: true ↓ predicted →</th>${names.map((n) => `<th>${esc(n)}</th>`).join('')}</tr>`;
    const rows = m.map((row, t) => {
      const sum = row.reduce((a, b) => a + b, 0) || 1;
      const cells = row.map((v, p) => {
        if (t === names.length - 1 && p === names.length - 1) return '<td>–</td>';
        const share = v / sum;
        const tint = t === p ? [40, 160, 60] : [220, 60, 40];
        const bg = tint.map((c) => Math.round(255 - (255 - c) * share * 0.8));
        return `<td style="background:${hex(bg)}">${v}</td>`;
      });
      return `<tr><th>${esc(names[t])}</th>${cells.join('')}</tr>`;
    });
    return `<table class="confusion" title="score ≥ ${scoreThreshold}, IoU ≥ ${iouThreshold}">${head}${rows.join('')}</table>`;
  });
}
