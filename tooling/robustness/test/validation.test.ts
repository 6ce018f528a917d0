// The validation table (docs/validation.md): one row per public function × bad-input class.
// Each row asserts that the call throws and that the message names the argument (and the image
// and box, or the head, where there is one) and what was expected.
import * as tf from '@tensorflow/tfjs-core';
import * as backend from '@yolo-loss/backend';
import * as geo from '@yolo-loss/geometry';
import * as heads from '@yolo-loss/heads';
import { describe, expect, it } from 'vitest';
import { kits, validGt, versions, type Kit } from './kits.js';

interface Row {
  /** The public function called. */
  fn: string;
  /** The bad-input class (docs/validation.md's column). */
  bad: string;
  /** Makes the call; tensors it creates are disposed by {@link run}. */
  call: (keep: (t: tf.Tensor) => void) => unknown;
  /** Every pattern must match the message. */
  says: RegExp[];
}

/** Runs a row and returns the error it threw (or fails the test naming what came back). */
async function run(row: Row): Promise<Error> {
  const made: tf.Tensor[] = [];
  try {
    const result = await row.call((t) => made.push(t));
    tf.dispose(result as never);
  } catch (error) {
    return error as Error;
  } finally {
    tf.dispose(made);
  }
  throw new Error(`${row.fn} accepted ${row.bad} without an error`);
}

// ---------------------------------------------------------------------------------------------
// The loss packages: the same classes for each version.

type Gt = unknown;
const gtWith = (n: number, image: number, box: number, patch: Record<string, unknown>): Gt => {
  const gt = validGt(n) as unknown as Record<string, unknown>[][];
  gt[image]![box] = { ...gt[image]![box]!, ...patch };
  return gt;
};

/** Ground-truth classes, checked by every function that takes ground truth. */
const gtCases = (C: number): { bad: string; gt: Gt; n?: number; says: RegExp[] }[] => [
  { bad: 'NaN in a box', gt: gtWith(2, 0, 1, { x: NaN }), n: 2, says: [/groundTruth\[0\]\[1\]\.x/, /image 0, box 1/, /finite number/] },
  { bad: 'Infinity in a box', gt: gtWith(2, 1, 0, { w: Infinity }), n: 2, says: [/groundTruth\[1\]\[0\]\.w/, /image 1, box 0/, /finite number/] },
  { bad: 'zero size', gt: gtWith(1, 0, 1, { w: 0 }), says: [/groundTruth\[0\]\[1\]\.w/, /image 0, box 1/, /0 < w <= 1/] },
  { bad: 'negative size', gt: gtWith(1, 0, 0, { h: -0.2 }), says: [/groundTruth\[0\]\[0\]\.h/, /image 0, box 0/, /0 < h <= 1/] },
  { bad: 'size above 1', gt: gtWith(1, 0, 0, { w: 1.5 }), says: [/groundTruth\[0\]\[0\]\.w/, /0 < w <= 1/] },
  { bad: 'centre outside the image (x > 1)', gt: gtWith(1, 0, 1, { x: 1.2 }), says: [/groundTruth\[0\]\[1\]\.x/, /image 0, box 1/, /\[0, 1\]/] },
  { bad: 'centre outside the image (y < 0)', gt: gtWith(1, 0, 0, { y: -0.1 }), says: [/groundTruth\[0\]\[0\]\.y/, /image 0, box 0/, /\[0, 1\]/] },
  { bad: 'class id = numClasses', gt: gtWith(1, 0, 1, { classId: C }), says: [/groundTruth\[0\]\[1\]\.classId/, /image 0, box 1/, new RegExp(`integer in \\[0, ${C}\\)`)] },
  { bad: 'class id negative (object form)', gt: gtWith(1, 0, 0, { classId: -1 }), says: [/classId/, /image 0, box 0/, /integer in/] },
  { bad: 'class id fractional', gt: gtWith(1, 0, 0, { classId: 1.5 }), says: [/classId/, /image 0, box 0/, /integer/] },
  { bad: 'box missing a field', gt: [[{ x: 0.5, y: 0.5, w: 0.2, classId: 0 }]], says: [/groundTruth\[0\]\[0\]\.h/, /finite number, got undefined/] },
  { bad: 'padded row of 4 numbers', gt: [[[0.5, 0.5, 0.2, 0.2]]], says: [/groundTruth\[0\]\[0\]/, /5 numbers/, /image 0, box 0/] },
  { bad: 'batch mismatch (2 GT lists, batch 1)', gt: validGt(2), says: [/groundTruth/, /2 images/, /batch size 1/] },
  { bad: 'batch mismatch (empty GT list, batch 1)', gt: [], says: [/groundTruth/, /0 images/, /batch size 1/] },
  { bad: 'image not a list', gt: [{ x: 0.5 }], says: [/groundTruth\[0\]/, /array of boxes/] },
  { bad: 'not ground truth at all', gt: 'boxes', says: [/groundTruth/, /expected GtBox\[\]\[\]/] },
  { bad: 'Float32Array of the wrong length', gt: new Float32Array(7), says: [/groundTruth/, /N·maxBoxes·5/, /got 7/] },
];

