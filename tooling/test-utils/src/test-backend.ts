/** The tfjs backend a test project runs on. */
export type TestBackend = 'cpu' | 'webgpu' | 'wasm' | 'webgl';

const BACKENDS: readonly TestBackend[] = ['cpu', 'webgpu', 'wasm', 'webgl'];

/**
 * The backend the current vitest project was started for (`YOLO_LOSS_TEST_BACKEND`, set by
 * `@yolo-loss/vitest-config`). Defaults to `cpu` when a test file is run outside the projects.
 */
export function testBackend(): TestBackend {
  const name = process.env.YOLO_LOSS_TEST_BACKEND ?? 'cpu';
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new Error(`YOLO_LOSS_TEST_BACKEND must be one of ${BACKENDS.join(', ')}, got '${name}'`);
  }
  return name as TestBackend;
}
