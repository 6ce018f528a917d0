/** Gradients of neural-network kernels: convolutions, pooling, matmul, norms, activations. */
import * as tf from '@tensorflow/tfjs-core';
import type {
  AvgPoolAttrs,
  BatchMatMulAttrs,
  Conv2DAttrs,
  Conv2DBackpropInputAttrs,
  DepthwiseConv2dNativeAttrs,
  FusedBatchNormAttrs,
  GradConfig,
  LeakyReluAttrs,
  LogSoftmaxAttrs,
  MaxPoolAttrs,
  SoftmaxAttrs,
  Tensor,
} from '@tensorflow/tfjs-core';
import { attrsOf, f32, runKernel, savedAt, single, unbroadcast } from './util.js';

// SELU constants, identical to tfjs's selu_util.
const SELU_SCALE = 1.0507009873554805;
const SELU_SCALE_ALPHA = 1.7580993408473768;

/** The backprop kernels below assume unit dilation, like tfjs's own gradients. */
function assertUnitDilation(op: string, dilations: number | [number, number] | undefined): void {
  const [h, w] = typeof dilations === 'number' ? [dilations, dilations] : (dilations ?? [1, 1]);
  if (h !== 1 || w !== 1) {
    throw new Error(`gradient of ${op}: dilations > 1 are not supported, got ${String(dilations)}`);
  }
}

/** Config for an activation whose derivative needs its input `x`. */
function activation(kernelName: string, dx: (dy: Tensor, x: Tensor) => Tensor): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => dx(single(dy), f32(savedAt(saved, 0))) }),
  };
}

/** `dy` where the boolean `mask` holds, 0 elsewhere. */
function keep(dy: Tensor, mask: Tensor): Tensor {
  return tf.mul(dy, tf.cast(mask, 'float32'));
}

/**
 * AvgPool backward. The forward kernels average only the in-bounds values of a
 * padded window, but the AvgPoolGrad kernels always divide by the full window
 * size; so dy is first rescaled by window / in-bounds count (a no-op for
 * 'valid' padding, which is skipped).
 */
function avgPoolGrad(dy: Tensor, x: Tensor, attrs: AvgPoolAttrs): Tensor {
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  let g = dy;
  if (pad !== 'valid') {
    const [fh, fw] = typeof filterSize === 'number' ? [filterSize, filterSize] : filterSize;
    const plane = tf.ones<tf.Rank.R4>([1, x.shape[1] ?? 1, x.shape[2] ?? 1, 1]);
    const window = tf.ones<tf.Rank.R4>([fh, fw, 1, 1]);
    const counts = tf.conv2d(plane, window, strides, pad, 'NHWC', 1, dimRoundingMode);
    g = tf.mul(dy, tf.div(fh * fw, counts));
  }
  return runKernel('AvgPoolGrad', { dy: g, input: x }, { filterSize, strides, pad });
}

/** d(op(a)·op(b)) / da, where op transposes the last two axes when flagged. */
function matMulGradA(dy: Tensor, b: Tensor, ta: boolean, tb: boolean): Tensor {
  return ta ? tf.matMul(b, dy, tb, true) : tf.matMul(dy, b, false, !tb);
}

/** d(op(a)·op(b)) / db. */
function matMulGradB(dy: Tensor, a: Tensor, ta: boolean, tb: boolean): Tensor {
  return tb ? tf.matMul(dy, a, true, ta) : tf.matMul(a, dy, !ta, false);
}

