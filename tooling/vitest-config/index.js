// Shared vitest config for every package: one test suite, run once per tfjs backend.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** The custom export condition that points workspace packages at their `src/*.ts`. */
export const sourceCondition = '@yolo-loss/source';

const probeScript = fileURLToPath(new URL('./probe-webgpu.js', import.meta.url));
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

/** Which backends this run covers: `YOLO_LOSS_BACKENDS=cpu,webgpu` (default both). */
function wantedBackends() {
  const list = (process.env.YOLO_LOSS_BACKENDS ?? 'cpu,webgpu').split(',').map((s) => s.trim());
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
 * The vitest config of one package: a project per backend (`cpu`, `webgpu`), both running
 * `test/**\/*.test.ts` with `test/setup.ts`, which initialises the backend named by
 * `YOLO_LOSS_TEST_BACKEND`. A package that uses no tensors passes `tensors: false`: its suite
 * cannot depend on the backend, so it runs once, in the `cpu` project.
 * @param {{ name: string, testTimeout?: number, tensors?: boolean }} options
 */
export function definePackageConfig({ name, testTimeout = 180_000, tensors = true }) {
  const backends = tensors ? wantedBackends() : ['cpu'];
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
          include: ['test/**/*.test.ts'],
          setupFiles: ['./test/setup.ts'],
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
