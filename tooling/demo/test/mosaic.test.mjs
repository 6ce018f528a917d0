// Mosaic: quadrants come from the right corners of the right images; boxes follow and clip.
import { describe, expect, it } from 'vitest';
import { mosaic } from '../src/mosaic.mjs';

const SIZE = 10;
/**
 * An image whose every pixel is (k, row, col), so the origin of each output pixel is visible.
 * @param {number} k
 * @param {import('../src/mosaic.mjs').GtBox[]} [gt]
 */
function tagged(k, gt = []) {
  const image = new Float32Array(SIZE * SIZE * 3);
  for (let r = 0; r < SIZE; r++) for (let c = 0; c < SIZE; c++) image.set([k, r, c], (r * SIZE + c) * 3);
  return { image, gt };
}
/** @param {Float32Array} img @param {number} r @param {number} c */
const pixel = (img, r, c) => [...img.subarray((r * SIZE + c) * 3, (r * SIZE + c) * 3 + 3)];
const half = { next: () => 0.5 }; // centre at (5, 5)

describe('mosaic', () => {
  it('tiles the corners that touch the centre', () => {
    const { image } = mosaic([tagged(0), tagged(1), tagged(2), tagged(3)], SIZE, half);
    expect(pixel(image, 0, 0)).toEqual([0, 5, 5]); // top-left ← bottom-right of image 0
    expect(pixel(image, 4, 4)).toEqual([0, 9, 9]);
    expect(pixel(image, 0, 5)).toEqual([1, 5, 0]); // top-right ← bottom-left of image 1
    expect(pixel(image, 5, 0)).toEqual([2, 0, 5]); // bottom-left ← top-right of image 2
    expect(pixel(image, 9, 9)).toEqual([3, 4, 4]); // bottom-right ← top-left of image 3
  });

  it('moves boxes with their pixels, clips them, drops mostly hidden ones', () => {
    const samples = [
      tagged(0, [{ x: 0.75, y: 0.75, w: 0.4, h: 0.4, classId: 1 }]), // pixels 5.5..9.5 → 0.5..4.5: inside
      tagged(1, [{ x: 0.1, y: 0.1, w: 0.2, h: 0.2, classId: 2 }]), // top-left of image 1: cut away
      tagged(2, [{ x: 0.5, y: 0.2, w: 0.6, h: 0.4, classId: 0 }]), // 2..8 × 0..4 → −3..3 × 5..9: clipped to 0..3, half left
      tagged(3),
    ];
    const { gt } = mosaic(samples, SIZE, half);
    expect(gt).toHaveLength(2);
    expect(gt[0].classId).toBe(1);
    expect(gt[0].x).toBeCloseTo(0.25, 12);
    expect(gt[0].w).toBeCloseTo(0.4, 12);
    expect(gt[1]).toMatchObject({ classId: 0 });
    expect(gt[1].x).toBeCloseTo(0.15, 12);
    expect(gt[1].w).toBeCloseTo(0.3, 12);
    expect(gt[1].y).toBeCloseTo(0.7, 12);
  });

  it('needs four samples', () => {
    expect(() => mosaic([tagged(0)], SIZE, half)).toThrow(/expected 4 samples/);
  });
});
