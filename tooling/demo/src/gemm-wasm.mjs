// The matrix product of `gemm.mjs` as a WebAssembly SIMD kernel (128-bit, 4 floats per lane
// group), assembled here byte by byte: no toolchain, no binary file. The kernel computes
// `C = A·B` for A `[M, K]`, B `[K, N]` in its own memory, M a multiple of 4 and N of 8, in
// blocks of 4 rows × 8 columns held in 8 vector registers:
//
//   for i in 0, 4, …, M − 4:  for j in 0, 8, …, N − 8:
//     acc[r][h] = 0                                  (r < 4 rows, h < 2 halves of 4 columns)
//     for k in 0 … K − 1:
//       b0, b1 = B[k, j … j+3], B[k, j+4 … j+7]
//       for r: a = splat(A[i+r, k]); acc[r][0] += a·b0; acc[r][1] += a·b1
//     C[i+r, j … j+7] = acc[r]
//
// `gemmWasm` copies A (transposed, for `aT`) and B into that memory, padded with zeros to
// those multiples, runs the kernel and adds the result to C. Products, sums and the result
// are float32 (the plain-JavaScript product sums in float64). `wasmReady` is false where
// WebAssembly SIMD is missing; `gemm.mjs` then keeps its JavaScript loops.

const I32 = 0x7f;
const V128 = 0x7b;

/**
 * Unsigned LEB128.
 * @param {number} n
 */
function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/**
 * Signed LEB128 (small values).
 * @param {number} n
 */
function sleb(n) {
  /** @type {number[]} */
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** @param {number} id @param {number[]} bytes */
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
/** @param {(number | number[])[]} items - entries (an entry of several bytes as an array) */
const vec = (items) => [...uleb(items.length), ...items.flat()];
/** @param {string} s */
const str = (s) => vec([...s].map((c) => c.charCodeAt(0)));

// instructions
/** @param {number} l - local index */
const get = (l) => [0x20, ...uleb(l)];
/** @param {number} l - local index */
const set = (l) => [0x21, ...uleb(l)];
/** @param {number} n */
const i32c = (n) => [0x41, ...sleb(n)];
const add = [0x6a];
const mul = [0x6c];
const ltU = [0x49];
/** @param {number[]} body */
const loop = (body) => [0x03, 0x40, ...body, 0x0b];
/** @param {number} depth */
const brIf = (depth) => [0x0d, ...uleb(depth)];
/** @param {number} op */
const simd = (op) => [0xfd, ...uleb(op)];
const f32Load = [0x2a, 2, 0]; // align 4, offset 0
/** @param {number} offset */
const v128Load = (offset) => [...simd(0), 4, ...uleb(offset)];
/** @param {number} offset */
const v128Store = (offset) => [...simd(11), 4, ...uleb(offset)];
const v128Zero = [...simd(12), ...Array.from({ length: 16 }, () => 0)];
const f32x4Splat = simd(19);
const f32x4Add = simd(228);
const f32x4Mul = simd(230);

/**
 * The module: imports `env.memory`, exports `gemm(a, b, c, M, K, N, sr, sk)` (byte addresses;
 * A's element (i, k) at `a + i·sr + k·sk`, so `sr = 4K, sk = 4` reads A row-major and
 * `sr = 4, sk = 4M` reads it stored transposed).
 */
function assemble() {
  // params 0–7: a, b, c, M, K, N, sr, sk; i32 locals 8–15; v128 locals 16–26
  const [A, B, C, M, K, N, SR, SK] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [i, j, k, pa, pb, pc, sr2, sr3] = [8, 9, 10, 11, 12, 13, 14, 15];
  const acc = [16, 17, 18, 19, 20, 21, 22, 23]; // acc[2r + h]
  const [b0, b1, x] = [24, 25, 26];
  /** @type {number[][]} */
  const rowOffset = [[], [...get(SR), ...add], [...get(sr2), ...add], [...get(sr3), ...add]];
  /** @param {number} r - row of the block */
  const accumulateRow = (r) => [
    ...get(pa), ...rowOffset[r], ...f32Load, ...f32x4Splat, ...set(x),
    ...get(acc[2 * r]), ...get(x), ...get(b0), ...f32x4Mul, ...f32x4Add, ...set(acc[2 * r]),
    ...get(acc[2 * r + 1]), ...get(x), ...get(b1), ...f32x4Mul, ...f32x4Add, ...set(acc[2 * r + 1]),
  ];
  const kLoop = loop([
    ...get(pb), ...v128Load(0), ...set(b0),
    ...get(pb), ...v128Load(16), ...set(b1),
    ...accumulateRow(0), ...accumulateRow(1), ...accumulateRow(2), ...accumulateRow(3),
    ...get(pa), ...get(SK), ...add, ...set(pa),
    ...get(pb), ...get(N), ...i32c(4), ...mul, ...add, ...set(pb),
    ...get(k), ...i32c(1), ...add, ...set(k),
    ...get(k), ...get(K), ...ltU, ...brIf(0),
  ]);
  /**
   * @param {number} r - row of the block
   * @returns {number[]}
   */
  const storeRow = (r) => [
    ...get(pc), ...get(acc[2 * r]), ...v128Store(0),
    ...get(pc), ...get(acc[2 * r + 1]), ...v128Store(16),
    ...(r < 3 ? [...get(pc), ...get(N), ...i32c(4), ...mul, ...add, ...set(pc)] : []),
  ];
  const jLoop = loop([
    ...acc.flatMap((a) => [...v128Zero, ...set(a)]),
    // pa = A + i·sr, pb = B + 4j, k = 0
    ...get(A), ...get(i), ...get(SR), ...mul, ...add, ...set(pa),
    ...get(B), ...get(j), ...i32c(4), ...mul, ...add, ...set(pb),
    ...i32c(0), ...set(k),
    ...kLoop,
    // pc = C + 4(i·N + j)
    ...get(C), ...get(i), ...get(N), ...mul, ...get(j), ...add, ...i32c(4), ...mul, ...add, ...set(pc),
    ...storeRow(0), ...storeRow(1), ...storeRow(2), ...storeRow(3),
    ...get(j), ...i32c(8), ...add, ...set(j),
    ...get(j), ...get(N), ...ltU, ...brIf(0),
  ]);
  const iLoop = loop([
    ...i32c(0), ...set(j),
    ...jLoop,
    ...get(i), ...i32c(4), ...add, ...set(i),
    ...get(i), ...get(M), ...ltU, ...brIf(0),
  ]);
  const body = [
    ...vec([[...uleb(8), I32], [...uleb(11), V128]]), // locals
    ...get(SR), ...i32c(2), ...mul, ...set(sr2),
    ...get(SR), ...i32c(3), ...mul, ...set(sr3),
    ...i32c(0), ...set(i),
    ...iLoop,
    0x0b,
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
    ...section(1, vec([[0x60, ...vec(Array.from({ length: 8 }, () => I32)), ...vec([])]])), // type 0: (i32 × 8) → ()
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, ...uleb(1)]])), // memory, min 1 page
    ...section(3, vec([uleb(0)])), // function 0 has type 0
    ...section(7, vec([[...str('gemm'), 0x00, ...uleb(0)]])), // export function 0
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

