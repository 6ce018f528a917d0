// The rows one process measures: a row is a case built with one implementation (its inputs and
// loss function), prepared (warm-up, profile, reads, loss terms) and then timed one step at a
// time. Used in a worker process (worker.mjs), in a browser page (browser-runner.mjs) and, with
// `--in-process`, by main.mjs itself.
import { measureBandwidth } from './bandwidth.mjs';
import { benchCases } from './cases.mjs';
import { prepare, timeStep } from './measure.mjs';

/**
 * Whether an error says the fused implementation cannot run here (the backend has no kernel for
 * it, or the loss has none): the library's `YoloInputError` about `implementation 'fused'`.
 * @param {unknown} error
 */
export function fusedUnavailable(error) {
  return error instanceof Error && error.name === 'YoloInputError' && /\bfused\b/.test(error.message);
}

/**
 * The device a backend runs on, in words: the WebGPU adapter, the WebGL renderer, or null (the CPU).
 * @param {import('./bench-types.js').Tf} tf
 * @param {{ vendor: string, description: string, device: string } | null} adapter
 * @returns {string | null}
 */
function deviceName(tf, adapter) {
  if (adapter) return `${adapter.vendor} ${adapter.description || adapter.device}`.trim();
  if (tf.getBackend() !== 'webgl') return null;
  // the webgl backend's context (not in its typings): the unmasked renderer names ANGLE's device
  const gl = /** @type {{ gpgpu?: { gl?: WebGL2RenderingContext } }} */ (/** @type {unknown} */ (tf.backend())).gpgpu?.gl;
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'WebGL';
}

/**
 * @param {import('./bench-types.js').BenchLib} lib - tfjs-core and the losses of one checkout.
 * @returns {import('./bench-types.js').BenchHandlers}
 */
export function benchRows(lib) {
  const { tf } = lib;
  const cases = benchCases(lib);
  /** @type {Map<number, import('./bench-types.js').BuiltCase>} */
  const rows = new Map();
  /** @param {number} row */
  const built = (row) => {
    const b = rows.get(row);
    if (b === undefined) throw new Error(`no row ${row} in this worker`);
    return b;
  };
  let next = 0;
  /** @type {import('./bench-types.js').BenchHandlers} */
  const handlers = {
    /** @param {Record<string, unknown>} fields - `backend` */
    async init(fields) {
      const backend = /** @type {import('@yolo-loss/backend').BackendChoice} */ (fields['backend']);
      const info = await lib.initBackend({ backend, log: false });
      return { device: deviceName(tf, info.adapter), bytesPerMs: await measureBandwidth(tf) };
    },
    /**
     * Builds and prepares a row, or says why it cannot run here (`skip`): the checkout lacks the
     * package the case needs, or the backend has no fused kernel for it (asked of the library at
     * run time, so a kernel registered for a backend gives that backend its fused row).
     * @param {Record<string, unknown>} fields - `name` (a case), `impl`
     */
    async prepare(fields) {
      const name = String(fields['name']);
      const impl = /** @type {import('@yolo-loss/heads').LossImplementation} */ (fields['impl']);
      const c = cases.find((x) => x.name === name);
      if (c === undefined) throw new Error(`no case '${name}' in this checkout's bench`);
      if (c.requires !== undefined && lib[c.requires] === undefined) {
        return { skip: `this checkout has no ${c.requires}${lib.missing?.[c.requires] ? ` (${lib.missing[c.requires]})` : ''}` };
      }
      const b = c.build(impl);
      if (impl === 'fused') {
        try {
          tf.dispose(Object.values(tf.tidy(() => ({ ...b.loss(b.inputs) }))));
        } catch (error) {
          tf.dispose(b.inputs);
          if (fusedUnavailable(error)) return { skip: `composed only: ${/** @type {Error} */ (error).message}` };
          throw error;
        }
      }
      const row = next++;
      rows.set(row, b);
      return { row, heads: b.inputs.length, ...(await prepare(tf, b.inputs, b.loss)) };
    },
    /** @param {Record<string, unknown>} fields - `row` */
    async step(fields) {
      const { inputs, loss } = built(Number(fields['row']));
      return timeStep(tf, inputs, loss);
    },
    /**
     * Writes a row's predictions (float32, heads in order) and ground truth for another runner.
     * @param {Record<string, unknown>} fields - `row`, `file` (the path without extension)
     */
    async dump(fields) {
      const { writeFileSync } = await import('node:fs'); // Node workers only (not in a page)
      const file = String(fields['file']);
      const { inputs, gt, config } = built(Number(fields['row']));
      const parts = /** @type {Float32Array[]} */ (await Promise.all(inputs.map((t) => t.data())));
      writeFileSync(`${file}.bin`, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
      writeFileSync(`${file}.json`, JSON.stringify({ heads: inputs.map((t) => t.shape), gt, config: config ?? null }));
      return { file };
    },
    /** @param {Record<string, unknown>} fields - `row` */
    release(fields) {
      const row = Number(fields['row']);
      tf.dispose(rows.get(row)?.inputs ?? []);
      rows.delete(row);
      return Promise.resolve({});
    },
    async exit() {
      for (const row of [...rows.keys()]) await handlers['release']?.({ row });
      await lib.disposeBackend();
      return {};
    },
  };
  return handlers;
}
