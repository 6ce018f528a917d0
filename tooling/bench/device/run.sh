#!/bin/bash
# Device check for issue #9: the WebGPU benchmark on the lent NVIDIA GPU (Dawn → Vulkan).
cd "$(dirname "$0")"
for f in *.deb; do dpkg -x "$f" /; done; ldconfig
export LD_LIBRARY_PATH=/usr/local/nvidia/lib64:/usr/local/nvidia/lib:$LD_LIBRARY_PATH
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  [ -f "$icd" ] && export VK_DRIVER_FILES=$icd && break
done
[ -z "$VK_DRIVER_FILES" ] && export VK_DRIVER_FILES=$(find / -name 'nvidia_icd*.json' 2>/dev/null | head -1)
echo "ICD: $VK_DRIVER_FILES"; cat "$VK_DRIVER_FILES" 2>/dev/null | head -8
nvidia-smi -L; ls /usr/local/nvidia/lib64 | grep -i -E "glx|vulkan|egl" | head; ldd /usr/local/nvidia/lib64/libGLX_nvidia.so.0 2>&1 | grep -i "not found"
xz -dc node.xz > /tmp/node && chmod +x /tmp/node && /tmp/node -v
xz -dkf node_modules/webgpu/dist/linux-x64/dawn.node.xz
OUT=${OUT:-$PWD/out}; mkdir -p "$OUT"
timeout "${1:-480}" /tmp/node bench.mjs --in-process --runs 10 --backends webgpu --out "$OUT" 2>&1 | grep -v 'artificially reduced' | tee "$OUT/log.txt"
