// Fused against composed loss + gradient step times of YOLOv3 and YOLOv4 on tfjs's webgl backend in
// headless Chromium (Debian's /usr/bin/chromium through playwright, WebGL 2 on SwiftShader; no
// browser is downloaded). A measurement script, not a test: the page (step-time.page.ts, served
// from the checkout's sources by Vite) times its own steps; this prints the medians.
//
//   node tooling/backend-matrix/scripts/step-time.mjs [--steps 12] [--rounds 2] [--warmup 2]
//        [--size 416] [--batch 2] [--boxes 20] [--versions yolov3,yolov4]
//
// Each version runs `rounds` rounds of (fused, composed), each with `warmup` untimed steps and
// steps/rounds timed ones, so both implementations see the same drift of a shared machine.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { createServer, defaultClientConditions } from 'vite';

/** The workspace packages' export condition for their `src/*.ts` (tsconfig.base.json's customConditions). */
const sourceCondition = '@yolo-loss/source';

/** @typedef {import('./step-time.page.ts').StepRequest} StepRequest */
/** @typedef {import('./step-time.page.ts').StepReply} StepReply */
/** @typedef {'fused' | 'composed'} Implementation */

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '12' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '2' },
    size: { type: 'string', default: '416' },
    batch: { type: 'string', default: '2' },
    boxes: { type: 'string', default: '20' },
    versions: { type: 'string', default: 'yolov3,yolov4' },
  },
});
const steps = Number(args.steps);
const rounds = Number(args.rounds);
const perRound = Math.ceil(steps / rounds);

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (set CHROMIUM_PATH)`);

/** The flags of tooling/backend-matrix's vitest config: SwiftShader WebGL 2, no network. */
const chromiumArgs = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

const server = await createServer({
  configFile: false,
  root: here,
  logLevel: 'warn',
  resolve: { conditions: [sourceCondition, ...defaultClientConditions], dedupe: ['@tensorflow/tfjs-core'] },
  optimizeDeps: { include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgl'] },
  server: { port: 0, fs: { allow: [root] } },
});
await server.listen();
const url = server.resolvedUrls?.local[0];
const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs });

/**
 * @param {number[]} xs - at least one value
 * @returns {number}
 */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => process.stderr.write(`[page] ${e.message}\n`));
  page.on('console', (m) => {
    if (m.type() === 'error') process.stderr.write(`[page] ${m.text()}\n`);
  });
  await page.goto(`${url}step-time.html`);
  await page.waitForFunction(() => 'stepTime' in globalThis, undefined, { timeout: 300_000 });
  const shape = { size: Number(args.size), batch: Number(args.batch), boxes: Number(args.boxes) };
  const rows = [];
  let renderer = '';
  for (const version of /** @type {StepRequest['version'][]} */ (args.versions.split(','))) {
    /** @type {Record<Implementation, number[]>} */
    const times = { fused: [], composed: [] };
    /** @type {Record<Implementation, number[]>} */
    const terms = { fused: [], composed: [] };
    for (let round = 0; round < rounds; round++) {
      for (const implementation of /** @type {Implementation[]} */ (['fused', 'composed'])) {
        /** @type {StepRequest} */
        const request = { version, implementation, ...shape, warmup: Number(args.warmup), steps: perRound };
        const reply = await page.evaluate(
          (q) => /** @type {{ stepTime: (q: StepRequest) => Promise<StepReply> }} */ (/** @type {unknown} */ (globalThis)).stepTime(q),
          request,
        );
        if (reply.backend !== 'webgl') throw new Error(`the page ran on ${reply.backend}, not webgl`);
        renderer = reply.renderer;
        times[implementation].push(...reply.times);
        terms[implementation] = reply.terms;
        process.stderr.write(`${version} ${implementation} round ${round + 1}: ${reply.times.map((t) => t.toFixed(0)).join(' ')} ms\n`);
      }
    }
    const agree = Math.max(
      ...terms.fused.map((f, i) => {
        const c = terms.composed[i] ?? NaN;
        return Math.abs(f - c) / Math.max(Math.abs(c), 1e-12);
      }),
    );
    rows.push({ version, fused: times.fused, composed: times.composed, agree });
  }
  const name = `${shape.size}² b${shape.batch} ${shape.boxes} boxes/img, C = 80, preset paper, loss + gradient`;
  console.log(`\nwebgl step time, ${name}`);
  console.log(`Chromium ${browser.version()}, ${renderer}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}\n`);
  console.log('| version | fused median (ms) | composed median (ms) | composed / fused | steps each | max rel. term difference |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const [f, c] = [median(r.fused), median(r.composed)];
    console.log(`| ${r.version} | ${f.toFixed(1)} | ${c.toFixed(1)} | ${(c / f).toFixed(1)}× | ${r.fused.length} | ${r.agree.toExponential(1)} |`);
  }
} finally {
  await browser.close();
  await server.close();
}
