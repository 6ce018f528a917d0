// Packages of the library that a checkout may not have (yet): the cases that need one are listed
// as skipped, with the reason, where it cannot be imported. A package starts to be measured when it
// resolves from tooling/bench — one line in that package.json's dependencies.

/** @type {readonly (readonly [string, import('./bench-types.js').OptionalExport])[]} package, and the export the cases call */
export const OPTIONAL_PACKAGES = [['@yolo-loss/yolov8', 'yolov8Loss']];

/**
 * Imports the optional packages that are there.
 * @param {(name: string) => Promise<unknown>} load - imports a package as the checkout resolves it
 * @returns {Promise<Pick<import('./bench-types.js').BenchLib, import('./bench-types.js').OptionalExport | 'missing'>>}
 */
export async function loadOptionalPackages(load) {
  /** @type {Partial<Record<import('./bench-types.js').OptionalExport, string>>} */
  const missing = {};
  /** @type {Pick<import('./bench-types.js').BenchLib, import('./bench-types.js').OptionalExport | 'missing'>} */
  const found = { missing };
  for (const [name, exportName] of OPTIONAL_PACKAGES) {
    try {
      const module = /** @type {Record<string, unknown>} */ (await load(name));
      const loss = module[exportName];
      if (typeof loss !== 'function') throw new Error(`${name} has no export ${exportName}`);
      found[exportName] = /** @type {import('./bench-types.js').OptionalLoss} */ (loss);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      missing[exportName] = `${name} cannot be imported from tooling/bench: ${message}`;
    }
  }
  return found;
}
