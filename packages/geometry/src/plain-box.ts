import type { Box4, BoxFormat } from './box-format.js';
import { describe } from './validate-tensor.js';
import { YoloInputError } from '@yolo-loss/backend';

/** A centre-format box as an object (a `GtBox` fits): centre `(x, y)`, size `(w, h)`. */
export interface XywhBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A plain box: four numbers in the given `format`, or an `{x, y, w, h}` centre object. */
export type PlainBox = Box4 | XywhBox;

/** Corners of a plain box. @internal */
export type Corners = [x1: number, y1: number, x2: number, y2: number];

/**
 * Validates a plain box and returns its corners. Throws naming `name` on a non-finite
 * coordinate or a negative width/height (zero is allowed).
 * @internal
 */
export function toCorners(box: PlainBox, name: string, format: BoxFormat): Corners {
  let c: Corners;
  if (Array.isArray(box)) {
    if (box.length !== 4) throw new YoloInputError(`${name}: expected 4 numbers, got ${describe(box)}`);
    box.forEach((v: unknown, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new YoloInputError(`${name}[${i}]: expected a finite number, got ${String(v)}`);
      }
    });
    const [p, q, r, s] = box as Box4;
    c = format === 'xyxy' ? [p, q, r, s] : [p - r / 2, q - s / 2, p + r / 2, q + s / 2];
    if (format === 'xywh' && (r < 0 || s < 0)) {
      throw new YoloInputError(`${name}: width and height must be >= 0, got [${box.join(', ')}] (xywh)`);
    }
  } else if (typeof box === 'object' && box !== null) {
    const o = box as unknown as Record<string, unknown>;
    for (const key of ['x', 'y', 'w', 'h']) {
      const v = o[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new YoloInputError(`${name}.${key}: expected a finite number, got ${String(v)}`);
      }
    }
    const { x, y, w, h } = box as XywhBox;
    if (w < 0 || h < 0) throw new YoloInputError(`${name}: w and h must be >= 0, got w = ${w}, h = ${h}`);
    c = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
  } else {
    throw new YoloInputError(`${name}: expected [4 numbers] or {x, y, w, h}, got ${describe(box)}`);
  }
  if (c[2] < c[0] || c[3] < c[1]) {
    throw new YoloInputError(`${name}: expected x1 <= x2 and y1 <= y2, got [${c.join(', ')}] (xyxy)`);
  }
  return c;
}
