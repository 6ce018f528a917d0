// A second, independent implementation of pycocotools' COCOeval (iouType 'bbox') for the
// tests: a direct port of its loops (per image × class × area range × threshold) over arrays
// of objects, with nothing shared with src/. Slow and plain on purpose.
import type { Detection, EvaluationGtBox } from '../src/index.js';

// numpy's linspace(.5, .95, 10) as numpy prints it, and linspace(0, 1, 101) (= i * 0.01).
const IOU_THRS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95];
const REC_THRS = Array.from({ length: 101 }, (_, i) => i * 0.01);
const AREA_RNG: [number, number][] = [
  [0, 1e5 ** 2],
  [0, 32 ** 2],
  [32 ** 2, 96 ** 2],
  [96 ** 2, 1e5 ** 2],
];

interface Ann {
  id: number;
  imageId: number;
  categoryId: number;
  bbox: [number, number, number, number];
  area: number;
  iscrowd: boolean;
  score: number;
  ignore?: boolean;
}

interface EvalImg {
  dtIds: number[];
  dtMatches: number[][]; // [T][D]
  dtScores: number[];
  gtIgnore: boolean[];
  dtIgnore: boolean[][]; // [T][D]
}

/** numpy argsort(kind='mergesort'): stable. */
function argsortStable(keys: number[]): number[] {
  return keys
    .map((k, i) => [k, i] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))
    .map((p) => p[1]);
}

/** maskApi.c bbIou for one pair. */
function bbIou(d: number[], g: number[], crowd: boolean): number {
  const w = Math.min(d[2]! + d[0]!, g[2]! + g[0]!) - Math.max(d[0]!, g[0]!);
  if (w <= 0) return 0;
  const h = Math.min(d[3]! + d[1]!, g[3]! + g[1]!) - Math.max(d[1]!, g[1]!);
  if (h <= 0) return 0;
  const i = w * h;
  const da = d[2]! * d[3]!;
  const ga = g[2]! * g[3]!;
  const u = crowd ? da : da + ga - i;
  return i / u;
}

export interface ReferenceResult {
  /** precision[t][r][k][a][m] */
  precision: number[][][][][];
  /** recall[t][k][a][m] */
  recall: number[][][][];
  maxDets: number[];
  catIds: number[];
  stats: number[];
  perClass: { classId: number; ap: number; ap50: number }[];
}

