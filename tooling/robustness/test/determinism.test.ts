// Determinism: on the CPU backend the same inputs give bit-identical loss terms and gradients,
// run after run (also with other cases evaluated in between). WebGPU is not held to this: GPU
// reductions may sum in a different order; agreement.test.ts bounds the difference instead.
import { testBackend } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, lossCase, type Evaluated } from './arbitraries.js';
import { kits, versions } from './kits.js';

/** The raw bits of every value, so −0 vs 0 and NaN payloads count as differences too. */
const bits = (e: Evaluated): number[][] => [e.terms, ...e.grads].map((a) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length)));

describe('determinism on the CPU backend', () => {
  for (const version of versions) {
    for (const preset of kits[version].presets) {
      it.skipIf(testBackend() !== 'cpu')(
        `${version} ${preset}: the same case twice gives bit-identical terms and gradients (cpu project only)`,
        async () => {
          const kit = kits[version];
          const cases = fc.sample(lossCase(version, preset), { numRuns: 6, seed: 2024 });
          const first = [];
          for (const c of cases) first.push(bits(await evaluate(kit, c)));
          // second pass in reverse order: no state carried from one call to the next
          for (let i = cases.length - 1; i >= 0; i--) {
            expect(bits(await evaluate(kit, cases[i]!)), `case ${i}`).toEqual(first[i]);
          }
        },
      );
    }
  }
});
