#!/usr/bin/env bash
# Side-by-side benchmark of ncclkit against nccl-tests on one GPU machine. Builds nothing: give it both programs.
#
# Usage: run.sh NCCLKIT_BIN NCCL_TESTS_BUILD_DIR OUT_DIR [REPS] [extra args...]
#   e.g. run.sh /tmp/ncclkit-0.1.0/bin/ncclkit /tmp/nccl-tests/build /tmp/out 3 -G 10
#
# For every collective and repetition it runs both tools, alternating which goes first, with
#   -b 8 -e 1G -f 2 -g 1 -c 1 -n 100 -w 5 [extra args]
# each under `timeout 120`, then measures start-up (3 runs of one 8 B size per tool) and writes
# OUT_DIR/benchmarks.md with compare.py. A failing run is recorded in OUT_DIR/exit-codes.txt and the loop goes on.
#
# Environment: RUN_TIMEOUT (seconds per run, default 120), STARTUP_RUNS (default 3),
#              COLLECTIVES (space-separated, default all ten), STARTUP_EXTRA (args added to the start-up runs).
set -u

usage() {
    echo "usage: $0 NCCLKIT_BIN NCCL_TESTS_BUILD_DIR OUT_DIR [REPS] [extra args...]" >&2
    exit 2
}

