// Saving a tfjs-layers model to a folder on disk and loading it back, in plain Node.
//
// `model.save('file://…')` needs @tensorflow/tfjs-node, which registers the `file://` handler
// (and brings native TensorFlow). Without it, tfjs's IO API still lets you save anywhere: a
// save handler receives the model's artifacts (topology JSON, weight specs, one weights
// buffer) and a load handler returns them. These two write and read the same files tfjs-node
// and `tensorflowjs_converter` use — `model.json` with a weights manifest, and `weights.bin` —
// so the folder also loads in a browser with `tf.loadLayersModel('https://…/model.json')`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

const WEIGHTS_FILE = 'weights.bin';

/**
 * A tfjs save handler that writes `dir/model.json` and `dir/weights.bin`.
 * Use: `await model.save(fileSaveHandler('models/shapes'))`.
 *
 * @param {string} dir - the folder (created if missing).
 * @returns {tf.io.IOHandler}
 */
export function fileSaveHandler(dir) {
  return tf.io.withSaveHandler(async (artifacts) => {
    await mkdir(dir, { recursive: true });
    // tfjs ≥ 4.10 may hand the weights over as several buffers; the file is their concatenation.
    const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
      ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      ...(artifacts.userDefinedMetadata
        ? { userDefinedMetadata: artifacts.userDefinedMetadata }
        : {}),
    };
    await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(dir, WEIGHTS_FILE), weights);
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
}

/**
 * A tfjs load handler that reads what {@link fileSaveHandler} wrote (or any `model.json` whose
 * weight files lie beside it). Use: `await tfl.loadLayersModel(fileLoadHandler('models/shapes'))`.
 *
 * @param {string} dir - the folder holding `model.json`.
 * @returns {tf.io.IOHandler}
 */
export function fileLoadHandler(dir) {
  return {
    load: async () => {
      const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = [];
        for (const group of manifest) {
          for (const path of group.paths) {
            const bytes = await readFile(join(dir, path));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}
