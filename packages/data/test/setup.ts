// @yolo-loss/data uses no tensors, so there is no backend to initialise (see vitest.config.ts:
// the suite runs in the cpu project only). test/no-tfjs.test.ts checks that the sources import
// neither tfjs nor a loss package.
export {};