/**
 * The instantiated kernel and its memory; null where WebAssembly SIMD is missing.
 * @type {{ memory: WebAssembly.Memory,
 *   gemm: (a: number, b: number, c: number, M: number, K: number, N: number, sr: number, sk: number) => void } | null}
 */
let kernel = null;
try {
  const bytes = assemble();
  if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
    const memory = new WebAssembly.Memory({ initial: 16 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    // WebAssembly's exports are untyped: the signature is the one assemble() declares
    const gemm = /** @type {NonNullable<typeof kernel>['gemm']} */ (instance.exports.gemm);
    kernel = { memory, gemm };
  }
} catch {
  kernel = null;
}

/** Whether the WebAssembly SIMD kernel is available here. */
export const wasmReady = kernel !== null;

/** The module's bytes (for tests). */
export const wasmBytes = assemble;

/**
 * `C[M,N] = A·B` (A `[M, K]`, or stored `[K, M]` with `aT`; B `[K, N]`; offsets into each
 * array) with the SIMD kernel. A and B are copied into the kernel's memory as they are (B
 * padded to a multiple of 8 columns); the rows past M of the last block read whatever follows
 * A there, and their results are dropped.
 * @param {import('./gemm.mjs').NumericArray} A
 * @param {import('./gemm.mjs').NumericArray} B
 * @param {Float32Array} C
 * @param {number} M
 * @param {number} K
 * @param {number} N
 * @param {boolean} [aT]
 * @param {number} [aOff]
 * @param {number} [bOff]
 * @param {number} [cOff]
 * @returns {boolean} false when the kernel is not available (nothing was done)
 */
export function gemmWasm(A, B, C, M, K, N, aT = false, aOff = 0, bOff = 0, cOff = 0) {
  if (!kernel) return false;
  const { memory } = kernel;
  const Mp = Math.ceil(M / 4) * 4;
  const Np = Math.ceil(N / 8) * 8;
  // A (M·K floats, then room for the overrun of the last block), B [K, Np], C [Mp, Np]
  const bBase = M * K + 4 * Math.max(K, M);
  const cBase = bBase + K * Np;
  const need = (cBase + Mp * Np) * 4;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const heap = new Float32Array(memory.buffer);
  heap.set(A.subarray(aOff, aOff + M * K), 0);
  if (Np === N) heap.set(B.subarray(bOff, bOff + K * N), bBase);
  else {
    for (let kk = 0; kk < K; kk++) {
      const dst = bBase + kk * Np;
      heap.set(B.subarray(bOff + kk * N, bOff + kk * N + N), dst);
      heap.fill(0, dst + N, dst + Np);
    }
  }
  kernel.gemm(0, bBase * 4, cBase * 4, Mp, K, Np, aT ? 4 : 4 * K, aT ? 4 * M : 4);
  if (Np === N) C.set(heap.subarray(cBase, cBase + M * N), cOff);
  else for (let r = 0; r < M; r++) C.set(heap.subarray(cBase + r * Np, cBase + r * Np + N), cOff + r * N);
  return true;
}
