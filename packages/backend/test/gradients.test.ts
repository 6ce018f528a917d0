/**
 * Gradient configs vs. central finite differences, on whatever tfjs backend the
 * harness selected (cpu or webgpu). Values are read only through `await t.data()`.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { gradientConfigs, registerGradients } from '../src/gradients/register-gradients.js';

type Fn = (...xs: Tensor[]) => Tensor;

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(1234);

/** Uniform values in [lo, hi), with |v| >= gap so kinks at 0 are avoided. */
function rand(shape: number[], lo = -1, hi = 1, gap = 0.1): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const vals = Array.from({ length: n }, () => {
    let v = 0;
    do v = lo + (hi - lo) * random();
    while (Math.abs(v) < gap);
    return v;
  });
  return tf.tensor(vals, shape, 'float32');
}

/** Values that are pairwise far apart, for max/min/pool tie-free checks. */
function distinct(shape: number[]): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const vals = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.3);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [vals[i], vals[j]] = [vals[j]!, vals[i]!];
  }
  return tf.tensor(vals, shape, 'float32');
}

interface CheckOptions {
  h?: number;
  tol?: number;
}

/**
 * Compares tf.grads of `sum(f(xs) * w)` (w random, so dy is not all ones)
 * with central differences, element by element, for every input.
 */
async function expectNumericGrads(
  f: Fn,
  xs: Tensor[],
  { h = 1e-2, tol = 1e-2 }: CheckOptions = {},
) {
  const outShape = tf.tidy(() => f(...xs).shape);
  const w = rand(outShape, 0.5, 1.5, 0);
  const loss = (...a: Tensor[]): Tensor => tf.sum(tf.mul(f(...a), w));
  const analytic = tf.grads(loss)(xs);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const gradI = analytic[i]!;
    expect(gradI.shape).toEqual(x.shape);
    expect(gradI.dtype).toBe('float32');
    const got = await gradI.data();
    const samples = tf.tidy(() => {
      const out: Tensor[] = [];
      for (let j = 0; j < x.size; j++) {
        const delta = new Array<number>(x.size).fill(0);
        delta[j] = h;
        const bump = tf.tensor(delta, x.shape, 'float32');
        const at = (d: Tensor) => xs.map((t, k) => (k === i ? d : t));
        out.push(loss(...at(tf.add(x, bump))), loss(...at(tf.sub(x, bump))));
      }
      return tf.stack(out);
    });
    const ys = await samples.data();
    samples.dispose();
    for (let j = 0; j < x.size; j++) {
      const numeric = (ys[2 * j]! - ys[2 * j + 1]!) / (2 * h);
      const analyticJ = got[j]!;
      const err = Math.abs(analyticJ - numeric);
      const bound = tol * Math.max(1, Math.abs(numeric), Math.abs(analyticJ));
      if (err > bound) {
        throw new Error(
          `input ${i} element ${j}: analytic ${analyticJ} vs numeric ${numeric} (err ${err})`,
        );
      }
    }
  }
  tf.dispose([w, ...analytic]);
}

/** Exact comparison of an analytic gradient with expected values. */
async function expectGrad(t: Tensor, expected: number[], tol = 1e-5) {
  const got = Array.from(await t.data());
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, -Math.log10(tol)));
}

const BROADCAST_SHAPES: Array<[number[], number[]]> = [
  [
    [2, 3],
    [2, 3],
  ],
  [[2, 3], [3]],
  [
    [2, 1],
    [1, 3],
  ],
  [[2, 3], []],
  [[], [2, 3]],
];

beforeAll(() => {
  registerGradients();
});

