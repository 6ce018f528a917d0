// The page's state on `window`, for the end-to-end test (test/playground.test.mjs) and for people.
import type { PlaygroundState } from './main.mjs';

declare global {
  interface Window {
    playground?: PlaygroundState;
  }
}
