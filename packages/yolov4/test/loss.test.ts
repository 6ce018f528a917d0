import { describeAnchorHeadLoss } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeYolov4Targets, type GtBox, type Yolov4Options } from '../src/index.js';
import { yolov4Kit } from './kit.js';

describeAnchorHeadLoss(yolov4Kit, {
  // every box term, with label smoothing
  extremeSweep: (['paper', 'darknet'] as const).flatMap((preset) =>
    (['ciou', 'diou', 'giou', 'iou'] as const).map((boxLoss): Yolov4Options => ({ preset, boxLoss, labelSmoothing: 0.1 })),
  ),
  // without and with the ignore rule's class gate
  ignoreRuleSweep: [{ preset: 'paper' }, { preset: 'darknet' }],
  nonSquare: {
    what: 'scaleXY per head, extra anchors',
    options: {
      masks: [
        [0, 1],
        [2, 3],
      ],
      scaleXY: [1.1, 1.05],
    },
    shapes: [
      [1, 2, 6, 12],
      [1, 1, 3, 12],
    ],
    groundTruth: [[{ x: 0.9, y: 0.1, w: 0.5, h: 0.8, classId: 0 }]],
    responsible: [
      [1, 0, 0, 2, 0],
      [1, 0, 0, 2, 1],
    ],
  },
});

const small: Yolov4Options = { inputSize: [64, 64], numClasses: 2 };
const grids: [number, number][] = [
  [8, 8],
  [4, 4],
  [2, 2],
];

describe('yolov4 slot sharing and label smoothing', () => {
  it('yolov4: paper: a taken slot stays with the earlier GT; darknet shares it (class union, averaged box)', () => {
    const gt: GtBox[][] = [
      [
        { x: 0.3, y: 0.3, w: 0.5, h: 0.5, classId: 0 },
        { x: 0.31, y: 0.32, w: 0.52, h: 0.5, classId: 1 },
      ],
    ];
    const paper = encodeYolov4Targets(gt, { ...small, gridSizes: grids });
    const darknet = encodeYolov4Targets(gt, { ...small, preset: 'darknet', gridSizes: grids });
    expect(paper.responsible).toEqual(darknet.responsible);
    expect(paper.dropped.length).toBeGreaterThan(0);
    expect(darknet.dropped).toEqual([]);
    const [h, n, row, col, a] = darknet.responsible[0]!;
    const head = darknet.heads[h]!;
    const idx = ((n * head.gridH + row) * head.gridW + col) * head.numAnchors + a;
    expect(Array.from(head.classTarget.slice(idx * 2, idx * 2 + 2))).toEqual([1, 1]);
    expect(Array.from(paper.heads[h]!.classTarget.slice(idx * 2, idx * 2 + 2))).toEqual([1, 0]);
    expect(head.boxWeight.map((w) => w[idx])).toEqual([0.07 / 2, 0.07 / 2].map(Math.fround));
    expect(paper.heads[h]!.boxWeight.map((w) => w[idx])).toEqual([Math.fround(0.07)]);
  });

  it('yolov4: binary label smoothing: targets 1 − ε/2 and ε/2', () => {
    const t = encodeYolov4Targets([[{ x: 0.5, y: 0.5, w: 0.3, h: 0.3, classId: 1 }]], {
      ...small,
      labelSmoothing: 0.2,
      gridSizes: grids,
    });
    const [h, n, row, col, a] = t.responsible[0]!;
    const head = t.heads[h]!;
    const idx = ((n * head.gridH + row) * head.gridW + col) * head.numAnchors + a;
    expect(Array.from(head.classTarget.slice(idx * 2, idx * 2 + 2))).toEqual([0.1, 0.9].map(Math.fround));
  });
});
