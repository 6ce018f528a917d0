// The fused anchor-head kernel's ignore rule tests only the ground truth whose centre lies in a
// window of lattice cells around each row's box (`gt-index.ts`). That must never change a
// decision: for random heads, ground truth (tiny, empty, huge, off-image, duplicated boxes,
// centres on cell borders, copies and near-copies of the rows' own boxes so that IoUs sit at the
// threshold) and thresholds from 0 to 1, the culled kernel's output equals, bit for bit, that of
// the same kernel testing every GT of the image — on the test backend.
import * as tf from '@tensorflow/tfjs-core';
import { testBackend, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { ANCHOR_HEAD_KERNEL, anchorHeadKernelInputs } from '../src/kernels/anchor-head/op.js';
import { binOf, cullSpread, indexGroundTruth } from '../src/kernels/anchor-head/gt-index.js';
import { forwardLayout } from '../src/kernels/anchor-head/layout.js';
import type { FusedHeadSpec, FusedHeadTargets } from '../src/kernels/anchor-head/spec.js';
import { initBackend, registerKernels } from '../src/index.js';

/** Deterministic uniform [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  pred: tf.Tensor;
  targets: FusedHeadTargets;
  spec: FusedHeadSpec;
}

const THRESHOLDS = [0, 1e-7, 0.05, 0.3, 0.5, 0.5, 0.7, 0.95, 1];

/** One random head with ground truth built to hit the window's edges and the threshold. */
function randomCase(seed: number): Case {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const batch = 1 + Math.floor(r() * 3);
  const gridH = 1 + Math.floor(r() * 9);
  const gridW = 1 + Math.floor(r() * 9);
  const numAnchors = 1 + Math.floor(r() * 3);
  const numClasses = 1 + Math.floor(r() * 3);
  const ch = 5 + numClasses;
  const anchors = Array.from({ length: 2 * numAnchors }, () => pick([1e-13, 0.01, 0.1, 0.3, 0.7, 2]) * (0.5 + r()));
  const spec: FusedHeadSpec = {
    gridH,
    gridW,
    numAnchors,
    numClasses,
    box: 'sse-logit',
    whScale: 1,
    ignore: r() < 0.5 ? 'prior' : 'prediction',
    classGate: r() < 0.3,
    scaleXY: pick([1, 1, 1.05, 2]),
    anchors,
    lambdaObj: 1,
    lambdaClass: 1,
    ignoreThreshold: pick(THRESHOLDS),
  };
  const rows = batch * gridH * gridW * numAnchors;
  const predValues = new Float32Array(rows * ch);
  for (let i = 0; i < predValues.length; i++) predValues[i] = r() < 0.02 ? pick([-40, 40]) : (r() * 2 - 1) * 3;
  // rows' own boxes (prior, or decoded prediction), to copy into the ground truth
  const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));
  const rowBox = (row: number): [number, number, number, number] => {
    const a = row % numAnchors;
    const cell = (row - a) / numAnchors;
    const col = cell % gridW;
    const gy = Math.floor(cell / gridW) % gridH;
    const t = predValues.subarray(row * ch, row * ch + 4);
    const s = spec.scaleXY;
    const [x, y, w, h] =
      spec.ignore === 'prior'
        ? [(col + 0.5) / gridW, (gy + 0.5) / gridH, anchors[2 * a]!, anchors[2 * a + 1]!]
        : [
            (s * sigmoid(t[0]!) - (s - 1) / 2 + col) / gridW,
            (s * sigmoid(t[1]!) - (s - 1) / 2 + gy) / gridH,
            Math.min(Math.exp(Math.min(t[2]!, 30)) * anchors[2 * a]!, 1e4),
            Math.min(Math.exp(Math.min(t[3]!, 30)) * anchors[2 * a + 1]!, 1e4),
          ];
    return [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
  };
  const maxBoxes = pick([1, 3, 12, 40, 120]);
  const gt = new Float32Array(batch * maxBoxes * 5);
  for (let n = 0; n < batch; n++) {
    const count = r() < 0.15 ? 0 : Math.floor(r() * (maxBoxes + 1));
    for (let g = 0; g < count; g++) {
      let box: [number, number, number, number];
      const kind = r();
      if (kind < 0.3) {
        // a row's box, exact or scaled by a factor around the threshold's IoU
        const own = rowBox(n * gridH * gridW * numAnchors + Math.floor(r() * gridH * gridW * numAnchors));
        const s = r() < 0.4 ? 1 : Math.sqrt(pick([0.3, 0.5, 0.7, 0.95])) * (1 + (r() - 0.5) * 1e-3);
        const [cx, cy] = [(own[0] + own[2]) / 2, (own[1] + own[3]) / 2];
        const [hw, hh] = [((own[2] - own[0]) / 2) * s, ((own[3] - own[1]) / 2) * s];
        box = [cx - hw, cy - hh, cx + hw, cy + hh];
      } else {
        // centres anywhere, on lattice borders (k/grid for small grids), or off the image
        const centre = (): number =>
          r() < 0.3 ? Math.floor(r() * 9) / pick([1, 2, 3, 4, 8]) : r() < 0.1 ? -0.3 + r() * 1.6 : r();
        const size = (): number => pick([0, 1e-9, 1e-4, 0.02, 0.1, 0.3, 0.6, 1.5]) * (0.5 + r());
        const [cx, cy, w, h] = [centre(), centre(), size(), size()];
        box = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
      }
      gt.set([...box, 1], (n * maxBoxes + g) * 5);
      if (r() < 0.1 && g + 1 < count) {
        gt.set([...box, 1], (n * maxBoxes + g + 1) * 5); // a duplicate
        g++;
      }
    }
  }
  // a few responsible rows (they skip the ignore rule), one table entry each
  const slotIndex = new Int32Array(rows).fill(-1);
  let entries = 0;
  for (let k = 0; k < 3; k++) {
    const row = Math.floor(r() * rows);
    if (slotIndex[row]! < 0) slotIndex[row] = entries++;
  }
  const table = new Float32Array(Math.max(entries, 1) * (5 + numClasses)).map(() => r());
  return {
    pred: tf.tensor4d(predValues, [batch, gridH, gridW, numAnchors * ch]),
    targets: { slotIndex, table, layers: 1, gt, maxBoxes },
    spec,
  };
}

