// The bench's rows in a browser page, for tfjs's webgl backend: the checkout's library and
// bench-rows.mjs bundled with esbuild for the browser, loaded into a blank page of headless
// Chromium (Debian's, driven by playwright-core with executablePath; no browser is downloaded),
// with ANGLE on SwiftShader for WebGL 2 without a GPU. Requests go to the page one at a time, as
// to a worker process (runners.mjs); the page times its own steps.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONAL_PACKAGES } from './optional-packages.mjs';

/** Chromium without a GPU: WebGL 2 on SwiftShader (ANGLE over Vulkan), and off the network. */
const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The Chromium the bench drives (`CHROMIUM_PATH` to change it). */
export const chromiumPath = () => process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** The library packages every page loads (their whole modules, as worker.mjs loads them). */
const PACKAGES = ['@yolo-loss/backend', '@yolo-loss/yolov1', '@yolo-loss/yolov2', '@yolo-loss/yolov3', '@yolo-loss/yolov4', '@yolo-loss/yolov5'];

/**
 * The page's script: the checkout's tfjs-core, its webgl backend and its library (the optional
 * packages that resolve, the others named as missing), and this checkout's bench rows as
 * `globalThis.benchHandlers`.
 * @param {string} checkout - repository root whose packages are bundled
 * @returns {Promise<string>}
 */
async function bundle(checkout) {
  const benchDir = join(checkout, 'tooling', 'bench');
  const resolveFrom = createRequire(join(benchDir, 'package.json'));
  /** @param {string} name */
  const resolves = (name) => {
    try {
      resolveFrom.resolve(name);
      return true;
    } catch {
      return false;
    }
  };
  const optional = OPTIONAL_PACKAGES.map(([name, exportName], i) => ({ name, exportName, i, found: resolves(name) }));
  const rows = fileURLToPath(new URL('./bench-rows.mjs', import.meta.url));
  const entry = [
    "import * as tf from '@tensorflow/tfjs-core';",
    "import '@tensorflow/tfjs-backend-webgl';",
    ...PACKAGES.map((name, i) => `import * as p${i} from '${name}';`),
    ...optional.filter((o) => o.found).map((o) => `import * as o${o.i} from '${o.name}';`),
    `import { benchRows } from ${JSON.stringify(rows)};`,
    `const lib = { tf, ${PACKAGES.map((_, i) => `...p${i}`).join(', ')}, missing: {} };`,
    ...optional.map((o) =>
      o.found
        ? `lib[${JSON.stringify(o.exportName)}] = o${o.i}[${JSON.stringify(o.exportName)}];`
        : `lib.missing[${JSON.stringify(o.exportName)}] = ${JSON.stringify(`${o.name} cannot be imported from tooling/bench (not installed in this checkout)`)};`,
    ),
    'globalThis.benchHandlers = benchRows(lib);',
  ].join('\n');
  // esbuild and playwright-core are imported when a page is wanted: a bundle of the bench for a
  // machine without them (tooling/bench/device) leaves them out
  const { build } = await import('esbuild');
  const result = await build({
    stdin: { contents: entry, resolveDir: benchDir, sourcefile: 'bench-page.mjs', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Node-only paths the page never takes: the worker's dump, initBackend's Node WebGPU and wasm loading
    external: ['node:*', 'webgpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'],
    logLevel: 'error',
  });
  const out = result.outputFiles[0];
  if (out === undefined) throw new Error('esbuild produced no bundle');
  return out.text;
}

/**
 * Opens a page with the bench rows of `checkout` and returns the worker interface over it.
 * Throws (with the reason) where there is no Chromium.
 * @param {string} checkout - repository root whose built packages the page measures
 * @param {string} label - names the page in messages
 * @returns {Promise<import('./bench-types.js').BenchWorker & { browserVersion: string }>}
 */
export async function startBrowserWorker(checkout, label) {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
  const script = await bundle(checkout);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      // tfjs-webgl warns of "high memory usage" past 1 GB of textures: the large cases are meant to
      if ((m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('High memory usage')) {
        process.stderr.write(`[${label}] ${m.text()}\n`);
      }
    });
    /** @type {string | null} */
    let crashed = null;
    page.on('crash', () => (crashed = 'the page crashed'));
    page.on('pageerror', (e) => process.stderr.write(`[${label}] ${e.message}\n`));
    await page.setContent('<!doctype html><title>yolo-loss bench</title>');
    await page.addScriptTag({ content: script, type: 'module' });
    await page.waitForFunction(() => 'benchHandlers' in globalThis, undefined, { timeout: 120_000 });
    return {
      label,
      browserVersion: `Chromium ${browser.version()}`,
      async request(op, fields = {}) {
        if (crashed !== null) throw new Error(`${label}: ${crashed}`);
        return page.evaluate(
          async ([name, args]) => {
            const handlers = /** @type {import('./bench-types.js').BenchHandlers} */ (
              /** @type {{ benchHandlers?: unknown }} */ (globalThis).benchHandlers
            );
            const handler = handlers[name];
            if (handler === undefined) throw new Error(`unknown request '${name}'`);
            return handler(args);
          },
          /** @type {[string, Record<string, unknown>]} */ ([op, fields]),
        );
      },
      async close() {
        if (crashed === null) {
          // a page still inside a step (abandoned past --row-minutes) does not answer: close it anyway
          const exit = page.evaluate(() => /** @type {{ benchHandlers: import('./bench-types.js').BenchHandlers }} */ (/** @type {unknown} */ (globalThis)).benchHandlers['exit']?.({}));
          await Promise.race([exit.catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
        }
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
