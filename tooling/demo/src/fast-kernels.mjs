// Faster CPU kernels for Slice, SplitV and Unpack. tfjs-backend-cpu copies a non-contiguous
// slice element by element through `TensorBuffer.get(...loc)` (an index array per element);
// the v3/v4 losses split their predictions along the last axis (x, y, w, h, objectness,
// classes) and their gradients slice again, so on the CPU these three kernels took ≈ 35 % of a
// YOLOv4 step. These versions copy rows with strides; the results are identical (checked by
// `test/fast-kernels.test.mjs` against the stock kernels). Demo-local: the packages and other
// backends are untouched.
import * as tf from '@tensorflow/tfjs-core';
import { gemm, transpose } from './gemm.mjs';

/**
 * @typedef {import('./gemm.mjs').NumericArray} NumericArray
 * @typedef {import('@tensorflow/tfjs-backend-cpu').MathBackendCPU} CpuBackend
 * @typedef {Parameters<tf.KernelFunc>[0]} KernelArgs - a kernel call as the registry passes it
 * @typedef {ReturnType<tf.KernelFunc>} KernelResult
 */

/**
 * A kernel call with the types a CPU kernel relies on: the registry types every call loosely
 * (`backend: {}`, every input possibly undefined, attributes of any kind), and tfjs registers
 * its own kernels with a cast (`as unknown as KernelFunc`); this is that cast, in one place.
 * The type wanted comes from the declaration it is assigned to.
 * @template {string} I - input names
 * @template {object} A - attributes
 * @param {KernelArgs} args
 * @returns {{ inputs: Record<I, tf.TensorInfo>, backend: CpuBackend, attrs: A }}
 */
function cpuCall(args) {
  return /** @type {{ inputs: Record<I, tf.TensorInfo>, backend: CpuBackend, attrs: A }} */ (/** @type {unknown} */ (args));
}

/**
 * The values of a numeric tensor on the CPU backend (string tensors keep the stock kernels, see
 * {@link installFastKernels}).
 * @param {CpuBackend} backend
 * @param {tf.TensorInfo} t
 * @returns {NumericArray}
 */
function numericValues(backend, t) {
  const values = backend.data.get(t.dataId).values;
  if (values === undefined || Array.isArray(values)) throw new Error(`fast kernels: a ${t.dtype} tensor has no numeric values on the CPU backend`);
  return values;
}

/**
 * Copies the box `begin … begin + size` of a row-major array of `shape` (numeric dtypes).
 * @template {NumericArray} T
 * @param {T} vals
 * @param {number[]} shape
 * @param {number[]} begin
 * @param {number[]} size
 * @returns {T} a new array of the same type
 */
