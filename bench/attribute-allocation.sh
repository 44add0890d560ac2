#!/bin/bash
# Which functions one allocation cycle's instructions and cache misses go to: the same driver and
# predictable V8 as count-allocation.sh, under callgrind with per-instruction costs, JIT code named
# through node's perf map (bench/callgrind-by-function.mjs). Slower than count-allocation.sh
# (about 15 minutes for the default cycles); its totals agree with it.
#
#   bash bench/attribute-allocation.sh [quota|plain] [ir|l1|l2]     (R1/R2 as in count-allocation.sh)
set -euo pipefail
mode=${1:-quota}; by=${2:-l2}
source "$(dirname "$0")/allocation-driver.sh"
flags="$predictable --perf-basic-prof --no-compact-code-space"
for r in $r1 $r2; do
  (cd "$work" && valgrind --tool=callgrind --cache-sim=yes --dump-instr=yes --LL=1048576,16,64 \
    --callgrind-out-file="$work/cg-$r.out" node $flags driver.mjs "$mode" $r > /dev/null 2> "$work/cg-$r.err"; \
    pid=$(sed -n 's/^==\([0-9]*\)== Callgrind.*/\1/p' "$work/cg-$r.err" | head -1); mv "/tmp/perf-$pid.map" "$work/perf-$r.map") &
done
wait
node "$here/bench/callgrind-by-function.mjs" "$work/cg-$r1.out" "$work/perf-$r1.map" "$work/cg-$r2.out" "$work/perf-$r2.map" $((r2 - r1)) "$by"
rm -rf "$work"
