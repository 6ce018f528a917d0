// Reading a YOLO data set folder into letterboxed training samples, splitting it, and turning a
// batch of samples into the model's input tensor.
import * as tf from '@tensorflow/tfjs-core';
import { letterbox } from '@yolo-loss/data';
import { readImage, readYoloDataset } from '@yolo-loss/data/node';

/**
 * @typedef {{ x: number, y: number, w: number, h: number, classId: number }} GtBox
 * @typedef {object} Sample
 * @property {string} path - the image file.
 * @property {Uint8Array} pixels - the letterboxed image: `inputSize` RGB, HWC, 0..255.
 * @property {GtBox[]} boxes - its boxes normalised to the letterboxed input (what the loss takes).
 * @property {GtBox[]} groundTruth - its boxes normalised to the original image (what evaluation takes).
 * @property {import('@yolo-loss/data').LetterboxInfo} info - scale, pad and sizes, to map detections back.
 */

/**
 * Reads `root/images/**` (PNG, JPEG) and `root/labels/**` (YOLO txt), decodes every image and
 * letterboxes it to the input size, boxes moved with the pixels. Every image is decoded once
 * and kept as 8-bit pixels at the input size (`W·H·3` bytes each): fine for thousands of small
 * images; for a larger set, decode per batch instead.
 *
 * @param {string} root - the data set folder.
 * @param {[number, number]} inputSize - `[width, height]` of the network input.
 * @param {number} [numClasses] - when given, a label with a larger class id is an error (naming file and line).
 * @returns {Promise<{ samples: Sample[], numClasses: number, unmatchedLabels: string[] }>}
 */
export async function loadDataset(root, inputSize, numClasses) {
  const data = await readYoloDataset(root, numClasses === undefined ? {} : { numClasses });
  if (data.images.length === 0)
    throw new Error(`no images under ${root}/images (expected .png or .jpg files)`);
  const samples = [];
  for (const [i, path] of data.images.entries()) {
    const image = await readImage(path); // RGB, turned upright by a JPEG's EXIF orientation
    const groundTruth = data.groundTruth[i];
    const { image: input, boxes, ...info } = letterbox(image, groundTruth, inputSize);
    samples.push({ path, pixels: input.data, boxes, groundTruth, info });
  }
  const seen = Math.max(-1, ...data.groundTruth.flat().map((b) => b.classId)) + 1;
  return {
    samples,
    numClasses: numClasses ?? Math.max(1, seen),
    unmatchedLabels: data.unmatchedLabels,
  };
}

/**
 * Splits the samples at random (seeded) into training and validation.
 *
 * @param {Sample[]} samples
 * @param {number} fraction - share held out for validation, in (0, 1).
 * @param {() => number} rng - a random source in [0, 1), e.g. `seededRandom(seed)`.
 * @returns {{ train: Sample[], val: Sample[] }} at least one sample in each.
 */
export function splitSamples(samples, fraction, rng) {
  if (samples.length < 2)
    throw new Error(`a validation split needs at least 2 images, got ${samples.length}`);
  const order = shuffled(samples.length, rng);
  const held = Math.min(samples.length - 1, Math.max(1, Math.round(samples.length * fraction)));
  return {
    val: order.slice(0, held).map((i) => samples[i]),
    train: order.slice(held).map((i) => samples[i]),
  };
}

/** `0 … n − 1` in a random order (Fisher–Yates). */
export function shuffled(n, rng) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * The model input for some samples: `[N, H, W, 3]` float32 in [0, 1].
 *
 * @param {{ pixels: Uint8Array }[]} samples - letterboxed images, all of the input size.
 * @param {[number, number]} inputSize - `[width, height]`.
 * @param {boolean[]} [flips] - per sample, mirror it left–right (augmentation; see {@link flipBoxes}).
 * @returns {tf.Tensor4D}
 */
export function batchTensor(samples, inputSize, flips) {
  const [width, height] = inputSize;
  const size = width * height * 3;
  const values = new Float32Array(samples.length * size);
  samples.forEach(({ pixels }, n) => {
    const flip = flips?.[n] ?? false;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const from = (y * width + (flip ? width - 1 - x : x)) * 3;
        const to = n * size + (y * width + x) * 3;
        for (let c = 0; c < 3; c++) values[to + c] = pixels[from + c] / 255;
      }
    }
  });
  return tf.tensor4d(values, [samples.length, height, width, 3]);
}

/** The boxes of a left–right mirrored image. */
export function flipBoxes(boxes) {
  return boxes.map((b) => ({ ...b, x: 1 - b.x }));
}
