#!/usr/bin/env bash
# Links the Java runtime that the bundle ships, so that cluster nodes need no JDK.
# Usage: make-runtime.sh JAVA_HOME MODULES OUTPUT_DIR
set -euo pipefail
java_home=$1 modules=$2 output=$3
rm -rf "$output"
"$java_home/bin/jlink" \
  --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive \
  --output "$output"
