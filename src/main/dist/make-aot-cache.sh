#!/usr/bin/env bash
# Makes the bundle's ahead-of-time cache (JDK 25: JEP 483 class loading and linking, JEP 514's one-step
# -XX:AOTCacheOutput, JEP 515 method profiles) from a training run of bin/ncclkit itself, so that the cache is made by
# the bundle's own runtime, with the launcher's own options and class path. The training is the start of
# `perf all_reduce -b 8 -e 8 -n 1` up to CUDA: it needs no GPU (without one it stops at "libcuda.so.1 not found";
# CUDA_VISIBLE_DEVICES="" makes a GPU build machine stop at cuInit the same way), so it runs on any build machine.
# Usage: make-aot-cache.sh BUNDLE_DIR
set -euo pipefail
bundle=$1
cache="$bundle/lib/ncclkit.aot"
rm -f "$cache"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# the training run exits 5 (no GPU) by design; the cache is written as its JVM exits
CUDA_VISIBLE_DEVICES="" NCCLKIT_AOT_TRAINING="$cache" "$bundle/bin/ncclkit" perf all_reduce -b 8 -e 8 -n 1 >"$log" 2>&1 || true
if [ ! -s "$cache" ]; then
  echo "make-aot-cache.sh: the training run made no AOT cache at $cache:" >&2
  cat "$log" >&2
  exit 1
fi
# The launcher must really use it: a cache the JVM finds unusable (other runtime, options or class path) is skipped in silence.
NCCLKIT_JAVA_OPTS="-Xlog:class+load=info:file=$log" "$bundle/bin/ncclkit" --version >/dev/null
if ! grep -q "org.ncclkit.cli.Main source: shared objects file" "$log"; then
  echo "make-aot-cache.sh: bin/ncclkit does not load its classes from $cache (made with other options?)" >&2
  exit 1
fi
# what a run loads after the CUDA lookup, which the training cannot reach, is loaded by its end (cli/AotTraining)
if ! grep -q "org.ncclkit.bench.PerfEngine source: shared objects file" "$log"; then
  echo "make-aot-cache.sh: the benchmark's classes are not in $cache (did the training run load them?)" >&2
  exit 1
fi
# picocli's class files are made Java 8 ones first (ModernClassFiles.java): an old class file stays out of the cache
if ! grep -q "picocli.CommandLine source: shared objects file" "$log"; then
  echo "make-aot-cache.sh: picocli's classes are not in $cache (did ModernClassFiles.java run on its jar?)" >&2
  exit 1
fi
echo "AOT cache: $cache ($(du -h "$cache" | cut -f1)), used by bin/ncclkit: $(grep -c 'source: shared objects file' "$log") of $(wc -l <"$log") classes loaded from it"
