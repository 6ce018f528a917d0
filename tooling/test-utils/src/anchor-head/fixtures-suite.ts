import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { FixtureFile, FixtureGtBox } from '../loss-fixtures.js';
import { expectMultiHeadFixtureCase } from '../multi-head-fixture.js';
import type { PresetName } from '../suite-types.js';
import type { AnchorHeadKit, AnchorHeadSuiteOptions } from './kit.js';

/**
 * Parity with a version's fixture files, on both implementations (the fused kernels and the
 * composed ops, the reference), each case run twice: with `{ preset, ...case.config }` as the
 * options, and with that resolved to a full config (every key, no preset name) — a preset is only
 * data, so both give the same numbers. One `describe` per implementation, preset and form.
 *
 * @param files - the `paper` and `darknet` fixture files.
 * @param assignment - the version's assignment read-back (`yolov3Assignment`, ...).
 */
export function describeAnchorHeadFixtures<O extends AnchorHeadSuiteOptions, T>(
  kit: AnchorHeadKit<O, T>,
  files: Readonly<Record<PresetName, FixtureFile>>,
  assignment: (heads: tf.Tensor[], groundTruth: FixtureGtBox[][], options: O) => Promise<{ ignored: readonly (readonly number[])[] }>,
): void {
  for (const implementation of ['fused', 'composed'] as const) {
    for (const preset of ['paper', 'darknet'] as const) {
      for (const form of ['preset', 'resolved'] as const) {
        const title = form === 'preset' ? '' : ', resolved config without preset';
        describe(`${kit.version} ${preset} fixtures (${implementation}${title})`, () => {
          it.for(files[preset].cases)('$name', async (c) => {
            const given = { ...c.config, preset } as O;
            let options = given;
            if (form === 'resolved') {
              options = kit.resolve(given) as O;
              expect(options).not.toHaveProperty('preset');
            }
            await expectMultiHeadFixtureCase<O>(c, options, {
              loss: (heads, gt, o) => kit.loss(heads, gt, { ...o, implementation }),
              assignment,
            });
          });
        });
      }
    }
  }
}
