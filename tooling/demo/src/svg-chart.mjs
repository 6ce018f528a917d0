// A small inline-SVG line chart with linear axes (the report's mAP over training, learning
// rate and precision–recall charts): no scripts, no network, text escaped.

/** @type {Record<string, string>} */
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Text for HTML and SVG: `&`, `<`, `>` and `"` escaped.
 * @param {string | number} s
 */
export const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ENTITIES[c]);

/**
 * `#rrggbb` of a colour.
 * @param {readonly number[]} rgb - bytes
 */
export const hex = ([r, g, b]) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/**
 * Round tick values between `lo` and `hi` (about `count` of them).
 * @param {number} lo
 * @param {number} hi
 * @param {number} [count]
 * @returns {number[]}
 */
export function ticks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  // 10·mag ≥ raw always, so `find` always finds one
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * A line chart.
 * @param {{ title: string, series: { label: string, colour: readonly number[], points: [number, number][], dash?: boolean }[],
 *   x: [number, number], y: [number, number], xLabel?: string, yFormat?: (v: number) => string,
 *   width?: number, height?: number, legend?: boolean }} chart - `x`, `y`: the axis ranges
 * @returns {string} an `<svg>` element
 */
export function lineChart({ title, series, x: [x0, x1], y: [y0, y1], xLabel = '', yFormat = (v) => String(v), width = 420, height = 240, legend = true }) {
  // the legend, if any, gets its own column right of the plot
  const legendWidth = legend ? 8 + 7 * Math.max(0, ...series.map((s) => s.label.length)) + 24 : 0;
  const m = { left: 52, right: 10 + legendWidth, top: 24, bottom: 30 };
  /** @param {number} v */
  const px = (v) => m.left + ((width - m.left - m.right) * (v - x0)) / (x1 - x0 || 1);
  /** @param {number} v */
  const py = (v) => m.top + ((height - m.top - m.bottom) * (y1 - v)) / (y1 - y0 || 1);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`];
  parts.push(`<text x="${m.left}" y="15" font-weight="bold">${esc(title)}</text>`);
  for (const v of ticks(y0, y1, 4)) {
    parts.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.left - 4}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end">${esc(yFormat(v))}</text>`);
  }
  for (const v of ticks(x0, x1, 5)) {
    parts.push(`<text x="${px(v).toFixed(1)}" y="${height - 16}" text-anchor="middle">${esc(v)}</text>`);
  }
  parts.push(`<text x="${width - m.right}" y="${height - 3}" text-anchor="end">${esc(xLabel)}</text>`);
  for (const s of series) {
    const pts = s.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)).map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`);
    if (pts.length === 0) continue;
    const dash = s.dash ? ' stroke-dasharray="5,3"' : '';
    parts.push(`<polyline fill="none" stroke="${hex(s.colour)}" stroke-width="1.5"${dash} points="${pts.join(' ')}"/>`);
    if (pts.length === 1) parts.push(`<circle cx="${pts[0].split(',')[0]}" cy="${pts[0].split(',')[1]}" r="2" fill="${hex(s.colour)}"/>`);
  }
  if (legend) {
    series.forEach((s, i) => {
      const ly = m.top + 8 + i * 13;
      const lx = width - legendWidth;
      parts.push(`<line x1="${lx}" x2="${lx + 16}" y1="${ly - 4}" y2="${ly - 4}" stroke="${hex(s.colour)}" stroke-width="2"${s.dash ? ' stroke-dasharray="5,3"' : ''}/>`);
      parts.push(`<text x="${lx + 20}" y="${ly}">${esc(s.label)}</text>`);
    });
  }
  parts.push('</svg>');
  return parts.join('');
}