/** Config classes (a bad value of each kind), per version. */
interface ConfigCase {
  bad: string;
  patch: Record<string, unknown>;
  says: RegExp[];
}

function configCases(kit: Kit): ConfigCase[] {
  const multi = kit.name === 'yolov3' || kit.name === 'yolov4' || kit.name === 'yolov5';
  const v5 = kit.name === 'yolov5';
  const v8 = kit.name === 'yolov8';
  const cases: ConfigCase[] = [
    { bad: 'unknown config key', patch: { lambdaFoo: 1 }, says: [/unknown config key 'lambdaFoo'/, /known keys/] },
    v5 || v8
      ? { bad: 'unknown preset', patch: { preset: 'paper' }, says: [/unknown preset/, /ultralytics/] }
      : { bad: 'unknown preset', patch: { preset: 'ultralytics' }, says: [/unknown preset/, /paper, darknet/] },
    { bad: 'wrong type (numClasses as a string)', patch: { numClasses: '3' }, says: [/'numClasses'/, /positive integer/, /got "3"/] },
    { bad: 'wrong type (reduction)', patch: { reduction: 'avg' }, says: [/'reduction'/, /'mean', 'sum'/] },
    { bad: 'NaN config value', patch: { lambdaCoord: NaN }, says: [/'lambdaCoord'/, /finite number >= 0/, /got NaN/] },
    v8
      ? { bad: 'Infinity config value', patch: { lambdaDfl: Infinity }, says: [/'lambdaDfl'/, /finite/] }
      : { bad: 'Infinity config value', patch: { lambdaObj: Infinity }, says: [/'lambdaObj'/, /finite/] },
    { bad: 'negative weight', patch: { lambdaClass: -1 }, says: [/'lambdaClass'/, />= 0/] },
    { bad: 'zero classes', patch: { numClasses: 0 }, says: [/'numClasses'/, /positive integer/] },
    { bad: 'fractional classes', patch: { numClasses: 2.5 }, says: [/'numClasses'/, /positive integer/] },
    v5
      ? { bad: 'threshold outside [0, 1]', patch: { objIouRatio: 1.5 }, says: [/'objIouRatio'/, /\[0, 1\]/] }
      : { bad: 'threshold outside [0, 1]', patch: { ignoreThreshold: 1.5 }, says: [/'ignoreThreshold'/, /\[0, 1\]/] },
  ];
  if (v8) {
    // YOLOv8 has no threshold in [0, 1] and no anchors: its own keys instead
    cases.pop();
    cases.push(
      { bad: 'zero top-k', patch: { assignerTopK: 0 }, says: [/'assignerTopK'/, /positive integer/] },
      { bad: 'negative assigner exponent', patch: { assignerBeta: -1 }, says: [/'assignerBeta'/, />= 0/] },
      { bad: 'fewer than 2 DFL bins', patch: { regMax: 1 }, says: [/'regMax'/, /integer >= 2/] },
      { bad: 'zero input width', patch: { inputSize: [0, 64] }, says: [/'inputSize'/, /\[width, height\] of positive integers/] },
      { bad: 'wrong type (classPosWeight)', patch: { classPosWeight: 'x' }, says: [/'classPosWeight'/, /finite number >= 0 or a list/] },
      { bad: 'classPosWeight per class ≠ numClasses', patch: { classPosWeight: [1, 2] }, says: [/'classPosWeight'/, /one weight per class/, /numClasses = 3/] },
    );
    return cases;
  }
  if (kit.name === 'yolov1') {
    cases.splice(5, 1); // v1 has no ignoreThreshold; its objectness weights take the slot
    cases.push(
      { bad: 'zero grid', patch: { gridSize: 0 }, says: [/'gridSize'/, /positive integer/] },
      { bad: 'negative grid [W, H]', patch: { gridSize: [3, -3] }, says: [/'gridSize'/, /\[W, H\]/] },
      { bad: 'zero predictors per cell', patch: { boxesPerCell: 0 }, says: [/'boxesPerCell'/, /positive integer/] },
      { bad: 'wrong type (rescore)', patch: { rescore: 'yes' }, says: [/'rescore'/, /true or false/] },
    );
    return cases.filter((c) => !('ignoreThreshold' in c.patch));
  }
  cases.push(
    { bad: 'anchor of zero width', patch: { anchors: [[0, 1], ...anchorsOf(kit).slice(1)] }, says: [/'anchors'/, /positive numbers/, /anchor 0/] },
    { bad: 'negative anchor', patch: { anchors: [...anchorsOf(kit).slice(0, 1), [1, -2], ...anchorsOf(kit).slice(2)] }, says: [/'anchors'/, /anchor 1/] },
    { bad: 'NaN anchor', patch: { anchors: [[NaN, 1], ...anchorsOf(kit).slice(1)] }, says: [/'anchors'/, /anchor 0/] },
    { bad: 'no anchors', patch: { anchors: [] }, says: [/'anchors'/, /non-empty/] },
  );
  if (kit.name === 'yolov2') {
    cases.push(
      { bad: 'zero grid', patch: { gridSize: 0 }, says: [/'gridSize'/, /positive integer/] },
      { bad: 'wrong type (rescore)', patch: { rescore: 1 }, says: [/'rescore'/, /true or false/] },
    );
  }
  if (multi) {
    cases.push(
      { bad: 'zero input width', patch: { inputSize: [0, 64] }, says: [/'inputSize'/, /\[width, height\] of positive integers/] },
      { bad: 'repeated mask index', patch: { masks: [[3, 4, 5], [0, 1, 1]] }, says: [/anchor index 1 appears in masks\[1\] and masks\[1\]/, /exactly once/] },
      { bad: 'missing mask index', patch: { masks: [[3, 4, 5], [0, 1]] }, says: [/anchor index 2 is in no mask/] },
      { bad: 'mask index out of range', patch: { masks: [[3, 4, 5], [0, 1, 6]] }, says: [/masks\[1\] uses anchor index 6/, /6 anchors/] },
      { bad: 'fractional mask index', patch: { masks: [[3, 4, 5], [0, 1, 2.5]] }, says: [/'masks'/, /anchor indices/] },
    );
    cases.push(
      v5
        ? { bad: 'wrong type (classPosWeight)', patch: { classPosWeight: 'x' }, says: [/'classPosWeight'/, /finite number >= 0 or a list/] }
        : { bad: 'wrong type (ignoreBasis)', patch: kit.name === 'yolov3' ? { xyLoss: 'l1' } : { boxLoss: 'l1' }, says: [kit.name === 'yolov3' ? /'xyLoss'/ : /'boxLoss'/, /must be one of/] },
    );
  }
  if (v5) {
    cases.push(
      { bad: 'levelWeights per output ≠ masks', patch: { levelWeights: [4] }, says: [/'levelWeights'/, /one weight per output/, /masks has 2 outputs/] },
      { bad: 'classPosWeight per class ≠ numClasses', patch: { classPosWeight: [1, 2] }, says: [/'classPosWeight'/, /one weight per class/, /numClasses = 3/] },
      { bad: 'anchorThreshold of zero', patch: { anchorThreshold: 0 }, says: [/'anchorThreshold'/, /> 0/] },
    );
  }
  if (kit.name === 'yolov4') {
    cases.push({ bad: 'scaleXY per head ≠ masks', patch: { scaleXY: [1.2] }, says: [/'scaleXY'/, /one value per head \(2\)/] });
  }
  return cases;
}

