#!/usr/bin/env node
// `pnpm --filter @yolo-loss/bench run bench:eval`: times evaluateDetections (COCO box metrics,
// pure CPU) on synthetic data: 5000 images × 20 GT boxes × 100 detections, with 80 classes
// (COCO-like) and with 1 class (every box competes with every box of its image: the worst
// case for matching). Needs a built @yolo-loss/geometry (`pnpm build`).
//   --images 5000   --gt 20   --dets 100   --runs 5   --classes 80,1
import { evaluateDetections } from '@yolo-loss/geometry';

/**
 * The value after `--name` on the command line, else `fallback`.
 * @param {string} name
 * @param {string} fallback
 */
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? '') : fallback;
};
/**
 * A positive integer option (a run of 0 or NaN would leave nothing to time).
 * @param {string} name
 * @param {string} text - its value
 */
const positive = (name, text) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs positive integers, got ${JSON.stringify(text)}`);
  return n;
};
const images = positive('images', arg('images', '5000'));
const gtPerImage = positive('gt', arg('gt', '20'));
const detsPerImage = positive('dets', arg('dets', '100'));
const runs = positive('runs', arg('runs', '5'));
const classCounts = arg('classes', '80,1')
  .split(',')
  .map((c) => positive('classes', c));

/**
 * Deterministic uniform [0, 1) (mulberry32).
 * @param {number} seed
 */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * GT of mixed sizes; detections: half jittered copies of GTs (some of another class), half random.
 * @param {number} numClasses
 * @param {number} seed
 */
function dataset(numClasses, seed) {
  const rand = random(seed);
  /** @param {number} v @param {number} lo @param {number} hi */
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const detections = [];
  const groundTruth = [];
  /** @type {[number, number][]} */
  const imageSizes = [];
  for (let n = 0; n < images; n++) {
    const gts = [];
    for (let j = 0; j < gtPerImage; j++) {
      const w = clamp(0.02 + rand() ** 2 * 0.6, 0, 1);
      const h = clamp(0.02 + rand() ** 2 * 0.6, 0, 1);
      gts.push({
        x: clamp(rand(), 0, 1),
        y: clamp(rand(), 0, 1),
        w,
        h,
        classId: Math.floor(rand() * numClasses),
        ...(rand() < 0.02 ? { iscrowd: true } : {}),
      });
    }
    const dets = [];
    for (let j = 0; j < detsPerImage; j++) {
      const score = rand();
      if (j % 2 === 0) {
        const g = gts[Math.floor(rand() * gts.length)];
        const jitter = 0.25 * rand();
        dets.push({
          x: g.x + (rand() - 0.5) * jitter * g.w,
          y: g.y + (rand() - 0.5) * jitter * g.h,
          w: g.w * (1 + (rand() - 0.5) * jitter),
          h: g.h * (1 + (rand() - 0.5) * jitter),
          score,
          classId: rand() < 0.9 ? g.classId : Math.floor(rand() * numClasses),
        });
      } else {
        dets.push({
          x: rand(),
          y: rand(),
          w: 0.01 + rand() * 0.4,
          h: 0.01 + rand() * 0.4,
          score,
          classId: Math.floor(rand() * numClasses),
        });
      }
    }
    detections.push(dets);
    groundTruth.push(gts);
    imageSizes.push([640, 480]);
  }
  return { detections, groundTruth, imageSizes };
}

console.log(
  `evaluateDetections: ${images} images × ${gtPerImage} GT × ${detsPerImage} detections, node ${process.version}`,
);
for (const numClasses of classCounts) {
  const { detections, groundTruth, imageSizes } = dataset(numClasses, 1234 + numClasses);
  let metrics = evaluateDetections(detections, groundTruth, { imageSizes }); // warm-up (JIT)
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    metrics = evaluateDetections(detections, groundTruth, { imageSizes });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${String(numClasses).padStart(3)} classes: median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}, ${runs} runs)` +
      `  map ${metrics.map.toFixed(4)} map50 ${metrics.map50.toFixed(4)} ar100 ${metrics.ar100.toFixed(4)}`,
  );
}
