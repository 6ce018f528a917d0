import { describe, expect, it } from 'vitest';
import { boxCiou, boxDiou, boxGiou, boxIou, shapeIou } from '../src/index.js';

describe('plain-number IoU family', () => {
  it('boxIou on xyxy arrays, xywh arrays and {x, y, w, h} objects agree', () => {
    const a = [0, 0, 2, 2] as const;
    const b = [1, 1, 3, 3] as const;
    expect(boxIou(a, b)).toBeCloseTo(1 / 7, 12);
    expect(boxIou([1, 1, 2, 2], [2, 2, 2, 2], { format: 'xywh' })).toBeCloseTo(1 / 7, 12);
    expect(boxIou({ x: 1, y: 1, w: 2, h: 2 }, { x: 2, y: 2, w: 2, h: 2 })).toBeCloseTo(1 / 7, 12);
    expect(boxIou(a, a)).toBe(1); // eps 0 by default: exactly 1
  });

  it('GIoU, DIoU, CIoU: known values', () => {
    // disjoint unit boxes two apart: enclosing 3×1, U = 2 → GIoU = 0 − 1/3
    expect(boxGiou([0, 0, 1, 1], [2, 0, 3, 1])).toBeCloseTo(-1 / 3, 12);
    // ρ² = 4, c² = 9 + 1 → DIoU = −0.4
    expect(boxDiou([0, 0, 1, 1], [2, 0, 3, 1])).toBeCloseTo(-0.4, 12);
    // same aspect ratio → v = 0 → CIoU = DIoU
    expect(boxCiou([0, 0, 1, 1], [2, 0, 3, 1])).toBeCloseTo(-0.4, 12);
    // concentric, 1×2 vs 2×1: IoU = 1/3, ρ = 0, v = 4/π²(atan(2) − atan(1/2))²
    const v = (4 / Math.PI ** 2) * (Math.atan(2) - Math.atan(0.5)) ** 2;
    const alpha = v / (1 - 1 / 3 + v + 1e-7);
    expect(boxCiou({ x: 0, y: 0, w: 1, h: 2 }, { x: 0, y: 0, w: 2, h: 1 })).toBeCloseTo(1 / 3 - alpha * v, 12);
  });

  it('eps is added to the denominators when asked for', () => {
    expect(boxIou([0, 0, 1, 1], [0, 0, 1, 1], { eps: 1e-7 })).toBeCloseTo(1 / (1 + 1e-7), 14);
  });

  it('degenerate boxes give finite numbers: 0 where a denominator is 0', () => {
    const point = [0.4, 0.4, 0.4, 0.4] as const;
    expect(boxIou(point, point)).toBe(0);
    expect(boxGiou(point, point)).toBe(0);
    expect(boxDiou(point, point)).toBe(0);
    expect(boxCiou(point, point)).toBe(0);
    expect(Number.isFinite(boxCiou([0.2, 0.3, 0.6, 0.3], [0.1, 0.1, 0.5, 0.5]))).toBe(true);
  });

  it('shapeIou compares sizes centred at the same point', () => {
    expect(shapeIou(1, 2, 2, 1)).toBeCloseTo(1 / 3, 12);
    expect(shapeIou(3, 3, 3, 3)).toBe(1);
    expect(shapeIou(0, 0, 0, 0)).toBe(0);
    expect(shapeIou(1, 1, 2, 2)).toBe(0.25);
  });

  it('rejects bad input naming the argument', () => {
    expect(() => boxIou([0, 0, Number.NaN, 1], [0, 0, 1, 1])).toThrow(/boxIou: a\[2\]: expected a finite number, got NaN/);
    expect(() => boxGiou([0, 0, 1, 1], { x: 0, y: Number.NaN, w: 1, h: 1 })).toThrow(/boxGiou: b\.y: expected a finite number, got NaN/);
    expect(() => boxDiou([0, 0, 1] as never, [0, 0, 1, 1])).toThrow(/boxDiou: a: expected 4 numbers/);
    expect(() => boxIou([1, 0, 0, 1], [0, 0, 1, 1])).toThrow(/boxIou: a: expected x1 <= x2 and y1 <= y2/);
    expect(() => boxCiou({ x: 0, y: 0, w: -1, h: 1 }, [0, 0, 1, 1])).toThrow(/boxCiou: a: w and h must be >= 0/);
    expect(() => boxIou([0, 0, 1, 1], [0, 0, 1, 1], { format: 'yxyx' as 'xyxy' })).toThrow(/boxIou: options.format/);
    expect(() => shapeIou(1, Number.NaN, 1, 1)).toThrow(/shapeIou: h1: expected a finite number >= 0, got NaN/);
    expect(() => shapeIou(1, 1, -1, 1)).toThrow(/shapeIou: w2: expected a finite number >= 0, got -1/);
  });
});
