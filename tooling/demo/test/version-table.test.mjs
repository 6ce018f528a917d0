// prepareVersion: every version's config comes from its version object with the table's keys, and
// the model's heads from its `outputShapes`; the objectness prior channels are the ones the
// version object's `decode` reads as objectness (checked through decode, not the table).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it, beforeAll } from 'vitest';
import { createModel } from '../src/model.mjs';
import { IMAGE_SIZE, NUM_CLASSES, prepareVersion, VERSIONS } from '../src/version-table.mjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * The demo's model layout, written out per version (strides of the outputs, in the loss's order).
 * @type {Record<string, { strides: number[], channels: number }>}
 */
const EXPECTED = {
  yolov1: { strides: [16], channels: 2 * 5 + NUM_CLASSES },
  yolov2: { strides: [16], channels: 3 * (5 + NUM_CLASSES) },
  yolov3: { strides: [16, 8], channels: 3 * (5 + NUM_CLASSES) },
  yolov4: { strides: [8, 16], channels: 3 * (5 + NUM_CLASSES) },
  yolov5: { strides: [8, 16], channels: 3 * (5 + NUM_CLASSES) },
  yolov8: { strides: [8, 16, 32], channels: 4 * 16 + NUM_CLASSES },
};

describe('version table', () => {
  it('has the six versions, each under its version object name', () => {
    expect(Object.keys(VERSIONS)).toEqual(['yolov1', 'yolov2', 'yolov3', 'yolov4', 'yolov5', 'yolov8']);
    for (const [name, entry] of Object.entries(VERSIONS)) expect(entry.version.name).toBe(name);
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`${name}: its preset (paper; YOLOv5's and YOLOv8's ultralytics) on the demo's input, heads from outputShapes`, () => {
      const v = prepareVersion(name);
      const preset = name === 'yolov5' || name === 'yolov8' ? 'ultralytics' : 'paper';
      expect(v.config).toMatchObject({ numClasses: NUM_CLASSES, inputSize: [IMAGE_SIZE, IMAGE_SIZE] });
      expect(v.config).toEqual(v.version.resolveConfig({ preset, ...VERSIONS[name].options, numClasses: NUM_CLASSES, inputSize: [IMAGE_SIZE, IMAGE_SIZE] }));
      expect(v.heads.map((h) => h.stride)).toEqual(EXPECTED[name].strides);
      expect(v.heads.map((h) => h.channels)).toEqual(EXPECTED[name].strides.map(() => EXPECTED[name].channels));
      // the model built from them has outputs of exactly the shapes the version object wants
      const model = createModel({ seed: 1, heads: v.heads });
      const outputs = model.apply(tf.zeros([2, IMAGE_SIZE / 4, IMAGE_SIZE / 4, 64]));
      expect(outputs.map((o) => o.shape.slice(1))).toEqual(v.version.outputShapes(v.config));
      tf.dispose(outputs);
      model.dispose();
    });

    it(`${name}: the objectness prior sits on the channels decode reads as objectness`, async () => {
      const v = prepareVersion(name);
      const shapes = v.version.outputShapes(v.config);
      /**
       * Outputs 0 everywhere except the prior's channels, set to `value`.
       * @param {number} value
       */
      const outputs = (value) =>
        shapes.map(([h, w, c]) => {
          const values = new Float32Array(h * w * c);
          for (let i = 0; i < h * w; i++) for (const ch of VERSIONS[name].objectnessPrior.channels) values[i * c + ch] = value;
          return tf.tensor4d(values, [1, h, w, c]);
        });
      /** @param {number} value */
      const count = async (value) => {
        const out = outputs(value);
        const [dets] = await v.version.decode(out, { ...v.config, scoreThreshold: 0.2, nms: 'none', maxDetections: 10_000 });
        tf.dispose(out);
        return dets.length;
      };
      const slots = shapes.reduce((n, [h, w]) => n + h * w * VERSIONS[name].objectnessPrior.channels.length, 0);
      expect(await count(-20)).toBe(0); // objectness ≈ 0 everywhere: nothing scores
      expect(await count(20)).toBeGreaterThanOrEqual(slots); // objectness ≈ 1: every slot scores
    });
  }

  it('names an unknown version', () => {
    expect(() => prepareVersion('yolov9')).toThrow(/unknown version "yolov9" \(yolov1, yolov2, yolov3, yolov4, yolov5, yolov8\)/);
  });
});
