// A small convolutional detector for any YOLO version, built only from `version.outputShapes`:
// a backbone of stride-2 convolutions and one 1×1 convolution per output, on the feature map
// whose grid matches that output. Nothing in it knows which version it serves.
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * @param {readonly [number, number]} inputSize - `[width, height]` in pixels
 * @param {[number, number, number][]} outputShapes - `[height, width, channels]` per output
 * @returns {import('@tensorflow/tfjs-layers').LayersModel}
 */
export function buildDetector(inputSize, outputShapes) {
  const [width, height] = inputSize;
  const input = tfl.input({ shape: [height, width, 3] });
  const features = new Map();
  const coarsest = Math.max(...outputShapes.map(([h]) => height / h));
  let x = input;
  for (let stride = 2, filters = 16; stride <= coarsest; stride *= 2, filters = Math.min(filters * 2, 64)) {
    x = tfl.layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(x);
    features.set(stride, x);
  }
  const outputs = outputShapes.map(([h, , channels], i) =>
    tfl.layers.conv2d({ filters: channels, kernelSize: 1, name: `output${i}` }).apply(features.get(height / h)),
  );
  return tfl.model({ inputs: input, outputs });
}

/** A model's outputs as an array, also for a one-output model (tfjs-layers returns the tensor itself). */
export const asArray = (outputs) => (Array.isArray(outputs) ? outputs : [outputs]);
