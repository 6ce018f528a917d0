// The benchmark cases of issue #9: realistic training shapes per version, plus v3 scaling in
// ground-truth boxes per image and the small batch the PyTorch yardstick runs. Each case builds
// its inputs once and returns a loss function of the prediction tensors. The library comes in as
// `lib` (tfjs-core and the four losses), so a worker can run the same cases on another checkout.

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

/**
 * Every case has the implementations it can run: `composed` everywhere, `fused` where the
 * backend has the kernels (cpu, webgpu; the losses' `implementation` option). A case with `pytorch`
 * also has a PyTorch row (`tooling/bench/pytorch/<pytorch>_step.py`) on the same inputs.
 *
 * @param {import('./bench-types.js').BenchLib} lib - tfjs-core and the losses of one checkout.
 * @returns {import('./bench-types.js').BenchCase[]}
 */
export function benchCases(lib) {
  const { tf } = lib;
  /** @type {import('@yolo-loss/heads').LossImplementation[]} */
  const both = ['composed', 'fused'];
  /**
   * @param {number} batch
   * @param {number} boxes - per image
   * @param {string} [name]
   * @param {string} [pytorch]
   * @returns {import('./bench-types.js').BenchCase}
   */
  const v3 = (batch, boxes, name = `v3 416² C=80 b${batch} ${boxes} boxes/img`, pytorch = undefined) => ({
    name,
    impls: both,
    pytorch,
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
  return [
    {
      name: 'v1 7×7 B=2 C=20 b64',
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
    v3(8, 20, 'v3 416² 3 heads C=80 b8 20 boxes/img'),
    {
      name: 'v4 608² 3 heads C=80 b4 20 boxes/img',
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
    v3(8, 1),
    v3(8, 100),
    v3(8, 500),
    v3(2, 20, 'v3 416² 3 heads C=80 b2 20 boxes/img', 'yolov3'),
  ];
}
