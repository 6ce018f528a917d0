#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine lacks for the WebGPU test runs:
# Mesa 25 lavapipe (Vulkan software driver) from bookworm-backports — Dawn rejects
# bookworm's own Mesa 22 — and Debian's Chromium for the browser tests (the webgl fixtures in
# tooling/backend-matrix: SwiftShader WebGL 2, which Debian's chromium package ships).
# Idempotent; needs root (CI runs as root).
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "install-system: not root, skipping apt (install libvulkan1 + mesa-vulkan-drivers from bookworm-backports yourself)" >&2
  exit 0
fi

have_backports_mesa() {
  dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -q '^25' &&
    dpkg-query -W libvulkan1 >/dev/null 2>&1
}

if ! have_backports_mesa; then
  src=/etc/apt/sources.list.d/debian.sources
  dst=/etc/apt/sources.list.d/yolo-loss-backports.sources
  if [ ! -f "$dst" ]; then
    # Same URIs and key as the machine's own Debian source; only the suite changes.
    awk 'BEGIN{RS="";ORS="\n\n"} /URIs: [^\n]*debian\/?(\n|$)/ || ($0 ~ /URIs:/ && $0 !~ /security/) {print; exit}' "$src" |
      sed -E 's/^Suites:.*/Suites: bookworm-backports/' > "$dst"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -t bookworm-backports libvulkan1 mesa-vulkan-drivers >/dev/null
fi

if [ "${YOLO_LOSS_SKIP_CHROMIUM:-0}" != 1 ] && ! command -v chromium >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >/dev/null || echo "install-system: chromium not installed" >&2
fi
echo "install-system: mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"
