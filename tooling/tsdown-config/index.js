// The one tsdown build of every published package. Plain JavaScript on purpose: tsdown loads a
// package's tsdown.config.ts with unrun (Node 20 has no native TypeScript), which bundles the
// config file but leaves an import of an installed package to Node itself, and Node cannot import
// a .ts file. The types come from tsdown through JSDoc.

/**
 * What is never bundled into a package's `dist/`: the tfjs packages (peers: a second tfjs-core
 * would be a second engine), the `webgpu` Node binding, and the workspace's own `@yolo-loss/*`
 * packages (each is its own npm package, imported at run time).
 */
export const neverBundle = [/^@tensorflow\//, 'webgpu', /^@yolo-loss\//];

/**
 * The tsdown config of one published package: ESM for a neutral platform (browsers and Node),
 * ES2022, `.d.ts` files and source maps, a clean `dist/` on each build.
 * @param {{ entry: string[] | Record<string, string>, neverBundle?: (string | RegExp)[] }} options
 *   `entry`: the source files that become `dist/` entry points, as a list (`['src/index.ts']` →
 *   `dist/index.js`) or as output name → source (`{ webgpu: 'src/webgpu.ts' }` → `dist/webgpu.js`).
 *   `neverBundle`: this package's own additions to {@link neverBundle} (e.g. a codec it depends
 *   on, `node:` built-ins of a Node-only entry).
 * @returns {import('tsdown').UserConfig}
 */
export function definePackageBuild({ entry, neverBundle: more = [] }) {
  return {
    entry,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    sourcemap: true,
    clean: true,
    deps: { neverBundle: [...neverBundle, ...more] },
  };
}
