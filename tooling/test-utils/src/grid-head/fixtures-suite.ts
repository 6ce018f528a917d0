import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose } from '../expect-close.js';
import type { FixtureCase, FixtureFile } from '../loss-fixtures.js';
import { readTerms } from '../loss-terms.js';
import { values } from '../tensor-values.js';
import type { GridHeadKit, GridHeadSuiteOptions } from './kit.js';

/** A slot of a one-head assignment read-back; `predictor` (YOLOv1) or `anchor` (YOLOv2) names it. */
interface SlotEntry {
  image: number;
  row: number;
  col: number;
  predictor?: number;
  anchor?: number;
}

/** What the fixture checks read back from a one-head version. */
export interface GridHeadFixtureReadBack<O> {
  /** The assignment read-back (`yolov1Assignment`, ...). */
  assignment(
    prediction: tf.Tensor4D,
    groundTruth: FixtureCase['groundTruth'],
    options: O,
  ): Promise<{ responsible: SlotEntry[]; dropped: readonly (SlotEntry & { box: number })[]; ignored?: SlotEntry[] }>;
  /**
   * What names a slot in the cell: `'predictor'` (YOLOv1: a dropped GT loses the whole cell, its
   * fixture slot is not compared) or `'anchor'` (YOLOv2: a dropped GT loses one anchor's slot).
   */
  slotKey: 'predictor' | 'anchor';
}

type Check<O> = (pred: tf.Tensor4D, c: FixtureCase, options: O & { implementation: string }, label: string) => Promise<void>;

/**
 * Parity with a one-head version's fixture files: each case's `compare` fields (loss terms,
 * gradient, responsible slots; dropped and ignored slots where the fixture gives them), on both
 * implementations (the fused kernel and the composed ops, the reference), each case run twice:
 * with `{ preset, ...case.config }`, and with that resolved to a full config (every key, no preset
 * name). One `describe` per implementation, preset and form, `<version> fixtures: <preset> (<implementation>)`.
 */
export function describeGridHeadFixtures<O extends GridHeadSuiteOptions, T>(
  kit: GridHeadKit<O, T>,
  files: readonly FixtureFile[],
  readBack: GridHeadFixtureReadBack<O>,
): void {
  const slotOf = (s: SlotEntry): number => s[readBack.slotKey]!;
  const checks: Record<string, Check<O>> = {
    async loss(pred, c, options, label) {
      const got = await readTerms(kit.loss(pred, c.groundTruth, options));
      const e = c.expected.loss!;
      expectAllClose(got, [e.total, e.box, e.obj, e.noobj, e.cls], c.tolerance, `${label} loss [total, box, obj, noobj, cls]`);
    },
    async grad(pred, c, options, label) {
      const grad = tf.grad((x: tf.Tensor) => kit.loss(x as tf.Tensor4D, c.groundTruth, options).total)(pred);
      const got = await values(grad);
      grad.dispose();
      expectAllClose(got, c.expected.grad[0]!.data, c.tolerance, `${label} grad`);
    },
    async responsible(pred, c, { implementation, ...options }, label) {
      // the read-back takes config keys only; it shows the assignment both implementations compute
      void implementation;
      const a = await readBack.assignment(pred, c.groundTruth, options as unknown as O);
      const got = a.responsible.map((s) => [0, s.image, s.row, s.col, slotOf(s)]).sort(compareLists);
      assertSameJson(got, c.expected.responsible, `${label} responsible`);
      // Not always in `compare`, but checked wherever the fixture gives them.
      // Fixture rows of `dropped`: [image, box, head, row, col, slot] (the files' format field); of `ignored`: [head, image, row, col, slot].
      if (c.expected.dropped) {
        const withSlot = readBack.slotKey === 'anchor';
        const dropped = c.expected.dropped.map((d) => [d[0], d[1], d[3], d[4], ...(withSlot ? [d[5]] : [])]);
        const gotDropped = a.dropped.map((d) => [d.image, d.box, d.row, d.col, ...(withSlot ? [slotOf(d)] : [])]);
        assertSameJson(gotDropped, dropped, `${label} dropped`);
      }
      if (c.expected.ignored && a.ignored) {
        const ignored = a.ignored.map((s) => [0, s.image, s.row, s.col, slotOf(s)]).sort(compareLists);
        assertSameJson(ignored, c.expected.ignored, `${label} ignored`);
      }
    },
  };

  for (const implementation of ['fused', 'composed'] as const) {
    for (const file of files) {
      const preset = file.preset;
      for (const form of ['preset', 'resolved'] as const) {
        const title = form === 'preset' ? '' : ', resolved config without preset';
        describe(`${kit.version} fixtures: ${preset} (${implementation}${title})`, () => {
          it.each(file.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
            expect(c.compare.every((field) => field in checks)).toBe(true);
            const [p] = c.predictions;
            const pred = tf.tensor4d(Float32Array.from(p!.data as number[]), p!.shape as [number, number, number, number]);
            const given = { preset, ...c.config } as O;
            let options = given;
            if (form === 'resolved') {
              options = kit.resolve(given) as O;
              expect(options).not.toHaveProperty('preset');
            }
            const label = `${preset} (${implementation}): ${c.name}`;
            for (const field of c.compare) await checks[field]!(pred, c, { ...options, implementation }, label);
            pred.dispose();
          });
        });
      }
    }
  }
}

function assertSameJson(got: unknown, expected: unknown, label: string): void {
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`${label}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
}

function compareLists(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
