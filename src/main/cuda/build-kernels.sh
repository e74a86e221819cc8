#!/usr/bin/env bash
# Regenerates the two forms of verify.cu's kernels that the jar ships (run where nvcc is: the build machine has none).
# verify.fatbin: machine code for Turing (sm_75) to Blackwell (sm_100, sm_120); each runs on its own architecture and
#   later minor ones (sm_80 on sm_86 and sm_87), and loads without compiling anything.
# verify.ptx: the fallback for other GPUs and for drivers that refuse the fatbin's code. It targets compute_75 and PTX
#   ISA 7.8 so that drivers from CUDA 12.0 on can load it (nvcc 13 writes ISA 9.0; the kernels use nothing newer).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../resources/org/ncclkit/gpu"
gencode=()
for sm in 75 80 89 90 100 120; do
  gencode+=(-gencode "arch=compute_$sm,code=sm_$sm")
done
nvcc -fatbin -O3 --threads 0 "${gencode[@]}" -o "$out/verify.fatbin.tmp" "$here/verify.cu"
mv "$out/verify.fatbin.tmp" "$out/verify.fatbin"
nvcc -ptx -arch=compute_75 -O3 -o "$out/verify.ptx.tmp" "$here/verify.cu"
sed -e 's/^\.version [0-9.]*$/.version 7.8/' "$out/verify.ptx.tmp" > "$out/verify.ptx"
rm -f "$out/verify.ptx.tmp"
# the source the two images were built from: the test suite compares it with verify.cu, so that a change to the
# kernels without this rebuild fails CI instead of shipping stale kernels (as an fp8 fix once nearly did)
sha256sum "$here/verify.cu" | cut -d' ' -f1 > "$here/verify.cu.built.sha256"
echo "verify.fatbin $(stat -c %s "$out/verify.fatbin") bytes; verify.ptx $(grep -c '^\.entry\|^\.visible \.entry' "$out/verify.ptx") kernels"
