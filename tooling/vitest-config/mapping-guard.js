// A setup file of every webgpu project (index.js adds it): after each test file, how many memory
// mappings the worker process holds. In Node, WebGPU runs on Dawn over the Vulkan driver, and
// Mesa's lavapipe (the software driver CI uses) maps every allocation it makes (buffers,
// descriptor pools) separately; they stay until the device is destroyed, so a process's count grows
// with the distinct programs and tensor shapes it has run. Linux caps a process at
// vm.max_map_count mappings (65 530 by default): past it the driver's next mmap fails and the
// process dies with SIGSEGV, which vitest reports only as "Worker exited unexpectedly". This
// fails a file well before that, by name, so it is split while the count is still safe.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, expect } from 'vitest';

/** Above this many mappings at the end of a file, the file fails (the process limit is 65 530). */
export const MAPPING_BUDGET = 40_000;

/** The number of memory mappings of this process, or null where /proc is not there. */
export function mappingCount() {
  try {
    return readFileSync('/proc/self/maps', 'utf8').split('\n').length - 1;
  } catch {
    return null;
  }
}

const report = process.env.YOLO_LOSS_REPORT_MAPPINGS === '1';

// YOLO_LOSS_REPORT_MAPPINGS=1: the count after every test and file, to find what adds them
afterEach(() => {
  if (report) console.log(`[mappings] ${mappingCount()} after '${expect.getState().currentTestName ?? ''}'`);
});

afterAll(() => {
  const count = mappingCount();
  if (report) console.log(`[mappings] ${count} at the end of the file`);
  if (count !== null && count > MAPPING_BUDGET) {
    throw new Error(
      `this test file left its worker with ${count} memory mappings (budget ${MAPPING_BUDGET}; Linux's default ` +
        'vm.max_map_count is 65 530, past which the WebGPU driver crashes the process): split the file',
    );
  }
});