export function stridedSlice(vals, shape, begin, size) {
  const rank = shape.length;
  const strides = new Array(rank);
  strides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  // merge trailing dimensions that are taken whole into one contiguous run
  let inner = rank - 1;
  while (inner > 0 && begin[inner] === 0 && size[inner] === shape[inner]) inner--;
  const run = size[inner] * strides[inner];
  const total = size.reduce((a, b) => a * b, 1);
  // a typed array's `constructor` is typed as a plain Function
  const Values = /** @type {new (length: number) => T} */ (vals.constructor);
  const out = new Values(total);
  if (total === 0) return out;
  const idx = new Array(inner).fill(0);
  let base = 0;
  for (let d = 0; d <= inner; d++) base += begin[d] * strides[d];
  for (let o = 0; o < total; o += run) {
    let src = base;
    for (let d = 0; d < inner; d++) src += idx[d] * strides[d];
    if (run < 16) for (let k = 0; k < run; k++) out[o + k] = vals[src + k];
    else out.set(vals.subarray(src, src + run), o);
    for (let d = inner - 1; d >= 0; d--) {
      if (++idx[d] < size[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * @param {CpuBackend} backend
 * @param {tf.TensorInfo} x
 * @param {number[]} begin
 * @param {number[]} size
 */
function sliceInfo(backend, x, begin, size) {
  return backend.makeTensorInfo(size, x.dtype, stridedSlice(numericValues(backend, x), x.shape, begin, size));
}

/**
 * The replacement kernels, by kernel name; `stock` runs the kernel they replace.
 * @type {Record<string, (args: KernelArgs, stock: () => KernelResult) => KernelResult>}
 */
const kernels = {
  Slice(args) {
    /** @type {{ inputs: { x: tf.TensorInfo }, backend: CpuBackend, attrs: tf.SliceAttrs }} */
    const { inputs: { x }, backend, attrs } = cpuCall(args);
    const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin, attrs.size);
    tf.slice_util.assertParamsValid(x, begin, size);
    return sliceInfo(backend, x, begin, size);
  },
  SplitV(args) {
    /** @type {{ inputs: { x: tf.TensorInfo }, backend: CpuBackend, attrs: tf.SplitVAttrs }} */
    const { inputs: { x }, backend, attrs } = cpuCall(args);
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
    /** @type {number[]} */
    const begin = new Array(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const t = sliceInfo(backend, x, begin, size);
      begin[axis] += s;
      return t;
    });
  },
  /** Float32 products whose batch dimensions are equal or absent on one side; else the stock kernel. */
  BatchMatMul(args, stock) {
    /** @type {{ inputs: { a: tf.TensorInfo, b: tf.TensorInfo }, backend: CpuBackend, attrs: tf.BatchMatMulAttrs }} */
    const { inputs: { a, b }, backend, attrs: { transposeA, transposeB } } = cpuCall(args);
    const batchA = a.shape.slice(0, -2);
    const batchB = b.shape.slice(0, -2);
    const same = batchA.length === batchB.length && batchA.every((d, i) => d === batchB[i]);
    const nA = tf.util.sizeFromShape(batchA);
    const nB = tf.util.sizeFromShape(batchB);
    let batch;
    if (same) batch = batchA;
    else if (nA === 1 && batchA.length <= batchB.length) batch = batchB;
    else if (nB === 1 && batchB.length <= batchA.length) batch = batchA;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !batch) return stock();
    const [ra, ca] = a.shape.slice(-2);
    const [rb, cb] = b.shape.slice(-2);
    const [M, K] = transposeA ? [ca, ra] : [ra, ca];
    const [K2, N] = transposeB ? [cb, rb] : [rb, cb];
    if (K !== K2) return stock();
    const av = numericValues(backend, a);
    const bv = numericValues(backend, b);
    const n = Math.max(nA, nB);
    const out = new Float32Array(n * M * N);
    const bT = transposeB && nB === 1 ? transpose(bv, N, K) : null;
    for (let i = 0; i < n; i++) {
      const aOff = nA === 1 ? 0 : i * M * K;
      const bOff = nB === 1 ? 0 : i * K * N;
      const bMat = bT ?? (transposeB ? transpose(bv, N, K, bOff) : bv);
      gemm(av, bMat, out, M, K, N, transposeA, aOff, transposeB ? 0 : bOff, i * M * N);
    }
    return backend.makeTensorInfo([...batch, M, N], 'float32', out);
  },
  Unpack(args) {
    /** @type {{ inputs: { value: tf.TensorInfo }, backend: CpuBackend, attrs: tf.UnpackAttrs }} */
    const { inputs: { value }, backend, attrs } = cpuCall(args);
    const axis = attrs.axis < 0 ? attrs.axis + value.shape.length : attrs.axis;
    const outShape = value.shape.filter((_, d) => d !== axis);
    const vals = numericValues(backend, value);
    /** @type {number[]} */
    const begin = new Array(value.shape.length).fill(0);
    const size = [...value.shape];
    size[axis] = 1;
    return Array.from({ length: value.shape[axis] }, (_, i) => {
      begin[axis] = i;
      return backend.makeTensorInfo(outShape, value.dtype, stridedSlice(vals, value.shape, begin, size));
    });
  },
};

let installed = false;
/** Replaces the CPU backend's Slice, SplitV, Unpack and BatchMatMul kernels (once per thread; string tensors keep the stock kernels). */
export function installFastKernels() {
  if (installed) return;
  installed = true;
  for (const [name, fn] of Object.entries(kernels)) {
    const stock = tf.getKernel(name, 'cpu');
    if (!stock) continue;
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({
      kernelName: name,
      backendName: 'cpu',
      kernelFunc: (args) => {
        const input = args.inputs.x ?? args.inputs.value;
        return input?.dtype === 'string' ? stock.kernelFunc(args) : fn(args, () => stock.kernelFunc(args));
      },
    });
  }
}
