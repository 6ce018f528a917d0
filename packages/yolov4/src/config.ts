import type { ConfigOptions } from '@yolo-loss/backend';
import type { Yolov4Config } from './presets.js';
import { yolov4Core } from './version.js';

/** The presets of YOLOv4: `paper` (the default) and `darknet`. */
export type Yolov4Preset = 'paper' | 'darknet';

/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov4Options = ConfigOptions<Yolov4Config, Yolov4Preset>;

/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov4Config = Readonly<Yolov4Config>;

/**
 * Resolves the YOLOv4 configuration: the preset's values (`paper` unless `options.preset` says
 * otherwise), then every key given. Throws naming the key on a bad value, an unknown key, or masks
 * that do not use every anchor index exactly once.
 *
 * @param options - `{ preset?, ...config keys }` (docs/losses/yolov4.md).
 * @returns the frozen configuration.
 */
export const resolveYolov4Config: (options?: Yolov4Options) => ResolvedYolov4Config = yolov4Core.resolveConfig;