describe('registerGradients', () => {
  it('covers the required kernels and is idempotent', () => {
    const required = [
      'Abs',
      'Add',
      'AddN',
      'Atan',
      'Atan2',
      'BatchMatMul',
      'BroadcastTo',
      'Cast',
      'Ceil',
      'ClipByValue',
      'Concat',
      'Conv2D',
      'Conv2DBackpropInput',
      'Cos',
      'Cumsum',
      'DepthwiseConv2dNative',
      'Elu',
      'Exp',
      'ExpandDims',
      'Expm1',
      'Floor',
      'FloorDiv',
      'FusedBatchNorm',
      'GatherV2',
      'Identity',
      'LeakyRelu',
      'Log',
      'Log1p',
      'LogSoftmax',
      'Max',
      'Maximum',
      'MaxPool',
      'AvgPool',
      'Mean',
      'Min',
      'Minimum',
      'Mod',
      'Multiply',
      'Neg',
      'OneHot',
      'OnesLike',
      'Pack',
      'PadV2',
      'Pow',
      'Prelu',
      'Prod',
      'RealDiv',
      'Reciprocal',
      'Relu',
      'Relu6',
      'Reshape',
      'ResizeBilinear',
      'Round',
      'Rsqrt',
      'Select',
      'Sigmoid',
      'Sign',
      'Sin',
      'Slice',
      'Softmax',
      'Softplus',
      'SplitV',
      'Sqrt',
      'Square',
      'SquaredDifference',
      'Step',
      'Sub',
      'Sum',
      'Tanh',
      'Tile',
      'Transpose',
      'Unpack',
      'ZerosLike',
      'Equal',
      'NotEqual',
      'Greater',
      'GreaterEqual',
      'Less',
      'LessEqual',
      'LogicalAnd',
      'LogicalOr',
      'LogicalNot',
      'IsNan',
      'IsInf',
      'IsFinite',
      'ArgMax',
      'ArgMin',
    ];
    const missing = required.filter(
      (name) => (tf.getGradient(name) as tf.GradConfig | undefined) == null,
    );
    expect(missing).toEqual([]);
    expect(registerGradients()).toEqual([]);
  });

  it('has one config per kernel', () => {
    const names = gradientConfigs.map((c) => c.kernelName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps a gradient that was registered before it', () => {
    const custom: tf.GradConfig = { kernelName: 'Sum', gradFunc: () => ({}) };
    const original = tf.getGradient('Sum');
    tf.unregisterGradient('Sum');
    tf.registerGradient(custom);
    try {
      expect(registerGradients()).toEqual([]);
      expect(tf.getGradient('Sum')).toBe(custom);
    } finally {
      tf.unregisterGradient('Sum');
      tf.registerGradient(original);
    }
  });
});

describe('elementwise', () => {
  const cases: Array<[string, Fn, number, number]> = [
    ['abs', tf.abs, -1, 1],
    ['acos', tf.acos, -0.8, 0.8],
    ['acosh', tf.acosh, 1.2, 2],
    ['asin', tf.asin, -0.8, 0.8],
    ['asinh', tf.asinh, -1, 1],
    ['atan', tf.atan, -2, 2],
    ['atanh', tf.atanh, -0.8, 0.8],
    ['cos', tf.cos, -2, 2],
    ['cosh', tf.cosh, -1, 1],
    ['erf', tf.erf, -1, 1],
    ['exp', tf.exp, -1, 1],
    ['expm1', tf.expm1, -1, 1],
    ['log', tf.log, 0.3, 2],
    ['log1p', tf.log1p, -0.5, 1],
    ['neg', tf.neg, -1, 1],
    ['reciprocal', tf.reciprocal, 0.4, 2],
    ['rsqrt', tf.rsqrt, 0.4, 2],
    ['sin', tf.sin, -2, 2],
    ['sinh', tf.sinh, -1, 1],
    ['sqrt', tf.sqrt, 0.3, 2],
    ['square', tf.square, -1, 1],
    ['tan', tf.tan, -1, 1],
  ];
  for (const [name, f, lo, hi] of cases) {
    it(`${name}`, async () => {
      await expectNumericGrads(f, [rand([2, 3], lo, hi)]);
    });
  }

  it('abs follows tfjs at 0 (step(x, -1))', async () => {
    const g = tf.grad((x: Tensor) => tf.sum(tf.abs(x)))(tf.tensor1d([-2, 0, 3]));
    await expectGrad(g, [-1, -1, 1]);
  });

  it('sqrt is dy / (2 sqrt(x))', async () => {
    const g = tf.grad((x: Tensor) => tf.sum(tf.sqrt(x)))(tf.tensor1d([4, 0.25]));
    await expectGrad(g, [0.25, 1]);
  });
});

describe('binary (broadcasting)', () => {
  const cases: Array<[string, Fn, [number, number], [number, number]]> = [
    ['add', tf.add, [-1, 1], [-1, 1]],
    ['sub', tf.sub, [-1, 1], [-1, 1]],
    ['mul', tf.mul, [-1, 1], [-1, 1]],
    ['div', tf.div, [-1, 1], [0.5, 2]],
    ['squaredDifference', tf.squaredDifference, [-1, 1], [-1, 1]],
    ['maximum', tf.maximum, [-1, 1], [-1, 1]],
    ['minimum', tf.minimum, [-1, 1], [-1, 1]],
    ['atan2', tf.atan2, [-1, 1], [0.3, 1]],
    ['pow', tf.pow, [0.5, 2], [-1.5, 1.5]],
    // a / b stays inside (2, 3) under the finite-difference steps.
    ['mod', tf.mod, [2.3, 2.7], [1, 1.1]],
  ];
  for (const [name, f, [alo, ahi], [blo, bhi]] of cases) {
    for (const [sa, sb] of BROADCAST_SHAPES) {
      it(`${name} [${sa.join(',')}] vs [${sb.join(',')}]`, async () => {
        const a = rand(sa, alo, ahi);
        const b = rand(sb, blo, bhi);
        // Keep max/min away from ties that finite differences cannot resolve.
        const safeB = name === 'maximum' || name === 'minimum' ? tf.add(b, 0.05) : b;
        await expectNumericGrads(f, [a, safeB]);
      });
    }
  }

  it('maximum/minimum send ties to a', async () => {
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.tensor1d([1, 5, 0]);
    const [maxA, maxB] = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.maximum(x, y)))([a, b]);
    const [minA, minB] = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.minimum(x, y)))([a, b]);
    await expectGrad(maxA!, [1, 0, 1]);
    await expectGrad(maxB!, [0, 1, 0]);
    await expectGrad(minA!, [1, 1, 0]);
    await expectGrad(minB!, [0, 0, 1]);
  });

  it('pow exponent gradient is 0 where base <= 0', async () => {
    const [, db] = tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.pow(a, b)))([
      tf.tensor1d([-2, 0, 2]),
      tf.tensor1d([2, 2, 2]),
    ]);
    await expectGrad(db!, [0, 0, 4 * Math.log(2)], 1e-4);
  });

  it('floorDiv matches tfjs (realDiv gradient)', async () => {
    const a = rand([2, 3], 1, 3);
    const b = rand([3], 0.5, 2);
    const [fa, fb] = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.floorDiv(x, y)))([a, b]);
    const [ra, rb] = tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.div(x, y)))([a, b]);
    await expectGrad(fa!, Array.from(await ra!.data()));
    await expectGrad(fb!, Array.from(await rb!.data()), 1e-4);
  });

  it('addN', async () => {
    await expectNumericGrads(
      (a, b, c) => tf.addN([a, b, c]),
      [rand([2, 3]), rand([2, 3]), rand([2, 3])],
    );
  });
});

