# Sourced by count-allocation.sh and attribute-allocation.sh: bundles bench/allocation-counted.ts into
# $work/driver.mjs (no loader thread under valgrind) and names the V8 flags that make a run
# predictable (no concurrent compiler or GC threads, fixed hash and random seeds).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "/tmp/$(basename "$0" .sh).XXXXXX")
"$here/node_modules/.bin/esbuild" "$here/bench/allocation-counted.ts" --bundle --platform=node --format=esm \
  --outfile="$work/driver.mjs" --log-level=warning
predictable="--predictable --hash-seed=1 --random-seed=1 --single-threaded"
r1=${R1:-2}; r2=${R2:-5}
