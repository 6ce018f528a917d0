import { YoloInputError } from './errors.js';

/**
 * Shared config resolution for the loss packages: preset + overrides, with every key
 * validated by name. Each loss package describes its keys once with {@link ConfigSchema}.
 */

/** Checks one value; throws a message (without the key name) when it is wrong. */
export type Check = (value: unknown) => string | undefined;

/** One check per config key. */
export type ConfigSchema<T> = { readonly [K in keyof T]-?: Check };

/** `{ preset?, ...any subset of the keys }`. */
export type ConfigOptions<T, P extends string> = Partial<T> & { preset?: P };

/**
 * Resolves `options` against `presets`: unknown keys, an unknown preset and every bad
 * value throw an error naming the loss, the key and what was expected.
 *
 * @param loss - e.g. `'yolov3'`, used in messages.
 * @param presets - the full default config of each preset.
 * @param schema - one {@link Check} per key.
 * @param options - the user's options; `preset` defaults to the first preset listed.
 * @param crossCheck - optional checks between keys of the resolved config (a message or undefined).
 * @param derive - optional: fills keys that follow from others the caller gave (e.g. `gridSize`
 *   from `inputSize`), after every given key passed its check. It receives the merged config (to
 *   change in place) and the keys the caller gave, and returns a message when they disagree.
 * @returns a frozen config holding every key and no preset name: a preset is only a record of
 *   values, so resolving the result again (with any preset) gives the same config.
 * @throws YoloInputError naming the loss, the key and what was expected.
 */
export function resolveConfig<T extends object, P extends string>(
  loss: string,
  presets: Readonly<Record<P, Readonly<T>>>,
  schema: ConfigSchema<T>,
  options: ConfigOptions<T, P> | undefined,
  crossCheck?: (config: Readonly<T>) => string | undefined,
  derive?: (config: Record<string, unknown>, given: ReadonlySet<string>) => string | undefined,
): Readonly<T> {
  const names = Object.keys(presets) as P[];
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new YoloInputError(`${loss}: options must be an object, got ${describe(options)}`);
  }
  const opts = (options ?? {}) as Record<string, unknown>;
  const preset = (opts.preset ?? names[0]) as P;
  if (!names.includes(preset)) {
    throw new YoloInputError(`${loss}: unknown preset ${describe(preset)} (expected one of ${names.join(', ')})`);
  }
  const keys = Object.keys(schema);
  for (const key of Object.keys(opts)) {
    if (key !== 'preset' && !keys.includes(key)) {
      throw new YoloInputError(`${loss}: unknown config key '${key}' (known keys: ${keys.join(', ')})`);
    }
  }
  const resolved: Record<string, unknown> = { ...presets[preset] };
  for (const [key, value] of Object.entries(opts)) {
    if (key !== 'preset' && value !== undefined) resolved[key] = value;
  }
  const validate = (): void => {
    for (const key of keys) {
      const problem = (schema as Record<string, Check>)[key]!(resolved[key]);
      if (problem !== undefined) {
        throw new YoloInputError(`${loss}: config key '${key}' ${problem}, got ${describe(resolved[key])}`);
      }
    }
  };
  validate();
  if (derive !== undefined) {
    const given = new Set(Object.keys(opts).filter((k) => k !== 'preset' && opts[k] !== undefined));
    const disagreement = derive(resolved, given);
    if (disagreement !== undefined) throw new YoloInputError(`${loss}: ${disagreement}`);
    validate();
  }
  const problem = crossCheck?.(resolved as T);
  if (problem !== undefined) throw new YoloInputError(`${loss}: ${problem}`);
  return Object.freeze({ ...(resolved as T) });
}

/** A short, readable rendering of a bad value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Ready-made {@link Check}s. */
export const checks = {
  positiveInteger: (v: unknown) => (Number.isInteger(v) && (v as number) > 0 ? undefined : 'must be a positive integer'),
  nonNegative: (v: unknown) => (isFiniteNumber(v) && v >= 0 ? undefined : 'must be a finite number >= 0'),
  positive: (v: unknown) => (isFiniteNumber(v) && v > 0 ? undefined : 'must be a finite number > 0'),
  unitInterval: (v: unknown) => (isFiniteNumber(v) && v >= 0 && v <= 1 ? undefined : 'must be a number in [0, 1]'),
  boolean: (v: unknown) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  oneOf:
    (...allowed: readonly string[]): Check =>
    (v) =>
      allowed.includes(v as string) ? undefined : `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
  /** A positive integer or `[W, H]` of positive integers. */
  gridSize: (v: unknown) =>
    Number.isInteger(v) && (v as number) > 0
      ? undefined
      : Array.isArray(v) && v.length === 2 && v.every((d) => Number.isInteger(d) && d > 0)
        ? undefined
        : 'must be a positive integer or [W, H] of positive integers',
  /** `[width, height]` of positive integers. */
  size2: (v: unknown) =>
    Array.isArray(v) && v.length === 2 && v.every((d) => Number.isInteger(d) && d > 0)
      ? undefined
      : 'must be [width, height] of positive integers',
  /** `[[w, h], ...]`, at least one anchor, every size finite and > 0. */
  anchors: (v: unknown) => {
    if (!Array.isArray(v) || v.length === 0) return 'must be a non-empty list of [w, h] anchors';
    const bad = v.findIndex((a) => !Array.isArray(a) || a.length !== 2 || !a.every((d) => isFiniteNumber(d) && d > 0));
    return bad < 0 ? undefined : `must hold [w, h] pairs of positive numbers (anchor ${bad} is ${describe(v[bad])})`;
  },
  /** A non-empty list of finite positive numbers. */
  positiveList: (v: unknown) =>
    Array.isArray(v) && v.length > 0 && v.every((d) => isFiniteNumber(d) && d > 0)
      ? undefined
      : 'must be a non-empty list of positive numbers',
  /** `'mean'` or `'sum'` (every loss's `reduction`). */
  reduction: (v: unknown) => (v === 'mean' || v === 'sum' ? undefined : "must be one of 'mean', 'sum'"),
  /** `[[i, ...], ...]` of integers (checked against the anchors by the anchor-head losses). */
  masks: (v: unknown) =>
    Array.isArray(v) && v.length > 0 && v.every((m) => Array.isArray(m) && m.length > 0 && m.every((i) => Number.isInteger(i)))
      ? undefined
      : 'must be a non-empty list of non-empty lists of anchor indices',
} satisfies Record<string, Check | ((...a: never[]) => Check)>;
