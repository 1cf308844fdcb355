#!/usr/bin/env bash
# One-shot GPU session check (issue #13): installs what is missing, smoke-tests Dawn and torch with --quick, then runs
# nodeWebgpu.ts --real-shapes (fused and composite, PyTorch CUDA beside) within ~8 minutes; JSON to $OUT/ (or bench-results/).
# Env: PS_DAWN (a webgpu package folder, e.g. a carried .dawn/node_modules/webgpu), GPU_CHECK_ARGS (more nodeWebgpu
# flags), GPU_CHECK_BUDGET_S (default 470), GPU_CHECK_QUICK_ONLY=1 (stop after the smoke test).
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-bench-results}"
mkdir -p "$out"
budget="${GPU_CHECK_BUDGET_S:-470}"
say() { echo "[gpu-check +${SECONDS}s] $*" | tee -a "$out/gpu-check.log" >&2; }

say "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -2 | tr '\n' ' ')"
for py in ${PS_PYTHON:-} python3 /usr/bin/python3; do # the order nodeWebgpu's torch.ts tries
  say "node $(node --version); $py: $(timeout 60 "$py" -c 'import torch; print("torch", torch.__version__, "cuda", torch.cuda.is_available())' 2>&1 | tail -1)"
done

# node_modules may be missing on a fresh copy (and an offline machine cannot fetch it: then this says so and stops).
if [ ! -d node_modules/@tensorflow/tfjs-backend-webgpu ]; then
  say "node_modules missing: npm ci --ignore-scripts"
  timeout 180 npm ci --ignore-scripts --no-audit --no-fund >>"$out/gpu-check.log" 2>&1 || say "npm ci failed (offline?)"
fi
[ -d node_modules/@tensorflow/tfjs-backend-webgpu ] || { say "FAIL: no node_modules/@tensorflow; carry or install them first"; exit 2; }

# Dawn: PS_DAWN, a carried .dawn/, the project's node_modules, or npm i --no-save webgpu.
[ -z "${PS_DAWN:-}" ] && [ -d .dawn/node_modules/webgpu ] && export PS_DAWN="$PWD/.dawn/node_modules/webgpu"
if [ -z "${PS_DAWN:-}" ] && ! node --input-type=module -e "await import('webgpu')" 2>/dev/null; then
  say "webgpu package missing: npm i --no-save webgpu"
  timeout 120 npm i --no-save --ignore-scripts --no-audit --no-fund webgpu >>"$out/gpu-check.log" 2>&1 || say "npm i webgpu failed (offline?)"
fi

# Dawn on Linux needs a Vulkan loader and the NVIDIA ICD; a container with CUDA only may lack the ICD's JSON.
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || say "warning: no libvulkan.so.1 in ldconfig (Dawn will find no adapter unless LD_LIBRARY_PATH has one)"
if [ -z "${VK_ICD_FILENAMES:-}" ] && ! ls /usr/share/vulkan/icd.d/*nvidia* /etc/vulkan/icd.d/*nvidia* >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep -q libGLX_nvidia.so.0; then
  icd="$(mktemp -d)/nvidia_icd.json"
  echo '{"file_format_version":"1.0.0","ICD":{"library_path":"libGLX_nvidia.so.0","api_version":"1.3.0"}}' >"$icd"
  export VK_ICD_FILENAMES="$icd"
  say "no NVIDIA Vulkan ICD file: wrote $icd for libGLX_nvidia.so.0"
fi

bench() { timeout "$1" npx tsx scripts/bench/nodeWebgpu.ts "${@:2}" 2> >(tee -a "$out/gpu-check.log" >&2); }

say "smoke test: --quick --real-shapes"
bench 120 --quick --real-shapes --out "$out/gpu-quick.json" >/dev/null || { say "FAIL: the quick run failed (see above)"; exit 3; }
[ "${GPU_CHECK_QUICK_ONLY:-}" = 1 ] && { say "quick only: done"; exit 0; }

left=$((budget - SECONDS))
say "real shapes: ${left}s left (rows are saved as they finish)"
# shellcheck disable=SC2086
bench "$left" --configs none --real-shapes --out "$out/gpu-bench.json" ${GPU_CHECK_ARGS:-} >/dev/null
rc=$?
[ $rc -eq 124 ] && say "timed out: gpu-bench.json holds the rows that finished"
say "done (rc $rc): $out/gpu-bench.json"
exit $rc
