/** The tfjs backend a test project runs on. */
export type TestBackend = 'cpu' | 'webgpu';

/**
 * The backend the current vitest project was started for (`YOLO_LOSS_TEST_BACKEND`, set by
 * `@yolo-loss/vitest-config`). Defaults to `cpu` when a test file is run outside the projects.
 */
export function testBackend(): TestBackend {
  const name = process.env.YOLO_LOSS_TEST_BACKEND ?? 'cpu';
  if (name !== 'cpu' && name !== 'webgpu') {
    throw new Error(`YOLO_LOSS_TEST_BACKEND must be 'cpu' or 'webgpu', got '${name}'`);
  }
  return name;
}
