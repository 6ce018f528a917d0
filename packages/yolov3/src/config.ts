import {
  anchorHeadChecks,
  checkMasks,
  checks,
  resolveConfig,
  type ConfigOptions,
  type ConfigSchema,
} from '@yolo-loss/backend';
import { yolov3Presets, type Yolov3Config } from './presets.js';

/** The presets of YOLOv3: `paper` (the seed) and `darknet` (pjreddie `[yolo]`, `yolov3.cfg`). */
export type Yolov3Preset = 'paper' | 'darknet';

/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov3Options = ConfigOptions<Yolov3Config, Yolov3Preset>;

/** A fully resolved configuration, with the preset it came from. */
export type ResolvedYolov3Config = Readonly<Yolov3Config> & { preset: Yolov3Preset };

const schema: ConfigSchema<Yolov3Config> = {
  ...anchorHeadChecks,
  ignoreBasis: checks.oneOf('prior', 'prediction'),
  coordAnchorIou: checks.unitInterval,
  xyLoss: checks.oneOf('sse-logit', 'sse-sigmoid', 'bce'),
  whLoss: checks.oneOf('sse', 'half-sse'),
  reduction: checks.reduction,
};

/**
 * Resolves the YOLOv3 configuration: the preset's defaults (`paper` unless `options.preset`
 * says otherwise), then every key given. Throws naming the key on a bad value, an unknown key,
 * or masks that do not use every anchor index exactly once.
 *
 * @param options - `{ preset?, ...config keys }` (LOSSES.md §3 names).
 * @returns the frozen configuration.
 */
export function resolveYolov3Config(options?: Yolov3Options): ResolvedYolov3Config {
  return resolveConfig('yolov3', yolov3Presets, schema, options, (c) =>
    checkMasks(c.masks, c.anchors.length),
  );
}
