#!/usr/bin/env bash
# Builds the test NET plugin(s) with gcc; without gcc it says so and the tests that need them skip.
set -euo pipefail
src="$1"; out="$2"
mkdir -p "$out"
if ! command -v gcc >/dev/null; then
  echo "[ncclkit] gcc not found: the NET plugin fixture is not built and the plugin-check tests will be skipped" >&2
  exit 0
fi
gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$out/libnccl-net-fixture.so" "$src/fixture_net.c" -ldl
gcc -shared -fPIC -O2 -Wall -Wextra -Wno-unused-function -DFIXTURE_V8_ONLY -o "$out/libnccl-net-fixturev8.so" "$src/fixture_net.c" -ldl
