// The tfjs-layers adapters: each output's loss sees only its own (yTrue, yPred), yet YOLOv8's loss
// is one computation over every output (each GT's top-k spans the outputs, every term divides by
// the batch's target-score sum) — the outputs' functions share a closure and the last computes the
// loss. Their sum is yolov8.loss(...).total for 'sum' and 'mean', and model.fit trains with them.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { disposeResult, expectAllClose, expectNoTensorLeak, randomGt, randomHeads, testBackend, values, type Tolerance } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov8, type GtBox, type Yolov8Options } from '../src/index.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
// 128×128: outputs 16², 8², 4²
const small: Yolov8Options = { numClasses: 3, inputSize: [128, 128], regMax: 8 };
/** A random batch: 4 images, one of them without boxes, one crowded (GTs competing for anchors). */
function batch(): GtBox[][] {
  const [a, b, c] = randomGt(3, 4, 3, 17);
  const crowd: GtBox[] = [
    { x: 0.3, y: 0.3, w: 0.25, h: 0.3, classId: 0 },
    { x: 0.31, y: 0.32, w: 0.3, h: 0.25, classId: 1 },
  ];
  return [a!, [], [...b!, ...crowd], c!];
}
const outputsFor = (options: Yolov8Options, n: number, seed: number): tf.Tensor4D[] =>
  randomHeads(
    yolov8.outputShapes(options).map(([h, w, c]) => [n, h, w, c] as const),
    seed,
    2,
  );
const scalar = async (t: tf.Tensor): Promise<number> => (await values(t))[0]!;

