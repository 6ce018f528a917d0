import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { FixtureGtBox } from '../loss-fixtures.js';
import { randomHeads } from '../random-inputs.js';
import { gridsOf, inHeadOrder, type AnchorHeadKit, type AnchorHeadSuiteOptions, type HeadShape } from './kit.js';

// 64×64 input, 2 classes: heads of 21 channels, batch 1
const smallOptions = { inputSize: [64, 64], numClasses: 2 } as const;
const coarseFirst: HeadShape[] = [
  [1, 2, 2, 21],
  [1, 4, 4, 21],
  [1, 8, 8, 21],
];
const gt: FixtureGtBox[][] = [[{ x: 0.5, y: 0.5, w: 0.2, h: 0.3, classId: 1 }]];

/**
 * The input checks every anchor-head version shares (config masks, head shapes, ground truth,
 * pre-encoded targets), each error naming what is wrong. Two `describe`s: `<version> config
 * masks` and `<version> input validation`.
 */
export function describeAnchorHeadValidation<O extends AnchorHeadSuiteOptions, T>(kit: AnchorHeadKit<O, T>): void {
  const small = smallOptions as O;
  const shapes = inHeadOrder(kit, coarseFirst);
  describe(`${kit.version} config masks`, () => {
    it(`${kit.version}: rejects masks that repeat or miss an anchor index`, () => {
      const withMasks = (masks: number[][]): O => {
        const options: AnchorHeadSuiteOptions = { masks };
        return options as O;
      };
      const masks = kit.presets.paper.masks.map((m) => [...m]);
      const last = masks.length - 1;
      const repeated = masks[last - 1]![masks[last - 1]!.length - 1]!;
      const missing = masks[last]![0]!;
      // the last head's first index replaced by one of the previous head's
      const repeating = masks.map((m, h) => (h === last ? [repeated, ...m.slice(1)] : m));
      expect(() => kit.resolve(withMasks(repeating))).toThrow(new RegExp(`anchor index ${repeated} appears`));
      const incomplete = masks.map((m, h) => (h === last ? m.slice(1) : m));
      expect(() => kit.resolve(withMasks(incomplete))).toThrow(new RegExp(`anchor index ${missing} is in no mask`));
    });
  });

  describe(`${kit.version} input validation`, () => {
    let heads: tf.Tensor4D[] = [];
    afterEach(() => tf.dispose(heads));

    it(`${kit.version}: checks the heads against the config, naming the head`, () => {
      for (let h = 0; h < shapes.length; h++) {
        heads = randomHeads(shapes.map((s, i) => (i === h ? [s[0], s[1], s[2], 20] : s)));
        expect(() => kit.loss(heads, gt, small)).toThrow(
          new RegExp(`predictions\\[${h}\\] \\(head ${h}\\) must have shape \\[N, H, W, 21\\]`),
        );
        tf.dispose(heads);
      }
      for (const n of [2, 3]) {
        heads = randomHeads(shapes.map((s, i) => (i === 1 ? [n, s[1], s[2], s[3]] : s)));
        expect(() => kit.loss(heads, gt, small)).toThrow(new RegExp(`head 1.*batch size ${n}.*share N`));
        tf.dispose(heads);
      }
      heads = randomHeads(shapes);
      expect(() => kit.loss(heads.slice(0, 2), gt, small)).toThrow(/2 heads but masks has 3/);
      const ints = tf.zeros([...shapes[0]!], 'int32');
      expect(() => kit.loss([ints, heads[1]!, heads[2]!], gt, small)).toThrow(/float32/);
      ints.dispose();
    });

    it(`${kit.version}: rejects bad ground truth with the image and box index`, () => {
      heads = randomHeads(shapes);
      const first = (box: Record<string, number>) => [[{ x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0, ...box }]];
      const second = (box: Record<string, number>) => [
        [
          { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0 },
          { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0, ...box },
        ],
      ];
      expect(() => kit.loss(heads, first({ h: Infinity }), small)).toThrow(/\[0\]\[0\]\.h.*image 0, box 0/);
      expect(() => kit.loss(heads, first({ x: -0.1 }), small)).toThrow(/\.x.*image 0, box 0/);
      expect(() => kit.loss(heads, first({ classId: -1 }), small)).toThrow(/classId/);
      expect(() => kit.loss(heads, second({ x: NaN }), small)).toThrow(/\[0\]\[1\]\.x.*image 0, box 1/);
      expect(() => kit.loss(heads, second({ w: 0 }), small)).toThrow(/\.w.*image 0, box 1/);
      expect(() => kit.loss(heads, second({ y: 1.2 }), small)).toThrow(/\.y.*image 0, box 1/);
      expect(() => kit.loss(heads, second({ classId: 2 }), small)).toThrow(/classId.*image 0, box 1/);
      expect(() => kit.loss(heads, second({ classId: 0.5 }), small)).toThrow(/classId/);
      expect(() => kit.loss(heads, [[], []], small)).toThrow(/2 images but the predictions have batch size 1/);
    });

    it(`${kit.version}: rejects precomputed targets for other grids or another config`, () => {
      heads = randomHeads(shapes);
      const grids = gridsOf(shapes);
      for (let h = 0; h < grids.length; h++) {
        const [w, hh] = grids[h]!;
        const wrong = grids.map((g, i) => (i === h ? ([w + 1, hh] as [number, number]) : g));
        const t = kit.encodeTargets(gt, { ...small, gridSizes: wrong });
        expect(() => kit.loss(heads, t, small)).toThrow(new RegExp(`head ${h} were encoded for a ${w + 1}×${hh} grid`));
      }
      const t = kit.encodeTargets(gt, { ...small, gridSizes: grids });
      expect(() => kit.loss(heads, t, { ...small, lambdaObj: 2 })).toThrow(/different config/);
    });
  });
}
