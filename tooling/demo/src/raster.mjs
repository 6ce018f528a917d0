// Simple rasterisation into an RGB byte buffer: rectangles, lines, box outlines, images and a
// 3×5 pixel font — enough for loss-curve charts and detection grids without a canvas library.

/** @typedef {[number, number, number]} Rgb - a colour, bytes */

/**
 * 3×5 glyphs, rows top to bottom, '#' = ink. Lower-case letters draw as upper-case.
 * @type {Record<string, string[]>}
 */
const GLYPHS = {
  0: ['###', '#.#', '#.#', '#.#', '###'], 1: ['.#.', '##.', '.#.', '.#.', '###'],
  2: ['##.', '..#', '.#.', '#..', '###'], 3: ['##.', '..#', '.#.', '..#', '##.'],
  4: ['#.#', '#.#', '###', '..#', '..#'], 5: ['###', '#..', '##.', '..#', '##.'],
  6: ['.##', '#..', '###', '#.#', '###'], 7: ['###', '..#', '.#.', '.#.', '.#.'],
  8: ['###', '#.#', '###', '#.#', '###'], 9: ['###', '#.#', '###', '..#', '##.'],
  A: ['.#.', '#.#', '###', '#.#', '#.#'], B: ['##.', '#.#', '##.', '#.#', '##.'],
  C: ['.##', '#..', '#..', '#..', '.##'], D: ['##.', '#.#', '#.#', '#.#', '##.'],
  E: ['###', '#..', '##.', '#..', '###'], F: ['###', '#..', '##.', '#..', '#..'],
  G: ['.##', '#..', '#.#', '#.#', '.##'], H: ['#.#', '#.#', '###', '#.#', '#.#'],
  I: ['###', '.#.', '.#.', '.#.', '###'], J: ['..#', '..#', '..#', '#.#', '.#.'],
  K: ['#.#', '#.#', '##.', '#.#', '#.#'], L: ['#..', '#..', '#..', '#..', '###'],
  M: ['#.#', '###', '###', '#.#', '#.#'], N: ['##.', '#.#', '#.#', '#.#', '#.#'],
  O: ['.#.', '#.#', '#.#', '#.#', '.#.'], P: ['##.', '#.#', '##.', '#..', '#..'],
  Q: ['.#.', '#.#', '#.#', '##.', '.##'], R: ['##.', '#.#', '##.', '#.#', '#.#'],
  S: ['.##', '#..', '.#.', '..#', '##.'], T: ['###', '.#.', '.#.', '.#.', '.#.'],
  U: ['#.#', '#.#', '#.#', '#.#', '###'], V: ['#.#', '#.#', '#.#', '#.#', '.#.'],
  W: ['#.#', '#.#', '###', '###', '#.#'], X: ['#.#', '#.#', '.#.', '#.#', '#.#'],
  Y: ['#.#', '#.#', '.#.', '.#.', '.#.'], Z: ['###', '..#', '.#.', '#..', '###'],
  '.': ['...', '...', '...', '...', '.#.'], ':': ['...', '.#.', '...', '.#.', '...'],
  '-': ['...', '...', '###', '...', '...'], '/': ['..#', '..#', '.#.', '#..', '#..'],
  '%': ['#.#', '..#', '.#.', '#..', '#.#'], '=': ['...', '###', '...', '###', '...'],
  '@': ['.#.', '#.#', '#.#', '#..', '.##'], '(': ['.#.', '#..', '#..', '#..', '.#.'],
  ')': ['.#.', '..#', '..#', '..#', '.#.'], '+': ['...', '.#.', '###', '.#.', '...'],
  ' ': ['...', '...', '...', '...', '...'],
};

