/**
 * `@yolo-loss/backend/webgpu`: import this entry in bundled browser apps so the bundler
 * includes `@tensorflow/tfjs-backend-webgpu` (an optional peer, which {@link initBackend}
 * otherwise loads at run time only in Node). Importing it registers the `webgpu` backend.
 *
 * @packageDocumentation
 */
import '@tensorflow/tfjs-backend-webgpu';

/** True once this entry has been imported: the `webgpu` tfjs backend is registered. */
export const webgpuBackendBundled = true;