/** The forward kernel's output for a case, with or without culling. */
async function forward({ pred, targets, spec }: Case, cull: boolean): Promise<Float32Array> {
  const { inputs, attrs } = anchorHeadKernelInputs(targets, spec, cull);
  const out = tf.engine().runKernel<tf.Tensor>(ANCHOR_HEAD_KERNEL, { pred, ...inputs }, attrs as unknown as tf.NamedAttrMap);
  const result = await values(out);
  tf.dispose([out, ...Object.values(inputs)]);
  return result;
}

// lavapipe runs each case several times slower than the CPU backend; on webgl (SwiftShader, in
// tooling/backend-matrix) each new head shape compiles its programs
const CASES = testBackend() === 'webgpu' ? 80 : testBackend() === 'webgl' ? 120 : 400;

describe(`ignore-rule culling on ${testBackend()}`, () => {
  it(`gives the same forward output bit for bit as testing every GT (${CASES} random heads)`, async () => {
    await initBackend({ backend: testBackend(), log: false });
    registerKernels();
    let ignored = 0;
    let kept = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const c = randomCase(seed);
      const culled = await forward(c, true);
      const every = await forward(c, false);
      const rows = c.targets.slotIndex.length;
      // bits, not values: a NaN or a −0 must match too
      const a = new Uint32Array(culled.buffer, culled.byteOffset, culled.length);
      const b = new Uint32Array(every.buffer, every.byteOffset, every.length);
      const first = a.findIndex((v, i) => v !== b[i]);
      expect(first, `seed ${seed}: first differing output ${first} of ${a.length} (rows ${rows})`).toBe(-1);
      // how many non-responsible rows the rule ignored (objectness gradient 0), so the test covers both outcomes
      const layout = forwardLayout(rows, 0, c.spec.numClasses, 1);
      for (let row = 0; row < rows; row++) {
        if (c.targets.slotIndex[row]! >= 0 || c.spec.ignoreThreshold === 0) continue;
        if (every[layout.objGrad + row] === 0) ignored++;
        else kept++;
      }
      c.pred.dispose();
    }
    expect(ignored).toBeGreaterThan(200);
    expect(kept).toBeGreaterThan(200);
  }, 600_000);
});

