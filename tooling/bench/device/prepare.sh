#!/bin/bash
# Prepares `.gpu/` (git-ignored) for running the WebGPU benchmark on a lent GPU machine that has
# no Node.js and no registry access: the bench bundled with esbuild (the webgpu globals installed
# before tfjs-backend-webgpu loads, which registers itself only when navigator.gpu exists), this
# machine's Node binary and dawn.node (xz), and the Vulkan loader .deb. Then, on the device:
#   bash .gpu/run.sh [seconds]      (results in $OUT, or in .gpu/out)
# Needs: a built workspace (pnpm build), xz, apt-get (Debian/Ubuntu amd64).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
out=$root/.gpu
esbuild=$(ls -d "$root"/node_modules/.pnpm/esbuild@*/node_modules/esbuild/bin/esbuild | head -1)
webgpu=$(ls -d "$root"/node_modules/.pnpm/webgpu@*/node_modules/webgpu | head -1)
rm -rf "$out" && mkdir -p "$out/node_modules/webgpu/dist/linux-x64"
grep -qx '/.gpu/' "$root/.git/info/exclude" 2>/dev/null || { mkdir -p "$root/.git/info"; echo '/.gpu/' >> "$root/.git/info/exclude"; }
cd "$root/tooling/bench"
printf "%s\n" "import { create, globals } from 'webgpu';" \
  "Object.assign(globalThis, globals);" \
  "Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });" \
  "await import('@yolo-loss/backend/webgpu');" \
  "await import('./src/main.mjs');" |
  "$esbuild" --bundle --platform=node --format=esm --external:webgpu --external:esbuild --external:playwright-core --outfile="$out/bench.mjs" --log-level=warning \
    --sourcefile=gpu-entry.mjs "--banner:js=import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
cp "$webgpu/index.js" "$webgpu/package.json" "$out/node_modules/webgpu/"
xz -T2 -3 -c "$webgpu/dist/linux-x64/dawn.node" > "$out/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
xz -T2 -3 -c "$(readlink -f "$(command -v node)")" > "$out/node.xz"
lists=$(mktemp -d) && mkdir -p "$lists/partial"
o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists")
apt-get "${o[@]}" update > /dev/null
(cd "$out" && apt-get "${o[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 2> /dev/null)
cp "$root/tooling/bench/device/run.sh" "$out/run.sh"
du -sh "$out"
