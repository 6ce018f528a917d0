// The report folder: index.html (self-contained: inline SVG and PNG data URIs, no network),
// curves.png, detections.png and metrics.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_NAMES } from './dataset.mjs';
import { encodePng, pngDataUri } from './png.mjs';
import { Canvas, textWidth } from './raster.mjs';
import { TERMS } from './train.mjs';

/**
 * @typedef {import('./raster.mjs').Rgb} Rgb
 * @typedef {import('./run-version.mjs').RunResult} RunResult
 * @typedef {import('./run-version.mjs').TrainedResult} TrainedResult
 * @typedef {{ name: string, values: number[] }} Series - one line of a chart
 * @typedef {{ left: number, right: number, top: number, bottom: number }} Margin
 */

/**
 * One colour per version, and per class for predicted boxes.
 * @type {Record<string, Rgb>}
 */
const VERSION_COLOURS = { yolov1: [228, 26, 28], yolov2: [55, 126, 184], yolov3: [77, 175, 74], yolov4: [152, 78, 163] };
/** @type {Rgb[]} */
const CLASS_COLOURS = [[255, 127, 0], [0, 200, 255], [255, 0, 200]];
/** @type {Rgb} */
const BLACK = [0, 0, 0];
/**
 * The charts: the total loss, then each term.
 * @type {('total' | import('./train.mjs').Term)[]}
 */
const CHART_TERMS = ['total', ...TERMS];
/** @param {Rgb} colour */
const hex = ([r, g, b]) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
/** @type {Record<string, string>} */
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** @param {unknown} s - text for HTML */
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ENTITIES[c] ?? c);

/**
 * Exponential moving average, so that noisy per-step losses read as curves.
 * @param {number[]} values
 * @param {number} [alpha]
 */
export function smooth(values, alpha = 0.1) {
  let m = values[0];
  return values.map((v) => (m = m + alpha * (v - m)));
}

/**
 * Log-scale chart geometry shared by the SVG and the PNG.
 * @param {Series[]} series
 * @param {number} width
 * @param {number} height
 * @param {Margin} margin
 */
function chartScale(series, width, height, margin) {
  const all = series.flatMap((s) => s.values).filter((v) => v > 0 && Number.isFinite(v));
  const lo = all.length ? Math.log10(Math.min(...all)) : -1;
  const hi = all.length ? Math.log10(Math.max(...all)) : 1;
  const ylo = Math.floor(lo);
  const yhi = Math.max(Math.ceil(hi), ylo + 1);
  const xmax = Math.max(1, ...series.map((s) => s.values.length));
  /** @param {number} i - step index */
  const x = (i) => margin.left + ((width - margin.left - margin.right) * i) / Math.max(1, xmax - 1);
  /** @param {number} v - value (log scale; NaN for v ≤ 0) */
  const y = (v) => (v > 0 ? margin.top + ((height - margin.top - margin.bottom) * (yhi - Math.log10(v))) / (yhi - ylo) : NaN);
  return { x, y, ylo, yhi, xmax };
}

/**
 * @param {TrainedResult[]} results
 * @param {'total' | import('./train.mjs').Term} term
 * @returns {Series[]}
 */
function termSeries(results, term) {
  return results.map((r) => ({ name: r.version, values: smooth(r.history[term]) }));
}

/**
 * One SVG chart of a loss term, one line per version.
 * @param {TrainedResult[]} results
 * @param {'total' | import('./train.mjs').Term} term
 * @param {number} [width]
 * @param {number} [height]
 */
