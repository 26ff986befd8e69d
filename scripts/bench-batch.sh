#!/usr/bin/env bash
# Batch throughput and memory of the `linesift` command (issue 4's bar).
#
#   scripts/bench-batch.sh             # every figure
#   BIG_DOCS=20000 scripts/bench-batch.sh   # a smaller memory run, to try it out
#   SKIP_BIG=1 SKIP_HUGE_CLEAN=1 SKIP_CRITERION=1 scripts/bench-batch.sh   # throughput only
#   LINESIFT_BIN=/tmp/old/linesift scripts/bench-batch.sh   # another build
#   ROUNDS=1 scripts/bench-batch.sh    # each long run once (default 5 rounds)
#
# Builds its inputs from the evaluation data (LINESIFT_DATA, else ../shared/data
# beside the repo) into BENCH_DIR (default target/bench-batch, never committed)
# with scripts/make-batch-data.py, then runs the release binary on them and
# prints, measured with /usr/bin/time -v:
#   1. JSON Lines of text documents, --input text, one thread and two: MB/s of
#      JSONL input, documents/s, and the speed-up of two threads over one;
#      once over (12.7 MB: a short run, a quarter of whose time goes to
#      building the automata's states) and LONG_REPEAT times over (a long
#      run: the steady state of a pipeline), the long run ROUNDS times
#      (default 5), one thread, one core and two threads in turn, with the
#      median and the range of each figure: on a shared VM one run's wall
#      time moves by 10 % either way;
#   2. JSON Lines of the aeb/html pages (field "html", --input html), one thread
#      and two: pages/s; once over (50 MB) and HTML_REPEAT times over (a long
#      run, from which the speed-up of two threads is read, in ROUNDS rounds
#      as above);
#   3. BIG_DOCS (default 200 000, > 1 GB) text documents, all threads: time,
#      peak memory (maximum resident set) and output line count, for the whole
#      stream with a tiny document per line (--field lang), and for cleaning
#      the text of the first BIG_CLEAN_DOCS documents (default "2000 20000
#      200000": the peak must stay flat as the count grows);
#   4. one 100 MB JSON line, with the default limit (refused) and a raised
#      one (cleaned): what happens and the peak memory;
#   5. unless SKIP_CRITERION is set, `cargo bench --bench batch`: the library
#      alone, the JSON work alone and both, one thread, on the same documents,
#      so the command's own overhead is seen apart from the classifier's speed.
# Timings are wall-clock on whatever else the machine is doing: the load
# average is printed first; on a shared machine the figures are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${LINESIFT_DATA:-../shared/data}
DIR=${BENCH_DIR:-target/bench-batch}
BIG_DOCS=${BIG_DOCS:-200000}
# LINESIFT_BIN: another build of the command to measure (say, an older one);
# by default this tree's release build, built first.
BIN=${LINESIFT_BIN:-target/release/linesift}

if [ ! -d "$DATA/aeb" ]; then
    echo "no evaluation data in $DATA (set LINESIFT_DATA)" >&2
    exit 1
fi
[ -n "${LINESIFT_BIN:-}" ] || cargo build --release --quiet
python3 scripts/make-batch-data.py "$DATA" "$DIR" "$BIG_DOCS"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

TIMES=$(mktemp)
OUT=$(mktemp)
trap 'rm -f "$TIMES" "$OUT"' EXIT

# run FILE ARGS...: runs linesift on FILE, output to $OUT; sets SECS (wall), CPU
# (user + system seconds), PEAK_MB and STATUS.
run() {
    local file=$1
    shift
    STATUS=0
    # $BIN unquoted: it may be a command with a prefix (see one_and_two).
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$TIMES" $BIN --quiet "$@" "$file" >"$OUT" 2>/dev/null || STATUS=$?
    SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$TIMES")
    CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$TIMES")
    PEAK_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$TIMES")
}

# rate BYTES LINES: prints MB/s and documents/s of wall time for the last run,
# and MB per CPU-second (what one core does, whatever the machine's load).
rate() {
    awk -v b="$1" -v n="$2" -v s="$SECS" -v c="$CPU" 'BEGIN { if (s <= 0) s = 0.01; if (c <= 0) c = 0.01; printf "%8.2f MB/s %9.1f docs/s (cpu %.2f s: %.2f MB/s, %.1f docs/s per cpu-second)", b / s / 1e6, n / s, c, b / c / 1e6, n / c }'
}

