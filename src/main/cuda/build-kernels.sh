#!/usr/bin/env bash
# Regenerates verify.ptx from verify.cu. Targets compute_75 and PTX ISA 7.8 so that drivers from CUDA 12.0 on
# can load it (nvcc 13 writes ISA 9.0; the kernels use nothing newer than 7.8).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/org/ncclkit/gpu/verify.ptx"
nvcc -ptx -arch=compute_75 -O3 -o "$out.tmp" "$here/verify.cu"
sed -e 's/^\.version [0-9.]*$/.version 7.8/' "$out.tmp" > "$out"
rm -f "$out.tmp"
grep -c '^\.entry\|^\.visible \.entry' "$out"
