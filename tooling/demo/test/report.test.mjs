// The report folder from made-up results: every file written, the page self-contained (no
// external URL, no script), the metric called COCO mAP everywhere, the sections present.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../src/dataset.mjs';
import { metricsJson, writeReport } from '../src/report.mjs';
import { ticks } from '../src/svg-chart.mjs';

const dir = mkdtempSync(join(tmpdir(), 'yolo-loss-demo-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const val = generateDataset({ count: 6, seed: 2 });
const recallPoints = Array.from({ length: 101 }, (_, i) => i * 0.01);
/**
 * A made-up run result.
 * @param {string} version
 * @param {string} title
 * @param {number} outputs
 * @param {Partial<import('../src/run-version.mjs').RunResult>} [extra]
 * @returns {import('../src/run-version.mjs').RunResult}
 */
function result(version, title, outputs, extra = {}) {
  const steps = 20;
  /** @param {(i: number) => number} f */
  const series = (f) => Array.from({ length: steps }, (_, i) => f(i));
  return {
    version, title, outputs, backend: 'cpu', mosaic: false, schedule: 'steps', parameters: 1000, steps,
    seconds: 1.25, evalSeconds: 0.1, evalDuringTrainingSeconds: 0.2, finalLoss: 1.5,
    history: { step: series((i) => i + 1), lr: series((i) => (i < 2 ? 1e-3 : 3e-3)), total: series((i) => 10 / (i + 1)), box: series(() => 1), obj: series(() => 1), noobj: series(() => 0.1), cls: series(() => 0.5) },
    coco: { map: 0.3, map50: 0.6, map75: 0.25, mapSmall: 0.2, mapMedium: 0.4, mapLarge: -1, ar1: 0.2, ar10: 0.4, ar100: 0.45, arSmall: 0.3, arMedium: 0.5, arLarge: -1 },
    perClass: [0, 1, 2].map((classId) => ({ classId, ap: 0.3, ap50: 0.6 })),
    prCurves: { recallPoints, perClass: [0, 1, 2].map((classId) => ({ classId, precision: recallPoints.map((r) => (r <= 0.7 ? 1 - r / 2 : 0)), recall: 0.7 })) },
    confusion: [[5, 1, 0, 2], [0, 6, 1, 1], [0, 0, 7, 2], [3, 1, 0, 0]],
    mapHistory: [{ step: 10, map50: 0.3, map: 0.1 }, { step: 20, map50: 0.6, map: 0.3 }],
    detections: val.boxes.map((boxes) => boxes.map((b) => ({ ...b, score: 0.9 }))),
    ...extra,
  };
}
const results = [result('yolov1', 'YOLOv1', 1), result('yolov4', 'YOLOv4', 2, { mosaic: true, schedule: 'cosine' })];
const info = { commit: 'abc1234', uncommittedChanges: false, cpu: 'Test CPU', cores: 2, node: 'v20.0.0', platform: 'linux x64' };

describe('report', () => {
  const report = writeReport(dir, {
    backend: 'cpu',
    settings: { evalEvery: 10 },
    results,
    val,
    run: { info, backend: 'cpu', jobs: 2, totalSeconds: 3 },
  });
  const html = readFileSync(join(dir, 'index.html'), 'utf8');

  it('writes the page, the PNGs, metrics.json and the README table', () => {
    expect(report.files).toEqual(['index.html', 'curves.png', 'detections.png', 'metrics.json', 'readme-table.md']);
    expect(readFileSync(join(dir, 'readme-table.md'), 'utf8')).toBe(
      '| version | steps | COCO mAP@0.5 | COCO mAP@[.5:.95] | training |\n| --- | ---: | ---: | ---: | ---: |\n' +
        '| YOLOv1 | 20 | 0.600 | 0.300 | 1.3 s |\n| YOLOv4 (2 heads, Mosaic, cosine LR) | 20 | 0.600 | 0.300 | 1.3 s |\n\n' +
        'Commit `abc1234`; Test CPU, 2 cores, linux x64; Node v20.0.0; cpu backend, 2 versions in parallel; all versions in 3.0 s.\n',
    );
    /** @type {unknown} */
    const written = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    const metrics = /** @type {import('../src/report.mjs').MetricsJson} */ (written);
    expect(metrics).toEqual(JSON.parse(JSON.stringify(metricsJson('cpu', results, info))));
    expect(metrics.metric).toMatch(/^COCO mAP: evaluateDetections of @yolo-loss\/geometry/);
    expect(metrics.run).toEqual(info);
    expect(metrics.versions.yolov4).toMatchObject({ coco: { map50: 0.6, map: 0.3 }, cocoOverTraining: results[1].mapHistory, schedule: 'cosine', mosaic: true });
    expect(metrics.versions.yolov1.confusion).toEqual({ scoreThreshold: 0.3, iouThreshold: 0.5, classes: ['square', 'disc', 'triangle', 'background'], matrix: results[0].confusion });
  });

  it('is one self-contained page: inline SVG and PNG data URIs, no scripts, no network', () => {
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html.match(/http[^"]*/g)).toEqual(Array((html.match(/<svg /g) ?? []).length).fill('http://www.w3.org/2000/svg'));
    expect(html).toMatch(/<img alt="detections" src="data:image\/png;base64,/);
  });

  it('calls the metric COCO mAP and has every section', () => {
    expect(html).toMatch(/<th>COCO mAP@0\.5<\/th><th>COCO mAP@\[\.5:\.95\]<\/th>/);
    expect(html.replace(/data:image\/png;base64,[^"]*/g, '')).not.toMatch(/VOC|mAP@0\.5:0\.95/);
    for (const section of ['COCO mAP over training', 'learning rate', 'Precision–recall at IoU 0.5', 'Confusion matrices', 'Loss curves']) {
      expect(html).toContain(section);
    }
    expect(html.match(/precision–recall at IoU 0\.5<\/text>/g)).toHaveLength(2); // one chart per version
    expect(html.match(/<table class="confusion"/g)).toHaveLength(2);
  });
});

describe('chart ticks', () => {
  it('are round numbers covering the range', () => {
    expect(ticks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ticks(0, 850, 5)).toEqual([0, 200, 400, 600, 800]);
    expect(ticks(0, 3.15e-3, 4)).toEqual([0, 0.001, 0.002, 0.003]);
    expect(ticks(0.2, 0.2)).toEqual([0.2]);
  });
});