describe('indexGroundTruth', () => {
  it('lists each image’s valid boxes once, in the cell of their centre, row-major, padding last', () => {
    const r = random(7);
    const batch = 3;
    const maxBoxes = 30;
    const gt = new Float32Array(batch * maxBoxes * 5);
    for (let i = 0; i < batch * maxBoxes; i++) {
      const [x, y, w, h] = [r() * 1.4 - 0.2, r(), r() * 0.3, r() * 0.3];
      gt.set([x - w / 2, y - h / 2, x + w / 2, y + h / 2, r() < 0.7 ? 1 : 0], i * 5);
    }
    const { boxes, bins, grid } = indexGroundTruth(gt, maxBoxes);
    expect(grid).toBeGreaterThan(1);
    const cells = grid * grid;
    for (let n = 0; n < batch; n++) {
      const expected: string[] = [];
      for (let g = 0; g < maxBoxes; g++) {
        const q = (n * maxBoxes + g) * 5;
        if (gt[q + 4] === 1) expected.push(Array.from(gt.subarray(q, q + 4)).join(','));
      }
      const starts = bins.subarray(n * (cells + 1), (n + 1) * (cells + 1));
      expect(starts[0]).toBe(n * maxBoxes);
      expect(starts[cells]).toBe(n * maxBoxes + expected.length);
      const listed: string[] = [];
      for (let cell = 0; cell < cells; cell++) {
        expect(starts[cell + 1]).toBeGreaterThanOrEqual(starts[cell]!);
        for (let s = starts[cell]!; s < starts[cell + 1]!; s++) {
          const [x1, y1, x2, y2] = boxes.subarray(s * 4, s * 4 + 4);
          const cx = Math.min(Math.max(Math.floor(((x1! + x2!) / 2) * grid), 0), grid - 1);
          const cy = Math.min(Math.max(Math.floor(((y1! + y2!) / 2) * grid), 0), grid - 1);
          expect(cy * grid + cx).toBe(cell);
          listed.push([x1, y1, x2, y2].join(','));
        }
      }
      expect(listed.sort()).toEqual(expected.sort());
    }
  });

  it('binOf clamps to the lattice and is monotone', () => {
    expect([-1, 0, 0.249, 0.25, 0.99, 1, 7].map((v) => binOf(v, 4))).toEqual([0, 0, 0, 1, 3, 3, 3]);
  });

  it('cullSpread: the centre distance bound of IoU > t, per size of the row box', () => {
    // t ≥ ½: (1 − t) of the size; t < ½: (1/(2t) − ½); nothing to cull at t ≤ 0
    expect(cullSpread(0.5)).toBeCloseTo(0.5, 3);
    expect(cullSpread(0.7)).toBeCloseTo(0.3, 3);
    expect(cullSpread(0.25)).toBeCloseTo(1.5, 3);
    expect(cullSpread(0)).toBe(Infinity);
    // never below the exact bound (the threshold is lowered, the window widened)
    for (const t of [0.01, 0.3, 0.5, 0.7, 0.99, 1]) {
      const exact = t >= 0.5 ? 1 - t : 1 / (2 * t) - 0.5;
      expect(cullSpread(t)).toBeGreaterThan(exact);
    }
  });
});
