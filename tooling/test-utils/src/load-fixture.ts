import { readFileSync } from 'node:fs';

/** Reads a JSON fixture relative to the calling test file's URL (`import.meta.url`). */
export function loadFixture<T = unknown>(relativePath: string, base: string): T {
  return JSON.parse(readFileSync(new URL(relativePath, base), 'utf8')) as T;
}
