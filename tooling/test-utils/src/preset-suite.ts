import { describe, expect, it } from 'vitest';
import type { PresetName } from './suite-types.js';

/** What a config does on a version's fixed random case. */
export interface Observation {
  /** The loss terms `[total, box, obj, noobj, cls]`, read back. */
  loss: number[];
  /** What the encoding decides (responsible slots and their GTs, dropped GTs, ...), as plain data. */
  encoding: unknown;
}

/**
 * One version's presets as data, for {@link describePresetsAsData}.
 *
 * @typeParam C - the version's config type (`Yolov1Config`, ...).
 */
export interface PresetKit<C extends object> {
  /** `'yolov1'`, ...: in every test title. */
  version: string;
  presets: Readonly<Record<PresetName, Readonly<C>>>;
  /** The config resolver (`resolveYolov1Config`, ...). */
  resolve(options?: Partial<C> & { preset?: PresetName }): Readonly<C>;
  /**
   * Keys that make the random case small and fast: they must have the same value in both presets
   * (checked), so that they never hide a key the presets differ in.
   */
  small: Partial<C>;
  /**
   * Runs the version on a fixed random case (fixed seed) under a resolved config: the loss
   * terms and what the encoding decided. Must leave no tensor behind.
   */
  observe(config: Readonly<C>): Promise<Observation>;
  /**
   * Keys that change only which GT gets a slot (e.g. `slotConflict`): on the random case they must
   * change {@link Observation.encoding}; every other differing key must change the loss.
   */
  encodingKeys?: readonly string[];
}

/** The keys whose values differ between the two presets, from the presets themselves. */
export function differingKeys<C extends object>(presets: Readonly<Record<PresetName, Readonly<C>>>): (keyof C & string)[] {
  const paper = presets.paper as Record<string, unknown>;
  const darknet = presets.darknet as Record<string, unknown>;
  return Object.keys(paper).filter((k) => JSON.stringify(paper[k]) !== JSON.stringify(darknet[k])) as (keyof C & string)[];
}

/**
 * Presets are only data: both presets hold the same keys; a resolved config holds no preset name
 * and resolves to itself under either preset; and every key the presets differ in (computed from
 * the presets, so a new key is covered without a change here) is live on its own: overriding it
 * on top of the other preset changes that key of the config and nothing else, changes the loss
 * (or, for {@link PresetKit.encodingKeys}, the encoding) on the random case, and overriding all of
 * them reproduces the other preset's config and loss exactly. One `describe`, `<version> presets`.
 */
export function describePresetsAsData<C extends object>(kit: PresetKit<C>): void {
  const { version, presets } = kit;
  const keys = differingKeys(presets);
  const other = (p: PresetName): PresetName => (p === 'paper' ? 'darknet' : 'paper');
  /** `keys` on top of `preset`, for the resolver. */
  const on = (preset: PresetName, ...keys: Partial<C>[]): Partial<C> & { preset: PresetName } =>
    Object.assign({}, ...keys, { preset }) as Partial<C> & { preset: PresetName };
  const pick = (from: PresetName): Partial<C> => {
    const config = kit.resolve(on(from)) as Record<string, unknown>;
    return Object.fromEntries(keys.map((k) => [k, config[k]])) as Partial<C>;
  };

  describe(`${version} presets`, () => {
    it(`${version}: has a paper and a darknet preset with the same keys`, () => {
      expect(Object.keys(presets).sort()).toEqual(['darknet', 'paper']);
      expect(Object.keys(presets.darknet).sort()).toEqual(Object.keys(presets.paper).sort());
    });

    it(`${version}: a resolved config holds no preset name and resolves to itself under either preset`, () => {
      for (const from of ['paper', 'darknet'] as const) {
        const config = kit.resolve(on(from, kit.small));
        expect(config).not.toHaveProperty('preset');
        for (const again of ['paper', 'darknet'] as const) {
          expect(kit.resolve(on(again, config)), `${from} resolved again under ${again}`).toEqual(config);
        }
      }
    });

    it(`${version}: the presets differ in ${keys.join(', ')}; the small test keys are none of them`, () => {
      expect(keys.length).toBeGreaterThan(0);
      expect(Object.keys(kit.small).filter((k) => (keys as string[]).includes(k))).toEqual([]);
    });

    for (const base of ['paper', 'darknet'] as const) {
      const from = other(base);
      for (const key of keys) {
        it(`${version}: ${key} of ${from} on top of ${base} changes that key only, and the ${kit.encodingKeys?.includes(key) ? 'encoding' : 'loss'}`, async () => {
          const value = pick(from)[key];
          const override = { [key]: value } as Partial<C>;
          expect(kit.resolve(on(base, override))).toEqual({ ...kit.resolve(on(base)), ...override });
          const before = await kit.observe(kit.resolve(on(base, kit.small)));
          const after = await kit.observe(kit.resolve(on(base, kit.small, override)));
          if (kit.encodingKeys?.includes(key)) expect(after.encoding).not.toEqual(before.encoding);
          else expect(after.loss).not.toEqual(before.loss);
        });
      }

      it(`${version}: every differing key of ${from} on top of ${base} gives ${from}'s config and loss exactly`, async () => {
        expect(kit.resolve(on(base, pick(from)))).toEqual(kit.resolve(on(from)));
        const overridden = kit.resolve(on(base, kit.small, pick(from)));
        const reference = kit.resolve(on(from, kit.small));
        expect(overridden).toEqual(reference);
        const got = await kit.observe(overridden);
        const want = await kit.observe(reference);
        expect(got.loss).toEqual(want.loss);
        expect(got.encoding).toEqual(want.encoding);
        // and not the base preset's loss
        expect(got.loss).not.toEqual((await kit.observe(kit.resolve(on(base, kit.small)))).loss);
      });
    }
  });
}
