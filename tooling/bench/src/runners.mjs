// The processes main.mjs measures in: a Node worker per checkout and backend (worker.mjs) and,
// where PyTorch is installed, a Python worker (pytorch/*_step.py). Both answer one JSON request
// per line with one `@@bench <json>` line; anything else they print goes to our stderr.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

const PREFIX = '@@bench ';

/**
 * One JSON line of the bench protocol (its shape is stated where it is read).
 * @param {string} text
 * @returns {unknown}
 */
export function parseJson(text) {
  return JSON.parse(text);
}

/**
 * Starts a worker process and returns `request(op, args)` → the reply's fields (a reply with
 * `error` rejects), and `close()`.
 * @param {string} command
 * @param {string[]} args
 * @param {string} label - names the worker in messages
 * @returns {import('./bench-types.js').BenchWorker}
 */
export function startWorker(command, args, label) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  /** @type {Map<number, { resolve: (reply: unknown) => void, reject: (error: Error) => void }>} */
  const waiting = new Map();
  let next = 0;
  /** @type {string | number | null} */
  let exited = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(PREFIX)) {
      process.stderr.write(`[${label}] ${line}\n`);
      return;
    }
    const message = /** @type {{ id: number, error?: string }} */ (parseJson(line.slice(PREFIX.length)));
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) pending?.reject(new Error(`${label}: ${message.error}`));
    else pending?.resolve(message);
  });
  child.stdin.on('error', () => {}); // a worker that died: its requests reject on 'exit'
  child.on('error', (error) => {
    exited = error.message;
    for (const { reject } of waiting.values()) reject(new Error(`${label}: ${error.message}`));
    waiting.clear();
  });
  child.on('exit', (code) => {
    exited = code;
    for (const { reject } of waiting.values()) reject(new Error(`${label}: exited with code ${code}`));
    waiting.clear();
  });
  return {
    label,
    request(op, fields = {}) {
      if (exited !== null) return Promise.reject(new Error(`${label}: exited with code ${exited}`));
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.stdin.write(JSON.stringify({ id, op, ...fields }) + '\n');
      });
    },
    async close() {
      if (exited !== null) return;
      // a worker still inside a step (abandoned past --row-minutes) does not answer: kill it
      await Promise.race([this.request('exit').catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      child.stdin.end();
      if (exited === null) child.kill('SIGKILL');
    },
  };
}

/**
 * The same interface over handlers in this process (`--in-process`: no worker processes, e.g. in
 * a bundle). Requests run one at a time, as with a worker.
 * @param {import('./bench-types.js').BenchHandlers} handlers
 * @param {string} label
 * @returns {import('./bench-types.js').BenchWorker}
 */
export function inProcessWorker(handlers, label) {
  return {
    label,
    async request(op, fields = {}) {
      const handler = handlers[op];
      if (handler === undefined) throw new Error(`unknown request '${op}'`);
      return handler(fields);
    },
    async close() {
      await handlers.exit?.({});
    },
  };
}

/**
 * The first Python with PyTorch among `candidates` (`--python`, `python3`, `/usr/bin/python3`):
 * `{ python, torch }`, or null.
 * @param {string[]} candidates
 * @returns {{ python: string, torch: string } | null}
 */
export function findPyTorch(candidates) {
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python, torch: r.stdout.trim() };
  }
  return null;
}