describe('yolov8 tfjs-layers adapters', () => {
  for (const reduction of ['sum', 'mean'] as const) {
    for (const extra of [{}, { classPosWeight: [1, 2, 0.5], assignerTopK: 3, lambdaDfl: 0.7 }] as Yolov8Options[]) {
      const name = `${reduction}${Object.keys(extra).length > 0 ? ', pos weights, top-k 3, λdfl' : ''}`;
      it(`${name}: the outputs' losses add up to the loss, the metrics to its terms, the gradients to its gradient`, async () => {
        const cfg = yolov8.resolveConfig({ ...small, ...extra, reduction });
        const gt = batch();
        const outputs = outputsFor(cfg, gt.length, 5);
        const ys = yolov8.layersTargets(gt, cfg);
        expect(ys.map((y) => y.shape)).toEqual(outputs.map((o) => o.shape));
        const losses = yolov8.layersLoss(cfg);
        expect(losses).toHaveLength(3);

        const r = yolov8.loss(outputs, gt, cfg);
        const parts = losses.map((fn, i) => fn(ys[i]!, outputs[i]!));
        // the first outputs keep their yPred; the last returns the loss over all of them
        expect(await Promise.all(parts.slice(0, 2).map(scalar))).toEqual([0, 0]);
        expectAllClose([await scalar(parts[2]!)], [await scalar(r.total)], tolerance, `${name} total`);
        const metrics = yolov8.layersMetrics(cfg);
        expect(metrics.map((m) => m.map((fn) => fn.name))).toEqual(outputs.map(() => ['box', 'cls', 'dfl']));
        for (const [k, term] of (['box', 'cls', 'dfl'] as const).entries()) {
          const sum = tf.addN(metrics.map((m, i) => m[k]!(ys[i]!, outputs[i]!)));
          expectAllClose([await scalar(sum)], [await scalar(r[term])], tolerance, `${name} ${term}`);
          sum.dispose();
        }

        // the same gradient: what model.fit minimises is what loss minimises
        const byLoss = tf.grads((...xs: tf.Tensor[]) => yolov8.loss(xs, gt, cfg).total)(outputs);
        const byLayers = tf.grads((...xs: tf.Tensor[]) => tf.addN(losses.map((fn, i) => fn(ys[i]!, xs[i]!))))(outputs);
        for (const [i, g] of byLayers.entries()) {
          expectAllClose(await values(g), await values(byLoss[i]!), tolerance, `${name} gradient of output ${i}`);
        }
        disposeResult(r);
        tf.dispose([...parts, ...byLoss, ...byLayers, ...outputs, ...ys]);
      });
    }
  }

  it('maxBoxes: the default rule of every version, the same option for targets and loss, errors naming the image', () => {
    const three: GtBox[][] = [randomGt(1, 2, 3, 1, 0.05, 0.1)[0]!, randomGt(1, 3, 3, 2, 0.05, 0.1)[0]!];
    // 32×32, regMax 2, 1 class: the smallest output 1×1×9 = 9 values per image, 1 box by the rule
    const tiny = { numClasses: 3, inputSize: [32, 32] as [number, number], regMax: 2 };
    expect(() => yolov8.layersTargets(three, tiny)).toThrow(/image 0 has 2 ground-truth boxes, more than maxBoxes \(1\)/);
    expect(() => yolov8.layersTargets(three, { ...tiny, maxBoxes: 3 })).toThrow(/output 2 holds 11 values per image, too few for maxBoxes 3/);
    const ys = yolov8.layersTargets(three, { ...small, maxBoxes: 3 });
    expect(ys.map((y) => y.shape)).toEqual(yolov8.outputShapes(small).map((s) => [2, ...s]));
    tf.dispose(ys);
    expect(() => yolov8.layersTargets(three, { ...small, maxBoxes: 0 })).toThrow(/option 'maxBoxes' must be a positive integer, got 0/);
    expect(() => yolov8.layersLoss({ ...small, maxBoxes: 1.5 })).toThrow(/option 'maxBoxes'/);
    // at 640², 80 classes the rule gives 100
    expect(() => yolov8.layersTargets([randomGt(1, 100, 80, 3)[0]!], {})).not.toThrow();
    expect(() => yolov8.layersTargets([randomGt(1, 101, 80, 3)[0]!], {})).toThrow(/maxBoxes \(100\)/);
  });

  it('a yPred that does not fit the output, or the last output alone, is an error naming it', () => {
    const cfg = yolov8.resolveConfig(small);
    const losses = yolov8.layersLoss(cfg);
    const wrong = tf.zeros([1, 8, 8, 20]);
    expect(() => losses[0]!(wrong, wrong)).toThrow(/output 0: yPred must be \[N, H, W, 35\]/);
    const last = tf.zeros([1, 4, 4, 35]);
    expect(() => losses[2]!(last, last)).toThrow(/output 0's loss was not called first/);
    tf.dispose([wrong, last]);
  });

  it('leaves no tensor behind', async () => {
    const cfg = yolov8.resolveConfig(small);
    const gt = batch();
    const outputs = outputsFor(cfg, gt.length, 9);
    const losses = yolov8.layersLoss(cfg);
    await expectNoTensorLeak(async () => {
      const ys = yolov8.layersTargets(gt, cfg);
      const parts = losses.map((fn, i) => fn(ys[i]!, outputs[i]!));
      await values(parts[2]!);
      tf.dispose([...parts, ...ys]);
    }, 2);
    tf.dispose(outputs);
  });
});

// tfjs-layers training: CPU project only (slow on software WebGPU; the numbers are the same).
describe.runIf(testBackend() === 'cpu')('yolov8 model.fit', () => {
  it('compile + fit with layersLoss and layersTargets lowers the loss; evaluate equals yolov8.loss', async () => {
    const cfg = yolov8.resolveConfig({ numClasses: 2, inputSize: [128, 128], regMax: 8, reduction: 'mean' });
    const gt = randomGt(4, 3, 2, 31, 0.1, 0.5);
    // a tiny detector: a code per image → one dense layer per output, reshaped to the output
    const input = tfl.input({ shape: [8] });
    const hidden = tfl.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
    const outputs = yolov8.outputShapes(cfg).map(([h, w, c], i) =>
      tfl.layers.reshape({ targetShape: [h, w, c] }).apply(
        tfl.layers.dense({ units: h * w * c, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 + i }) }).apply(hidden),
      ) as tfl.SymbolicTensor,
    );
    const model = tfl.model({ inputs: input, outputs });
    // per-term metrics of each output, keyed by output name
    const metrics = Object.fromEntries(model.outputNames.map((name, i) => [name, yolov8.layersMetrics(cfg)[i]!]));
    // (tfjs-layers' type allows one metric per output name; at run time it takes a list)
    model.compile({ optimizer: tf.train.adam(0.01), loss: yolov8.layersLoss(cfg), metrics: metrics as never });
    const x = tf.randomNormal([4, 8], 0, 1, 'float32', 3);
    const ys = yolov8.layersTargets(gt, cfg);
    const history = await model.fit(x, ys, { epochs: 40, batchSize: 4, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(Object.keys(history.history).filter((k) => k.endsWith('_dfl'))).toHaveLength(3);
    console.info(`[yolov8 model.fit] ${losses[0]!.toFixed(3)} → ${losses.at(-1)!.toFixed(4)}`);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 3);

    const scores = model.evaluate(x, ys, { batchSize: 4 }) as tf.Scalar[];
    const predicted = model.predict(x) as tf.Tensor4D[];
    const r = yolov8.loss(predicted, gt, cfg);
    // tfjs-layers 4.22's evaluate lists the running total after each output: the last is the total
    expectAllClose([await scalar(scores[outputs.length - 1]!)], [await scalar(r.total)], tolerance, 'evaluate');
    disposeResult(r);
    tf.dispose([...scores, ...predicted, x, ...ys]);
    model.dispose();
  });
});
