// The report's confusion matrix on hand-built cases: class-agnostic matching at IoU ≥ 0.5 by
// descending score, wrong classes off the diagonal, background row and column.
import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../src/confusion.mjs';

/** @typedef {import('../src/dataset.mjs').GtBox} GtBox */

/**
 * A square box.
 * @param {number} x @param {number} y @param {number} side @param {number} classId
 * @returns {GtBox}
 */
const box = (x, y, side, classId) => ({ x, y, w: side, h: side, classId });
/**
 * A detection of `b`.
 * @param {GtBox} b @param {number} score @param {number} [classId]
 */
const det = (b, score, classId = b.classId) => ({ ...b, score, classId });

describe('confusionMatrix', () => {
  it('counts right and wrong classes, detections of nothing and missed objects', () => {
    const a = box(0.2, 0.2, 0.2, 0); // square
    const b = box(0.7, 0.7, 0.2, 1); // disc
    const c = box(0.2, 0.7, 0.2, 2); // triangle, missed
    const detections = [
      [
        det(a, 0.9), // square as square
        det(b, 0.8, 2), // disc detected as triangle
        det(box(0.7, 0.2, 0.2, 0), 0.7), // a square where there is nothing
        det(c, 0.2), // below the score threshold: not counted, so c is missed
      ],
    ];
    expect(confusionMatrix(detections, [[a, b, c]], { numClasses: 3, scoreThreshold: 0.3 })).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [1, 0, 0, 0],
    ]);
  });

  it('the higher score takes the box; a second detection of it is a detection of nothing', () => {
    const a = box(0.5, 0.5, 0.4, 1);
    // listed low score first: the order of the list does not matter, the score does
    const detections = [[det(a, 0.6, 0), det(a, 0.9, 1)]];
    expect(confusionMatrix(detections, [[a]], { numClasses: 2, scoreThreshold: 0.5 })).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });

  it('matches at IoU ≥ 0.5 only, to the best unmatched box of any class', () => {
    // 0.4-wide boxes shifted by s along x: IoU = (0.4 − s) / (0.4 + s); s = 0.4/3 gives exactly 0.5
    const g = box(0.5, 0.5, 0.4, 0);
    /** @param {number} s @param {number} score */
    const shifted = (s, score) => det({ ...g, x: 0.5 + s }, score, 1);
    /** @param {number} s */
    const at = (s) => confusionMatrix([[shifted(s, 0.9)]], [[g]], { numClasses: 2, scoreThreshold: 0 });
    expect(at(0.1)).toEqual([[0, 1, 0], [0, 0, 0], [0, 0, 0]]); // IoU 0.6: square found as disc
    expect(at(0.2)).toEqual([[0, 0, 1], [0, 0, 0], [0, 1, 0]]); // IoU 1/3: missed, plus a false disc
    // two boxes: the detection takes the one it overlaps more, whatever its class
    const near = box(0.55, 0.5, 0.4, 1);
    expect(confusionMatrix([[det(g, 0.9, 0)]], [[near, g]], { numClasses: 2, scoreThreshold: 0 })).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
  });

  it('checks its input', () => {
    expect(() => confusionMatrix([[]], [], { numClasses: 2, scoreThreshold: 0 })).toThrow(/1 detection lists for 0 images/);
    expect(() => confusionMatrix([[det(box(0.5, 0.5, 0.2, 0), 0.9, 2)]], [[]], { numClasses: 2, scoreThreshold: 0 })).toThrow(
      /detections\[0\]\[0\]\.classId must be an integer in \[0, 2\), got 2/,
    );
  });
});