[ $# -ge 3 ] || usage
NCCLKIT_BIN=$1
NCCL_TESTS_DIR=${2%/}
OUT=${3%/}
shift 3
REPS=3
if [ $# -ge 1 ] && [[ $1 =~ ^[0-9]+$ ]]; then
    REPS=$1
    shift
fi
EXTRA=("$@")
[ "$REPS" -ge 1 ] || { echo "run.sh: REPS must be at least 1" >&2; exit 2; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN_TIMEOUT=${RUN_TIMEOUT:-120}
STARTUP_RUNS=${STARTUP_RUNS:-3}
read -r -a COLLS <<< "${COLLECTIVES:-all_reduce all_gather reduce_scatter broadcast reduce alltoall gather scatter sendrecv hypercube}"
FLAGS=(-b 8 -e 1G -f 2 -g 1 -c 1 -n 100 -w 5 ${EXTRA[@]+"${EXTRA[@]}"})
# Start-up leaves the extra args out (they may add graph capture and the like); STARTUP_EXTRA adds some back.
read -r -a STARTUP_EXTRA_ARGS <<< "${STARTUP_EXTRA:-}"
STARTUP_FLAGS=(-b 8 -e 8 -f 2 -g 1 -c 1 -n 1 -w 1 ${STARTUP_EXTRA_ARGS[@]+"${STARTUP_EXTRA_ARGS[@]}"})
STARTUP_COLL=all_reduce
# -k: a program that ignores TERM is killed 10 s later (exit code 137 then).
TIMEOUT=(timeout -k 10 "$RUN_TIMEOUT")

mkdir -p "$OUT" || { echo "run.sh: cannot create $OUT" >&2; exit 1; }
if compgen -G "$OUT/nccltests-*.txt" > /dev/null || compgen -G "$OUT/ncclkit-*.txt" > /dev/null; then
    echo "run.sh: warning: $OUT already holds result files; files this run does not overwrite (e.g. more" \
        "repetitions) will be counted by compare.py too. Use an empty OUT_DIR for a clean report." >&2
fi
for p in "$NCCLKIT_BIN" "$NCCL_TESTS_DIR/${STARTUP_COLL}_perf"; do
    [ -x "$p" ] || echo "run.sh: warning: $p is not an executable file; its runs will fail and be recorded" >&2
done

EXIT_CODES=$OUT/exit-codes.txt
STARTUP=$OUT/startup.txt
: > "$EXIT_CODES"
: > "$STARTUP"
date -u '+%Y-%m-%d %H:%M:%S UTC' > "$OUT/date.txt"

quote() { printf '%q ' "$@" | sed 's/ $//'; }

# The exact commands, for the report.
{
    echo "# $(quote "$0" "$NCCLKIT_BIN" "$NCCL_TESTS_DIR" "$OUT" "$REPS" ${EXTRA[@]+"${EXTRA[@]}"})"
    echo "# for COLL in ${COLLS[*]}; for r in 1..$REPS (odd r: nccl-tests first, even r: ncclkit first):"
    echo "$(quote "${TIMEOUT[@]}" "$NCCL_TESTS_DIR/")\${COLL}_perf $(quote "${FLAGS[@]}") > nccltests-\${COLL}-r\${r}.txt 2>&1"
    echo "$(quote "${TIMEOUT[@]}" "$NCCLKIT_BIN") perf \${COLL} $(quote "${FLAGS[@]}") > ncclkit-\${COLL}-r\${r}.txt 2>&1"
    echo "# start-up, $STARTUP_RUNS runs per tool, alternating, wall time of the whole command (date +%s.%N):"
    echo "$(quote "${TIMEOUT[@]}" "$NCCL_TESTS_DIR/${STARTUP_COLL}_perf" "${STARTUP_FLAGS[@]}")"
    echo "$(quote "${TIMEOUT[@]}" "$NCCLKIT_BIN" perf "$STARTUP_COLL" "${STARTUP_FLAGS[@]}")"
    env_lines=$(env | grep -E '^(NCCL_|CUDA_|JAVA_|NCCLKIT_)' | LC_ALL=C sort)
    if [ -n "$env_lines" ]; then
        echo "# environment:"
        echo "$env_lines"
    fi
} > "$OUT/commands.txt"

# What the machine is, unless the caller wrote it already.
if [ ! -s "$OUT/machine.txt" ]; then
    {
        echo "host: $(hostname 2>/dev/null || echo unknown)"
        echo "kernel: $(uname -srm 2>/dev/null)"
        if command -v lscpu > /dev/null 2>&1; then
            lscpu 2>/dev/null | grep -E '^(Model name|Socket\(s\)|Core\(s\) per socket|Thread\(s\) per core)' \
                | sed 's/  */ /g'
        fi
        if [ -r /proc/meminfo ]; then
            grep MemTotal /proc/meminfo
        fi
        if command -v nvidia-smi > /dev/null 2>&1; then
            echo "--- nvidia-smi"
            nvidia-smi --query-gpu=index,name,driver_version,memory.total,clocks.max.sm,power.limit \
                --format=csv 2>&1 | head -20
            echo "--- nvidia-smi topo -m"
            nvidia-smi topo -m 2>&1 | head -30
        fi
        if command -v java > /dev/null 2>&1; then
            echo "--- java -version"
            java -version 2>&1 | head -3
        fi
    } > "$OUT/machine.txt"
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

TOTAL=$(( ${#COLLS[@]} * REPS * 2 + 2 * STARTUP_RUNS ))
N=0
FAILED=0

# run_one TOOL COLL RUN OUTFILE COMMAND...: runs it under timeout, records the exit code, prints progress.
# Sets LAST_RC and LAST_SECONDS.
run_one() {
    local tool=$1 coll=$2 run=$3 outfile=$4
    shift 4
    local t0 t1 rc
    N=$((N + 1))
    t0=$(now)
    "${TIMEOUT[@]}" "$@" > "$outfile" 2>&1 < /dev/null
    rc=$?
    t1=$(now)
    LAST_RC=$rc
    LAST_SECONDS=$(elapsed "$t0" "$t1")
    echo "$tool $coll $run $rc" >> "$EXIT_CODES"
    local state=ok
    if [ "$rc" -ne 0 ]; then
        FAILED=$((FAILED + 1))
        case $rc in
            124|137) state="TIMEOUT rc=$rc" ;;
            *) state="FAILED rc=$rc" ;;
        esac
    fi
    printf '[%d/%d] %-10s %-14s %-3s %8ss %s\n' "$N" "$TOTAL" "$tool" "$coll" "$run" "$LAST_SECONDS" "$state" >&2
}

run_nccltests() { # COLL REP
    run_one nccl-tests "$1" "r$2" "$OUT/nccltests-$1-r$2.txt" "$NCCL_TESTS_DIR/$1_perf" "${FLAGS[@]}"
}
run_ncclkit() { # COLL REP
    run_one ncclkit "$1" "r$2" "$OUT/ncclkit-$1-r$2.txt" "$NCCLKIT_BIN" perf "$1" "${FLAGS[@]}"
}

for coll in "${COLLS[@]}"; do
    for ((r = 1; r <= REPS; r++)); do
        if ((r % 2 == 1)); then
            run_nccltests "$coll" "$r"
            run_ncclkit "$coll" "$r"
        else
            run_ncclkit "$coll" "$r"
            run_nccltests "$coll" "$r"
        fi
    done
done

# Start-up: one 8 B size and one iteration, so the time to the first data row is about the whole run's wall time.
has_data_row() { grep -Eq '^[[:space:]]*[0-9]+[[:space:]]+[0-9]+[[:space:]]' "$1"; }
startup_one() { # TOOL FILE-TAG RUN COMMAND...
    local tool=$1 tag=$2 s=$3
    shift 3
    local file="$OUT/startup-$tag-s$s.txt"
    run_one "$tool" startup "s$s" "$file" "$@"
    if [ "$LAST_RC" -eq 0 ] && has_data_row "$file"; then
        echo "$tool $LAST_SECONDS" >> "$STARTUP"
    else
        echo "run.sh: start-up run $tool s$s gave no data row (rc=$LAST_RC); not counted" >&2
    fi
}
for ((s = 1; s <= STARTUP_RUNS; s++)); do
    if ((s % 2 == 1)); then
        startup_one nccl-tests nccltests "$s" "$NCCL_TESTS_DIR/${STARTUP_COLL}_perf" "${STARTUP_FLAGS[@]}"
        startup_one ncclkit ncclkit "$s" "$NCCLKIT_BIN" perf "$STARTUP_COLL" "${STARTUP_FLAGS[@]}"
    else
        startup_one ncclkit ncclkit "$s" "$NCCLKIT_BIN" perf "$STARTUP_COLL" "${STARTUP_FLAGS[@]}"
        startup_one nccl-tests nccltests "$s" "$NCCL_TESTS_DIR/${STARTUP_COLL}_perf" "${STARTUP_FLAGS[@]}"
    fi
done

echo "run.sh: $N runs, $FAILED with a non-zero exit code (see $EXIT_CODES)" >&2
if python3 "$SCRIPT_DIR/compare.py" "$OUT" > "$OUT/benchmarks.md"; then
    echo "run.sh: wrote $OUT/benchmarks.md" >&2
else
    echo "run.sh: compare.py failed (exit $?)" >&2
    exit 1
fi
