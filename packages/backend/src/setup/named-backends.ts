import * as tf from '@tensorflow/tfjs-core';
import { errorMessage } from './error-message.js';
import { importOptional, isNode } from './node-webgpu.js';

/** The backends `initBackend` loads by name (WebGPU has its own path: adapter, device lifetime). */
export type NamedBackend = 'webgl' | 'wasm' | 'tensorflow' | 'cpu';

/** Where a named backend comes from and what to tell the user when it is missing. */
interface BackendSource {
  /** The package that registers the backend when imported. */
  module: string;
  /** Why the backend cannot run in this environment at all, or undefined. */
  notHere(): string | undefined;
  /** How to get it, for the error when the package is missing. */
  install(): string;
}

const SOURCES: Readonly<Record<NamedBackend, BackendSource>> = {
  cpu: {
    module: '@tensorflow/tfjs-backend-cpu',
    notHere: () => undefined,
    install: () => 'install it: it is a peer dependency of @yolo-loss/backend',
  },
  wasm: {
    module: '@tensorflow/tfjs-backend-wasm',
    notHere: () => undefined,
    install: () =>
      isNode
        ? 'npm install @tensorflow/tfjs-backend-wasm'
        : "import '@tensorflow/tfjs-backend-wasm' in your app before initBackend, and setWasmPaths to where its .wasm files are served",
  },
  webgl: {
    module: '@tensorflow/tfjs-backend-webgl',
    notHere: () =>
      isNode
        ? "WebGL needs a browser: @tensorflow/tfjs-backend-webgl registers 'webgl' only where a DOM or a worker exists (in Node use 'wasm', 'tensorflow' or 'cpu')"
        : undefined,
    install: () => "import '@tensorflow/tfjs-backend-webgl' in your app before initBackend",
  },
  tensorflow: {
    module: '@tensorflow/tfjs-node',
    notHere: () => (isNode ? undefined : "'tensorflow' is the native backend of @tensorflow/tfjs-node, which runs only in Node"),
    install: () => 'npm install @tensorflow/tfjs-node; its install script downloads libtensorflow',
  },
};

/**
 * Makes sure the named backend is registered with tfjs: a backend the app registered is used as
 * it is; otherwise its package is imported (the optional peers only now, on request).
 *
 * @returns undefined when registered, else why not (not installed, failed to load, cannot run here).
 */
export async function registerNamedBackend(name: NamedBackend): Promise<string | undefined> {
  if (tf.findBackendFactory(name) != null) return undefined;
  const source = SOURCES[name];
  const notHere = source.notHere();
  if (notHere !== undefined) return notHere;
  try {
    // cpu is a required peer, imported by a name bundlers see; the others are optional peers.
    if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
    else await importOptional(source.module);
  } catch (error) {
    return isMissing(error, source.module)
      ? `${source.module} is not installed (${source.install()})`
      : `${source.module} failed to load: ${errorMessage(error)}`;
  }
  if (tf.findBackendFactory(name) == null) {
    return (
      `${source.module} loaded but registered no '${name}' backend with this @tensorflow/tfjs-core ` +
      `(${tf.version_core}): it uses another copy of tfjs-core; install matching versions and dedupe`
    );
  }
  return undefined;
}

/**
 * Makes a registered backend the active one (`tf.setBackend`).
 *
 * @returns undefined on success, else why it failed to initialise (tfjs's own message where it
 *   logged one).
 */
export async function activateBackend(name: string): Promise<string | undefined> {
  // tf.setBackend reports a failed initialisation only as `false` and console warnings (the
  // error's stack): hold the warnings back, put the error's message in the reason, and print
  // them as tfjs would only when the backend started after all.
  const warnings: unknown[][] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args);
  };
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    return `the tfjs ${name} backend failed to initialise: ${errorMessage(error)}`;
  } finally {
    console.warn = warn;
  }
  if (!ok) {
    const detail = warnings
      .map((args) => args.map(String).join(' '))
      .filter((w) => !w.startsWith('Initialization of backend'))
      .map((w) => w.split('\n')[0]!.trim().replace(/^Error: /, '')) // tfjs logs err.stack: its first line
      .find((w) => w !== '');
    return `the tfjs ${name} backend failed to initialise${detail === undefined ? '' : `: ${detail}`}`;
  }
  for (const args of warnings) warn.apply(console, args);
  await tf.ready();
  return undefined;
}

/**
 * Whether an import failed because the package itself is missing — not a file it loads (tfjs-node
 * without its native binding also fails with "Cannot find module '…/tfjs-node/lib/…'").
 */
function isMissing(error: unknown, module: string): boolean {
  const message = errorMessage(error);
  const named = new RegExp(`(^|[\\s'"\`])${module.replace(/[/.-]/g, '\\$&')}($|[\\s'"\`])`).test(message);
  const code = (error as { code?: unknown } | null)?.code;
  return (
    named &&
    (code === 'ERR_MODULE_NOT_FOUND' ||
      code === 'MODULE_NOT_FOUND' ||
      /cannot find|failed to (resolve|load|fetch)|not found/i.test(message))
  );
}
