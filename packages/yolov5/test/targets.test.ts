// Target building worked out by hand (64×64 input: grids 8×8, 4×4, 2×2; anchors ÷ 8, 16, 32).
import { describe, expect, it } from 'vitest';
import { encodeYolov5Targets, type GtBox } from '../src/index.js';

const options = { inputSize: [64, 64] as [number, number], numClasses: 3 };
const f = Math.fround;

describe('encodeYolov5Targets', () => {
  it('own cell plus the nearest horizontal and vertical neighbour, anchor-ratio filter per level', () => {
    // level 0: g = (2.4, 5.6, 2, 2.4): left (2.4 mod 1 < ½), down ((8 − 5.6) mod 1 < ½), all 3 anchors pass
    // level 1: g = (1.2, 2.8, 1, 1.2): left, down; anchor (59, 119)/16 fails (7.4375 / 1.2 > 4)
    // level 2: g = (0.6, 1.4, 0.5, 0.6): every anchor fails (3.625 / 0.5 > 4)
    const t = encodeYolov5Targets([[{ x: 0.3, y: 0.7, w: 0.25, h: 0.3, classId: 2 }]], options);
    expect(t.heads.map((h) => h.count)).toEqual([9, 6, 0]);
    expect(t.responsible.slice(0, 9)).toEqual([
      [0, 0, 5, 2, 0],
      [0, 0, 5, 2, 1],
      [0, 0, 5, 2, 2], // own, anchor-major
      [0, 0, 5, 1, 0],
      [0, 0, 5, 1, 1],
      [0, 0, 5, 1, 2], // left
      [0, 0, 6, 2, 0],
      [0, 0, 6, 2, 1],
      [0, 0, 6, 2, 2], // down
    ]);
    expect(t.responsible.slice(9)).toEqual([
      [1, 0, 2, 1, 0],
      [1, 0, 2, 1, 1],
      [1, 0, 2, 0, 0],
      [1, 0, 2, 0, 1],
      [1, 0, 3, 1, 0],
      [1, 0, 3, 1, 1],
    ]);
    const box = (h: number, k: number) =>
      Array.from(t.heads[h]!.boxTarget.subarray(4 * k, 4 * k + 4));
    const g = [f(f(0.3) * 8), f(f(0.7) * 8), f(f(0.25) * 8), f(f(0.3) * 8)];
    expect(box(0, 0)).toEqual([f(g[0]! - 2), f(g[1]! - 5), g[2], g[3]]); // ≈ (0.4, 0.6, 2, 2.4)
    expect(box(0, 3)).toEqual([f(g[0]! - 1), f(g[1]! - 5), g[2], g[3]]); // left: x offset ≈ 1.4
    expect(box(0, 6)).toEqual([f(g[0]! - 2), f(g[1]! - 6), g[2], g[3]]); // down: y offset ≈ −0.4
    expect(Array.from(t.heads[0]!.anchorWh)).toEqual([
      1.25, 1.625, 2, 3.75, 4.125, 2.875, 1.25, 1.625, 2, 3.75, 4.125, 2.875, 1.25, 1.625, 2, 3.75,
      4.125, 2.875,
    ]);
    expect(Array.from(t.heads[1]!.classIds)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(t).toMatchObject({ numGt: 1, unmatchedGt: 0, dropped: [] });
  });

  it('the anchor ratio test is strict: a side exactly 4× its anchor is rejected', () => {
    // level 0, anchor 0 = (1.25, 1.625): gw = 5 is exactly 4·1.25; anchor 1 = (2, 3.75) passes
    const t = encodeYolov5Targets(
      [[{ x: 0.3, y: 0.3, w: 0.625, h: 0.203125, classId: 0 }]],
      options,
    );
    const anchors = new Set(t.responsible.filter(([h]) => h === 0).map(([, , , , a]) => a));
    expect([...anchors].sort()).toEqual([1, 2]);
  });

  it('no neighbour beyond the first and last row and column; a centre at x = 1 is clamped into the last column', () => {
    // g = (0.8, 7.6): x mod 1 ≥ ½ but 8 − 0.8 > 1 → right; y: 7.6 mod 1 ≥ ½, 8 − 7.6 = 0.4 ≤ 1 → no down; up needs mod < ½
    const a = encodeYolov5Targets([[{ x: 0.1, y: 0.95, w: 0.25, h: 0.3, classId: 0 }]], options);
    expect(a.responsible.filter(([h, , , , k]) => h === 0 && k === 0)).toEqual([
      [0, 0, 7, 0, 0],
      [0, 0, 7, 1, 0],
    ]);
    // g = (8, 2.2): own cell col 8 → clamped to 7 (x offset 1); left (8 mod 1 = 0 < ½) col 7 again; no right (8 − 8 = 0)
    const b = encodeYolov5Targets([[{ x: 1, y: 0.275, w: 0.25, h: 0.3, classId: 0 }]], options);
    const level0 = b.responsible
      .map((s, k) => [s, k] as const)
      .filter(([[h, , , , k]]) => h === 0 && k === 0);
    expect(level0.map(([s]) => s)).toEqual([
      [0, 0, 2, 7, 0],
      [0, 0, 2, 7, 0],
      [0, 0, 1, 7, 0],
    ]);
    const x = level0.map(([, k]) => b.heads[0]!.boxTarget[4 * k]);
    expect(x).toEqual([1, 1, 1]);
    // the left write comes after the own one at the same (image, anchor, cell): it wins
    expect(b.dropped).toContainEqual([0, 0, 0, 2, 7, 0]);
  });

  it('a centre exactly on a cell edge: the left neighbour and, as "right", its own cell (offsets stay in [−½, 1½])', () => {
    // g = (4, 4.4): 4 mod 1 = 0 < ½ → left (col 3, offset 1); (8 − 4) mod 1 = 0 < ½ → "right" = floor(4.5) = col 4
    const t = encodeYolov5Targets([[{ x: 0.5, y: 0.55, w: 0.25, h: 0.3, classId: 0 }]], options);
    const level0 = t.responsible
      .map((s, k) => [s, k] as const)
      .filter(([[h, , , , a]]) => h === 0 && a === 0);
    expect(level0.map(([s]) => s)).toEqual([
      [0, 0, 4, 4, 0], // own
      [0, 0, 4, 3, 0], // left
      [0, 0, 3, 4, 0], // up (4.4 mod 1 < ½)
      [0, 0, 4, 4, 0], // "right": the own cell
    ]);
    expect(level0.map(([, k]) => t.heads[0]!.boxTarget[4 * k])).toEqual([0, 1, 0, 0]);
  });

  it('emission order is offset-major, then anchor, then target; the last write to a cell sets its objectness', () => {
    const gt: GtBox[][] = [
      [
        { x: 0.3, y: 0.3, w: 0.25, h: 0.3, classId: 0 },
        { x: 0.32, y: 0.31, w: 0.3, h: 0.25, classId: 1 },
      ],
    ];
    const t = encodeYolov5Targets(gt, options);
    const head = t.heads[0]!;
    // both own cells are (2, 2): per anchor, GT 0 then GT 1; the row's writer is GT 1's positive
    expect(t.responsible.slice(0, 6)).toEqual([
      [0, 0, 2, 2, 0],
      [0, 0, 2, 2, 0],
      [0, 0, 2, 2, 1],
      [0, 0, 2, 2, 1],
      [0, 0, 2, 2, 2],
      [0, 0, 2, 2, 2],
    ]);
    expect(t.responsibleGt.slice(0, 6)).toEqual([0, 1, 0, 1, 0, 1]);
    const row = head.rows[0]!;
    expect(head.rows[1]).toBe(row);
    expect(head.objWriter[row]).toBe(head.rows.lastIndexOf(row));
    expect(t.dropped.length).toBe(
      head.count - new Set(head.rows).size + (t.heads[1]!.count - new Set(t.heads[1]!.rows).size),
    );
  });

  it('validates batchSize, gridSizes and the ground truth', () => {
    expect(() => encodeYolov5Targets(new Float32Array(5), options)).toThrow(/options.batchSize/);
    expect(() => encodeYolov5Targets([[]], { ...options, gridSizes: [[8, 8]] })).toThrow(
      /options.gridSizes/,
    );
    expect(() =>
      encodeYolov5Targets([[]], {
        ...options,
        gridSizes: [
          [8, 8],
          [4, 0],
          [2, 2],
        ],
      }),
    ).toThrow(/options.gridSizes/);
    expect(() =>
      encodeYolov5Targets([[{ x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: 3 }]], options),
    ).toThrow(/classId.*image 0, box 0/);
    expect(() => encodeYolov5Targets([[]], { ...options, inputSize: [60, 64] })).toThrow(
      /inputSize/,
    );
  });
});
