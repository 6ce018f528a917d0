// The rows one process measures: a row is a case built with one implementation (its inputs and
// loss function), prepared (warm-up, profile, reads, loss terms) and then timed one step at a
// time. Used in a worker process (worker.mjs) and, with `--in-process`, by main.mjs itself.
import { writeFileSync } from 'node:fs';
import { measureBandwidth } from './bandwidth.mjs';
import { benchCases } from './cases.mjs';
import { prepare, timeStep } from './measure.mjs';

/**
 * @param {import('./bench-types.js').BenchLib} lib - tfjs-core and the losses of one checkout.
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
  return {
    /** @param {Record<string, unknown>} fields - `backend` */
    async init(fields) {
      const backend = /** @type {import('@yolo-loss/backend').BackendChoice} */ (fields['backend']);
      const info = await lib.initBackend({ backend, log: false });
      const adapter = info.adapter;
      return {
        device: adapter ? `${adapter.vendor} ${adapter.description || adapter.device}`.trim() : null,
        bytesPerMs: await measureBandwidth(tf),
      };
    },
    /** @param {Record<string, unknown>} fields - `name` (a case), `impl` */
    async prepare(fields) {
      const name = String(fields['name']);
      const impl = /** @type {import('@yolo-loss/heads').LossImplementation} */ (fields['impl']);
      const c = cases.find((x) => x.name === name);
      if (c === undefined) throw new Error(`no case '${name}' in this checkout's bench`);
      const row = next++;
      rows.set(row, c.build(impl));
      const { inputs, loss } = built(row);
      return { row, heads: inputs.length, ...(await prepare(tf, inputs, loss)) };
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
      for (const row of [...rows.keys()]) await this.release({ row });
      await lib.disposeBackend();
      return {};
    },
  };
}
