#!/bin/bash
# Instructions and simulated cache misses of one allocation cycle (allocate + return its offers),
# counted by cachegrind instead of timed: on a shared VM the same build's wall time varies by 2x,
# counts do not. V8 runs predictably (no concurrent compiler or GC threads, fixed hash and random
# seeds) and the driver is bundled (no loader thread); two runs of one build then agree within 0.1%.
# A 1 MiB last-level cache stands for this machine's L2.
#
#   bash bench/count-allocation.sh [quota|plain] [label]     (about 10 minutes; needs valgrind)
set -euo pipefail
mode=${1:-quota}; label=${2:-$(git rev-parse --short HEAD)}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/count-allocation.XXXXXX)
"$here/node_modules/.bin/esbuild" "$here/bench/allocation-counted.ts" --bundle --platform=node --format=esm \
  --outfile="$work/driver.mjs" --log-level=warning
flags="--predictable --hash-seed=1 --random-seed=1 --single-threaded"
for r in 2 5; do
  valgrind --tool=cachegrind --cache-sim=yes --LL=1048576,16,64 --cachegrind-out-file="$work/cg-$r.out" \
    node $flags "$work/driver.mjs" "$mode" $r > /dev/null 2> "$work/cg-$r.err" &
done
wait
node -e '
const fs = require("fs");
const read = (f) => { const t = fs.readFileSync(f, "utf8"); const ev = t.match(/^events: (.*)$/m)[1].split(" ");
  const sum = t.match(/^summary: (.*)$/m)[1].split(" ").map(Number); return Object.fromEntries(ev.map((e, i) => [e, sum[i]])); };
const [a, b] = [read(process.argv[1]), read(process.argv[2])];
const per = (k) => (b[k] - a[k]) / 3;
console.log(JSON.stringify({ label: process.argv[3], mode: process.argv[4], perCycle: {
  instructions: Math.round(per("Ir")), l1DataMisses: Math.round(per("D1mr") + per("D1mw")), l2Misses: Math.round(per("DLmr") + per("DLmw")) } }));
' "$work/cg-2.out" "$work/cg-5.out" "$label" "$mode"
rm -rf "$work"