# speedup: wall-clock speed-up of the last run over ONE (and over CORE, the
# command on one core alone, when measured), and the CPU-time ratio
# 2 x ONE_CPU / CPU, the speed-up two free cores would give if no thread ever
# waited (an upper bound; on a loaded machine the wall figure is lower).
speedup() {
    awk -v a="$ONE" -v c="$CORE" -v b="$SECS" -v ca="$ONE_CPU" -v cb="$CPU" 'BEGIN { if (b <= 0) b = 0.01; printf "speed-up %.2f x wall", a / b; if (c != "") printf " (%.2f x over 1 core)", c / b; printf ", %.2f x by cpu time", 2 * ca / (cb > 0 ? cb : 0.01) }'
}

bytes() { stat -c %s "$1"; }
lines() { wc -l <"$1" | tr -d ' '; }

# one_and_two FILE ARGS...: runs linesift on FILE with one thread, then two,
# and prints the time, rates and peak memory of each and the speed-up. With
# `--threads 1` the command still reads and writes on threads of their own,
# which the other core runs beside the cleaning; so the whole command is
# also run on one core alone (`taskset`, where there is one): the figure
# for "one core", and the base for the speed-up of two.
one_and_two() {
    local file=$1
    shift
    run "$file" "$@" --threads 1
    ONE=$SECS
    ONE_CPU=$CPU
    printf "  1 thread : %6.2f s %s  peak %s MB\n" "$SECS" "$(rate "$(bytes "$file")" "$(lines "$file")")" "$PEAK_MB"
    CORE=""
    if command -v taskset >/dev/null; then
        # The first core this script may run on.
        BIN="taskset -c $(taskset -pc $$ | sed 's/.*: //; s/[,-].*//') $BIN" run "$file" "$@" --threads 1
        CORE=$SECS
        printf "  1 core   : %6.2f s %s  peak %s MB\n" "$SECS" "$(rate "$(bytes "$file")" "$(lines "$file")")" "$PEAK_MB"
    fi
    run "$file" "$@" --threads 2
    printf "  2 threads: %6.2f s %s  peak %s MB  %s\n" "$SECS" "$(rate "$(bytes "$file")" "$(lines "$file")")" "$PEAK_MB" "$(speedup)"
}

echo
echo "== 1. JSON Lines, text documents (--input text): $(lines "$DIR/text.jsonl") documents, $(bytes "$DIR/text.jsonl") bytes"
one_and_two "$DIR/text.jsonl" --jsonl --input text
echo "  output lines: $(lines "$OUT") (input $(lines "$DIR/text.jsonl"))"

# long_run SECTION FILE TIMES ARGS...: one_and_two over FILE repeated TIMES
# times, ROUNDS times: the steady state of a long pipeline, where the
# automata's states (built once per thread, in the first megabytes) no
# longer count, and a run long enough to read a speed-up off the clock's
# hundredths of a second. Then the median and the range over the rounds of
# the one-thread and one-core rates and of the speed-ups (each round's two
# threads over that round's one thread and one core: runs side by side in
# time share the machine's load).
long_run() {
    local section=$1 file=$2 times=$3
    shift 3
    local long="$DIR/long.jsonl"
    for _ in $(seq "$times"); do cat "$file"; done >"$long"
    local size count
    size=$(bytes "$long")
    count=$(lines "$long")
    echo
    echo "== $section. the same, $times times over (a long run): $count lines, $size bytes, ${ROUNDS:-5} rounds"
    local table
    table=$(mktemp)
    for round in $(seq "${ROUNDS:-5}"); do
        echo "  round $round"
        one_and_two "$long" "$@"
        echo "$ONE $CORE $SECS" >>"$table"
    done
    # Medians and ranges of: MB/s and documents/s on one thread and on one
    # core, and the speed-ups of two threads over each.
    awk -v b="$size" -v n="$count" '
        function stats(name, values, k,    sorted, i, j, t, median) {
            for (i = 1; i <= k; i++) sorted[i] = values[i]
            for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
            median = (k % 2) ? sorted[(k + 1) / 2] : (sorted[k / 2] + sorted[k / 2 + 1]) / 2
            printf "  %-32s median %7.2f  range %7.2f to %7.2f\n", name, median, sorted[1], sorted[k]
        }
        {
            k++
            one[k] = b / $1 / 1e6; docs[k] = n / $1
            if ($3 != "") { core[k] = b / $2 / 1e6; core_docs[k] = n / $2; over_core[k] = $2 / $3; two = $3 } else two = $2
            over_one[k] = $1 / two
        }
        END {
            stats("MB/s, 1 thread", one, k)
            stats("documents/s, 1 thread", docs, k)
            if (length(core) == k) { stats("MB/s, 1 core", core, k); stats("documents/s, 1 core", core_docs, k) }
            stats("speed-up, 2 threads over 1", over_one, k)
            if (length(over_core) == k) stats("speed-up, 2 threads over 1 core", over_core, k)
        }' "$table"
    rm -f "$long" "$table"
}

