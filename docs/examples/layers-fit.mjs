// tfjs-layers training with every YOLO version (v1–v5, v8): `model.compile({ loss: version.layersLoss(config) })`,
// `model.fit(x, version.layersTargets(groundTruth, config))`, then `model.fitDataset` from a tf.data
// pipeline that yields the same targets, and `model.evaluate`, which equals
// `version.loss(model.predict(x), groundTruth, config).total`. One loop, no branch on the version.
//
//   node docs/examples/layers-fit.mjs [--steps 20]
import * as tf from '@tensorflow/tfjs-core';
import * as tfd from '@tensorflow/tfjs-data';
import { disposeBackend, initBackend } from '@yolo-loss/backend';
import { yolov1 } from '@yolo-loss/yolov1';
import { yolov2 } from '@yolo-loss/yolov2';
import { yolov3 } from '@yolo-loss/yolov3';
import { yolov4 } from '@yolo-loss/yolov4';
import { yolov5 } from '@yolo-loss/yolov5';
import { yolov8 } from '@yolo-loss/yolov8';
import { asArray, buildDetector } from './detector.mjs';
import { stepsFromArgv, syntheticBatch } from './synthetic-batch.mjs';

/**
 * @param {import('@yolo-loss/heads').YoloVersion} version
 */
async function fitVersion(version, images, groundTruth, epochs) {
  const config = version.resolveConfig({ numClasses: 2, inputSize: [128, 128] });
  const model = buildDetector(config.inputSize, version.outputShapes(config));
  // per-term metrics (box, obj, noobj, cls of each output; YOLOv8: box, cls, dfl) show in fit's logs
  const perOutput = version.layersMetrics(config);
  const metrics = Object.fromEntries(model.outputNames.map((name, i) => [name, perOutput[i]]));
  const optimizer = tf.train.adam(2e-3);
  model.compile({ optimizer, loss: version.layersLoss(config), metrics });

  const ys = version.layersTargets(groundTruth, config);
  const fit = await model.fit(images, ys, { epochs, batchSize: 4, verbose: 0 });

  // The same targets from a tf.data pipeline: one batch per element (fitDataset disposes each
  // element after its step, so the pipeline hands out copies).
  const dataset = tfd.generator(function* () {
    yield { xs: tf.clone(images), ys: ys.map((y) => tf.clone(y)) };
  });
  const fitDataset = await model.fitDataset(dataset, { epochs: Math.max(2, epochs / 4), verbose: 0 });

  // tfjs-layers 4.22's evaluate returns, for its loss entries, the running total after each output
  // (its makeTestFunction pushes the sum so far once per output), so the total is the entry of the
  // last output; for a one-output model that is entry 0.
  const scores = asArray(model.evaluate(images, ys, { batchSize: 4 }));
  const evaluate = (await scores[model.outputs.length - 1].data())[0];
  const outputs = asArray(model.predict(images));
  const loss = version.loss(outputs, groundTruth, config);
  const total = (await loss.total.data())[0];
  tf.dispose([...scores, ...outputs, ...Object.values(loss).filter((t) => t instanceof tf.Tensor), ...ys]);
  optimizer.dispose();
  model.dispose();
  const terms = Object.keys(fit.history).filter((k) => k !== 'loss');
  return {
    version: version.name,
    first: fit.history.loss[0],
    last: fitDataset.history.loss.at(-1),
    evaluate,
    total,
    relativeDifference: Math.abs(evaluate - total) / Math.abs(total),
    metrics: terms,
  };
}

await initBackend();
const { images, groundTruth } = syntheticBatch(128, 4);
const epochs = stepsFromArgv(20);
const results = [];
for (const version of [yolov1, yolov2, yolov3, yolov4, yolov5, yolov8]) {
  const r = await fitVersion(version, images, groundTruth, epochs);
  console.log(
    `${r.version}: fit ${r.first.toFixed(3)} → fitDataset ${r.last.toFixed(3)}; evaluate ${r.evaluate.toFixed(5)} = loss ${r.total.toFixed(5)} ` +
      `(rel ${r.relativeDifference.toExponential(1)}); metrics ${r.metrics.slice(0, 4).join(', ')}, …`,
  );
  results.push(r);
}
images.dispose();
console.log(JSON.stringify({ results, tensors: tf.memory().numTensors }));
await disposeBackend();