/** An RGB raster. Colours are `[r, g, b]` bytes. */
export class Canvas {
  /** @param {number} width @param {number} height @param {Rgb} [background] */
  constructor(width, height, background = [255, 255, 255]) {
    this.width = width;
    this.height = height;
    this.rgb = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /**
   * Sets one pixel (ignored outside the canvas).
   * @param {number} x
   * @param {number} y
   * @param {Rgb} colour
   */
  set(x, y, [r, g, b]) {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.rgb[i] = r;
    this.rgb[i + 1] = g;
    this.rgb[i + 2] = b;
  }

  /**
   * Fills `[x0, x1) × [y0, y1)`, clipped.
   * @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1
   * @param {Rgb} colour
   */
  fillRect(x0, y0, x1, y1, colour) {
    const xa = Math.max(0, Math.round(x0));
    const xb = Math.min(this.width, Math.round(x1));
    const ya = Math.max(0, Math.round(y0));
    const yb = Math.min(this.height, Math.round(y1));
    for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) this.set(x, y, colour);
  }

  /**
   * Outline of a rectangle, `thickness` pixels inside its edges.
   * @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1
   * @param {Rgb} colour
   * @param {number} [thickness]
   */
  strokeRect(x0, y0, x1, y1, colour, thickness = 1) {
    this.fillRect(x0, y0, x1, y0 + thickness, colour);
    this.fillRect(x0, y1 - thickness, x1, y1, colour);
    this.fillRect(x0, y0, x0 + thickness, y1, colour);
    this.fillRect(x1 - thickness, y0, x1, y1, colour);
  }

  /**
   * A line segment (DDA), drawn `thickness` pixels wide.
   * @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1
   * @param {Rgb} colour
   * @param {number} [thickness]
   */
  line(x0, y0, x1, y1, colour, thickness = 1) {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const r = (thickness - 1) / 2;
    for (let i = 0; i <= steps; i++) {
      const x = x0 + ((x1 - x0) * i) / steps;
      const y = y0 + ((y1 - y0) * i) / steps;
      if (thickness <= 1) this.set(x, y, colour);
      else this.fillRect(x - r, y - r, x + r + 1, y + r + 1, colour);
    }
  }

  /**
   * A polyline through `points` (`[x, y]` pairs, non-finite ones break it).
   * @param {[number, number][]} points
   * @param {Rgb} colour
   * @param {number} [thickness]
   */
  polyline(points, colour, thickness = 1) {
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1], points[i]];
      if ([...a, ...b].every(Number.isFinite)) this.line(a[0], a[1], b[0], b[1], colour, thickness);
    }
  }

  /**
   * Text in the 3×5 font, each font pixel `scale × scale`, top-left at (x, y).
   * @param {number} x
   * @param {number} y
   * @param {string | number} string
   * @param {Rgb} colour
   * @param {number} [scale]
   */
  text(x, y, string, colour, scale = 2) {
    let cx = x;
    for (const ch of String(string)) {
      const glyph = GLYPHS[ch] ?? GLYPHS[ch.toUpperCase()] ?? GLYPHS[' '];
      glyph.forEach((row, gy) => {
        for (let gx = 0; gx < 3; gx++) {
          if (row[gx] === '#') this.fillRect(cx + gx * scale, y + gy * scale, cx + (gx + 1) * scale, y + (gy + 1) * scale, colour);
        }
      });
      cx += 4 * scale;
    }
  }

  /**
   * Draws a `size × size × 3` float image (values in [0, 1]) at (x, y), `scale` pixels per pixel.
   * @param {Float32Array} image
   * @param {number} size
   * @param {number} x
   * @param {number} y
   * @param {number} [scale]
   */
  drawImage(image, size, x, y, scale = 1) {
    for (let r = 0; r < size * scale; r++) {
      for (let c = 0; c < size * scale; c++) {
        const i = (Math.floor(r / scale) * size + Math.floor(c / scale)) * 3;
        /** @param {number} k - channel */
        const byte = (k) => Math.round(255 * Math.min(1, Math.max(0, image[i + k])));
        this.set(x + c, y + r, [byte(0), byte(1), byte(2)]);
      }
    }
  }
}

/**
 * Width in pixels of `string` in the 3×5 font at `scale`.
 * @param {string | number} string
 * @param {number} [scale]
 */
export function textWidth(string, scale = 2) {
  return String(string).length * 4 * scale - scale;
}