# About 200 MB.
long_run 1b "$DIR/text.jsonl" "${LONG_REPEAT:-16}" --jsonl --input text

echo
echo "== 2. JSON Lines, aeb/html pages (--field html --input html): $(lines "$DIR/html.jsonl") pages, $(bytes "$DIR/html.jsonl") bytes"
one_and_two "$DIR/html.jsonl" --jsonl --field html --input html
# About 200 MB too: the third of a second above is too short for a speed-up.
long_run 2b "$DIR/html.jsonl" "${HTML_REPEAT:-4}" --jsonl --field html --input html

if [ -z "${SKIP_BIG:-}" ]; then
    echo
    echo "== 3. memory: $(lines "$DIR/big.jsonl") documents, $(bytes "$DIR/big.jsonl") bytes, all threads"
    # The whole stream: every line read, parsed, its tiny "lang" document
    # cleaned, the 10 kB "body" field copied through, every line written.
    run "$DIR/big.jsonl" --jsonl --field lang
    printf "  stream, --field lang: %.2f s %s  peak %s MB  exit %s\n" "$SECS" "$(rate "$(bytes "$DIR/big.jsonl")" "$(lines "$DIR/big.jsonl")")" "$PEAK_MB" "$STATUS"
    echo "    output lines: $(lines "$OUT"), errors: $(grep -c '^{"error"' "$OUT" || true)"
    # Cleaning the text documents themselves, on growing prefixes of the file:
    # the peak must not grow with the number of documents.
    for n in ${BIG_CLEAN_DOCS:-2000 20000 $BIG_DOCS}; do
        head -n "$n" "$DIR/big.jsonl" >"$DIR/prefix.jsonl"
        run "$DIR/prefix.jsonl" --jsonl --field body
        printf "  cleaning %7d documents (%5d MB): %8.2f s %s  peak %s MB  exit %s\n" "$n" "$(( $(bytes "$DIR/prefix.jsonl") / 1000000 ))" "$SECS" "$(rate "$(bytes "$DIR/prefix.jsonl")" "$n")" "$PEAK_MB" "$STATUS"
        echo "    output lines: $(lines "$OUT"), errors: $(grep -c '^{"error"' "$OUT" || true)"
        rm -f "$DIR/prefix.jsonl"
    done
fi

echo
echo "== 4. one 100 MB line ($(bytes "$DIR/huge.jsonl") bytes in 2 lines)"
run "$DIR/huge.jsonl" --jsonl --input text
echo "  default limit: exit $STATUS, peak $PEAK_MB MB, $(lines "$OUT") output lines; line 1: $(head -c 160 "$OUT" | head -n 1)"
if [ -z "${SKIP_HUGE_CLEAN:-}" ]; then
    run "$DIR/huge.jsonl" --jsonl --input text --max-input-size 200MB --max-blocks 10000000
    echo "  --max-input-size 200MB --max-blocks 10000000: exit $STATUS, $SECS s, peak $PEAK_MB MB, $(lines "$OUT") output lines, $(head -n 1 "$OUT" | wc -c) bytes in line 1"
fi

if [ -z "${SKIP_CRITERION:-}" ]; then
    echo
    echo "== 5. one thread, in memory, same documents (cargo bench --bench batch)"
    LINESIFT_DATA="$DATA" cargo bench --quiet --bench batch 2>/dev/null | grep -E '^jsonl/|thrpt' | grep -v '%' | sed 's/^/  /'
fi