describe('reductions', () => {
  it('sum over all / one axis / keepDims', async () => {
    await expectNumericGrads((x) => tf.sum(x), [rand([2, 3])]);
    await expectNumericGrads((x) => tf.sum(x, 1), [rand([2, 3])]);
    await expectNumericGrads((x) => tf.sum(x, [0, 2], true), [rand([2, 3, 2])]);
    await expectNumericGrads((x) => tf.sum(x, -1), [rand([2, 3])]);
  });

  it('mean', async () => {
    await expectNumericGrads((x) => tf.mean(x), [rand([2, 3])]);
    await expectNumericGrads((x) => tf.mean(x, [0, 2], true), [rand([2, 3, 2])]);
  });

  it('max / min', async () => {
    await expectNumericGrads((x) => tf.max(x, 1), [distinct([3, 4])]);
    await expectNumericGrads((x) => tf.min(x, 0, true), [distinct([3, 4])]);
    await expectNumericGrads((x) => tf.max(x), [distinct([2, 3])]);
    await expectNumericGrads((x) => tf.min(x, [0, 2]), [distinct([2, 3, 2])]);
  });

  it('max / min send dy to every tied extremum', async () => {
    const x = tf.tensor2d([
      [1, 3, 3],
      [2, 2, 0],
    ]);
    await expectGrad(tf.grad((t: Tensor) => tf.sum(tf.max(t, 1)))(x), [0, 1, 1, 1, 1, 0]);
    await expectGrad(tf.grad((t: Tensor) => tf.sum(tf.min(t, 0)))(x), [1, 0, 0, 0, 1, 1]);
  });

  it('prod', async () => {
    await expectNumericGrads((x) => tf.prod(x, 1), [rand([2, 3], 0.5, 1.5)]);
    await expectNumericGrads((x) => tf.prod(x), [rand([2, 3], 0.5, 1.5)]);
    await expectNumericGrads((x) => tf.prod(x, [0, 2], true), [rand([2, 2, 2], 0.5, 1.5)]);
  });

  it('prod handles zeros', async () => {
    const g = tf.grad((x: Tensor) => tf.prod(x))(tf.tensor1d([2, 0, 3]));
    await expectGrad(g, [0, 6, 0]);
  });

  it('cumsum (axis, exclusive, reverse)', async () => {
    await expectNumericGrads((x) => tf.cumsum(x, 0), [rand([3, 4])]);
    await expectNumericGrads((x) => tf.cumsum(x, 1, true), [rand([3, 4])]);
    await expectNumericGrads((x) => tf.cumsum(x, 1, false, true), [rand([3, 4])]);
    // Every forward reverse scan here runs along a length-4 axis: the webgpu
    // backend (4.22) reuses reverse-scan shaders across axis lengths.
    await expectNumericGrads((x) => tf.cumsum(x, 0, true, true), [rand([4, 3])]);
  });

  it('logSumExp (composite)', async () => {
    await expectNumericGrads((x) => tf.logSumExp(x, 1), [rand([2, 3])]);
  });
});

