import { describeAnchorHeadLoss } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeYolov3Targets, type GtBox, type Yolov3Options } from '../src/index.js';
import { yolov3Kit } from './kit.js';

describeAnchorHeadLoss(yolov3Kit, {
  // every x, y term and both ignore bases
  extremeSweep: (['paper', 'darknet'] as const).flatMap((preset) =>
    (['prior', 'prediction'] as const).flatMap((ignoreBasis) =>
      (['sse-logit', 'sse-sigmoid', 'bce'] as const).map((xyLoss): Yolov3Options => ({ preset, ignoreBasis, xyLoss })),
    ),
  ),
  ignoreRuleSweep: [{ ignoreBasis: 'prior' }, { ignoreBasis: 'prediction' }],
  nonSquare: {
    what: 'the larger anchors first, two boxes',
    options: {
      masks: [
        [2, 3],
        [0, 1],
      ],
    },
    shapes: [
      [1, 1, 3, 12],
      [1, 2, 6, 12],
    ],
    groundTruth: [
      [
        { x: 0.9, y: 0.1, w: 0.5, h: 0.8, classId: 0 },
        { x: 0.1, y: 0.9, w: 0.05, h: 0.2, classId: 0 },
      ],
    ],
    responsible: [
      [0, 0, 0, 2, 1],
      [1, 0, 1, 0, 0],
    ],
  },
});

describe('yolov3 slot conflicts', () => {
  it('yolov3: paper keeps the first GT of a slot, darknet the last (with the union of classes)', () => {
    const small: Yolov3Options = { inputSize: [64, 64], numClasses: 2 };
    const gridSizes: [number, number][] = [
      [2, 2],
      [4, 4],
      [8, 8],
    ];
    const gt: GtBox[][] = [
      [
        { x: 0.3, y: 0.3, w: 0.5, h: 0.5, classId: 0 },
        { x: 0.31, y: 0.32, w: 0.52, h: 0.5, classId: 1 },
      ],
    ];
    const paper = encodeYolov3Targets(gt, { ...small, gridSizes });
    const darknet = encodeYolov3Targets(gt, { ...small, preset: 'darknet', gridSizes });
    expect(paper.responsibleGt).toEqual([0]);
    expect(paper.dropped).toEqual([[0, 1, 2, 2, 2, 2]]);
    expect(darknet.responsibleGt).toEqual([1]);
    expect(darknet.responsible).toEqual(paper.responsible);
    const [h, n, row, col, a] = darknet.responsible[0]!;
    const head = darknet.heads[h]!;
    const idx = ((n * head.gridH + row) * head.gridW + col) * head.numAnchors + a;
    expect(Array.from(darknet.heads[h]!.classTarget.slice(idx * 2, idx * 2 + 2))).toEqual([1, 1]);
    expect(Array.from(paper.heads[h]!.classTarget.slice(idx * 2, idx * 2 + 2))).toEqual([1, 0]);
    // darknet's box target is the last GT's: t̂w = log(0.52·64 / 33)
    expect(darknet.heads[h]!.boxTarget[0]![idx * 4 + 2]).toBeCloseTo(Math.log((0.52 * 64) / 33), 5);
    expect(paper.heads[h]!.boxTarget[0]![idx * 4 + 2]).toBeCloseTo(Math.log((0.5 * 64) / 33), 5);
  });
});
