#!/usr/bin/env bash
# The rendezvous store at scale: one server and RANKS client ranks, all threads of one JVM on loopback.
# Prints connect time, the median of ROUNDS rounds of broadcast(128 B)+barrier, of gather and of allReduce.
#
# Usage: docs/benchmark/rendezvous.sh [RANKS] [ROUNDS]     (defaults: 4096 5)
# Compiles main and test classes first (./mvnw test-compile) when they are missing or older than the sources.
# Needs about 2 x RANKS + 100 open files (ulimit -n); the soft limit is raised to the hard one if that helps.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
RANKS=${1:-4096}
ROUNDS=${2:-5}

CLASS=target/test-classes/org/ncclkit/rendezvous/RendezvousBenchmark.class
if [ ! -f "$CLASS" ] || [ -n "$(find src/main/java src/test/java -name '*.java' -newer "$CLASS" -print -quit)" ]; then
    ./mvnw -q test-compile
fi

NEEDED=$((2 * RANKS + 100))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEEDED" ]; then
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEEDED" ]; then
        echo "rendezvous.sh: $RANKS ranks need about $NEEDED open files; ulimit -n is $(ulimit -n)" >&2
        exit 1
    fi
fi

JAVA=java
if [ -n "${JAVA_HOME:-}" ]; then
    JAVA=$JAVA_HOME/bin/java
fi
exec "$JAVA" -cp target/classes:target/test-classes org.ncclkit.rendezvous.RendezvousBenchmark "$RANKS" "$ROUNDS"
