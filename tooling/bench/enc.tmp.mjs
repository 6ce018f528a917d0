import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@yolo-loss/backend';
import { encodeYolov3Targets } from '@yolo-loss/yolov3';
await initBackend({ backend: 'cpu', log: false });
function rng(seed) { let s = seed >>> 0; return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32); }
const r = rng(7);
for (const G of [20, 500]) {
  const gt = Array.from({ length: 8 }, () => Array.from({ length: G }, () => ({ x: 0.02 + r() * 0.96, y: 0.02 + r() * 0.96, w: 0.02 + r() * 0.48, h: 0.02 + r() * 0.48, classId: Math.floor(r() * 80) })));
  const t = [];
  for (let i = 0; i < 30; i++) { const c0 = process.cpuUsage(); const e = encodeYolov3Targets(gt, { preset: 'paper', batchSize: 8 }); const c = process.cpuUsage(c0); t.push((c.user + c.system) / 1000); }
  t.sort((a, b) => a - b); console.log(G, 'encode cpu ms min', t[0].toFixed(2), 'med', t[15].toFixed(2));
}