export function referenceEvaluate(
  detections: readonly (readonly Detection[])[],
  groundTruth: readonly (readonly EvaluationGtBox[])[],
  imageSizes: readonly (readonly [number, number])[],
  maxDetections = 100,
  numClasses?: number,
): ReferenceResult {
  // loadRes / the annotation file: pixel [x_min, y_min, w, h], ids from 1.
  const toPixels = (
    b: { x: number; y: number; w: number; h: number },
    n: number,
  ): [number, number, number, number] => {
    const [W, H] = imageSizes[n]!;
    return [(b.x - b.w / 2) * W, (b.y - b.h / 2) * H, b.w * W, b.h * H];
  };
  let nextId = 1;
  const gts: Ann[] = [];
  groundTruth.forEach((list, n) =>
    list.forEach((g) => {
      const bbox = toPixels(g, n);
      gts.push({
        id: nextId++,
        imageId: n,
        categoryId: g.classId,
        bbox,
        area: g.area ?? bbox[2] * bbox[3],
        iscrowd: g.iscrowd === true,
        score: 0,
      });
    }),
  );
  nextId = 1;
  const dts: Ann[] = [];
  detections.forEach((list, n) =>
    list.forEach((d) => {
      const bbox = toPixels(d, n);
      dts.push({
        id: nextId++,
        imageId: n,
        categoryId: d.classId,
        bbox,
        area: bbox[2] * bbox[3],
        iscrowd: false,
        score: d.score,
      });
    }),
  );
  const catIds =
    numClasses !== undefined
      ? Array.from({ length: numClasses }, (_, k) => k)
      : [...new Set([...gts, ...dts].map((a) => a.categoryId))].sort((a, b) => a - b);
  const imgIds = imageSizes.map((_, n) => n);
  const maxDets = [1, Math.min(10, maxDetections), maxDetections];

  // _prepare
  for (const g of gts) g.ignore = g.iscrowd;
  const key = (i: number, c: number): string => `${i},${c}`;
  const gtsBy = new Map<string, Ann[]>();
  const dtsBy = new Map<string, Ann[]>();
  for (const g of gts)
    gtsBy.set(key(g.imageId, g.categoryId), [
      ...(gtsBy.get(key(g.imageId, g.categoryId)) ?? []),
      g,
    ]);
  for (const d of dts)
    dtsBy.set(key(d.imageId, d.categoryId), [
      ...(dtsBy.get(key(d.imageId, d.categoryId)) ?? []),
      d,
    ]);

  // computeIoU
  const ious = new Map<string, number[][]>();
  for (const i of imgIds) {
    for (const c of catIds) {
      const gt = gtsBy.get(key(i, c)) ?? [];
      let dt = dtsBy.get(key(i, c)) ?? [];
      if (gt.length === 0 && dt.length === 0) {
        ious.set(key(i, c), []);
        continue;
      }
      dt = argsortStable(dt.map((d) => -d.score)).map((j) => dt[j]!);
      if (dt.length > maxDets[2]!) dt = dt.slice(0, maxDets[2]);
      ious.set(
        key(i, c),
        gt.length === 0 || dt.length === 0
          ? []
          : dt.map((d) => gt.map((g) => bbIou(d.bbox, g.bbox, g.iscrowd))),
      );
    }
  }

  // evaluateImg
  const evaluateImg = (
    imgId: number,
    catId: number,
    aRng: [number, number],
    maxDet: number,
  ): EvalImg | null => {
    let gt = gtsBy.get(key(imgId, catId)) ?? [];
    let dt = dtsBy.get(key(imgId, catId)) ?? [];
    if (gt.length === 0 && dt.length === 0) return null;
    const ignoreFlag = gt.map((g) => (g.ignore! || g.area < aRng[0] || g.area > aRng[1] ? 1 : 0));
    const gtind = argsortStable(ignoreFlag);
    gt = gtind.map((j) => gt[j]!);
    const gIgn = gtind.map((j) => ignoreFlag[j] === 1);
    const dtind = argsortStable(dt.map((d) => -d.score));
    dt = dtind.slice(0, maxDet).map((j) => dt[j]!);
    const full = ious.get(key(imgId, catId))!;
    const iou = full.length > 0 ? full.map((row) => gtind.map((j) => row[j]!)) : full;
    const T = IOU_THRS.length;
    const gtm = IOU_THRS.map(() => gt.map(() => 0));
    const dtm = IOU_THRS.map(() => dt.map(() => 0));
    const dtIg = IOU_THRS.map(() => dt.map(() => false));
    if (iou.length !== 0) {
      for (let tind = 0; tind < T; tind++) {
        const t = IOU_THRS[tind]!;
        dt.forEach((d, dind) => {
          let best = Math.min(t, 1 - 1e-10);
          let m = -1;
          for (let gind = 0; gind < gt.length; gind++) {
            if (gtm[tind]![gind]! > 0 && !gt[gind]!.iscrowd) continue;
            if (m > -1 && !gIgn[m] && gIgn[gind]) break;
            if (iou[dind]![gind]! < best) continue;
            best = iou[dind]![gind]!;
            m = gind;
          }
          if (m === -1) return;
          dtIg[tind]![dind] = gIgn[m]!;
          dtm[tind]![dind] = gt[m]!.id;
          gtm[tind]![m] = d.id;
        });
      }
    }
    for (let tind = 0; tind < T; tind++) {
      dt.forEach((d, dind) => {
        const outside = d.area < aRng[0] || d.area > aRng[1];
        dtIg[tind]![dind] = dtIg[tind]![dind]! || (dtm[tind]![dind] === 0 && outside);
      });
    }
    return {
      dtIds: dt.map((d) => d.id),
      dtMatches: dtm,
      dtScores: dt.map((d) => d.score),
      gtIgnore: gIgn,
      dtIgnore: dtIg,
    };
  };
  const evalImgs: (EvalImg | null)[][][] = catIds.map((c) =>
    AREA_RNG.map((a) => imgIds.map((i) => evaluateImg(i, c, a, maxDets[2]!))),
  );

  // accumulate
  const T = IOU_THRS.length;
  const R = REC_THRS.length;
  const precision = IOU_THRS.map(() =>
    REC_THRS.map(() => catIds.map(() => AREA_RNG.map(() => maxDets.map(() => -1)))),
  );
  const recall = IOU_THRS.map(() => catIds.map(() => AREA_RNG.map(() => maxDets.map(() => -1))));
  catIds.forEach((_, k) => {
    AREA_RNG.forEach((_a, a) => {
      maxDets.forEach((maxDet, m) => {
        const E = evalImgs[k]![a]!.filter((e): e is EvalImg => e !== null);
        if (E.length === 0) return;
        const dtScores = E.flatMap((e) => e.dtScores.slice(0, maxDet));
        const inds = argsortStable(dtScores.map((s) => -s));
        const dtmAll = IOU_THRS.map((_t, t) => E.flatMap((e) => e.dtMatches[t]!.slice(0, maxDet)));
        const dtIgAll = IOU_THRS.map((_t, t) => E.flatMap((e) => e.dtIgnore[t]!.slice(0, maxDet)));
        const npig = E.flatMap((e) => e.gtIgnore).filter((ig) => !ig).length;
        if (npig === 0) return;
        for (let t = 0; t < T; t++) {
          const dtmS = inds.map((j) => dtmAll[t]![j]!);
          const dtIgS = inds.map((j) => dtIgAll[t]![j]!);
          const tp: number[] = [];
          const fp: number[] = [];
          let tc = 0;
          let fc = 0;
          for (let j = 0; j < dtmS.length; j++) {
            if (dtmS[j] !== 0 && !dtIgS[j]) tc++;
            if (dtmS[j] === 0 && !dtIgS[j]) fc++;
            tp.push(tc);
            fp.push(fc);
          }
          const nd = tp.length;
          const rc = tp.map((v) => v / npig);
          const pr = tp.map((v, j) => v / (fp[j]! + v + 2.220446049250313e-16));
          const q = REC_THRS.map(() => 0);
          recall[t]![k]![a]![m] = nd ? rc[nd - 1]! : 0;
          for (let i = nd - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
          // searchsorted(rc, recThrs, side='left'), then q[ri] = pr[pi] until pi is out of range
          for (let ri = 0; ri < R; ri++) {
            let pi = 0;
            while (pi < nd && rc[pi]! < REC_THRS[ri]!) pi++;
            if (pi >= nd) break;
            q[ri] = pr[pi]!;
          }
          for (let ri = 0; ri < R; ri++) precision[t]![ri]![k]![a]![m] = q[ri]!;
        }
      });
    });
  });

  // summarize (mean with a plain sum: numpy's pairwise order is tested separately)
  const mean = (xs: number[]): number => {
    const kept = xs.filter((x) => x > -1);
    return kept.length === 0 ? -1 : kept.reduce((s, x) => s + x, 0) / kept.length;
  };
  const ap = (a: number, m: number, ts: number[], ks = catIds.map((_, k) => k)): number =>
    mean(
      ts.flatMap((t) => REC_THRS.flatMap((_r, r) => ks.map((k) => precision[t]![r]![k]![a]![m]!))),
    );
  const ar = (a: number, m: number): number =>
    mean(IOU_THRS.flatMap((_t, t) => catIds.map((_c, k) => recall[t]![k]![a]![m]!)));
  const all = IOU_THRS.map((_, t) => t);
  const t50 = IOU_THRS.indexOf(0.5);
  const t75 = IOU_THRS.indexOf(0.75);
  const stats = [
    ap(0, 2, all),
    ap(0, 2, [t50]),
    ap(0, 2, [t75]),
    ap(1, 2, all),
    ap(2, 2, all),
    ap(3, 2, all),
    ar(0, 0),
    ar(0, 1),
    ar(0, 2),
    ar(1, 2),
    ar(2, 2),
    ar(3, 2),
  ];
  const perClass = catIds.map((classId, k) => ({
    classId,
    ap: ap(0, 2, all, [k]),
    ap50: ap(0, 2, [t50], [k]),
  }));
  return { precision, recall, maxDets, catIds, stats, perClass };
}
