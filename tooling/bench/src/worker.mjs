#!/usr/bin/env node
// One bench process (started by main.mjs): measures rows on one backend with the library of a
// built checkout — this repository, or another checkout given as the baseline — answering one
// JSON request per line on stdin with one `@@bench <json>` line on stdout (bench-rows.mjs).
//   node src/worker.mjs --checkout <repo root>
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchRows } from './bench-rows.mjs';
import { parseJson } from './runners.mjs';

const i = process.argv.indexOf('--checkout');
const checkout = resolve(i >= 0 ? process.argv[i + 1] : join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'));
// resolve the packages as the checkout's own bench package would: its tfjs-core, its build
const resolveFrom = createRequire(join(checkout, 'tooling', 'bench', 'package.json'));
/**
 * @param {string} name
 * @returns {Promise<unknown>}
 */
const load = (name) => import(pathToFileURL(resolveFrom.resolve(name)).href);
/** @type {import('./bench-types.js').BenchLib} */
const lib = {
  tf: /** @type {import('./bench-types.js').Tf} */ (await load('@tensorflow/tfjs-core')),
  ...(/** @type {typeof import('@yolo-loss/backend')} */ (await load('@yolo-loss/backend'))),
  ...(/** @type {typeof import('@yolo-loss/yolov1')} */ (await load('@yolo-loss/yolov1'))),
  ...(/** @type {typeof import('@yolo-loss/yolov2')} */ (await load('@yolo-loss/yolov2'))),
  ...(/** @type {typeof import('@yolo-loss/yolov3')} */ (await load('@yolo-loss/yolov3'))),
  ...(/** @type {typeof import('@yolo-loss/yolov4')} */ (await load('@yolo-loss/yolov4'))),
};
/** @type {import('./bench-types.js').BenchHandlers} */
const handlers = benchRows(lib);

/** @param {object} message */
const reply = (message) => process.stdout.write(`@@bench ${JSON.stringify(message)}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const { id, op, ...args } = /** @type {{ id: number, op: string } & Record<string, unknown>} */ (parseJson(line));
  try {
    const handler = handlers[op];
    if (handler === undefined) throw new Error(`unknown request '${op}'`);
    reply({ id, ...(await handler(args)) });
  } catch (error) {
    reply({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  if (op === 'exit') process.exit(0);
}