function svgChart(results, term, width = 420, height = 240) {
  const margin = { left: 48, right: 10, top: 24, bottom: 28 };
  const series = termSeries(results, term);
  const { x, y, ylo, yhi, xmax } = chartScale(series, width, height, margin);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`];
  parts.push(`<text x="${margin.left}" y="15" font-weight="bold">${esc(term)} (log scale, smoothed)</text>`);
  for (let e = ylo; e <= yhi; e++) {
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#ddd"/>`);
    parts.push(`<text x="${margin.left - 4}" y="${y(10 ** e) + 4}" text-anchor="end">1e${e}</text>`);
  }
  parts.push(`<text x="${width - margin.right}" y="${height - 8}" text-anchor="end">step ${xmax}</text>`);
  for (const s of series) {
    const pts = s.values.map((v, i) => [x(i), y(v)]).filter(([, py]) => Number.isFinite(py));
    parts.push(`<polyline fill="none" stroke="${hex(VERSION_COLOURS[s.name] ?? BLACK)}" stroke-width="1.5" points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * All loss curves as one PNG: a panel per term, a line per version.
 * @param {TrainedResult[]} results
 */
export function curvesPng(results) {
  const terms = CHART_TERMS;
  const pw = 400;
  const ph = 220;
  const cols = 3;
  const rows = Math.ceil((terms.length + 1) / cols);
  const canvas = new Canvas(pw * cols, ph * rows);
  const margin = { left: 44, right: 10, top: 24, bottom: 20 };
  terms.forEach((term, k) => {
    const ox = (k % cols) * pw;
    const oy = Math.floor(k / cols) * ph;
    const series = termSeries(results, term);
    const { x, y, ylo, yhi } = chartScale(series, pw, ph, margin);
    canvas.text(ox + margin.left, oy + 6, `${term} (log)`, [0, 0, 0], 2);
    for (let e = ylo; e <= yhi; e++) {
      canvas.line(ox + margin.left, oy + y(10 ** e), ox + pw - margin.right, oy + y(10 ** e), [220, 220, 220]);
      canvas.text(ox + 4, oy + y(10 ** e) - 4, `1E${e}`, [90, 90, 90], 1.5);
    }
    for (const s of series) {
      canvas.polyline(s.values.map((v, i) => [ox + x(i), oy + y(v)]), VERSION_COLOURS[s.name] ?? BLACK, 2);
    }
  });
  // legend in the last panel
  const lx = (terms.length % cols) * pw + 40;
  const ly = Math.floor(terms.length / cols) * ph + 40;
  results.forEach((r, i) => {
    canvas.fillRect(lx, ly + i * 24, lx + 20, ly + i * 24 + 10, VERSION_COLOURS[r.version] ?? BLACK);
    canvas.text(lx + 28, ly + i * 24, r.version, [0, 0, 0], 2);
  });
  return encodePng(canvas.width, canvas.height, canvas.rgb);
}

/**
 * Validation images with true boxes (white) and predicted boxes (class colour, score >= minScore):
 * one row per version.
 * @param {TrainedResult[]} results
 * @param {import('./dataset.mjs').Dataset} val
 * @param {{ columns?: number, scale?: number, minScore?: number }} [options]
 */
export function detectionsPng(results, val, { columns = 6, scale = 2, minScore = 0.3 } = {}) {
  const cell = val.size * scale;
  const gap = 6;
  const labelW = 70;
  const head = 18;
  const n = Math.min(columns, val.images.length);
  const canvas = new Canvas(labelW + n * (cell + gap), head + results.length * (cell + gap), [245, 245, 245]);
  CLASS_NAMES.forEach((name, c) => {
    const x = labelW + c * 120;
    canvas.fillRect(x, 4, x + 10, 14, CLASS_COLOURS[c]);
    canvas.text(x + 14, 4, name, [0, 0, 0], 2);
  });
  canvas.strokeRect(labelW + 3 * 120, 4, labelW + 3 * 120 + 10, 14, [120, 120, 120]);
  canvas.text(labelW + 3 * 120 + 14, 4, 'truth', [0, 0, 0], 2);
  results.forEach((r, row) => {
    const oy = head + row * (cell + gap);
    canvas.text(4, oy + cell / 2 - 5, r.version, VERSION_COLOURS[r.version] ?? BLACK, 2);
    for (let i = 0; i < n; i++) {
      const ox = labelW + i * (cell + gap);
      canvas.drawImage(val.images[i], val.size, ox, oy, scale);
      /**
       * A centre box's corners in canvas pixels, rounded.
       * @param {{ x: number, y: number, w: number, h: number }} b
       * @returns {[number, number, number, number]}
       */
      const toPx = (b) => [
        Math.round(ox + (b.x - b.w / 2) * cell),
        Math.round(oy + (b.y - b.h / 2) * cell),
        Math.round(ox + (b.x + b.w / 2) * cell),
        Math.round(oy + (b.y + b.h / 2) * cell),
      ];
      for (const g of val.boxes[i]) canvas.strokeRect(...toPx(g), [255, 255, 255], 2);
      for (const d of (r.detections[i] ?? []).filter((d) => d.score >= minScore)) {
        const [x0, y0, x1, y1] = toPx(d);
        canvas.strokeRect(x0, y0, x1, y1, CLASS_COLOURS[d.classId] ?? BLACK, 2);
        const label = `${Math.round(d.score * 100)}`;
        canvas.fillRect(x0, y0, x0 + textWidth(label, 1) + 3, y0 + 7, CLASS_COLOURS[d.classId] ?? BLACK);
        canvas.text(x0 + 2, y0 + 1, label, [0, 0, 0], 1);
      }
    }
  });
  return encodePng(canvas.width, canvas.height, canvas.rgb);
}

/**
 * The metrics.json object.
 * @param {string} backend
 * @param {RunResult[]} results
 */
export function metricsJson(backend, results) {
  /** @type {Record<string, object>} */
  const versions = {};
  for (const r of results) {
    if (r.skipped !== undefined) {
      versions[r.version] = { skipped: r.skipped };
      continue;
    }
    versions[r.version] = {
      map50: r.map50,
      map50_95: r.map50_95,
      steps: r.steps,
      seconds: Number(r.seconds.toFixed(2)),
      finalLoss: r.finalLoss,
      evalSeconds: Number(r.evalSeconds.toFixed(2)),
      apPerClass50: Object.fromEntries(CLASS_NAMES.map((n, c) => [n, r.perClass50[c]])),
      mosaic: r.mosaic,
      cosineLr: r.cosine,
      parameters: r.parameters,
    };
  }
  return { backend, versions };
}

/**
 * Writes the report folder.
 * @param {string} dir
 * @param {{ backend: string, backendNote: string, settings: object, results: RunResult[],
 *   val: import('./dataset.mjs').Dataset }} report - `settings` is shown as JSON
 * @returns {{ dir: string, files: string[] }}
 */
export function writeReport(dir, { backend, backendNote, settings, results, val }) {
  mkdirSync(dir, { recursive: true });
  /** @type {TrainedResult[]} */
  const trained = results.filter((r) => r.skipped === undefined);
  const curves = curvesPng(trained);
  const dets = detectionsPng(trained, val);
  const metrics = metricsJson(backend, results);
  writeFileSync(join(dir, 'curves.png'), curves);
  writeFileSync(join(dir, 'detections.png'), dets);
  writeFileSync(join(dir, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  const rows = results
    .map((r) =>
      r.skipped !== undefined
        ? `<tr><td>${esc(r.version)}</td><td colspan="7">skipped: ${esc(r.skipped)}</td></tr>`
        : `<tr><td style="color:${hex(VERSION_COLOURS[r.version] ?? BLACK)}"><b>${esc(r.version)}</b></td><td>${r.map50.toFixed(3)}</td><td>${r.map50_95.toFixed(3)}</td>` +
          `<td>${r.perClass50.map((v) => (v === null ? '–' : v.toFixed(2))).join(' / ')}</td><td>${r.steps}</td><td>${r.seconds.toFixed(1)} s</td>` +
          `<td>${r.finalLoss.toFixed(4)}</td><td>${[r.mosaic && 'Mosaic', r.cosine && 'cosine LR'].filter(Boolean).join(', ') || '–'}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>yolo-loss demo report</title>
<style>body{font-family:sans-serif;margin:24px;max-width:1300px;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:8px}img{max-width:100%;image-rendering:pixelated}code{background:#f3f3f3;padding:1px 4px}</style>
</head><body>
<h1>yolo-loss demo: one detector, four YOLO losses</h1>
<p>Backend: <b>${esc(backend)}</b>${backendNote ? ` (${esc(backendNote)})` : ''}. Settings: <code>${esc(JSON.stringify(settings))}</code></p>
<h2>Validation metrics</h2>
<p>${val.images.length} validation images; detections decoded by each package's decoder (score ≥ 0.01, NMS),
AP per class with all-point interpolation, averaged over the three classes.</p>
<table><tr><th>version</th><th>mAP@0.5</th><th>mAP@0.5:0.95</th><th>AP@0.5 ${CLASS_NAMES.join(' / ')}</th><th>steps</th><th>training</th><th>final loss</th><th>freebies</th></tr>
${rows}
</table>
<h2>Loss curves</h2>
<p>Per term and version, exponential moving average of the per-step values (batch mean of per-image sums).
Scales differ between versions: each loss weighs its terms as its paper does.</p>
<div class="charts">${CHART_TERMS.map((t) => svgChart(trained, t)).join('\n')}</div>
<h2>Detections on validation images</h2>
<p>White: ground truth. Coloured: predictions with score ≥ 0.3 (colour = class, number = score in %).</p>
<img alt="detections" src="${pngDataUri(dets)}">
<h2>Loss curves (PNG)</h2>
<img alt="loss curves" src="${pngDataUri(curves)}">
</body></html>
`;
  writeFileSync(join(dir, 'index.html'), html);
  return { dir, files: ['index.html', 'curves.png', 'detections.png', 'metrics.json'] };
}
