// The processes main.mjs measures in: a Node worker per checkout and backend (worker.mjs) and,
// where PyTorch is installed, a Python worker (pytorch/*_step.py). Both answer one JSON request
// per line with one `@@bench <json>` line; anything else they print goes to our stderr.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

const PREFIX = '@@bench ';

/**
 * Starts a worker process and returns `request(op, args)` → the reply's fields (a reply with
 * `error` rejects), and `close()`.
 */
export function startWorker(command, args, label) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map();
  let next = 0;
  let exited = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(PREFIX)) {
      process.stderr.write(`[${label}] ${line}\n`);
      return;
    }
    const message = JSON.parse(line.slice(PREFIX.length));
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
      await this.request('exit').catch(() => {});
      child.stdin.end();
    },
  };
}

/**
 * The same interface over handlers in this process (`--in-process`: no worker processes, e.g. in
 * a bundle). Requests run one at a time, as with a worker.
 */
export function inProcessWorker(handlers, label) {
  return {
    label,
    async request(op, fields = {}) {
      return handlers[op](fields);
    },
    async close() {
      await handlers.exit();
    },
  };
}

/**
 * The first Python with PyTorch among `candidates` (`--python`, `python3`, `/usr/bin/python3`):
 * `{ python, torch }`, or null.
 */
export function findPyTorch(candidates) {
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python, torch: r.stdout.trim() };
  }
  return null;
}
