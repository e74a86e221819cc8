#!/usr/bin/env python3
"""Side-by-side report of ncclkit against nccl-tests, as Markdown on stdout.

Usage: python3 compare.py OUT_DIR > OUT_DIR/benchmarks.md

OUT_DIR holds what run.sh writes:
  nccltests-<collective>-r<N>.txt   nccl-tests output of repetition N
  ncclkit-<collective>-r<N>.txt     ncclkit output of repetition N
  exit-codes.txt                    "tool collective run rc" lines
  startup.txt                       "tool seconds" lines
  machine.txt, commands.txt, date.txt (optional, shown verbatim)

Data rows are lines not starting with '#' holding at least 13 fields:
  size count type redop root | time algbw busbw #wrong (out-of-place) | time algbw busbw #wrong (in-place)
A trailing timestamp (-S 1) is ignored; rows with per-iteration columns (-I) are understood too.
For each (collective, size) and tool the median over repetitions is reported. The output depends only on the
input files, so running it twice gives the same bytes.

Target: size >= 1 MiB: ncclkit algbw >= 0.99 x nccl-tests algbw;
        size <  1 MiB: ncclkit time <= max(nccl-tests time + 0.5 us, 1.05 x nccl-tests time).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone

COLLECTIVES = ["all_reduce", "all_gather", "reduce_scatter", "broadcast", "reduce",
               "alltoall", "gather", "scatter", "sendrecv", "hypercube"]
TOOLS = ["nccltests", "ncclkit"]
TOOL_LABEL = {"nccltests": "nccl-tests", "ncclkit": "ncclkit"}
MIB = 1 << 20
BIG_ALGBW_RATIO = 0.99
SMALL_TIME_SLACK_US = 0.5
SMALL_TIME_FACTOR = 1.05

RESULT_FILE = re.compile(r"^(nccltests|ncclkit)-(.+)-r(\d+)\.txt$")
LIBRARY = re.compile(r"nccl-library=(\d+)")
DATE_TOKEN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_TOKEN = re.compile(r"^\d{2}:\d{2}:\d{2}$")
ERROR_LINE = re.compile(r"fail|error|exception|abort|segmentation|killed", re.IGNORECASE)
MAX_ERROR_LINES = 5


@dataclass
class Placement:
    time: float
    algbw: float
    busbw: float
    wrong: int | None  # None: "N/A" (not checked)


@dataclass
class Row:
    size: int
    count: int
    dtype: str
    redop: str
    root: str
    oop: Placement
    ip: Placement


@dataclass
class ResultFile:
    tool: str
    coll: str
    rep: int
    name: str
    rows: list[Row] = field(default_factory=list)
    library: str | None = None
    error_lines: list[str] = field(default_factory=list)


def number(text: str) -> float:
    return float(text)


def wrong_count(text: str) -> int | None:
    if text.upper() == "N/A":
        return None
    return int(float(text))


def placement(fields: list[str], at: int) -> Placement:
    return Placement(number(fields[at]), number(fields[at + 1]), number(fields[at + 2]), wrong_count(fields[at + 3]))


def parse_row(line: str) -> Row | None:
    if line.lstrip().startswith("#"):
        return None
    fields = line.split()
    # A trailing "YYYY-mm-dd HH:MM:SS" timestamp (-S 1) is not a measurement.
    if len(fields) >= 15 and DATE_TOKEN.match(fields[-2]) and TIME_TOKEN.match(fields[-1]):
        fields = fields[:-2]
    if len(fields) in (12, 20) and fields[3].lstrip("-").isdigit():
        fields.insert(3, "")  # hypercube prints an empty redop column
    if len(fields) < 13:
        return None
    try:
        size = int(fields[0])
        count = int(fields[1])
        # -I adds i_min i_max i_p99 i_cv% after each placement: 5 + 8 + 8 fields.
        in_place_at = 13 if len(fields) == 21 else 9
        return Row(size, count, fields[2], fields[3], fields[4], placement(fields, 5), placement(fields, in_place_at))
    except (ValueError, IndexError):
        return None


def parse_file(path: str, tool: str, coll: str, rep: int) -> ResultFile:
    result = ResultFile(tool, coll, rep, os.path.basename(path))
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("#"):
                match = LIBRARY.search(line)
                if match and result.library is None:
                    result.library = match.group(1)
                if line.startswith("# error:"):
                    result.error_lines.append(line)
                continue
            row = parse_row(line)
            if row is not None:
                result.rows.append(row)
            elif ERROR_LINE.search(line) and len(result.error_lines) < MAX_ERROR_LINES:
                result.error_lines.append(line.strip())
    return result


def nccl_version_name(code: str) -> str:
    value = int(code)
    if value >= 10000:  # NCCL >= 2.9: major*10000 + minor*100 + patch
        return f"{value // 10000}.{value // 100 % 100}.{value % 100}"
    return f"{value // 1000}.{value // 100 % 10}.{value % 100}"


def fmt(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    if value != 0 and (abs(value) >= 1e7 or abs(value) < 10 ** -digits):
        return f"{value:.3g}"
    return f"{value:.{digits}f}"


def ratio(kit: float | None, ref: float | None) -> float | None:
    if kit is None or ref is None or ref <= 0:
        return None
    return kit / ref


def median_or_none(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class Median:
    time: float
    algbw: float
    busbw: float
    reps: int


def medians(rows: list[Row], in_place: bool) -> Median:
    pick = [r.ip if in_place else r.oop for r in rows]
    return Median(statistics.median(p.time for p in pick), statistics.median(p.algbw for p in pick),
                  statistics.median(p.busbw for p in pick), len(pick))


@dataclass
class Verdict:
    met: bool
    margin: float  # >= 1 when met; smaller is worse
    reason: str


def verdict(size: int, ref: Median, kit: Median) -> Verdict:
    if size >= MIB:
        r = ratio(kit.algbw, ref.algbw)
        if r is None:
            # nccl-tests reported 0 GB/s: any ncclkit bandwidth meets it.
            return Verdict(True, float("inf"), "nccl-tests algbw 0")
        return Verdict(r >= BIG_ALGBW_RATIO, r / BIG_ALGBW_RATIO, f"algbw ratio {r:.3f} (needs ≥ {BIG_ALGBW_RATIO})")
    allowed = max(ref.time + SMALL_TIME_SLACK_US, SMALL_TIME_FACTOR * ref.time)
    margin = allowed / kit.time if kit.time > 0 else float("inf")
    return Verdict(kit.time <= allowed, margin,
                   f"time {kit.time:.2f} µs vs allowed {allowed:.2f} µs (nccl-tests {ref.time:.2f} µs)")


def size_label(key: tuple, variants: bool) -> str:
    size, dtype, redop, root = key
    if not variants:
        return str(size)
    return f"{size} ({dtype} {redop} root {root})"


def machine_date(out_dir: str, files: list[str]) -> str:
    date_file = os.path.join(out_dir, "date.txt")
    if os.path.isfile(date_file):
        with open(date_file, encoding="utf-8", errors="replace") as handle:
            text = handle.read().strip()
        if text:
            return text
    stamps = [os.path.getmtime(f) for f in files if os.path.exists(f)]
    if not stamps:
        return "unknown"
    newest = datetime.fromtimestamp(max(stamps), tz=timezone.utc)
    return newest.strftime("%Y-%m-%d %H:%M:%S UTC") + " (newest result file)"


def read_text(path: str) -> str | None:
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read().rstrip("\n")


def code_block(text: str) -> list[str]:
    fence = "```"
    while fence in text:
        fence += "`"
    return [fence, text, fence]


def parse_exit_codes(path: str, notes: list[str]) -> list[tuple[str, str, str, int | str]]:
    entries: list[tuple[str, str, str, int | str]] = []
    text = read_text(path)
    if text is None:
        notes.append("`exit-codes.txt` is missing: exit codes of the runs are unknown.")
        return entries
    for number_, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) != 4:
            notes.append(f"`exit-codes.txt` line {number_} not understood: `{line.strip()}`")
            continue
        tool, coll, run, rc = parts
        try:
            entries.append((tool, coll, run, int(rc)))
        except ValueError:
            entries.append((tool, coll, run, rc))
    return entries


def parse_startup(path: str, notes: list[str]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    text = read_text(path)
    if text is None:
        notes.append("`startup.txt` is missing: no start-up comparison.")
        return times
    for number_, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        try:
            if len(parts) != 2:
                raise ValueError
            tool = "nccltests" if parts[0] in ("nccl-tests", "nccltests", "nccl_tests") else parts[0]
            times.setdefault(tool, []).append(float(parts[1]))
        except ValueError:
            notes.append(f"`startup.txt` line {number_} not understood: `{line.strip()}`")
    return times


def exit_meaning(rc: int | str) -> str:
    if rc == 124:
        return "timed out"
    if rc == 137:
        return "killed (timed out, did not stop on TERM)"
    if rc == 127:
        return "command not found"
    if rc == 126:
        return "not executable"
    if isinstance(rc, int) and rc > 128:
        return f"signal {rc - 128}"
    return "failed"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: compare.py OUT_DIR", file=sys.stderr)
        return 2
    out_dir = argv[1]
    if not os.path.isdir(out_dir):
        print(f"compare.py: {out_dir} is not a directory", file=sys.stderr)
        return 2

    notes: list[str] = []
    names = sorted(os.listdir(out_dir))
    results: list[ResultFile] = []
    for name in names:
        match = RESULT_FILE.match(name)
        if not match:
            continue
        path = os.path.join(out_dir, name)
        if not os.path.isfile(path):
            continue
        tool, coll, rep = match.group(1), match.group(2), int(match.group(3))
        try:
            result = parse_file(path, tool, coll, rep)
        except OSError as error:
            notes.append(f"`{name}` could not be read: {error.strerror}")
            continue
        if not result.rows:
            notes.append(f"`{name}` has no data rows.")
        results.append(result)

    # Which (tool, collective, repetition) exist, and which are missing next to their counterpart.
    present = {(r.tool, r.coll, r.rep) for r in results}
    colls_seen = sorted({r.coll for r in results}, key=lambda c: (COLLECTIVES.index(c) if c in COLLECTIVES
                                                                  else len(COLLECTIVES), c))
    collectives = [c for c in COLLECTIVES] + [c for c in colls_seen if c not in COLLECTIVES]
    for coll in collectives:
        reps = sorted({rep for (_, c, rep) in present if c == coll})
        if not reps:
            notes.append(f"`{coll}`: no result files from either tool.")
            continue
        for rep in reps:
            for tool in TOOLS:
                if (tool, coll, rep) not in present:
                    notes.append(f"`{tool}-{coll}-r{rep}.txt` is missing.")

    # Medians per collective, row key and tool.
    grouped: dict[str, dict[tuple, dict[str, list[Row]]]] = {}
    for result in sorted(results, key=lambda r: (r.coll, r.tool, r.rep)):
        seen_in_file: set[tuple] = set()
        for row in result.rows:
            key = (row.size, row.dtype, row.redop, row.root)
            if key in seen_in_file:
                notes.append(f"`{result.name}`: size {row.size} appears more than once; the first row is used.")
                continue
            seen_in_file.add(key)
            grouped.setdefault(result.coll, {}).setdefault(key, {}).setdefault(result.tool, []).append(row)

    # Sizes whose median rests on fewer repetitions than the tool ran for that collective (a run that died part-way).
    for coll in collectives:
        for tool in TOOLS:
            runs = len({r.rep for r in results if r.coll == coll and r.tool == tool and r.rows})
            short = sorted((k[0], len(v[tool])) for k, v in grouped.get(coll, {}).items()
                           if tool in v and len(v[tool]) < runs)
            if short:
                fewest = min(n for _, n in short)
                which = (f"size {short[0][0]} B" if len(short) == 1
                         else f"{len(short)} sizes from {short[0][0]} to {short[-1][0]} B")
                notes.append(f"`{coll}` {TOOL_LABEL[tool]}: {which} rest on fewer repetitions than the {runs} runs "
                             f"with data (as few as {fewest}).")

    exit_codes = parse_exit_codes(os.path.join(out_dir, "exit-codes.txt"), notes)
    startup = parse_startup(os.path.join(out_dir, "startup.txt"), notes)

    lines: list[str] = []
    emit = lines.append

    # Header.
    emit("# ncclkit vs nccl-tests benchmark")
    emit("")
    result_paths = [os.path.join(out_dir, r.name) for r in results]
    emit(f"- Date: {machine_date(out_dir, result_paths)}")
    libraries: dict[str, set[str]] = {}
    for result in results:
        if result.library:
            libraries.setdefault(result.tool, set()).add(result.library)
    if libraries:
        parts = []
        for tool in TOOLS:
            if tool in libraries:
                codes = sorted(libraries[tool])
                parts.append(f"{TOOL_LABEL[tool]}: " + ", ".join(f"{nccl_version_name(c)} ({c})" for c in codes))
        emit("- NCCL version (nccl-library): " + "; ".join(parts))
        all_codes = set().union(*libraries.values())
        if len(all_codes) > 1:
            emit("  - **Warning:** the runs did not all use the same NCCL library.")
    else:
        emit("- NCCL version: unknown (no `nccl-library=` header line found)")
    reps_per_tool = {tool: len({r.rep for r in results if r.tool == tool}) for tool in TOOLS}
    emit(f"- Repetitions found: nccl-tests {reps_per_tool['nccltests']}, ncclkit {reps_per_tool['ncclkit']}; "
         "each number below is the median over repetitions.")
    emit(f"- Target: size ≥ 1 MiB: ncclkit algbw ≥ {BIG_ALGBW_RATIO} × nccl-tests algbw; size < 1 MiB: "
         f"ncclkit time ≤ max(nccl-tests time + {SMALL_TIME_SLACK_US} µs, {SMALL_TIME_FACTOR} × nccl-tests time).")
    emit("- Ratios are ncclkit / nccl-tests. Bandwidths in GB/s, out-of-place unless marked otherwise.")
    emit("")
    emit("## Machine")
    emit("")
    machine = read_text(os.path.join(out_dir, "machine.txt"))
    if machine is None:
        emit("_`machine.txt` not present._")
        notes.append("`machine.txt` is missing.")
    else:
        lines.extend(code_block(machine))
    emit("")
    emit("## Commands")
    emit("")
    commands = read_text(os.path.join(out_dir, "commands.txt"))
    if commands is None:
        emit("_`commands.txt` not present._")
        notes.append("`commands.txt` is missing.")
    else:
        lines.extend(code_block(commands))
    emit("")

    # Tables.
    header = ("| size (B) | nccl-tests time (µs) | ncclkit time (µs) | time ratio | nccl-tests algbw | ncclkit algbw "
              "| algbw ratio | nccl-tests busbw | ncclkit busbw | target met |")
    align = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"
    summary: dict[str, dict] = {}
    emit("## Results (out-of-place)")
    emit("")
    for coll in collectives:
        keys = grouped.get(coll)
        if not keys:
            continue
        variants = len({k[1:] for k in keys}) > 1
        ordered = sorted(keys, key=lambda k: (k[0], k[1], k[2], k[3]))
        stats = {"oop": {"met": 0, "total": 0, "worst": None}, "ip": {"met": 0, "total": 0, "worst": None},
                 "missing": 0}
        tables: dict[str, list[str]] = {"oop": [], "ip": []}
        for key in ordered:
            by_tool = keys[key]
            for which in ("oop", "ip"):
                in_place = which == "ip"
                ref = medians(by_tool["nccltests"], in_place) if "nccltests" in by_tool else None
                kit = medians(by_tool["ncclkit"], in_place) if "ncclkit" in by_tool else None
                if ref is not None and kit is not None:
                    v = verdict(key[0], ref, kit)
                    cell = "yes" if v.met else "**no**"
                    entry = stats[which]
                    entry["total"] += 1
                    entry["met"] += v.met
                    if entry["worst"] is None or v.margin < entry["worst"][0]:
                        entry["worst"] = (v.margin, key, v)
                else:
                    cell = "missing " + ("nccl-tests" if ref is None else "ncclkit")
                    if which == "oop":
                        stats["missing"] += 1
                tables[which].append(
                    f"| {size_label(key, variants)} "
                    f"| {fmt(ref.time if ref else None)} | {fmt(kit.time if kit else None)} "
                    f"| {fmt(ratio(kit.time if kit else None, ref.time if ref else None), 3)} "
                    f"| {fmt(ref.algbw if ref else None)} | {fmt(kit.algbw if kit else None)} "
                    f"| {fmt(ratio(kit.algbw if kit else None, ref.algbw if ref else None), 3)} "
                    f"| {fmt(ref.busbw if ref else None)} | {fmt(kit.busbw if kit else None)} | {cell} |")
        summary[coll] = stats
        common = {k[1:] for k in keys}
        suffix = ""
        if not variants:
            dtype, redop, root = next(iter(common))
            suffix = f" — {dtype}, {redop}, root {root}"
        emit(f"### {coll}{suffix}")
        emit("")
        emit(header)
        emit(align)
        lines.extend(tables["oop"])
        emit("")
        emit("<details><summary>in-place</summary>")
        emit("")
        emit(header)
        emit(align)
        lines.extend(tables["ip"])
        emit("")
        emit("</details>")
        emit("")
    if not summary:
        emit("_No data rows found._")
        emit("")

    # Summary.
    emit("## Summary")
    emit("")
    emit("| collective | target met (out-of-place) | worst size | worst size detail | in-place met |")
    emit("|---|---:|---:|---|---:|")
    overall = {"met": 0, "total": 0}
    overall_ip = {"met": 0, "total": 0}
    for coll in collectives:
        stats = summary.get(coll)
        if stats is None:
            emit(f"| {coll} | no data | — | — | — |")
            continue
        oop, ip = stats["oop"], stats["ip"]
        overall["met"] += oop["met"]
        overall["total"] += oop["total"]
        overall_ip["met"] += ip["met"]
        overall_ip["total"] += ip["total"]
        if oop["worst"] is not None:
            _, key, v = oop["worst"]
            worst = str(key[0])
            detail = ("meets: " if v.met else "misses: ") + v.reason
        else:
            worst, detail = "—", "—"
        missing = (f" ({stats['missing']} size{'s' if stats['missing'] > 1 else ''} without both tools)"
                   if stats["missing"] else "")
        emit(f"| {coll} | {oop['met']}/{oop['total']}{missing} | {worst} | {detail} | {ip['met']}/{ip['total']} |")
    emit("")
    emit(f"**Overall (out-of-place): {overall['met']}/{overall['total']} compared sizes meet the target** "
         f"(in-place: {overall_ip['met']}/{overall_ip['total']}).")
    uncompared = sum(s["missing"] for s in summary.values())
    no_data = [c for c in collectives if c not in summary]
    if uncompared or no_data:
        extra = []
        if uncompared:
            extra.append(f"{uncompared} size(s) could not be compared because one tool gave no data for them")
        if no_data:
            extra.append("no data at all for " + ", ".join(no_data))
        emit("")
        emit("Not counted above: " + "; ".join(extra) + ".")
    emit("")

    # Start-up.
    emit("### Start-up (launch to first data row, one 8 B size, `-n 1`)")
    emit("")
    if startup:
        emit("| tool | runs | median (s) | min (s) | max (s) |")
        emit("|---|---:|---:|---:|---:|")
        order = [t for t in TOOLS if t in startup] + sorted(t for t in startup if t not in TOOLS)
        for tool in order:
            values = startup[tool]
            emit(f"| {TOOL_LABEL.get(tool, tool)} | {len(values)} | {statistics.median(values):.3f} "
                 f"| {min(values):.3f} | {max(values):.3f} |")
        emit("")
        if "nccltests" in startup and "ncclkit" in startup:
            ref = statistics.median(startup["nccltests"])
            kit = statistics.median(startup["ncclkit"])
            rel = f", {kit / ref:.2f}× nccl-tests" if ref > 0 else ""
            emit(f"ncclkit − nccl-tests (medians): {kit - ref:+.3f} s{rel}.")
        else:
            emit("Start-up times are missing for one of the tools.")
    else:
        emit("_No start-up measurements._")
    emit("")

    # Failures.
    emit("## Failures and wrong results")
    emit("")
    failed = [e for e in exit_codes if e[3] != 0]
    wrong_rows: list[str] = []
    for result in sorted(results, key=lambda r: (collectives.index(r.coll) if r.coll in collectives else 99,
                                                 r.tool, r.rep)):
        for row in result.rows:
            bad = [(label, p.wrong) for label, p in (("out-of-place", row.oop), ("in-place", row.ip))
                   if p.wrong is not None and p.wrong > 0]
            for label, wrong in bad:
                wrong_rows.append(f"| `{result.name}` | {row.size} | {label} | {wrong} |")
    error_lines = [(r.name, line) for r in results for line in r.error_lines]
    if not failed and not wrong_rows and not error_lines:
        if exit_codes:
            emit("None: every recorded run exited 0 and no row reported wrong elements.")
        else:
            emit("No row reported wrong elements; exit codes were not recorded.")
        emit("")
    if failed:
        emit("### Runs with a non-zero exit code")
        emit("")
        emit("| tool | collective | run | exit code | meaning |")
        emit("|---|---|---|---:|---|")
        for tool, coll, run, rc in failed:
            emit(f"| {TOOL_LABEL.get(tool, tool)} | {coll} | {run} | {rc} | {exit_meaning(rc)} |")
        emit("")
    if wrong_rows:
        emit("### Rows with #wrong > 0")
        emit("")
        emit("| file | size (B) | placement | #wrong |")
        emit("|---|---:|---|---:|")
        lines.extend(wrong_rows)
        emit("")
    if error_lines:
        emit(f"### Error lines in the output (at most {MAX_ERROR_LINES} per file)")
        emit("")
        for name, line in error_lines:
            quoted = line.replace("`", "'")
            emit(f"- `{name}`: `{quoted}`")
        emit("")

    emit("## Notes on inputs")
    emit("")
    if notes:
        for note in notes:
            emit(f"- {note}")
    else:
        emit("All expected inputs were present.")
    emit("")

    sys.stdout.write("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
