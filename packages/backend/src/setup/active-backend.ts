import * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs's engine that say which backend runs, read without starting one. */
interface EngineState {
  backendName?: string | null;
  pendingBackendInit?: Promise<boolean> | null;
  registry: Record<string, unknown>;
}

/**
 * The backend the app has running, or null when none has been initialised yet. Reads tfjs's
 * engine without side effects: `tf.getBackend()` would itself initialise the best registered
 * backend. Waits for a `tf.setBackend` the app started but did not await. A backend whose
 * initialisation failed (tfjs keeps its name, without an instance) is not running: null.
 */
export async function runningBackend(): Promise<string | null> {
  const engine = tf.engine() as unknown as EngineState;
  if (engine.pendingBackendInit != null) await engine.pendingBackendInit.catch(() => false);
  const name = engine.backendName;
  if (typeof name !== 'string' || name === '') return null;
  return name in engine.registry ? name : null;
}
