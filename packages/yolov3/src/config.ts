import type { ConfigOptions } from '@yolo-loss/backend';
import type { Yolov3Config } from './presets.js';
import { yolov3Core } from './version.js';

/** The presets of YOLOv3: `paper` (the default) and `darknet`. */
export type Yolov3Preset = 'paper' | 'darknet';

/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov3Options = ConfigOptions<Yolov3Config, Yolov3Preset>;

/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov3Config = Readonly<Yolov3Config>;

/**
 * Resolves the YOLOv3 configuration: the preset's values (`paper` unless `options.preset` says
 * otherwise), then every key given. Throws naming the key on a bad value, an unknown key, or masks
 * that do not use every anchor index exactly once.
 *
 * @param options - `{ preset?, ...config keys }` (docs/losses/yolov3.md).
 * @returns the frozen configuration.
 */
export const resolveYolov3Config: (options?: Yolov3Options) => ResolvedYolov3Config = yolov3Core.resolveConfig;