describe('shape', () => {
  it('reshape / expandDims / squeeze / transpose / reverse', async () => {
    await expectNumericGrads((x) => tf.reshape(x, [3, 2]), [rand([2, 3])]);
    await expectNumericGrads((x) => tf.expandDims(x, 1), [rand([2, 3])]);
    await expectNumericGrads((x) => tf.squeeze(x), [rand([2, 1, 3])]);
    await expectNumericGrads((x) => tf.transpose(x, [2, 0, 1]), [rand([2, 3, 2])]);
    await expectNumericGrads((x) => tf.reverse(x, 1), [rand([2, 3])]);
  });

  it('slice', async () => {
    await expectNumericGrads((x) => tf.slice(x, [0, 1], [2, 2]), [rand([3, 4])]);
    await expectNumericGrads((x) => tf.slice(x, [1, 1], [-1, -1]), [rand([3, 4])]);
    await expectNumericGrads((x) => tf.slice(x, 1, 1), [rand([3, 4])]);
  });

  it('concat / stack / unstack / split', async () => {
    await expectNumericGrads(
      (a, b, c) => tf.concat([a, b, c], 1),
      [rand([2, 1]), rand([2, 3]), rand([2, 2])],
    );
    await expectNumericGrads((a, b) => tf.concat([a, b], -2), [rand([1, 3]), rand([2, 3])]);
    await expectNumericGrads((a, b) => tf.stack([a, b], 1), [rand([2, 3]), rand([2, 3])]);
    await expectNumericGrads((x) => tf.mul(tf.unstack(x, 1)[2]!, 2), [rand([2, 3])]);
    await expectNumericGrads((x) => tf.stack([...tf.unstack(x, 0)].reverse()), [rand([3, 2])]);
    await expectNumericGrads((x) => tf.mul(tf.split(x, [1, 3], 1)[1]!, 3), [rand([2, 4])]);
    await expectNumericGrads((x) => tf.concat([...tf.split(x, 2, 0)].reverse(), 0), [rand([4, 2])]);
  });

  it('gather (axis 0, axis 1, repeated indices, batchDims 1)', async () => {
    const idx = tf.tensor1d([2, 0, 2], 'int32');
    await expectNumericGrads((x) => tf.gather(x, idx), [rand([3, 2])]);
    await expectNumericGrads((x) => tf.gather(x, idx, 1), [rand([2, 3, 2])]);
    const idx2 = tf.tensor2d(
      [
        [1, 1],
        [0, 2],
      ],
      [2, 2],
      'int32',
    );
    await expectNumericGrads((x) => tf.gather(x, idx2, 1), [rand([2, 3])]);
    await expectNumericGrads((x) => tf.gather(x, idx2, 1, 1), [rand([2, 3, 2])]);
  });

  it('tile', async () => {
    await expectNumericGrads((x) => tf.tile(x, [3]), [rand([2])]);
    await expectNumericGrads((x) => tf.tile(x, [2, 3]), [rand([2, 2])]);
    await expectNumericGrads((x) => tf.tile(x, [1, 2, 2]), [rand([2, 1, 2])]);
  });

  it('pad / broadcastTo / clone / cast', async () => {
    await expectNumericGrads(
      (x) =>
        tf.pad(
          x,
          [
            [1, 0],
            [2, 1],
          ],
          0.5,
        ),
      [rand([2, 3])],
    );
    await expectNumericGrads((x) => tf.broadcastTo(x, [2, 2, 3]), [rand([1, 3])]);
    await expectNumericGrads((x) => tf.broadcastTo(x, [2, 3]), [rand([3])]);
    await expectNumericGrads((x) => tf.mul(tf.clone(x), x), [rand([2, 3])]);
    await expectNumericGrads((x) => tf.cast(tf.mul(x, x), 'float32'), [rand([2, 3])]);
  });

  it('where (select) with a comparison condition on the tape', async () => {
    const f: Fn = (x) => tf.where(tf.greater(x, 0), tf.square(x), tf.mul(x, -3));
    await expectNumericGrads(f, [rand([2, 3])]);
    // Scalar branch broadcast, condition from the other input.
    await expectNumericGrads(
      (x, y) => tf.where(tf.less(y, 0), x, tf.scalar(2)),
      [rand([2, 3]), rand([2, 3])],
    );
  });

  it('clipByValue passes dy on [min, max] inclusive', async () => {
    const away = tf.tensor2d([
      [-0.9, -0.3, 0.1],
      [0.2, 0.45, 0.7],
    ]);
    await expectNumericGrads((x) => tf.clipByValue(x, -0.5, 0.5), [away]);
    const g = tf.grad((x: Tensor) => tf.sum(tf.clipByValue(x, -1, 1)))(
      tf.tensor1d([-2, -1, 0, 1, 2]),
    );
    await expectGrad(g, [0, 1, 1, 1, 0]);
  });
});

