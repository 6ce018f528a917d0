/**
 * The browser's `loadFixture` (test-utils reads the file with node:fs): the same call resolved
 * against the test file's URL, fetched from Vite's dev server with a synchronous request, so the
 * test files run unchanged in the page. Vitest gives test modules their file-system path as
 * `import.meta.url`; Vite serves such paths under `/@fs/`.
 */
export function loadFixture<T = unknown>(relativePath: string, base: string): T {
  const url = new URL(relativePath, base);
  const candidates = [url.href];
  if (!url.pathname.startsWith('/@fs/')) candidates.push(new URL(`/@fs${url.pathname}`, url.origin).href);
  for (const href of candidates) {
    const request = new XMLHttpRequest();
    request.open('GET', href, false);
    request.send();
    if (request.status === 200) return JSON.parse(request.responseText) as T;
  }
  throw new Error(`loadFixture: ${relativePath} from ${base}: not served at ${candidates.join(' or ')}`);
}
