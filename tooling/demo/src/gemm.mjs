// Matrix products for the CPU backend: the conv layers (`conv.mjs`, as im2col + product) and
// tf.matMul (the BatchMatMul kernel in `fast-kernels.mjs`) of the demo's model use them.
// Products of more than 2^15 multiply-adds run on the WebAssembly SIMD kernel of
// `gemm-wasm.mjs` (≈ 6–15 GMAC/s on the 2-core development machine, copies included); smaller
// ones, and all of them where WebAssembly SIMD is missing, on plain JavaScript with 4×4
// register blocks: each step of the inner loop loads 4 values of A and 4 of B and does 16
// multiply-adds in local variables (float64), where a plain triple loop loads and stores C
// once per multiply-add (≈ 3 GMAC/s, against ≈ 0.8 for the plain loop and for
// tfjs-backend-cpu's BatchMatMul).
import { gemmWasm, wasmReady } from './gemm-wasm.mjs';

/**
 * The values of a numeric tensor (`t.dataSync()`): a product reads any of them, and writes float32.
 * @typedef {Float32Array | Int32Array | Uint8Array} NumericArray
 */

/** Products at least this large (M·K·N) go to the WebAssembly kernel. */
const WASM_MIN = 1 << 15;

/**
 * `C[M,N] = A·B`, row-major `Float32Array`s; A is `[M, K]`, or with `aT` stored transposed as
 * `[K, M]` (then `C = Aᵀ·B` of the stored matrix). B is `[K, N]`. C is overwritten.
 * @param {NumericArray} A
 * @param {NumericArray} B
 * @param {Float32Array} C
 * @param {number} M
 * @param {number} K
 * @param {number} N
 * @param {boolean} [aT]
 * @param {number} [aOff] - offset of A in its array
 * @param {number} [bOff] - offset of B
 * @param {number} [cOff] - offset of C
 */
export function gemm(A, B, C, M, K, N, aT = false, aOff = 0, bOff = 0, cOff = 0) {
  if (wasmReady && M * K * N >= WASM_MIN) {
    gemmWasm(A, B, C, M, K, N, aT, aOff, bOff, cOff);
    return;
  }
  gemmJs(A, B, C, M, K, N, aT, aOff, bOff, cOff);
}

/**
 * {@link gemm} in plain JavaScript (any size).
 * @type {typeof gemm}
 */
export function gemmJs(A, B, C, M, K, N, aT = false, aOff = 0, bOff = 0, cOff = 0) {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  if (aT) blockedAT(A, B, C, M, K, N, M4, N4, aOff, bOff, cOff);
  else blocked(A, B, C, M, K, N, M4, N4, aOff, bOff, cOff);
  // the rows and columns that do not fill a 4×4 block
  if (N4 < N) edge(A, B, C, M, K, N, aT, 0, M4, N4, N, aOff, bOff, cOff);
  if (M4 < M) edge(A, B, C, M, K, N, aT, M4, M, 0, N, aOff, bOff, cOff);
}

/**
 * The plain triple loop over rows `i0 … i1 − 1` and columns `j0 … j1 − 1` of C.
 * @param {NumericArray} A @param {NumericArray} B @param {Float32Array} C
 * @param {number} M @param {number} K @param {number} N @param {boolean} aT
 * @param {number} i0 @param {number} i1 @param {number} j0 @param {number} j1
 * @param {number} aOff @param {number} bOff @param {number} cOff
 */
function edge(A, B, C, M, K, N, aT, i0, i1, j0, j1, aOff, bOff, cOff) {
  const ai = aT ? 1 : K;
  const ak = aT ? M : 1;
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      let s = 0;
      for (let k = 0, a = aOff + i * ai, b = bOff + j; k < K; k++, a += ak, b += N) s += A[a] * B[b];
      C[cOff + i * N + j] = s;
    }
  }
}

/**
 * @typedef {(A: NumericArray, B: NumericArray, C: Float32Array, M: number, K: number, N: number,
 *   M4: number, N4: number, aOff: number, bOff: number, cOff: number) => void} BlockedProduct
 *   the 4×4 blocks of C's first `M4` rows and `N4` columns
 */

/**
 * A row-major.
 * @type {BlockedProduct}
 */
function blocked(A, B, C, M, K, N, M4, N4, aOff, bOff, cOff) {
  for (let i = 0; i < M4; i += 4) {
    const a0 = aOff + i * K;
    const a1 = a0 + K;
    const a2 = a1 + K;
    const a3 = a2 + K;
    for (let j = 0; j < N4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, b = bOff + j; k < K; k++, b += N) {
        const b0 = B[b], b1 = B[b + 1], b2 = B[b + 2], b3 = B[b + 3];
        const x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
        c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
      }
      let c = cOff + i * N + j;
      C[c] = c00; C[c + 1] = c01; C[c + 2] = c02; C[c + 3] = c03; c += N;
      C[c] = c10; C[c + 1] = c11; C[c + 2] = c12; C[c + 3] = c13; c += N;
      C[c] = c20; C[c + 1] = c21; C[c + 2] = c22; C[c + 3] = c23; c += N;
      C[c] = c30; C[c + 1] = c31; C[c + 2] = c32; C[c + 3] = c33;
    }
  }
}

/**
 * A stored transposed (`[K, M]`).
 * @type {BlockedProduct}
 */
function blockedAT(A, B, C, M, K, N, M4, N4, aOff, bOff, cOff) {
  for (let i = 0; i < M4; i += 4) {
    for (let j = 0; j < N4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, a = aOff + i, b = bOff + j; k < K; k++, a += M, b += N) {
        const b0 = B[b], b1 = B[b + 1], b2 = B[b + 2], b3 = B[b + 3];
        const x0 = A[a], x1 = A[a + 1], x2 = A[a + 2], x3 = A[a + 3];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
        c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
      }
      let c = cOff + i * N + j;
      C[c] = c00; C[c + 1] = c01; C[c + 2] = c02; C[c + 3] = c03; c += N;
      C[c] = c10; C[c + 1] = c11; C[c + 2] = c12; C[c + 3] = c13; c += N;
      C[c] = c20; C[c + 1] = c21; C[c + 2] = c22; C[c + 3] = c23; c += N;
      C[c] = c30; C[c + 1] = c31; C[c + 2] = c32; C[c + 3] = c33;
    }
  }
}

/**
 * The transpose of a row-major `[rows, cols]` matrix (at `off` in `src`).
 * @param {ArrayLike<number>} src
 * @param {number} rows
 * @param {number} cols
 * @param {number} [off]
 */
export function transpose(src, rows, cols, off = 0) {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const s = off + r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[s + c];
  }
  return out;
}
