import { YOLOV5_TABLE_WIDTH, type Yolov5LevelSpec, type Yolov5LevelTargets } from '@yolo-loss/backend/kernels';
import type { ResolvedYolov5Config } from './config.js';
import type { Yolov5HeadTargets } from './targets.js';

/**
 * A level's inputs of the fused kernel (`fusedYolov5Level` of `@yolo-loss/backend/kernels`): its
 * positives sorted by row (stable, so the last of a row stays its objectness writer) into the
 * kernel's table, and the config folded into the level's constants.
 *
 * @param rows - `N·H·W·A` of the level.
 * @param level - the output's index (its `levelWeights` entry).
 */
export function packLevel(
  t: Yolov5HeadTargets,
  rows: number,
  config: ResolvedYolov5Config,
  level: number,
): { targets: Yolov5LevelTargets; spec: Yolov5LevelSpec } {
  const c = config.numClasses;
  const p = t.count;
  const rowStart = new Int32Array(rows + 1);
  for (let k = 0; k < p; k++) rowStart[t.rows[k]! + 1]!++;
  for (let r = 0; r < rows; r++) rowStart[r + 1]! += rowStart[r]!;
  const next = rowStart.slice(0, rows);
  const table = new Float32Array(Math.max(p, 1) * YOLOV5_TABLE_WIDTH);
  for (let k = 0; k < p; k++) {
    const e = next[t.rows[k]!]!++ * YOLOV5_TABLE_WIDTH;
    table.set(t.boxTarget.subarray(4 * k, 4 * k + 4), e);
    table[e + 4] = t.anchorWh[2 * k]!;
    table[e + 5] = t.anchorWh[2 * k + 1]!;
    table[e + 6] = t.classIds[k]!;
  }
  const weights = config.classPosWeight;
  return {
    targets: { rowStart, table },
    spec: {
      numClasses: c,
      boxScale: p > 0 ? config.lambdaCoord / p : 0,
      clsScale: p > 0 && c > 1 ? config.lambdaClass / (p * c) : 0,
      objScale: (config.levelWeights[level]! * config.lambdaObj) / rows,
      objIouRatio: config.objIouRatio,
      classOn: 1 - 0.5 * config.labelSmoothing,
      classOff: 0.5 * config.labelSmoothing,
      objPosWeight: config.objPosWeight,
      focalGamma: config.focalGamma,
      classPosWeight: Array.from({ length: c }, (_, j) => (typeof weights === 'number' ? weights : weights[j]!)),
    },
  };
}