/**
 * Whether the active backend has these kernels: tfjs-backend-wasm 4.22 has no
 * Conv2DBackpropFilter and no DepthwiseConv2dNativeBackprop* (docs/backends.md).
 */
const hasKernels = (...names: string[]): boolean => names.every((n) => tf.getKernel(n, tf.getBackend()) !== undefined);

describe('nn', () => {
  it('matMul (all transposes, batched, broadcast batch)', async () => {
    await expectNumericGrads((a, b) => tf.matMul(a, b), [rand([2, 3]), rand([3, 4])]);
    await expectNumericGrads((a, b) => tf.matMul(a, b, true, false), [rand([3, 2]), rand([3, 4])]);
    await expectNumericGrads((a, b) => tf.matMul(a, b, false, true), [rand([2, 3]), rand([4, 3])]);
    await expectNumericGrads((a, b) => tf.matMul(a, b, true, true), [rand([3, 2]), rand([4, 3])]);
    await expectNumericGrads((a, b) => tf.matMul(a, b), [rand([2, 2, 3]), rand([2, 3, 2])]);
    await expectNumericGrads((a, b) => tf.matMul(a, b), [rand([2, 2, 3]), rand([3, 2])]);
  });

  it.runIf(hasKernels('Conv2DBackpropFilter'))('conv2d (valid, same, strided)', async () => {
    const conv =
      (s: number, p: 'valid' | 'same'): Fn =>
      (x, w) =>
        tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, p);
    await expectNumericGrads(conv(1, 'valid'), [rand([1, 4, 4, 2]), rand([3, 3, 2, 2])]);
    await expectNumericGrads(conv(1, 'same'), [rand([2, 3, 3, 1]), rand([2, 2, 1, 3])]);
    await expectNumericGrads(conv(2, 'same'), [rand([1, 5, 5, 2]), rand([3, 3, 2, 2])]);
  });

  it.runIf(hasKernels('Conv2DBackpropFilter'))('conv2dTranspose', async () => {
    const f: Fn = (x, w) =>
      tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [1, 4, 4, 2], 2, 'same');
    await expectNumericGrads(f, [rand([1, 2, 2, 3]), rand([3, 3, 2, 3])]);
  });

  it.runIf(hasKernels('DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter'))('depthwiseConv2d', async () => {
    const f: Fn = (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
    await expectNumericGrads(f, [rand([1, 3, 3, 2]), rand([2, 2, 2, 2])]);
    const g: Fn = (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'valid');
    await expectNumericGrads(g, [rand([1, 5, 5, 1]), rand([3, 3, 1, 2])]);
  });

  // tfjs-backend-wasm 4.22's MaxPoolGrad misroutes dy where a window's maximum is <= 0 (docs/backends.md).
  it.runIf(tf.getBackend() !== 'wasm')('maxPool / avgPool', async () => {
    await expectNumericGrads(
      (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'),
      [distinct([1, 4, 4, 2])],
    );
    await expectNumericGrads(
      (x) => tf.maxPool(x as tf.Tensor4D, 3, 1, 'same'),
      [distinct([1, 3, 3, 1])],
    );
    await expectNumericGrads(
      (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'),
      [rand([1, 4, 4, 2])],
    );
    await expectNumericGrads(
      (x) => tf.avgPool(x as tf.Tensor4D, 3, 1, 'same'),
      [rand([2, 3, 3, 1])],
    );
  });

  // tfjs's tape cannot record FusedBatchNorm with an absent scale/offset
  // input, so only the full form is differentiable.
  it('batchNorm', async () => {
    const full: Fn = (x, m, v, o, s) => tf.batchNorm(x, m, v, o, s, 1e-3);
    await expectNumericGrads(full, [
      rand([2, 2, 2, 3]),
      rand([3]),
      rand([3], 0.5, 1.5),
      rand([3]),
      rand([3]),
    ]);
    await expectNumericGrads(full, [
      rand([2, 3]),
      rand([3]),
      rand([3], 0.5, 1.5),
      rand([3]),
      rand([3]),
    ]);
  });

  it('activations', async () => {
    const cases: Fn[] = [
      tf.relu,
      tf.relu6,
      (x) => tf.leakyRelu(x, 0.2),
      tf.elu,
      tf.selu,
      tf.sigmoid,
      tf.softplus,
      tf.tanh,
    ];
    for (const f of cases) await expectNumericGrads(f, [rand([2, 3], -2, 7)]);
    await expectNumericGrads((x, a) => tf.prelu(x, a), [rand([2, 3]), rand([3])]);
  });

  it('relu / relu6 masks match tfjs', async () => {
    const x = tf.tensor1d([-1, 0, 3, 6, 7]);
    await expectGrad(tf.grad((t: Tensor) => tf.sum(tf.relu(t)))(x), [0, 0, 1, 1, 1]);
    await expectGrad(tf.grad((t: Tensor) => tf.sum(tf.relu6(t)))(x), [0, 0, 1, 1, 0]);
  });

  it('softmax / logSoftmax', async () => {
    await expectNumericGrads((x) => tf.softmax(x), [rand([2, 4])]);
    await expectNumericGrads((x) => tf.softmax(tf.transpose(x)), [rand([3, 2])]);
    await expectNumericGrads((x) => tf.logSoftmax(x), [rand([2, 4])]);
  });

  it('resizeBilinear / resizeNearestNeighbor', async () => {
    await expectNumericGrads(
      (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [4, 5]),
      [rand([1, 2, 3, 2])],
    );
    await expectNumericGrads(
      (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [4, 4], true),
      [rand([1, 3, 3, 1])],
    );
    await expectNumericGrads(
      (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [4, 6]),
      [rand([1, 2, 3, 1])],
    );
  });
});

describe('non-differentiable ops on the tape', () => {
  const x = (): Tensor => tf.tensor1d([-1.5, -0.5, 0.5, 1.5]);
  /** grad of sum(x * cast(g(x), float32)) must be exactly cast(g(x)). */
  async function expectMaskGrad(g: (t: Tensor) => Tensor, expected: number[]) {
    const grad = tf.grad((t: Tensor) => tf.sum(tf.mul(t, tf.cast(g(t), 'float32'))))(x());
    await expectGrad(grad, expected);
  }

  it('comparisons', async () => {
    await expectMaskGrad((t) => tf.greater(t, 0), [0, 0, 1, 1]);
    await expectMaskGrad((t) => tf.greaterEqual(t, 0.5), [0, 0, 1, 1]);
    await expectMaskGrad((t) => tf.less(t, 0), [1, 1, 0, 0]);
    await expectMaskGrad((t) => tf.lessEqual(t, -0.5), [1, 1, 0, 0]);
    await expectMaskGrad((t) => tf.equal(t, 0.5), [0, 0, 1, 0]);
    await expectMaskGrad((t) => tf.notEqual(t, 0.5), [1, 1, 0, 1]);
  });

  it('logical and float predicates', async () => {
    await expectMaskGrad((t) => tf.logicalAnd(tf.greater(t, -1), tf.less(t, 1)), [0, 1, 1, 0]);
    await expectMaskGrad((t) => tf.logicalOr(tf.less(t, -1), tf.greater(t, 1)), [1, 0, 0, 1]);
    await expectMaskGrad((t) => tf.logicalNot(tf.greater(t, 0)), [1, 1, 0, 0]);
    await expectMaskGrad((t) => tf.isNaN(t), [0, 0, 0, 0]);
    await expectMaskGrad((t) => tf.isInf(t), [0, 0, 0, 0]);
    await expectMaskGrad((t) => tf.isFinite(t), [1, 1, 1, 1]);
  });

  it('rounding, sign, step', async () => {
    await expectMaskGrad(tf.floor, [-2, -1, 0, 1]);
    await expectMaskGrad(tf.ceil, [-1, 0, 1, 2]);
    await expectMaskGrad(tf.round, [-2, -0, 0, 2]);
    await expectMaskGrad(tf.sign, [-1, -1, 1, 1]);
    await expectMaskGrad((t) => tf.step(t), [0, 0, 1, 1]);
  });

  it('argMax / argMin / oneHot / zerosLike / onesLike', async () => {
    const m = tf.tensor2d([
      [0.1, 0.9, 0.3],
      [0.7, 0.2, 0.4],
    ]);
    const pick = (arg: (t: Tensor) => Tensor) =>
      tf.grad((t: Tensor) => tf.sum(tf.mul(t, tf.cast(tf.oneHot(arg(t), 3), 'float32'))))(m);
    await expectGrad(
      pick((t) => tf.argMax(t, 1)),
      [0, 1, 0, 1, 0, 0],
    );
    await expectGrad(
      pick((t) => tf.argMin(t, 1)),
      [1, 0, 0, 0, 1, 0],
    );
    const g = tf.grad((t: Tensor) =>
      tf.sum(tf.mul(tf.add(t, tf.onesLike(t)), tf.add(t, tf.zerosLike(t)))),
    )(tf.tensor1d([1, 2]));
    await expectGrad(g, [3, 5]);
  });
});

describe('memory', () => {
  it.runIf(hasKernels('Conv2DBackpropFilter'))('a full backward pass leaks no tensors', () => {
    const x = rand([1, 4, 4, 2]);
    const w = rand([3, 3, 2, 2]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const f = (a: Tensor, b: Tensor): Tensor => {
        const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same');
        const p = tf.maxPool(tf.relu(y), 2, 2, 'valid');
        return tf.mean(tf.where(tf.greater(p, 0.1), tf.square(p), tf.softplus(p)));
      };
      tf.grads(f)([x, w]);
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});

describe('reductions of empty tensors', () => {
  beforeAll(() => {
    registerGradients();
  });

  // tfjs-backend-webgpu 4.22 cannot run the forward Sum of an empty tensor at all (it asks
  // Dawn for a zero-size buffer), so this runs where the forward pass exists.
  it.skipIf(tf.getBackend() === 'webgpu')('Sum of an empty input gives an empty gradient of the input shape', async () => {
    const x = tf.zeros([0, 4]);
    const gSum = tf.grad((v: Tensor) => tf.sum(v))(x);
    expect(gSum.shape).toEqual([0, 4]);
    const gAxis = tf.grad((v: Tensor) => tf.sum(tf.sum(v, 1)))(x);
    expect(gAxis.shape).toEqual([0, 4]);
    expect((await gAxis.data()).length).toBe(0);
    tf.dispose([x, gSum, gAxis]);
  });
});
