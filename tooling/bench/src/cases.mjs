// The benchmark cases of issues #9 and #16: realistic training shapes per version, plus v3 and v5
// scaling in ground-truth boxes per image and the small batch the PyTorch yardstick runs. Each
// case builds its inputs once and returns a loss function of the prediction tensors. The library
// comes in as `lib` (tfjs-core and the losses), so a worker can run the same cases on another
// checkout, or in a browser page.

/**
 * Deterministic LCG in [0, 1).
 * @param {number} seed
 */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * @param {number} images
 * @param {number} count - boxes per image
 * @param {number} numClasses
 * @param {number} seed
 * @returns {import('./bench-types.js').BenchGtBox[][]}
 */
function randomGt(images, count, numClasses, seed) {
  const r = rng(seed);
  return Array.from({ length: images }, () =>
    Array.from({ length: count }, () => ({
      x: 0.02 + r() * 0.96, y: 0.02 + r() * 0.96,
      w: 0.02 + r() * 0.48, h: 0.02 + r() * 0.48,
      classId: Math.floor(r() * numClasses),
    })),
  );
}

/**
 * @param {import('./bench-types.js').Tf} tf
 * @param {[number, number, number, number]} shape - NHWC
 * @param {number} seed
 */
function randomTensor(tf, shape, seed) {
  const r = rng(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (r() * 2 - 1) * 2;
  return tf.tensor4d(data, shape);
}

/**
 * @param {import('./bench-types.js').Tf} tf
 * @param {number} batch
 * @param {number} size - input pixels
 * @param {number[]} strides
 * @param {number} channels
 * @param {number} seed
 */
const heads = (tf, batch, size, strides, channels, seed) =>
  strides.map((s, i) => randomTensor(tf, [batch, size / s, size / s, channels], seed + i));

/** Every backend the bench knows (`--backends`): cases without `backends` run on all of them. */
export const BACKENDS = ['cpu', 'webgpu', 'wasm', 'webgl'];

/** The backends the scaling cases run on: where issue 16's scaling target is set. */
const SCALING_BACKENDS = ['cpu', 'webgpu'];

/**
 * The cases. A *version* case (`role: 'version'`) is one YOLO version at its training shape and
 * runs on every backend with both implementations: `composed` (tfjs ops) everywhere, `fused` where
 * the backend has the version's kernel — the worker finds that out at run time, so a backend that
 * gains a kernel gains its fused row. The *scaling* cases (ground-truth boxes per image) run the
 * fused step on cpu and webgpu; the *pytorch* case is the small batch the PyTorch row
 * (`tooling/bench/pytorch/<pytorch>_step.py`) runs on the same inputs, on the CPU.
 * A case with `requires` needs an optional export of the library (a package a checkout may not
 * have yet): without it its rows are listed as skipped, with the reason.
 *
 * @param {import('./bench-types.js').BenchLib} lib - tfjs-core and the losses of one checkout.
 * @returns {import('./bench-types.js').BenchCase[]}
 */
export function benchCases(lib) {
  const { tf } = lib;
  /** @type {import('@yolo-loss/heads').LossImplementation[]} */
  const both = ['composed', 'fused'];
  /** @type {import('@yolo-loss/heads').LossImplementation[]} */
  const fusedOnly = ['fused'];
  /**
   * YOLOv3 at 416² (outputs 13², 26², 52²), the paper preset.
   * @param {number} batch
   * @param {number} boxes - per image
   * @param {Pick<import('./bench-types.js').BenchCase, 'name' | 'role' | 'backends' | 'impls' | 'pytorch'>} spec
   * @returns {import('./bench-types.js').BenchCase}
   */
  const v3 = (batch, boxes, spec) => ({
    version: 'v3',
    batch,
    boxes,
    ...spec,
    build: (implementation) => {
      const gt = randomGt(batch, boxes, 80, 7);
      return {
        inputs: heads(tf, batch, 416, [32, 16, 8], 255, 3),
        gt,
        config: lib.resolveYolov3Config({ preset: 'paper' }),
        loss: (xs) => lib.yolov3Loss(xs, gt, { preset: 'paper', implementation }),
      };
    },
  });
  /**
   * YOLOv3 scaling in boxes per image (batch 8): the fused step on cpu and webgpu.
   * @param {number} boxes
   */
  const v3Scaling = (boxes) =>
    v3(8, boxes, { name: `v3 416² C=80 b8 ${boxes} boxes/img`, role: 'scaling', backends: SCALING_BACKENDS, impls: fusedOnly });
  /**
   * YOLOv5 at its default 640² (outputs 80², 40², 20²), the ultralytics preset ('sum'), batch 8.
   * @param {number} boxes - per image
   * @param {Pick<import('./bench-types.js').BenchCase, 'name' | 'role' | 'backends' | 'impls'>} spec
   * @returns {import('./bench-types.js').BenchCase}
   */
  const v5 = (boxes, spec) => ({
    version: 'v5',
    batch: 8,
    boxes,
    ...spec,
    build: (implementation) => {
      const gt = randomGt(8, boxes, 80, 9);
      return {
        inputs: heads(tf, 8, 640, [8, 16, 32], 255, 6),
        gt,
        loss: (xs) => lib.yolov5Loss(xs, gt, { implementation }),
      };
    },
  });
  /**
   * YOLOv8 at 640² (outputs 80², 40², 20², 4·16 DFL bins + 80 classes), the ultralytics preset, batch 8.
   * @param {number} boxes - per image
   * @param {Pick<import('./bench-types.js').BenchCase, 'name' | 'role' | 'backends' | 'impls'>} spec
   * @returns {import('./bench-types.js').BenchCase}
   */
  const v8 = (boxes, spec) => ({
    version: 'v8',
    batch: 8,
    boxes,
    requires: 'yolov8Loss',
    ...spec,
    build: (implementation) => {
      const loss = lib.yolov8Loss;
      if (loss === undefined) throw new Error('this checkout has no yolov8Loss');
      const gt = randomGt(8, boxes, 80, 10);
      return {
        inputs: heads(tf, 8, 640, [8, 16, 32], 4 * 16 + 80, 11),
        gt,
        loss: (xs) => loss(xs, gt, { implementation }),
      };
    },
  });
  return [
    {
      name: 'v1 7×7 B=2 C=20 b64',
      version: 'v1',
      role: 'version',
      batch: 64,
      boxes: 4,
      impls: both,
      build: (implementation) => {
        const gt = randomGt(64, 4, 20, 1);
        return {
          inputs: [randomTensor(tf, [64, 7, 7, 30], 1)],
          gt,
          loss: (xs) => lib.yolov1Loss(/** @type {import('@tensorflow/tfjs-core').Tensor4D} */ (xs[0]), gt, { preset: 'paper', implementation }),
        };
      },
    },
    {
      name: 'v2 13×13 A=5 C=20 b16',
      version: 'v2',
      role: 'version',
      batch: 16,
      boxes: 6,
      impls: both,
      build: (implementation) => {
        const gt = randomGt(16, 6, 20, 2);
        return {
          inputs: [randomTensor(tf, [16, 13, 13, 125], 2)],
          gt,
          loss: (xs) => lib.yolov2Loss(/** @type {import('@tensorflow/tfjs-core').Tensor4D} */ (xs[0]), gt, { preset: 'paper', implementation }),
        };
      },
    },
    v3(8, 20, { name: 'v3 416² 3 heads C=80 b8 20 boxes/img', role: 'version', impls: both }),
    {
      name: 'v4 608² 3 heads C=80 b4 20 boxes/img',
      version: 'v4',
      role: 'version',
      batch: 4,
      boxes: 20,
      impls: both,
      build: (implementation) => {
        const gt = randomGt(4, 20, 80, 4);
        return {
          inputs: heads(tf, 4, 608, [8, 16, 32], 255, 5),
          gt,
          loss: (xs) => lib.yolov4Loss(xs, gt, { preset: 'paper', implementation }),
        };
      },
    },
    v5(20, { name: 'v5 640² 3 outputs C=80 b8 20 boxes/img', role: 'version', impls: both }),
    v8(20, { name: 'v8 640² 3 outputs C=80 b8 20 boxes/img', role: 'version', impls: both }),
    v3Scaling(1),
    v3Scaling(100),
    v3Scaling(500),
    v5(500, { name: 'v5 640² 3 outputs C=80 b8 500 boxes/img', role: 'scaling', backends: SCALING_BACKENDS, impls: fusedOnly }),
    v8(500, { name: 'v8 640² 3 outputs C=80 b8 500 boxes/img', role: 'scaling', backends: SCALING_BACKENDS, impls: fusedOnly }),
    v3(2, 20, { name: 'v3 416² 3 heads C=80 b2 20 boxes/img', role: 'pytorch', backends: ['cpu'], impls: both, pytorch: 'yolov3' }),
  ];
}