/** Neural-network gradient configs. */
export const nnGradConfigs: GradConfig[] = [
  {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const a = savedAt(saved, 0);
      const b = savedAt(saved, 1);
      const { transposeA, transposeB } = attrsOf<BatchMatMulAttrs>(attrs);
      const g = single(dy);
      // A batch of 1 broadcasts against the other operand's batch; sum it back.
      return {
        a: () => unbroadcast(matMulGradA(g, b, transposeA, transposeB), a.shape),
        b: () => unbroadcast(matMulGradB(g, a, transposeA, transposeB), b.shape),
      };
    },
  },
  {
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const filter = savedAt(saved, 1);
      const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrsOf<Conv2DAttrs>(attrs);
      assertUnitDilation('Conv2D', dilations);
      const g = single(dy);
      const common = { strides, pad, dataFormat, dimRoundingMode };
      return {
        x: () =>
          runKernel('Conv2DBackpropInput', { dy: g, filter }, { ...common, inputShape: x.shape }),
        filter: () =>
          runKernel('Conv2DBackpropFilter', { x, dy: g }, { ...common, filterShape: filter.shape }),
      };
    },
  },
  {
    // conv2dTranspose: the output is "dx-shaped", its input `dy` is conv2d-output-shaped.
    kernelName: 'Conv2DBackpropInput',
    inputsToSave: ['dy', 'filter'],
    gradFunc: (ddx, saved, attrs) => {
      const dy = savedAt(saved, 0);
      const filter = savedAt(saved, 1);
      const { strides, pad, dataFormat, dimRoundingMode } =
        attrsOf<Conv2DBackpropInputAttrs>(attrs);
      const g = single(ddx);
      return {
        dy: () =>
          tf.conv2d(
            g as tf.Tensor4D,
            filter as tf.Tensor4D,
            strides,
            pad,
            dataFormat,
            1,
            dimRoundingMode,
          ),
        filter: () =>
          runKernel(
            'Conv2DBackpropFilter',
            { x: g, dy },
            { strides, pad, dataFormat, dimRoundingMode, filterShape: filter.shape },
          ),
      };
    },
  },
  {
    kernelName: 'DepthwiseConv2dNative',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const filter = savedAt(saved, 1);
      const { strides, pad, dilations, dimRoundingMode } =
        attrsOf<DepthwiseConv2dNativeAttrs>(attrs);
      assertUnitDilation('DepthwiseConv2dNative', dilations);
      const g = single(dy);
      const common = { strides, pad, dilations: [1, 1], dimRoundingMode };
      return {
        x: () =>
          runKernel(
            'DepthwiseConv2dNativeBackpropInput',
            { dy: g, filter },
            { ...common, inputShape: x.shape },
          ),
        filter: () =>
          runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x, dy: g },
            { ...common, filterShape: filter.shape },
          ),
      };
    },
  },
  {
    kernelName: 'MaxPool',
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      const y = savedAt(saved, 1);
      const { filterSize, strides, pad, dimRoundingMode } = attrsOf<MaxPoolAttrs>(attrs);
      return {
        x: () =>
          runKernel(
            'MaxPoolGrad',
            { dy: single(dy), input: x, output: y },
            { filterSize, strides, pad, dimRoundingMode },
          ),
      };
    },
  },
  {
    kernelName: 'AvgPool',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedAt(saved, 0);
      return { x: () => avgPoolGrad(single(dy), x, attrsOf<AvgPoolAttrs>(attrs)) };
    },
  },
  {
    kernelName: 'ResizeBilinear',
    inputsToSave: ['images'],
    gradFunc: (dy, saved, attrs) => {
      const images = savedAt(saved, 0);
      // The reshape is a no-op except on tfjs-backend-cpu 4.22, whose kernel lays
      // the data out as NHWC but labels it [N, W, H, C].
      return {
        images: () =>
          tf.reshape(
            runKernel('ResizeBilinearGrad', { images, dy: single(dy) }, attrs),
            images.shape,
          ),
      };
    },
  },
  {
    kernelName: 'ResizeNearestNeighbor',
    inputsToSave: ['images'],
    gradFunc: (dy, saved, attrs) => ({
      images: () =>
        runKernel(
          'ResizeNearestNeighborGrad',
          { images: savedAt(saved, 0), dy: single(dy) },
          attrs,
        ),
    }),
  },
  {
    // y = (x - mean) * r * scale + offset with r = 1 / sqrt(variance + eps).
    kernelName: 'FusedBatchNorm',
    // Like tfjs, `scale` must be present while recording (the engine cannot save
    // an absent input); `offset` is not saved, its gradient takes mean's shape.
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved;
      if (x === undefined || mean === undefined || variance === undefined) {
        throw new Error('gradient of FusedBatchNorm: x, mean and variance must be saved');
      }
      const { varianceEpsilon } = attrsOf<FusedBatchNormAttrs>(attrs);
      const g = single(dy);
      const r = tf.rsqrt(tf.add(variance, varianceEpsilon));
      const centered = tf.sub(x, mean);
      const gScaled = scale === undefined ? g : tf.mul(g, scale);
      const grads: Record<string, () => Tensor> = {
        x: () => unbroadcast(tf.mul(gScaled, r), x.shape),
        mean: () => unbroadcast(tf.neg(tf.mul(gScaled, r)), mean.shape),
        // d r / d variance = -1/2 r^3.
        variance: () =>
          unbroadcast(
            tf.mul(tf.mul(gScaled, centered), tf.mul(tf.pow(r, 3), -0.5)),
            variance.shape,
          ),
      };
      if (scale !== undefined)
        grads['scale'] = () => unbroadcast(tf.mul(g, tf.mul(centered, r)), scale.shape);
      grads['offset'] = () => unbroadcast(g, mean.shape);
      return grads;
    },
  },
  activation('Relu', (dy, x) => keep(dy, tf.greater(x, 0))),
  // tfjs passes dy on 0 < x <= 6.
  activation('Relu6', (dy, x) => keep(dy, tf.logicalAnd(tf.greater(x, 0), tf.lessEqual(x, 6)))),
  {
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const { alpha } = attrsOf<LeakyReluAttrs>(attrs);
      const g = single(dy);
      return { x: () => tf.where(tf.greater(savedAt(saved, 0), 0), g, tf.mul(g, alpha)) };
    },
  },
  {
    kernelName: 'Prelu',
    inputsToSave: ['x', 'alpha'],
    gradFunc: (dy, saved) => {
      const x = savedAt(saved, 0);
      const alpha = savedAt(saved, 1);
      const g = single(dy);
      const positive = (): Tensor => tf.greater(x, 0);
      return {
        x: () => tf.where(positive(), g, tf.mul(g, alpha)),
        alpha: () => unbroadcast(tf.where(positive(), tf.zerosLike(g), tf.mul(g, x)), alpha.shape),
      };
    },
  },
  {
    // elu'(x) = 1 for x > 0, else exp(x) = y + 1.
    kernelName: 'Elu',
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const y = savedAt(saved, 0);
      const g = single(dy);
      return { x: () => tf.where(tf.greater(y, 0), g, tf.mul(g, tf.add(y, 1))) };
    },
  },
  activation('Selu', (dy, x) =>
    tf.where(
      tf.greater(x, 0),
      tf.mul(dy, SELU_SCALE),
      tf.mul(tf.mul(dy, SELU_SCALE_ALPHA), tf.exp(x)),
    ),
  ),
  {
    kernelName: 'Sigmoid',
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const y = savedAt(saved, 0);
      return { x: () => tf.mul(single(dy), tf.mul(y, tf.sub(1, y))) };
    },
  },
  {
    kernelName: 'Tanh',
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const y = savedAt(saved, 0);
      return { x: () => tf.mul(single(dy), tf.sub(1, tf.square(y))) };
    },
  },
  activation('Softplus', (dy, x) => tf.mul(dy, tf.sigmoid(x))),
  {
    // dx = y * (dy - sum(dy * y)) along the softmax axis.
    kernelName: 'Softmax',
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = savedAt(saved, 0);
      const { dim } = attrsOf<SoftmaxAttrs>(attrs);
      const g = single(dy);
      return { logits: () => tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), dim, true))) };
    },
  },
  {
    // dx = dy - softmax * sum(dy), with softmax = exp(logSoftmax).
    kernelName: 'LogSoftmax',
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const y = savedAt(saved, 0);
      const { axis } = attrsOf<LogSoftmaxAttrs>(attrs);
      const g = single(dy);
      return { logits: () => tf.sub(g, tf.mul(tf.exp(y), tf.sum(g, axis, true))) };
    },
  },
];
