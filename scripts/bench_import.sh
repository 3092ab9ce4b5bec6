#!/usr/bin/env bash
# Benchmark: import N synthetic orders (default 1,000,000) into a fresh database, then import
# the same file again. Reports wall time and peak RSS of each run (GNU time -v).
#
#   scripts/bench_import.sh [N]
#
# Targets on a 2-core machine: 1M orders <= 5 s, re-import <= 2.5 s, peak memory <= 32 MiB.
set -euo pipefail
N=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-$(mktemp -d)}
cd "$ROOT"
cargo build --release --quiet
BIN="$ROOT/target/release/rewards"
FILE="$WORK/orders_$N.csv"
[ -f "$FILE" ] || python3 scripts/gen_orders.py "$N" --seed 42 -o "$FILE"
echo "file: $FILE ($(du -h "$FILE" | cut -f1), $N orders)"
export REWARDS_DB="$WORK/bench.db" REWARDS_NOW=2026-03-31T12:00:00Z
rm -f "$REWARDS_DB" "$REWARDS_DB-wal" "$REWARDS_DB-shm"
"$BIN" -q init --currency SAR --timezone Asia/Riyadh >/dev/null
run() {
    local label=$1
    shift
    /usr/bin/time -v "$BIN" -q --format json import orders "$FILE" "$@" >"$WORK/$label.json" 2>"$WORK/$label.time" || true
    local wall rss user sys cpu
    wall=$(grep 'Elapsed (wall clock)' "$WORK/$label.time" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$WORK/$label.time" | awk '{print $NF}')
    user=$(grep 'User time' "$WORK/$label.time" | awk '{print $NF}')
    sys=$(grep 'System time' "$WORK/$label.time" | awk '{print $NF}')
    cpu=$(grep 'Percent of CPU' "$WORK/$label.time" | awk '{print $NF}')
    # On a shared machine the wall time includes waiting for a core: user + sys is the work.
    printf '%-9s wall %s (user %ss + sys %ss, %s of a core)  peak RSS %.1f MiB  %s\n' \
        "$label" "$wall" "$user" "$sys" "$cpu" "$(echo "$rss/1024" | bc -l)" \
        "$(tr -d ' \n' <"$WORK/$label.json" | grep -o '"inserted":[0-9]*,"duplicates":[0-9]*')"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run import
run reimport
echo "database: $(du -h "$REWARDS_DB" | cut -f1)"
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
