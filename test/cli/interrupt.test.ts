/**
 * Ctrl-C during a simulation. main.ts had a SIGINT handler (print "interrupted", exit 130), but a JS
 * handler runs only when the event loop is free and a simulation is one synchronous loop: the signal
 * waited until the run had finished and written its directory (the demo: ~15 s after Ctrl-C, then
 * exit 130 with a complete run directory). Now the process stops at once, no run directory appears.
 * No timing is asserted: the test waits for the run's staging directory, then signals.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'cs-interrupt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('clustersim run interrupted', () => {
  it('stops in the middle of the simulation, without a run directory', async () => {
    const out = join(root, 'run');
    const child = spawn(process.execPath, ['bin/clustersim.js', 'run', 'scenarios/demo.yaml', '--out', out, '--no-progress'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += String(d); });
    let exited = false;
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => { exited = true; res({ code, signal }); }));
    // the run stages its directory next to --out before simulating
    while (!exited && !readdirSync(root).some((f) => f.startsWith('.tmp-run'))) await new Promise((r) => setTimeout(r, 20));
    expect(exited).toBe(false);
    child.kill('SIGINT');
    const { code, signal } = await ended;
    expect(signal === 'SIGINT' || code === 130).toBe(true);
    expect(existsSync(out)).toBe(false);          // before: the whole run was simulated and written
    expect(stdout).not.toMatch(/event digest/);
  }, 120_000);
});
