// The parity fixtures of every loss package and geometry's torchvision fixtures, run unchanged in
// headless Chromium on tfjs's webgl backend (SwiftShader WebGL 2; Vitest browser mode driving
// Debian's /usr/bin/chromium through playwright — no browser is downloaded). YOLOv3 and YOLOv4 run
// both implementations there (their fused anchor-head kernels have GLSL programs), with their
// fused ≡ composed suites; the other versions run composed ops only. One project, `fixtures@webgl`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { sourceCondition, wantedBackends, fusedOnlyTests } from '@yolo-loss/vitest-config';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium flags: SwiftShader WebGL without a GPU, and none of Chromium's own network traffic. */
const args = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The versions whose fused kernels exist for webgl: their fused-path tests run in the page too. */
const fusedOnWebgl = ['yolov3', 'yolov4'];

/**
 * The test files the page runs: every parity fixture, the fused ≡ composed suites and the culling
 * test of the kernels webgl has, initBackend's browser cases, the page's own checks.
 */
const include = [
  'packages/*/test/fixtures.test.ts',
  ...fusedOnWebgl.map((v) => `packages/${v}/test/fused.test.ts`),
  'packages/backend/test/anchor-head-culling.test.ts',
  'packages/backend/test/anchor-head-large.test.ts',
  'packages/backend/test/anchor-head-backward.test.ts',
  'packages/geometry/test/torchvision.test.ts',
  'packages/*/test/*.browser.test.ts',
  'tooling/backend-matrix/test/*.test.ts',
];

function enabled() {
  if (!wantedBackends().includes('webgl') || process.env.YOLO_LOSS_SKIP_CHROMIUM === '1') return false;
  if (existsSync(chromium)) return true;
  if (process.env.CI) throw new Error(`backend-matrix: no Chromium at ${chromium} (set CHROMIUM_PATH; .ci/install-system.sh installs it)`);
  console.warn(`[yolo-loss] webgl fixtures skipped: no Chromium at ${chromium} (set CHROMIUM_PATH)`);
  return false;
}

/** test-utils' loadFixture reads with node:fs; in the page the same call reads over HTTP. */
const browserFixtures = {
  name: 'yolo-loss:browser-load-fixture',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === './load-fixture.js' && importer?.includes('/tooling/test-utils/src/')) {
      return fileURLToPath(new URL('./src/load-fixture.browser.ts', import.meta.url));
    }
    return null;
  },
};

const run = enabled();

export default defineConfig({
  plugins: [browserFixtures],
  resolve: { conditions: [sourceCondition, ...defaultClientConditions], dedupe: ['@tensorflow/tfjs-core'] },
  define: { 'process.env.YOLO_LOSS_TEST_BACKEND': JSON.stringify('webgl') },
  optimizeDeps: {
    include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgl'],
  },
  server: { fs: { allow: [root] } },
  test: {
    name: 'fixtures@webgl',
    dir: root,
    include: run ? include : [],
    passWithNoTests: true,
    // fused-path tests of the versions without webgl kernels are skipped (titles start with the version)
    testNamePattern: new RegExp(`^(?!(?!(?:${fusedOnWebgl.join('|')})\\b).*(?:${fusedOnlyTests.source}))`),
    setupFiles: [fileURLToPath(new URL('./src/setup-webgl.ts', import.meta.url))],
    reporters: ['default', 'json'],
    outputFile: { json: `${here}.reports/vitest.json` },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    browser: {
      enabled: run,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: { executablePath: chromium, args } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
