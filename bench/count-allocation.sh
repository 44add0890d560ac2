#!/bin/bash
# Instructions and simulated cache misses of one allocation cycle (allocate + return its offers),
# counted by cachegrind instead of timed: on a shared VM the same build's wall time varies by 2x,
# counts do not. V8 runs predictably (no concurrent compiler or GC threads, fixed hash and random
# seeds) and the driver is bundled (no loader thread); two runs of one build then agree within 0.1%.
# A 1 MiB last-level cache stands for this machine's L2.
#
#   bash bench/count-allocation.sh [quota|plain] [label]     (about 10 minutes; needs valgrind)
#   R1=20 R2=28 bash bench/count-allocation.sh quota          (cycles 21-28: the JIT has settled; at
#                                                              13-15 a changed build may still be tiering up,
#                                                              and cycles 3-5, the default, include compiling)
set -euo pipefail
mode=${1:-quota}; label=${2:-$(git rev-parse --short HEAD)}
source "$(dirname "$0")/allocation-driver.sh"
for r in $r1 $r2; do
  valgrind --tool=cachegrind --cache-sim=yes --LL=1048576,16,64 --cachegrind-out-file="$work/cg-$r.out" \
    node $predictable "$work/driver.mjs" "$mode" $r > /dev/null 2> "$work/cg-$r.err" &
done
wait
node -e '
const fs = require("fs");
const read = (f) => { const t = fs.readFileSync(f, "utf8"); const ev = t.match(/^events: (.*)$/m)[1].split(" ");
  const sum = t.match(/^summary: (.*)$/m)[1].split(" ").map(Number); return Object.fromEntries(ev.map((e, i) => [e, sum[i]])); };
const [a, b] = [read(process.argv[1]), read(process.argv[2])];
const per = (k) => (b[k] - a[k]) / Number(process.argv[5]);
console.log(JSON.stringify({ label: process.argv[3], mode: process.argv[4], cycles: process.argv[5], perCycle: {
  instructions: Math.round(per("Ir")), l1DataMisses: Math.round(per("D1mr") + per("D1mw")), l2Misses: Math.round(per("DLmr") + per("DLmw")) } }));
' "$work/cg-$r1.out" "$work/cg-$r2.out" "$label" "$mode" $((r2 - r1))
rm -rf "$work"
