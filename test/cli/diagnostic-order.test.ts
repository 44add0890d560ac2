/**
 * validate / run / check print a file's diagnostics in file order (line, column), schema and later-stage
 * ones interleaved, and validate groups several files in argument order (text and --json alike).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/clustersim.js', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const TYPOS = 'test/fixtures/invalid/typos.yaml';
const TYPOS_ORDER = [`${TYPOS}:2:8 CS1004`, `${TYPOS}:4:3 CS1003`, `${TYPOS}:6:30 CS1004`, `${TYPOS}:12:39 CS1004`];
/** `file:line:column CODE` of every diagnostic line of stderr, in printed order */
const positions = (out: string) => [...out.matchAll(/^\s*(\S+:\d+:\d+): error (CS\d+) /gm)].map((m) => `${m[1]} ${m[2]}`);

describe('diagnostics are printed in file order', () => {
  it('validate typos.yaml: the bad duration (line 2) first, though the schema finds the unknown field first', () => {
    const r = cli('validate', TYPOS);
    expect(r.status).toBe(2);
    expect(positions(r.stderr)).toEqual(TYPOS_ORDER);
  });

  it('validate --json: the same order', () => {
    const r = cli('validate', '--json', TYPOS);
    expect(r.status).toBe(2);
    const ds = JSON.parse(r.stdout) as { file: string; line: number; column: number; code: string }[];
    expect(ds.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(TYPOS_ORDER);
  });

  it('validate of several files: grouped by file in argument order, each in file order', () => {
    const other = join(mkdtempSync(join(tmpdir(), 'cs-order-')), 'other.yaml');
    writeFileSync(other, `name: other
until: 2 eons
agents:
  - { id: a1, resources: "cpus:1;mem:1GiB", colour: red }
frameworks:
  - { id: fw1, role: r1, scheduler: { type: scripted, onOffer: launch } }
timeline:
  - { at: 1 fortnight, do: decline, framework: fw1 }
`);
    const otherOrder = [`${other}:2:8 CS1004`, `${other}:4:45 CS1003`, `${other}:8:11 CS1004`];
    const r = cli('validate', other, TYPOS);
    expect(r.status).toBe(2);
    expect(positions(r.stderr)).toEqual([...otherOrder, ...TYPOS_ORDER]);
    const back = cli('validate', '--json', TYPOS, other);
    const ds = JSON.parse(back.stdout) as { file: string; line: number; column: number; code: string }[];
    expect(ds.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual([...TYPOS_ORDER, ...otherOrder]);
  });

  it('run and check on an invalid file: the same order', () => {
    const run = cli('run', TYPOS, '--no-report');
    expect(run.status).toBe(2);
    expect(positions(run.stderr)).toEqual(TYPOS_ORDER);
    const check = cli('check', TYPOS);
    expect(check.status).toBe(2);
    expect(positions(check.stderr)).toEqual(TYPOS_ORDER);
    expect(positions(check.stdout)).toEqual(TYPOS_ORDER); // the load error's details
  }, 60_000);
});
