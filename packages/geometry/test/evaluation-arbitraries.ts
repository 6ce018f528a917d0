// fast-check generators of evaluation cases that hit every rule of the COCO protocol: boxes on
// a 1/64 grid (pixel coordinates and IoUs exact, so IoUs land exactly on thresholds), image
// sizes where whole cells are 32² and 96² px, exact score ties, duplicates, crowd regions,
// area overrides, zero-size boxes, empty images and classes.
import fc from 'fast-check';
import type { Detection, EvaluationGtBox } from '../src/index.js';

export interface EvalCase {
  detections: Detection[][];
  groundTruth: EvaluationGtBox[][];
  imageSizes: [number, number][];
  maxDetections: number;
  numClasses: number | undefined;
}

/** 512 px: 4×4 cells = 32², 12×12 = 96²; 2048 px: 1 cell = 32², 3×3 = 96². */
const SIZES: [number, number][] = [
  [512, 512],
  [2048, 2048],
  [1024, 512],
  [640, 480],
];

const cells = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 4, arbitrary: fc.integer({ min: 7, max: 16 }) },
  { weight: 1, arbitrary: fc.integer({ min: 17, max: 64 }) },
);
const scoreArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0.1, 0.25, 0.5, 0.75, 0.9, 1) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
);

const gtArb = (classes: number) =>
  fc.record({
    x0: fc.integer({ min: 0, max: 63 }),
    y0: fc.integer({ min: 0, max: 63 }),
    wc: cells,
    hc: cells,
    classId: fc.integer({ min: 0, max: classes - 1 }),
    crowd: fc.integer({ min: 0, max: 7 }).map((v) => v === 0),
    area: fc.option(fc.constantFrom(0, 500, 1024, 5000, 9216, 20000), { freq: 6 }),
  });

const detSpecArb = (classes: number) =>
  fc.record({
    kind: fc.constantFrom('copy', 'jitter', 'jitter', 'random'),
    ref: fc.nat(),
    dx: fc.integer({ min: -2, max: 2 }),
    dy: fc.integer({ min: -2, max: 2 }),
    dw: fc.integer({ min: -2, max: 2 }),
    dh: fc.integer({ min: -2, max: 2 }),
    x0: fc.integer({ min: -2, max: 63 }),
    y0: fc.integer({ min: -2, max: 63 }),
    wc: cells,
    hc: cells,
    otherClass: fc.integer({ min: 0, max: 5 }).map((v) => v === 0),
    classId: fc.integer({ min: 0, max: classes - 1 }),
    score: scoreArb,
  });

type GtSpec = {
  x0: number;
  y0: number;
  wc: number;
  hc: number;
  classId: number;
  crowd: boolean;
  area: number | null;
};
type DetSpec = {
  kind: string;
  ref: number;
  dx: number;
  dy: number;
  dw: number;
  dh: number;
  x0: number;
  y0: number;
  wc: number;
  hc: number;
  otherClass: boolean;
  classId: number;
  score: number;
};

function gtBox(s: GtSpec): EvaluationGtBox {
  const wc = Math.min(s.wc, 64 - s.x0);
  const hc = Math.min(s.hc, 64 - s.y0);
  const box: EvaluationGtBox = {
    x: (s.x0 + wc / 2) / 64,
    y: (s.y0 + hc / 2) / 64,
    w: wc / 64,
    h: hc / 64,
    classId: s.classId,
  };
  if (s.crowd) box.iscrowd = true;
  if (s.area !== null) box.area = s.area;
  return box;
}

function detection(s: DetSpec, gts: readonly GtSpec[]): Detection {
  const ref = gts.length > 0 && s.kind !== 'random' ? gts[s.ref % gts.length]! : undefined;
  let [x0, y0, wc, hc, classId] = [s.x0, s.y0, s.wc, s.hc, s.classId];
  if (ref !== undefined) {
    [x0, y0, wc, hc] = [
      ref.x0,
      ref.y0,
      Math.min(ref.wc, 64 - ref.x0),
      Math.min(ref.hc, 64 - ref.y0),
    ];
    if (!s.otherClass) classId = ref.classId;
    if (s.kind === 'jitter')
      [x0, y0, wc, hc] = [x0 + s.dx, y0 + s.dy, Math.max(0, wc + s.dw), Math.max(0, hc + s.dh)];
  }
  return {
    x: (x0 + wc / 2) / 64,
    y: (y0 + hc / 2) / 64,
    w: wc / 64,
    h: hc / 64,
    score: s.score,
    classId,
  };
}

/** Cases of 0–`maxImages` images with up to `maxGt` ground-truth boxes and `maxDets` detections each. */
export function evalCaseArb(options: {
  maxImages: number;
  maxGt: number;
  minDets?: number;
  maxDets: number;
  classes: number;
  maxDetections: fc.Arbitrary<number>;
}): fc.Arbitrary<EvalCase> {
  const image = fc.record({
    size: fc.constantFrom(...SIZES),
    gts: fc.array(gtArb(options.classes), { maxLength: options.maxGt }),
    dets: fc.array(detSpecArb(options.classes), {
      minLength: options.minDets ?? 0,
      maxLength: options.maxDets,
    }),
  });
  return fc
    .record({
      images: fc.array(image, { maxLength: options.maxImages }),
      maxDetections: options.maxDetections,
      numClasses: fc.option(fc.constant(options.classes + 2), { freq: 4 }),
    })
    .map(({ images, maxDetections, numClasses }) => ({
      detections: images.map((im) => im.dets.map((d) => detection(d, im.gts))),
      groundTruth: images.map((im) => im.gts.map(gtBox)),
      imageSizes: images.map((im) => im.size),
      maxDetections,
      numClasses: numClasses ?? undefined,
    }));
}
