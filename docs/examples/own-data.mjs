// Train any YOLO version on your own images: a folder of PNG/JPEG files with YOLO txt labels →
// letterboxed training samples → anchors fitted by k-means → training through the version
// object (one code path for YOLOv1–v5 and v8, no branch on the version) → COCO metrics on a held-out
// split, in the original images' coordinates → model.json + weights.bin on disk → the model
// loaded back and run on a new image. The guide that walks through it: docs/guides/own-data.md.
//
//   node docs/examples/make-tiny-dataset.mjs datasets/tiny      # or use your own folder
//   node docs/examples/own-data.mjs --data datasets/tiny --version yolov3 [options]
//
// The folder: images/**/*.png|jpg and labels/**/*.txt, the same relative path ("class cx cy w h"
// per line, normalised to the image; an image without a label file has no objects).
//
// Options (defaults in brackets):
//   --version yolov1|yolov2|yolov3|yolov4|yolov5|yolov8 [yolov3]   --size 128 or 160x128 (width x height) [128]
//   --steps N [300]   --batch N [8]   --lr X [0.002]   --val X: validation share [0.2]
//   --seed N [0]      --no-flip: no left–right mirroring   --classes N: class count [from the labels]
//   --out DIR: where the model goes [DATA/model-VERSION]
//   --image FILE: the image to detect in after loading the model [the first validation image]
//   --score X: score threshold for that image [0.25]   --names a,b,c: class names to print
//   --backend auto|webgpu|cpu [auto] (tfjs's pure-JS CPU backend trains convolutions very slowly,
//     and wasm has no Conv2DBackpropFilter: see the guide's section on speed)
//
// It logs progress and ends with one JSON line (losses, metrics, detections, tensors left).
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { disposeBackend, initBackend } from '@yolo-loss/backend';
import { seededRandom } from '@yolo-loss/data';
import { yolov1 } from '@yolo-loss/yolov1';
import { yolov2 } from '@yolo-loss/yolov2';
import { yolov3 } from '@yolo-loss/yolov3';
import { yolov4 } from '@yolo-loss/yolov4';
import { yolov5 } from '@yolo-loss/yolov5';
import { yolov8 } from '@yolo-loss/yolov8';
import { buildDetector } from './detector.mjs';
import { fittedAnchors } from './own-data/anchors.mjs';
import { loadDataset, splitSamples } from './own-data/dataset.mjs';
import { detectImageFile, detectSamples, evaluateSamples } from './own-data/detect.mjs';
import { fileLoadHandler, fileSaveHandler } from './own-data/model-files.mjs';
import { datasetLoss, trainModel } from './own-data/train.mjs';

const VERSIONS = { yolov1, yolov2, yolov3, yolov4, yolov5, yolov8 };

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    version: { type: 'string', default: 'yolov3' },
    size: { type: 'string', default: '128' },
    steps: { type: 'string', default: '300' },
    batch: { type: 'string', default: '8' },
    lr: { type: 'string', default: '0.002' },
    val: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '0' },
    'no-flip': { type: 'boolean', default: false },
    classes: { type: 'string' },
    out: { type: 'string' },
    image: { type: 'string' },
    score: { type: 'string', default: '0.25' },
    names: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
  },
});
if (!args.data) throw new Error('--data: the data set folder (images/ and labels/) is required');
const version = VERSIONS[args.version];
if (!version)
  throw new Error(
    `--version: expected one of ${Object.keys(VERSIONS).join(', ')}, got '${args.version}'`,
  );
const [width, height = width, ...rest] = args.size.split('x').map((v) => numberArg('size', v, 32));
if (rest.length > 0)
  throw new Error(`--size: expected 128 or 160x128 (width x height), got '${args.size}'`);
const inputSize = [width, height];
const steps = numberArg('steps', args.steps, 1);
const batchSize = numberArg('batch', args.batch, 1);
const seed = numberArg('seed', args.seed, 0);
const learningRate = numberArg('lr', args.lr, 0, Infinity, false);
const valFraction = numberArg('val', args.val, 0, 1, false);
const scoreThreshold = numberArg('score', args.score, 0, 1, false);
const numClassesArg =
  args.classes === undefined ? undefined : numberArg('classes', args.classes, 1);
const root = resolve(args.data);
const out = resolve(args.out ?? join(root, `model-${version.name}`));
const names = args.names?.split(',');
const rng = seededRandom(seed);

await initBackend({ backend: args.backend });

// 1. Data: read, decode, letterbox to the input size (boxes move with the pixels), split.
const { samples, numClasses } = await loadDataset(root, inputSize, numClassesArg);
const { train, val } = splitSamples(samples, valFraction, rng);
console.log(
  `${samples.length} images (${train.length} train, ${val.length} validation), ${numClasses} classes, input ${width}×${height}`,
);

// 2. Config: the version's defaults for these classes and input size, plus anchors fitted to the
//    training boxes where the version has anchors. These options are all a config needs; they
//    travel with the saved model so that decoding later uses the same anchors.
const options = { numClasses, inputSize };
const anchors = fittedAnchors(version.resolveConfig(options), train, inputSize, seed);
Object.assign(options, anchors.options);
const config = version.resolveConfig(options);
if (anchors.options.anchors) {
  const list = anchors.options.anchors.map(([w, h]) => `${w.toFixed(1)}×${h.toFixed(1)}`).join(' ');
  console.log(`anchors (input pixels, k-means, mean IoU ${anchors.meanIou.toFixed(3)}): ${list}`);
}

