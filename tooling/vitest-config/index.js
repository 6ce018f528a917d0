// Shared vitest config for every package: one test suite, run once per tfjs backend.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** The custom export condition that points workspace packages at their `src/*.ts`. */
export const sourceCondition = '@yolo-loss/source';

const probeScript = fileURLToPath(new URL('./probe-webgpu.js', import.meta.url));
/** Fails a webgpu test file that leaves its worker near the process's memory-mapping limit. */
const mappingGuard = fileURLToPath(new URL('./mapping-guard.js', import.meta.url));
let probed;

/** Asks a child process whether Node has a WebGPU adapter here (cached per process). */
export function probeWebGPU() {
  if (!probed) {
    const run = spawnSync(process.execPath, [probeScript], {
      encoding: 'utf8',
      env: { XDG_RUNTIME_DIR: '/tmp', ...process.env },
      timeout: 60_000,
    });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    try {
      probed = JSON.parse(line);
    } catch {
      probed = { ok: false, reason: `probe failed: ${run.stderr.trim().split('\n').pop()}` };
    }
  }
  return probed;
}

/** Every backend the test matrix knows: the Node projects below, and `webgl` in a browser (tooling/backend-matrix). */
export const allBackends = ['cpu', 'webgpu', 'wasm', 'webgl'];

/** The backends a package's suite runs on in Node, each its own project `<pkg>@<backend>`. */
export const nodeBackends = ['cpu', 'webgpu', 'wasm'];

/**
 * Node backends without the library's fused loss kernels (the losses run composed tfjs ops there),
 * and `webgl`, which has only YOLOv3/v4's (tooling/backend-matrix picks its tests itself).
 */
export const composedOnlyBackends = ['wasm', 'webgl'];

/**
 * Tests of the fused path by name — `(fused…)` fixture groups and `fused ≡ composed` suites —
 * which a backend without the fused kernels skips.
 */
export const fusedOnlyTests = /\(fused\b|\bfused ≡ composed\b/;

/** The tests of a package that every backend must pass: the parity fixtures (and initBackend's own). */
export const fixtureTests = ['test/fixtures.test.ts', 'test/torchvision.test.ts', 'test/init-backend*.test.ts'];

/**
 * Which backends this run covers: `YOLO_LOSS_BACKENDS=cpu,webgpu,wasm,webgl` (default all).
 * @returns {string[]}
 */
export function wantedBackends() {
  const list = (process.env.YOLO_LOSS_BACKENDS ?? allBackends.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = list.filter((b) => !allBackends.includes(b));
  if (unknown.length > 0) {
    throw new Error(`YOLO_LOSS_BACKENDS: unknown backend(s) ${unknown.join(', ')} (expected some of ${allBackends.join(', ')})`);
  }
  return list;
}

/** The Node backends of this run; webgpu only where an adapter exists, unless it is required. */
function wantedNodeBackends() {
  const list = wantedBackends().filter((b) => nodeBackends.includes(b));
  const requireWebGPU = process.env.YOLO_LOSS_REQUIRE_WEBGPU === '1';
  if (requireWebGPU && !list.includes('webgpu')) list.push('webgpu');
  if (!list.includes('webgpu')) return list;
  const probe = probeWebGPU();
  if (probe.ok || requireWebGPU) return list; // required + missing: the webgpu project fails in setup
  console.warn(
    `[yolo-loss] webgpu project skipped: ${probe.reason}. Set YOLO_LOSS_REQUIRE_WEBGPU=1 to make this an error.`,
  );
  return list.filter((b) => b !== 'webgpu');
}

/**
 * What the `wasm` project runs: the whole suite (`YOLO_LOSS_WASM_TESTS=suite`) or the parity
 * fixtures only (`fixtures`, the default).
 */
function wasmInclude() {
  const scope = process.env.YOLO_LOSS_WASM_TESTS ?? 'fixtures';
  if (scope === 'suite') return ['test/**/*.test.ts'];
  if (scope === 'fixtures') return fixtureTests;
  throw new Error(`YOLO_LOSS_WASM_TESTS must be 'fixtures' or 'suite', got '${scope}'`);
}

/**
 * The vitest config of one package: a project per Node backend (`cpu`, `webgpu`, `wasm`), running
 * `test/**\/*.test.ts` (wasm: see `YOLO_LOSS_WASM_TESTS`) with `test/setup.ts`, which initialises
 * the backend named by `YOLO_LOSS_TEST_BACKEND` (on `webgpu` also `mapping-guard.js`, which fails a
 * file that leaves its worker near the process's memory-mapping limit). On `wasm` the fused-path tests are skipped. A
 * package that uses no tensors passes `tensors: false`: its suite cannot depend on the backend, so
 * it runs once, in the `cpu` project.
 * @param {{ name: string, testTimeout?: number, tensors?: boolean }} options
 */
export function definePackageConfig({ name, testTimeout = 180_000, tensors = true }) {
  const backends = tensors ? wantedNodeBackends() : ['cpu'];
  return defineConfig({
    resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
    test: {
      reporters: ['default', 'json'],
      outputFile: { json: '.reports/vitest.json' },
      projects: backends.map((backend) => ({
        extends: true,
        test: {
          name: `${name}@${backend}`,
          include: backend === 'wasm' ? wasmInclude() : ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/**/*.browser.test.ts'],
          ...(composedOnlyBackends.includes(backend)
            ? { testNamePattern: new RegExp(`^(?!.*(?:${fusedOnlyTests.source}))`) }
            : {}),
          setupFiles: backend === 'webgpu' ? ['./test/setup.ts', mappingGuard] : ['./test/setup.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout,
          hookTimeout: testTimeout,
          env: { YOLO_LOSS_TEST_BACKEND: backend, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
        },
      })),
    },
  });
}
