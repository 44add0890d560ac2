/**
 * Per-function cost of one allocation cycle, from two callgrind runs of bench/allocation-counted.ts
 * (`bench/attribute-allocation.sh` makes them). V8's JIT code has no symbols for valgrind; node's
 * `--perf-basic-prof` writes a map of code address → JS function, and callgrind's
 * `--dump-instr=yes` keeps costs per instruction address, so each cost is charged to the JS
 * function (or V8 builtin) whose code holds the address, else to the C++ function valgrind names.
 * Prints the difference of the two runs ÷ the extra cycles, sorted by the chosen column.
 *
 *   node bench/callgrind-by-function.mjs <cg-short> <perf-map-short> <cg-long> <perf-map-long> <cycles> [ir|l1|l2]
 */
import { readFileSync } from 'node:fs';

function loadPerfMap(path) {
  const entries = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [start, size, ...name] = line.split(' ');
    return { start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name: name.join(' ') };
  });
  return entries.sort((a, b) => a.start - b.start);
}

function symbolAt(map, address) {
  let lo = 0, hi = map.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid].start <= address) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found >= 0 && address < map[found].end ? map[found].name : null;
}

/** Self cost per symbol: events Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw. */
function costs(callgrindFile, perfMapFile) {
  const map = loadPerfMap(perfMapFile);
  const names = new Map(), out = new Map();
  let fn = '?', afterCalls = false;
  const last = [0, 0];
  const position = (token, i) => token === '*' ? last[i] : token[0] === '+' || token[0] === '-' ? last[i] + Number(token)
    : token.startsWith('0x') ? parseInt(token, 16) : Number(token);
  for (const line of readFileSync(callgrindFile, 'utf8').split('\n')) {
    const c = line[0];
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '*') {
      const parts = line.trim().split(/\s+/);
      last[0] = position(parts[0], 0);
      last[1] = position(parts[1], 1);
      if (afterCalls) { afterCalls = false; continue; } // a call's inclusive cost, not self cost
      const key = symbolAt(map, last[0]) ?? `C++ ${fn}`;
      const sum = out.get(key) ?? out.set(key, new Array(9).fill(0)).get(key);
      for (let k = 2; k < parts.length; k++) sum[k - 2] += Number(parts[k]);
    } else if (line.startsWith('fn=') || line.startsWith('cfn=')) {
      // Names are compressed to "(id)" after first use, and a name may first appear as a callee (cfn=).
      const m = /^c?fn=\((\d+)\)(?: (.*))?$/.exec(line.trim());
      if (m && m[2] !== undefined) names.set(m[1], m[2]);
      if (m && c === 'f') fn = names.get(m[1]) ?? '?';
    } else if (line.startsWith('calls=')) afterCalls = true;
  }
  return out;
}

const [shortCg, shortMap, longCg, longMap, cyclesText, by = 'l2'] = process.argv.slice(2);
const a = costs(shortCg, shortMap), b = costs(longCg, longMap), cycles = Number(cyclesText);
const rows = [...new Set([...a.keys(), ...b.keys()])].map((key) => {
  const x = a.get(key) ?? new Array(9).fill(0), y = b.get(key) ?? new Array(9).fill(0);
  const d = y.map((v, i) => (v - x[i]) / cycles);
  return { key, ir: d[0], l1: d[4] + d[5], l2: d[7] + d[8] };
});
const total = rows.reduce((t, r) => ({ ir: t.ir + r.ir, l1: t.l1 + r.l1, l2: t.l2 + r.l2 }), { ir: 0, l1: 0, l2: 0 });
console.log(`per cycle: ${(total.ir / 1e6).toFixed(1)}M instructions, ${(total.l1 / 1e6).toFixed(2)}M L1d misses, ${(total.l2 / 1e6).toFixed(3)}M L2 misses`);
console.log('instructions  L1d misses  L2 misses  function');
for (const r of rows.sort((p, q) => q[by] - p[by]).slice(0, 50)) {
  console.log(`${(r.ir / 1e6).toFixed(2).padStart(10)}M ${(r.l1 / 1e3).toFixed(1).padStart(9)}K ${(r.l2 / 1e3).toFixed(1).padStart(8)}K  ${r.key.replace(/file:\/\/\S*\//, '').slice(0, 100)}`);
}
