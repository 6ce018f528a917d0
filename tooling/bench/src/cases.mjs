// The benchmark cases of issue #9: realistic training shapes per version, plus v3 and v5 scaling
// in ground-truth boxes per image. Each case builds its inputs once and returns a loss function of
// the prediction tensors.
import * as tf from '@tensorflow/tfjs-core';
import { yolov1Loss } from '@yolo-loss/yolov1';
import { yolov2Loss } from '@yolo-loss/yolov2';
import { yolov3Loss } from '@yolo-loss/yolov3';
import { yolov4Loss } from '@yolo-loss/yolov4';
import { yolov5Loss } from '@yolo-loss/yolov5';

/** Deterministic LCG in [0, 1). */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomGt(images, count, numClasses, seed) {
  const r = rng(seed);
  return Array.from({ length: images }, () =>
    Array.from({ length: count }, () => ({
      x: 0.02 + r() * 0.96, y: 0.02 + r() * 0.96,
      w: 0.02 + r() * 0.48, h: 0.02 + r() * 0.48,
      classId: Math.floor(r() * numClasses),
    })),
  );
}

function randomTensor(shape, seed) {
  const r = rng(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (r() * 2 - 1) * 2;
  return tf.tensor(data, shape);
}

const heads = (batch, size, strides, channels, seed) =>
  strides.map((s, i) => randomTensor([batch, size / s, size / s, channels], seed + i));

/**
 * Every case has the implementations it can run: `composed` everywhere, `fused` for YOLOv3–v5
 * (the losses' `implementation` option; v1/v2 have no fused kernels).
 * @returns {{ name: string, impls: string[], build: (impl: string) => { inputs: tf.Tensor[], loss: (xs: tf.Tensor[]) => tf.Scalar } }[]}
 */
export function benchCases() {
  const both = ['composed', 'fused'];
  const v3 = (boxes, name = `v3 416² C=80 b8 ${boxes} boxes/img`) => ({
    name,
    impls: both,
    build: (implementation) => {
      const gt = randomGt(8, boxes, 80, 7);
      return {
        inputs: heads(8, 416, [32, 16, 8], 255, 3),
        loss: (xs) => yolov3Loss(xs, gt, { preset: 'paper', implementation }).total,
      };
    },
  });
  // YOLOv5 at its default 640² (outputs 80², 40², 20²), ultralytics' preset ('sum')
  const v5 = (boxes) => ({
    name: `v5 640² 3 outputs C=80 b8 ${boxes} boxes/img`,
    impls: both,
    build: (implementation) => {
      const gt = randomGt(8, boxes, 80, 9);
      return {
        inputs: heads(8, 640, [8, 16, 32], 255, 6),
        loss: (xs) => yolov5Loss(xs, gt, { implementation }).total,
      };
    },
  });
  return [
    {
      name: 'v1 7×7 B=2 C=20 b64',
      impls: ['composed'],
      build: () => {
        const gt = randomGt(64, 4, 20, 1);
        return { inputs: [randomTensor([64, 7, 7, 30], 1)], loss: ([x]) => yolov1Loss(x, gt, { preset: 'paper' }).total };
      },
    },
    {
      name: 'v2 13×13 A=5 C=20 b16',
      impls: ['composed'],
      build: () => {
        const gt = randomGt(16, 6, 20, 2);
        return { inputs: [randomTensor([16, 13, 13, 125], 2)], loss: ([x]) => yolov2Loss(x, gt, { preset: 'paper' }).total };
      },
    },
    v3(20, 'v3 416² 3 heads C=80 b8 20 boxes/img'),
    {
      name: 'v4 608² 3 heads C=80 b4 20 boxes/img',
      impls: both,
      build: (implementation) => {
        const gt = randomGt(4, 20, 80, 4);
        return {
          inputs: heads(4, 608, [8, 16, 32], 255, 5),
          loss: (xs) => yolov4Loss(xs, gt, { preset: 'paper', implementation }).total,
        };
      },
    },
    v3(1),
    v3(100),
    v3(500),
    v5(20),
    v5(500),
  ];
}