const anchorsOf = (kit: Kit): number[][] => (kit.small(kit.presets[0]!).anchors as number[][]).map((a) => [...a]);

/** Prediction classes: the heads to pass instead of the right ones. */
function predictionCases(kit: Kit): { bad: string; heads: (keep: (t: tf.Tensor) => void) => unknown; says: RegExp[] }[] {
  const multi = kit.name === 'yolov3' || kit.name === 'yolov4' || kit.name === 'yolov5';
  const v8 = kit.name === 'yolov8';
  const shapes = kit.shapes(1);
  const make = (keep: (t: tf.Tensor) => void, shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor => {
    const t = tf.zeros(shape, dtype);
    keep(t);
    return t;
  };
  const right = (keep: (t: tf.Tensor) => void): tf.Tensor[] => shapes.map((s) => make(keep, s));
  const headName = multi ? /predictions\[0\] \(head 0\)/ : v8 ? /predictions\[0\]/ : /predictions/;
  const cases = [
    {
      bad: 'wrong rank (3-D)',
      heads: (keep: (t: tf.Tensor) => void) => [make(keep, shapes[0]!.slice(1)), ...right(keep).slice(1)],
      says: [headName, /shape \[N, /, /got \[/],
    },
    {
      bad: 'wrong channel count',
      heads: (keep: (t: tf.Tensor) => void) => [make(keep, [...shapes[0]!.slice(0, 3), shapes[0]![3] + 1]), ...right(keep).slice(1)],
      says: [headName, new RegExp(`${shapes[0]![3]}`), /got \[/],
    },
    {
      bad: 'wrong dtype (int32)',
      heads: (keep: (t: tf.Tensor) => void) => [make(keep, shapes[0]!, 'int32'), ...right(keep).slice(1)],
      says: [headName, /float32/, /int32/],
    },
    {
      bad: 'not a tensor',
      heads: () => [[[1, 2, 3]], ...shapes.slice(1)],
      says: [headName, /tf\.Tensor/],
    },
    {
      bad: 'disposed tensor',
      heads: (keep: (t: tf.Tensor) => void) => {
        const hs = right(keep);
        hs[0]!.dispose();
        return hs;
      },
      says: [headName, /disposed/],
    },
    v8
      ? {
          // YOLOv8 takes any number of outputs: each stride follows from its grid, ascending
          bad: 'outputs not by ascending stride',
          heads: (keep: (t: tf.Tensor) => void) => [...right(keep), make(keep, shapes[0]!)],
          says: [/ascending stride/, /predictions\[2\] has stride 8/],
        }
      : {
          bad: 'head count ≠ masks',
          heads: (keep: (t: tf.Tensor) => void) => [...right(keep), make(keep, shapes[0]!)],
          says: multi ? [/predictions has 3 heads but masks has 2/] : [/predictions must be one tensor/, /array of 2/],
        },
  ];
  if (v8) {
    cases.push(
      {
        bad: 'batch mismatch between outputs',
        heads: (keep) => [make(keep, shapes[0]!), make(keep, [2, ...shapes[1]!.slice(1)])],
        says: [/predictions\[1\]/, /batch size 2/, /every output must share N/],
      },
      {
        bad: 'grid not dividing inputSize',
        heads: (keep) => [make(keep, [1, 3, 5, shapes[0]![3]])],
        says: [/predictions\[0\]'s grid 3×5/, /must divide inputSize \[64, 64\]/],
      },
    );
  } else if (multi) {
    cases.push({
      bad: 'batch mismatch between heads',
      heads: (keep) => [make(keep, shapes[0]!), make(keep, [2, ...shapes[1]!.slice(1)])],
      says: [/predictions\[1\] \(head 1\)/, /batch size 2/, /every head must share N/],
    });
  } else {
    cases.push({
      bad: 'grid ≠ gridSize',
      heads: (keep) => [make(keep, [1, 4, 4, shapes[0]![3]])],
      says: [/predictions must have shape \[N, 3, 3, /, /gridSize 3×3/, /got \[1, 4, 4, /],
    });
  }
  return cases;
}

function versionRows(kit: Kit): Row[] {
  const rows: Row[] = [];
  const fns = {
    loss: `${kit.name}Loss`,
    resolve: `resolve${cap(kit.name)}Config`,
    encode: `encode${cap(kit.name)}Targets`,
    decode: `decode${cap(kit.name)}`,
    // YOLOv5 and YOLOv8 have no earlier assignment function: their version object's
    assignment: kit.name === 'yolov5' || kit.name === 'yolov8' ? `${kit.name}.assignment` : `${kit.name}Assignment`,
  };
  const opts = kit.small(kit.presets[0]!);
  const heads = (keep: (t: tf.Tensor) => void, n: number): tf.Tensor4D[] =>
    kit.shapes(n).map((s) => {
      const t = tf.zeros<tf.Rank.R4>(s);
      keep(t);
      return t;
    });

  for (const c of gtCases(kit.numClasses)) {
    const n = c.n ?? 1;
    rows.push({ fn: fns.loss, bad: c.bad, call: (keep) => kit.loss(heads(keep, n), c.gt, opts), says: c.says });
    rows.push({ fn: fns.assignment, bad: c.bad, call: (keep) => kit.assignment(heads(keep, n), c.gt, opts), says: c.says });
    if (!/batch mismatch|Float32Array/.test(c.bad)) {
      // encode takes its batch size from the ground truth itself
      rows.push({ fn: fns.encode, bad: c.bad, call: () => kit.encode(c.gt, opts), says: c.says });
    }
  }
  rows.push({
    fn: fns.encode,
    bad: 'Float32Array without batchSize',
    call: () => kit.encode(new Float32Array(20), opts),
    says: [/batchSize/, /Float32Array/],
  });

  for (const c of configCases(kit)) {
    const o = { ...opts, ...c.patch };
    rows.push({ fn: fns.resolve, bad: c.bad, call: () => kit.resolve(o), says: [new RegExp(kit.name), ...c.says] });
    // The same check runs on the way into every other entry point.
    if (/unknown config key|wrong type|NaN config|anchor of zero|repeated mask/.test(c.bad)) {
      rows.push({ fn: fns.loss, bad: c.bad, call: (keep) => kit.loss(heads(keep, 1), validGt(1), o), says: c.says });
      rows.push({ fn: fns.encode, bad: c.bad, call: () => kit.encode(validGt(1), o), says: c.says });
      rows.push({ fn: fns.decode, bad: c.bad, call: (keep) => kit.decode(heads(keep, 1), o), says: c.says });
      rows.push({ fn: fns.assignment, bad: c.bad, call: (keep) => kit.assignment(heads(keep, 1), validGt(1), o), says: c.says });
    }
  }
  rows.push({ fn: fns.resolve, bad: 'options not an object', call: () => kit.resolve(42), says: [/options must be an object/, /got 42/] });

  for (const c of predictionCases(kit)) {
    rows.push({ fn: fns.loss, bad: c.bad, call: (keep) => kit.loss(c.heads(keep) as tf.Tensor4D[], validGt(1), opts), says: c.says });
    rows.push({ fn: fns.decode, bad: c.bad, call: (keep) => kit.decode(c.heads(keep) as tf.Tensor4D[], opts), says: c.says });
    rows.push({ fn: fns.assignment, bad: c.bad, call: (keep) => kit.assignment(c.heads(keep) as tf.Tensor4D[], validGt(1), opts), says: c.says });
  }

  // Empty batch: N = 0 predictions (a data pipeline's bug; 'mean' over no image is undefined).
  rows.push(
    { fn: fns.loss, bad: 'empty batch (N = 0)', call: (keep) => kit.loss(heads(keep, 0), [], opts), says: [new RegExp(`${fns.loss}: predictions`), /batch size 0/, /at least one image/] },
    { fn: fns.loss, bad: 'empty batch (N = 0) with a GT list', call: (keep) => kit.loss(heads(keep, 0), validGt(1), opts), says: [/predictions/, /batch size 0/] },
  );

  // Pre-encoded targets made for another batch or config.
  rows.push({
    fn: fns.loss,
    bad: 'encoded targets for another batch',
    call: (keep) => kit.loss(heads(keep, 1), kit.encode(validGt(2), opts), opts),
    says: [/batch/, /2/, /1/],
  });

  // Decode's own options.
  rows.push(
    { fn: fns.decode, bad: 'NaN scoreThreshold', call: (keep) => kit.decode(heads(keep, 1), { ...opts, scoreThreshold: NaN }), says: [/scoreThreshold/, /NaN/] },
    { fn: fns.decode, bad: 'negative maxDetections', call: (keep) => kit.decode(heads(keep, 1), { ...opts, maxDetections: -1 }), says: [/maxDetections/, /-1/] },
    { fn: fns.decode, bad: 'fractional maxDetections', call: (keep) => kit.decode(heads(keep, 1), { ...opts, maxDetections: 2.5 }), says: [/maxDetections/, /2\.5/] },
  );
  if (kit.name === 'yolov8') {
    rows.push({ fn: fns.decode, bad: 'unknown nms kind', call: (keep) => kit.decode(heads(keep, 1), { ...opts, nms: 'soft' }), says: [/nms/, /soft/] });
  }
  if (kit.name === 'yolov3' || kit.name === 'yolov4' || kit.name === 'yolov5') {
    rows.push(
      { fn: fns.decode, bad: 'unknown nms kind', call: (keep) => kit.decode(heads(keep, 1), { ...opts, nms: 'soft' }), says: [/nms/, /soft/] },
      { fn: fns.encode, bad: 'gridSizes per head ≠ masks', call: () => kit.encode(validGt(1), { ...opts, gridSizes: [[2, 2]] }), says: [/gridSizes/, /one \[W, H\]/, /\(2\)/] },
      { fn: fns.encode, bad: 'zero grid in gridSizes', call: () => kit.encode(validGt(1), { ...opts, gridSizes: [[2, 2], [0, 4]] }), says: [/gridSizes/, /positive integers/] },
    );
  }
  // the loss's own option (not a config key): which implementation runs, fused kernels or tfjs ops
  rows.push(
    { fn: fns.loss, bad: "unknown implementation ('gpu')", call: (keep) => kit.loss(heads(keep, 1), validGt(1), { ...opts, implementation: 'gpu' }), says: [new RegExp(`${fns.loss}: options\\.implementation`), /'auto', 'fused' or 'composed'/, /got "gpu"/] },
    { fn: fns.loss, bad: 'implementation of the wrong type (3)', call: (keep) => kit.loss(heads(keep, 1), validGt(1), { ...opts, implementation: 3 }), says: [new RegExp(`${fns.loss}: options\\.implementation`), /'auto', 'fused' or 'composed'/, /got 3/] },
  );
  return rows;
}

const cap = (name: string): string => name[0]!.toUpperCase() + name.slice(1);

// ---------------------------------------------------------------------------------------------
// geometry and backend.

const t2 = (keep: (t: tf.Tensor) => void, values: number[][], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor => {
  const t = tf.tensor2d(values, undefined, dtype);
  keep(t);
  return t;
};
const box = [[0, 0, 1, 1]];
const zeros = (keep: (t: tf.Tensor) => void, shape: number[]): tf.Tensor => {
  const t = tf.zeros(shape);
  keep(t);
  return t;
};

function geometryRows(): Row[] {
  const rows: Row[] = [];
  const elementwise = { iou: geo.iou, giou: geo.giou, diou: geo.diou, ciou: geo.ciou, iouLoss: geo.iouLoss, giouLoss: geo.giouLoss, diouLoss: geo.diouLoss, ciouLoss: geo.ciouLoss };
  for (const [fn, f] of Object.entries(elementwise)) {
    const g = f as (a: unknown, b: unknown, o?: unknown) => tf.Tensor;
    rows.push(
      { fn, bad: 'not a tensor', call: (k) => g([0, 0, 1, 1], t2(k, box)), says: [new RegExp(`${fn}: a`), /tf\.Tensor of shape \[\.\.\., 4\]/] },
      { fn, bad: 'last dimension ≠ 4', call: (k) => g(t2(k, box), t2(k, [[0, 0, 1]])), says: [new RegExp(`${fn}: b`), /\[\.\.\., 4\]/, /got \[1, 3\]/] },
      { fn, bad: 'wrong dtype (int32)', call: (k) => g(t2(k, box, 'int32'), t2(k, box)), says: [new RegExp(`${fn}: a`), /float32/, /int32/] },
      { fn, bad: 'shapes do not broadcast', call: (k) => g(t2(k, [[0, 0, 1, 1], [0, 0, 1, 1]]), t2(k, [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]])), says: [/a and .*b/, /do not broadcast/] },
      { fn, bad: 'negative eps', call: (k) => g(t2(k, box), t2(k, box), { eps: -1 }), says: [/options\.eps/, />= 0/, /-1/] },
      { fn, bad: 'NaN eps', call: (k) => g(t2(k, box), t2(k, box), { eps: NaN }), says: [/options\.eps/, /finite/] },
      { fn, bad: 'unknown format', call: (k) => g(t2(k, box), t2(k, box), { format: 'cxcywh' }), says: [/options\.format/, /'xyxy' or 'xywh'/, /'cxcywh'/] },
      { fn, bad: 'options not an object', call: (k) => g(t2(k, box), t2(k, box), 5), says: [/options/, /object/] },
    );
  }
  rows.push(
    { fn: 'iouLoss', bad: 'unknown reduction', call: (k) => geo.iouLoss(t2(k, box), t2(k, box), { reduction: 'avg' as never }), says: [/reduction/, /'none', 'mean' or 'sum'/, /'avg'/] },
    { fn: 'pairwiseIou', bad: 'wrong rank (3-D)', call: (k) => geo.pairwiseIou(zeros(k, [1, 1, 4]), t2(k, box)), says: [/pairwiseIou: a/, /\[N, 4\]/, /\[1, 1, 4\]/] },
    { fn: 'pairwiseIou', bad: 'unknown kind', call: (k) => geo.pairwiseIou(t2(k, box), t2(k, box), { kind: 'eiou' as never }), says: [/options\.kind/, /'eiou'/] },
    { fn: 'pairwiseIou', bad: 'wrong dtype (int32)', call: (k) => geo.pairwiseIou(t2(k, box), t2(k, box, 'int32')), says: [/pairwiseIou: b/, /float32/] },
    { fn: 'boxIou', bad: 'NaN coordinate', call: () => geo.boxIou([0, NaN, 1, 1], [0, 0, 1, 1]), says: [/boxIou: a\[1\]/, /finite/] },
    { fn: 'boxIou', bad: 'Infinity coordinate', call: () => geo.boxIou([0, 0, 1, 1], [0, 0, Infinity, 1]), says: [/boxIou: b\[2\]/, /finite/] },
    { fn: 'boxIou', bad: 'negative size (x2 < x1)', call: () => geo.boxIou([1, 0, 0, 1], [0, 0, 1, 1]), says: [/boxIou: a/, /x1 <= x2/] },
    { fn: 'boxGiou', bad: 'negative size (xywh object)', call: () => geo.boxGiou({ x: 0.5, y: 0.5, w: -0.1, h: 0.2 }, [0, 0, 1, 1]), says: [/boxGiou: a/, />= 0/] },
    { fn: 'boxDiou', bad: 'wrong length', call: () => geo.boxDiou([0, 0, 1] as never, [0, 0, 1, 1]), says: [/boxDiou: a/, /4 numbers/] },
    { fn: 'boxCiou', bad: 'unknown format', call: () => geo.boxCiou([0, 0, 1, 1], [0, 0, 1, 1], { format: 'yxyx' as never }), says: [/format/, /'yxyx'/] },
    { fn: 'shapeIou', bad: 'NaN size', call: () => geo.shapeIou(NaN, 1, 1, 1), says: [/shapeIou: w1/, /finite/] },
    { fn: 'shapeIou', bad: 'negative size', call: () => geo.shapeIou(1, 1, 1, -2), says: [/shapeIou: h2/, />= 0/] },
    { fn: 'nms', bad: 'scores ≠ boxes', call: () => geo.nms([[0, 0, 1, 1]], [0.5, 0.4], { iouThreshold: 0.5 }), says: [/nms: scores/, /one score per box \(1\)/] },
    { fn: 'nms', bad: 'NaN score', call: () => geo.nms([[0, 0, 1, 1]], [NaN], { iouThreshold: 0.5 }), says: [/nms: scores\[0\]/, /finite/] },
    { fn: 'nms', bad: 'NaN box', call: () => geo.nms([[0, 0, NaN, 1]], [0.5], { iouThreshold: 0.5 }), says: [/nms: boxes\[0\]\[2\]/, /finite/] },
    { fn: 'nms', bad: 'missing iouThreshold', call: () => geo.nms([[0, 0, 1, 1]], [0.5], {} as never), says: [/options\.iouThreshold/, /finite number/] },
    { fn: 'nms', bad: 'fractional class id', call: () => geo.nms([[0, 0, 1, 1]], [0.5], { iouThreshold: 0.5, classIds: [0.5] }), says: [/options\.classIds\[0\]/, /integer/] },
    { fn: 'nms', bad: 'negative maxDetections', call: () => geo.nms([[0, 0, 1, 1]], [0.5], { iouThreshold: 0.5, maxDetections: -1 }), says: [/options\.maxDetections/, /integer >= 0/] },
    { fn: 'diouNms', bad: 'beta <= 0', call: () => geo.diouNms([[0, 0, 1, 1]], [0.5], { iouThreshold: 0.5, beta: 0 }), says: [/diouNms: options\.beta/, /> 0/] },
    { fn: 'nmsAsync', bad: 'wrong rank', call: (k) => geo.nmsAsync(zeros(k, [4]), t2(k, [[0.5]]), { iouThreshold: 0.5 }), says: [/nmsAsync: boxes/, /\[N, 4\]/] },
    { fn: 'nmsAsync', bad: 'scores of the wrong shape', call: (k) => geo.nmsAsync(t2(k, box), t2(k, [[0.5, 0.4]]), { iouThreshold: 0.5 }), says: [/nmsAsync: scores/, /shape \[1\]/] },
    { fn: 'diouNmsAsync', bad: 'wrong dtype (int32)', call: (k) => geo.diouNmsAsync(t2(k, box, 'int32'), t2(k, [[1]]), { iouThreshold: 0.5 }), says: [/diouNmsAsync: boxes/, /float32/] },
    { fn: 'xywhToXyxy', bad: 'NaN coordinate', call: () => geo.xywhToXyxy([0.5, NaN, 1, 1]), says: [/box\[1\]/, /finite/] },
    { fn: 'xyxyToXywh', bad: 'wrong length', call: () => geo.xyxyToXywh([0, 0, 1] as never), says: [/box/, /4 numbers/] },
    { fn: 'xyxyToXywh', bad: 'tensor last dimension ≠ 4', call: (k) => geo.xyxyToXywh(t2(k, [[0, 0, 1]])), says: [/box/, /\[\.\.\., 4\]/] },
    { fn: 'reduceLoss', bad: 'unknown reduction', call: (k) => geo.reduceLoss(t2(k, box), 'avg' as never), says: [/reduction/, /'avg'/] },
    { fn: 'stopGradient', bad: 'not a tensor', call: () => geo.stopGradient([1, 2] as never), says: [/stopGradient/, /tf\.Tensor/] },
    { fn: 'normalizeGroundTruth', bad: 'NaN in a box', call: () => geo.normalizeGroundTruth(gtWith(2, 1, 0, { y: NaN }) as never, { batchSize: 2, numClasses: 3 }), says: [/groundTruth\[1\]\[0\]\.y/, /image 1, box 0/, /finite/] },
    { fn: 'normalizeGroundTruth', bad: 'class id out of range (padded form)', call: () => geo.normalizeGroundTruth([[[0.5, 0.5, 0.2, 0.2, 7]]], { batchSize: 1, numClasses: 3 }), says: [/groundTruth\[0\]\[0\]\.classId/, /image 0, box 0/, /\[0, 3\)/] },
    { fn: 'normalizeGroundTruth', bad: 'batch mismatch', call: () => geo.normalizeGroundTruth(validGt(2), { batchSize: 3, numClasses: 3 }), says: [/2 images/, /batch size 3/] },
    ...evaluationRows(),
  );
  return rows;
}

/** evaluateDetections: 2 images, one detection and one GT box each, one of them patched. */
function evaluationRows(): Row[] {
  const fn = 'evaluateDetections';
  const det = { x: 0.5, y: 0.5, w: 0.2, h: 0.2, score: 0.9, classId: 0 };
  const gtBox = { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0 };
  const sizes: [number, number][] = [
    [640, 480],
    [640, 480],
  ];
  const call = (patch: { det?: object; gt?: object; options?: object; dets?: unknown; gts?: unknown }) => () =>
    geo.evaluateDetections(
      (patch.dets ?? [[det], [{ ...det, ...patch.det }]]) as never,
      (patch.gts ?? [[gtBox], [{ ...gtBox, ...patch.gt }]]) as never,
      { imageSizes: sizes, ...patch.options },
    );
  return [
    { fn, bad: 'NaN score', call: call({ det: { score: NaN } }), says: [/detections\[1\]\[0\]\.score/, /image 1, detection 0/, /finite number/] },
    { fn, bad: 'negative detection size', call: call({ det: { w: -0.1 } }), says: [/detections\[1\]\[0\]\.w/, /image 1, detection 0/, />= 0/] },
    { fn, bad: 'Infinity in a detection', call: call({ det: { y: Infinity } }), says: [/detections\[1\]\[0\]\.y/, /finite number/] },
    { fn, bad: 'class id fractional (detection)', call: call({ det: { classId: 0.5 } }), says: [/detections\[1\]\[0\]\.classId/, /non-negative integer/] },
    { fn, bad: 'class id = numClasses', call: call({ gt: { classId: 2 }, options: { numClasses: 2 } }), says: [/groundTruth\[1\]\[0\]\.classId/, /image 1, box 0/, /\[0, 2\)/] },
    { fn, bad: 'GT centre outside the image', call: call({ gt: { x: 1.2 } }), says: [/groundTruth\[1\]\[0\]\.x/, /image 1, box 0/, /\[0, 1\]/] },
    { fn, bad: 'GT size above 1', call: call({ gt: { h: 1.5 } }), says: [/groundTruth\[1\]\[0\]\.h/, /\[0, 1\]/] },
    { fn, bad: 'iscrowd not a boolean', call: call({ gt: { iscrowd: 1 } }), says: [/groundTruth\[1\]\[0\]\.iscrowd/, /true, false or undefined/] },
    { fn, bad: 'negative area', call: call({ gt: { area: -1 } }), says: [/groundTruth\[1\]\[0\]\.area/, />= 0/] },
    { fn, bad: 'image count mismatch', call: call({ gts: [[gtBox]] }), says: [/groundTruth has 1 images/, /detections has 2/] },
    { fn, bad: 'imageSizes length mismatch', call: call({ options: { imageSizes: [[640, 480]] } }), says: [/options\.imageSizes has 1 entries/, /2 images/] },
    { fn, bad: 'zero image width', call: call({ options: { imageSizes: [[640, 480], [0, 480]] } }), says: [/options\.imageSizes\[1\]\[0\]/, /image 1/, /> 0/] },
    { fn, bad: 'fractional maxDetections', call: call({ options: { maxDetections: 2.5 } }), says: [/options\.maxDetections/, /positive integer/] },
    { fn, bad: 'detections not a list', call: call({ dets: { 0: [det] } }), says: [/detections/, /an array/] },
  ];
}

function backendRows(): Row[] {
  return [
    { fn: 'initBackend', bad: 'unknown option', call: () => backend.initBackend({ backnd: 'cpu' } as never), says: [/unknown option 'backnd'/, /expected one of/] },
    { fn: 'initBackend', bad: 'unknown backend', call: () => backend.initBackend({ backend: 'tpu' as never }), says: [/'backend'/, /"tpu"/] },
    { fn: 'initBackend', bad: 'wrong type (requireWebGPU)', call: () => backend.initBackend({ requireWebGPU: 'yes' as never }), says: [/'requireWebGPU'/, /boolean/] },
    { fn: 'initBackend', bad: 'wrong type (log)', call: () => backend.initBackend({ log: 5 as never }), says: [/'log'/, /function or false/] },
    { fn: 'resolveConfig', bad: 'unknown config key', call: () => backend.resolveConfig('toy', { a: { k: 1 } }, { k: backend.checks.positive }, { j: 2 } as never), says: [/toy: unknown config key 'j'/, /known keys: k/] },
    { fn: 'resolveConfig', bad: 'NaN value', call: () => backend.resolveConfig('toy', { a: { k: 1 } }, { k: backend.checks.positive }, { k: NaN }), says: [/toy: config key 'k'/, /finite number > 0/] },
    { fn: 'checkMasks', bad: 'repeated mask index', call: () => throwIf(heads.checkMasks([[0, 1], [1, 2]], 3)), says: [/anchor index 1 appears in masks\[0\] and masks\[1\]/] },
    { fn: 'checkMasks', bad: 'missing mask index', call: () => throwIf(heads.checkMasks([[0], [2]], 3)), says: [/anchor index 1 is in no mask/] },
    { fn: 'safeSqrt', bad: 'negative eps', call: (k) => backend.safeSqrt(t2(k, box), -1), says: [/safeSqrt/, /eps/, />= 0/] },
    { fn: 'safeSqrt', bad: 'NaN eps', call: (k) => backend.safeSqrt(t2(k, box), NaN), says: [/safeSqrt/, /eps/] },
    { fn: 'bceWithLogits', bad: 'shapes do not broadcast', call: (k) => backend.bceWithLogits(t2(k, [[1, 2, 3]]), t2(k, [[1, 0]])), says: [/bceWithLogits/, /targets/, /\[1, 2\]/] },
    { fn: 'bceWithLogits', bad: 'not a tensor', call: (k) => backend.bceWithLogits([1, 2] as never, t2(k, box)), says: [/bceWithLogits/, /logits/, /tf\.Tensor/] },
    { fn: 'assertSingleTfjs', bad: 'not a tfjs module', call: () => backend.assertSingleTfjs({} as never, 'me'), says: [/assertSingleTfjs: tf/, /tfjs-core namespace/] },
  ];
}

/** A `checkMasks` message turned into a thrown error, so its row reads like the others. */
function throwIf(message: string | undefined): void {
  if (message !== undefined) throw new Error(message);
}

// ---------------------------------------------------------------------------------------------

export const validationRows: Row[] = [...versions.flatMap((v) => versionRows(kits[v])), ...geometryRows(), ...backendRows()];

describe('validation table: every public function rejects bad input with a clear message', () => {
  it.each(validationRows.map((r) => [`${r.fn}: ${r.bad}`, r] as const))('%s', async (_, row) => {
    const error = await run(row);
    expect(error).toBeInstanceOf(Error);
    for (const pattern of row.says) expect(error.message).toMatch(pattern);
  });

  it('leaves no tensors behind on a rejected call', async () => {
    const before = tf.memory().numTensors;
    for (const row of validationRows.filter((r) => /Loss$|^decode/.test(r.fn))) await run(row).catch(() => undefined);
    expect(tf.memory().numTensors).toBe(before);
  });
});