// The detector below takes each output from the backbone level whose stride matches it, so every
// output's grid must be the input divided by a power of two.
for (const [h, w] of version.outputShapes(config)) {
  if (height / h !== width / w || !Number.isInteger(Math.log2(height / h))) {
    throw new Error(
      `--size: ${width}x${height} gives ${version.name} a ${w}×${h} grid; use a multiple of 32 (of 64 for YOLOv1)`,
    );
  }
}

// 3. A model with one output per entry of outputShapes, and training.
const model = buildDetector(config.inputSize, version.outputShapes(config));
const trainLossBefore = await datasetLoss(version, config, model, train, batchSize);
const history = await trainModel({
  version,
  config,
  model,
  train,
  steps,
  batchSize,
  learningRate,
  flip: !args['no-flip'],
  rng,
  onStep: (step, loss) => {
    if (step % 50 === 0 || step === steps - 1)
      console.log(`${version.name} step ${step}: loss ${loss.toFixed(3)}`);
  },
});
const trainLossAfter = await datasetLoss(version, config, model, train, batchSize);
console.log(`training-set loss ${trainLossBefore.toFixed(3)} → ${trainLossAfter.toFixed(3)}`);

// 4. Evaluation on the held-out images, in their original coordinates. A low score threshold,
//    as COCO evaluation expects: AP integrates over every score.
const valDetections = await detectSamples(
  version,
  config,
  model,
  val,
  { scoreThreshold: 0.001, maxDetections: 100 },
  batchSize,
);
const metrics = evaluateSamples(valDetections, val, numClasses);
console.log(
  `validation: mAP ${metrics.map.toFixed(3)}, mAP50 ${metrics.map50.toFixed(3)}, AR100 ${metrics.ar100.toFixed(3)}`,
);

// 5. Save: model.json (topology, weights manifest, and our config options as user metadata) and
//    weights.bin.
model.setUserDefinedMetadata({ yolo: { version: version.name, options } });
await model.save(fileSaveHandler(out));
const savedFiles = await Promise.all(
  (await readdir(out))
    .sort()
    .map(async (f) => ({ file: f, bytes: (await stat(join(out, f))).size })),
);
console.log(`saved ${savedFiles.map((f) => `${f.file} (${f.bytes} bytes)`).join(', ')} in ${out}`);

// 6. Load it back and detect in a new image, as an app would: the version and config come from
//    the model file. The trained model runs on the same image first, to show they agree.
const decodeOptions = { scoreThreshold, maxDetections: 100 };
const imagePath = resolve(args.image ?? val[0].path);
const before = await detectImageFile(version, config, model, imagePath, decodeOptions);
const loaded = await tfl.loadLayersModel(fileLoadHandler(out));
const saved = loaded.getUserDefinedMetadata().yolo;
const loadedVersion = VERSIONS[saved.version];
const after = await detectImageFile(
  loadedVersion,
  loadedVersion.resolveConfig(saved.options),
  loaded,
  imagePath,
  decodeOptions,
);
let maxAbsDiff = 0;
before.outputs.forEach((o, i) =>
  o.forEach((v, j) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - after.outputs[i][j])))),
);

console.log(`${imagePath} (${after.width}×${after.height}): ${after.detections.length} detections`);
for (const d of after.detections) {
  // back to pixels of the image: corners [x0, y0, x1, y1]
  const box = [d.x - d.w / 2, d.y - d.h / 2, d.x + d.w / 2, d.y + d.h / 2].map((v, i) =>
    Math.round(v * (i % 2 ? after.height : after.width)),
  );
  console.log(
    `  ${names?.[d.classId] ?? `class ${d.classId}`} ${d.score.toFixed(2)} at [${box.join(', ')}]`,
  );
}

model.dispose();
loaded.dispose();
const firstSteps = history.slice(0, Math.max(1, Math.floor(steps / 10)));
const lastSteps = history.slice(-Math.max(1, Math.floor(steps / 10)));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  JSON.stringify({
    version: version.name,
    inputSize,
    numClasses,
    images: { train: train.length, val: val.length },
    anchors: anchors.options.anchors ?? null,
    steps,
    loss: {
      first: mean(firstSteps),
      last: mean(lastSteps),
      trainBefore: trainLossBefore,
      trainAfter: trainLossAfter,
    },
    metrics: {
      map: metrics.map,
      map50: metrics.map50,
      map75: metrics.map75,
      ar100: metrics.ar100,
      perClass: metrics.perClass,
    },
    validationDetections: valDetections.reduce((n, d) => n + d.length, 0),
    saved: { dir: out, files: savedFiles },
    inference: { image: imagePath, before: before.detections, after: after.detections, maxAbsDiff },
    detections: after.detections.length,
    tensors: tf.memory().numTensors,
  }),
);
await disposeBackend();

/** A numeric flag: an integer ≥ min (or, with integer false, a number in (min, max)), else an error naming it. */
function numberArg(name, text, min, max = Infinity, integer = true) {
  const value = Number(text);
  const ok = integer
    ? Number.isInteger(value) && value >= min
    : Number.isFinite(value) && value > min && value < max;
  if (!ok) {
    const wanted = integer ? `an integer >= ${min}` : `a number in (${min}, ${max})`;
    throw new Error(`--${name}: expected ${wanted}, got '${text}'`);
  }
  return value;
}
