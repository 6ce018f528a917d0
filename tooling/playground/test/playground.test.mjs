// End to end: serve the playground with Vite, open it in Debian's headless Chromium with
// WebGPU (SwiftShader on a machine without a GPU), train a few steps and check that training
// ran on WebGPU, the loss fell, and boxes and responsible cells were drawn. Saves a screenshot
// to .reports/playground.png. Never downloads a browser: it uses /usr/bin/chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// A fixed step count, not a time budget: under CI load SwiftShader runs 0.4–0.8 steps/s, and a
// time cap made the number of steps (and so whether any box clears the score) vary.
const STEPS = 24;
/** Only a guard: training stops after this many seconds whatever the step (a loaded 2-core machine
 * ran 0.2 steps/s: 24 steps took 2 min, and a 150 s cap failed a CI run). */
const SECONDS = 400;

/** @type {import('vite').ViteDevServer | undefined} */
let server;
/** @type {import('playwright-core').BrowserContext | undefined} */
let context;
/** @type {string | undefined} */
let userDataDir;

const hasChromium = existsSync(CHROMIUM);

beforeAll(async () => {
  if (!hasChromium) return;
  const vite = await createServer({
    root,
    configFile: join(root, 'vite.config.mjs'),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await vite.listen();
  server = vite;
  userDataDir = mkdtempSync(join(tmpdir(), 'yolo-loss-playground-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1500, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('playground in headless Chromium', () => {
  it('trains YOLOv3 on WebGPU (4 training images, 24 steps): the loss falls, boxes and responsible cells are drawn', async () => {
    if (!context || !server) throw new Error('the browser or the page server did not start');
    const page = await context.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const address = server.resolvedUrls?.local[0];
    if (!address) throw new Error('the page server has no local address');
    const url = new URL(address);
    // 4 training images, each batch all of them: the loss falls within a few steps
    url.search = new URLSearchParams({
      version: 'yolov3', preset: 'paper', backend: 'webgpu', steps: String(STEPS), maxSeconds: String(SECONDS),
      batch: '4', train: '4', val: '16', lr: '0.01', minScore: '0.05', autostart: '1',
    }).toString();
    await page.goto(url.href);
    await page.waitForFunction(
      () => {
        const phase = window.playground?.phase;
        return phase === 'done' || phase === 'error' || phase === 'stopped';
      },
      null,
      { timeout: 450_000, polling: 250 },
    );
    const state = await page.evaluate(() => window.playground);
    if (!state) throw new Error('the page did not set window.playground');
    mkdirSync(join(root, '.reports'), { recursive: true });
    await page.screenshot({ path: join(root, '.reports', 'playground.png'), fullPage: true });

    expect(state.error).toBeNull();
    expect(errors).toEqual([]);
    expect(state.phase).toBe('done');
    expect(state.backend).toBe('webgpu');
    expect(state.losses.length).toBeGreaterThanOrEqual(6);
    /** @param {number[]} xs */
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(state.losses.slice(0, 3));
    const last = mean(state.losses.slice(-3));
    console.log(`playground: ${state.adapter}, ${state.losses.length} steps, ${state.stepsPerSecond?.toFixed(2)} steps/s, loss ${first.toFixed(3)} → ${last.toFixed(3)}, ` +
      `${state.boxesDrawn} boxes, ${state.responsibleDrawn} responsible cells, mAP@0.5 ${state.map50?.toFixed(3)}`);
    expect(last).toBeLessThan(first * 0.8);
    expect(state.previewUpdates).toBeGreaterThan(2);
    expect(state.boxesDrawn).toBeGreaterThan(0);
    expect(state.responsibleDrawn).toBeGreaterThan(0);
  });
});
