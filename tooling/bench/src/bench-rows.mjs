// The rows one process measures: a row is a case built with one implementation (its inputs and
// loss function), prepared (warm-up, profile, reads, loss terms) and then timed one step at a
// time. Used in a worker process (worker.mjs) and, with `--in-process`, by main.mjs itself.
import { writeFileSync } from 'node:fs';
import { measureBandwidth } from './bandwidth.mjs';
import { benchCases } from './cases.mjs';
import { prepare, timeStep } from './measure.mjs';

/**
 * @param lib - `{ tf, initBackend, disposeBackend, yolov1Loss, yolov2Loss, yolov3Loss, yolov4Loss, resolveYolov3Config }`
 *   of one checkout.
 */
export function benchRows(lib) {
  const { tf } = lib;
  const cases = benchCases(lib);
  const rows = new Map();
  let next = 0;
  return {
    async init({ backend }) {
      const info = await lib.initBackend({ backend, log: false });
      const adapter = info.adapter;
      return {
        device: adapter ? `${adapter.vendor} ${adapter.description || adapter.device}`.trim() : null,
        bytesPerMs: await measureBandwidth(tf),
      };
    },
    async prepare({ name, impl }) {
      const c = cases.find((x) => x.name === name);
      if (c === undefined) throw new Error(`no case '${name}' in this checkout's bench`);
      const row = next++;
      rows.set(row, c.build(impl));
      const { inputs, loss } = rows.get(row);
      return { row, heads: inputs.length, ...(await prepare(tf, inputs, loss)) };
    },
    async step({ row }) {
      const { inputs, loss } = rows.get(row);
      return timeStep(tf, inputs, loss);
    },
    /** Writes a row's predictions (float32, heads in order) and ground truth for another runner. */
    async dump({ row, file }) {
      const { inputs, gt, config } = rows.get(row);
      const parts = await Promise.all(inputs.map((t) => t.data()));
      writeFileSync(`${file}.bin`, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
      writeFileSync(`${file}.json`, JSON.stringify({ heads: inputs.map((t) => t.shape), gt, config: config ?? null }));
      return { file };
    },
    async release({ row }) {
      tf.dispose(rows.get(row)?.inputs ?? []);
      rows.delete(row);
      return {};
    },
    async exit() {
      for (const row of [...rows.keys()]) await this.release({ row });
      await lib.disposeBackend();
      return {};
    },
  };
}
