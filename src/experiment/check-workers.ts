/**
 * `clustersim check --workers N`: the scenario files are spread over N child processes (round
 * robin), each running `clustersim check <its files> --results-json <tmp>` with the same options;
 * the parent reads their results back in the order the files were given, so the report, the JUnit
 * XML and the exit code are the same as with one process. Goldens are written atomically per file,
 * so `--update` works too. (The same fork pattern as `sweep run --workers`, sweep-run.ts.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileCheck } from './check.ts';

const BIN = fileURLToPath(new URL('../../bin/clustersim.js', import.meta.url));

/** Check `files` in `workers` child processes; `passThrough` are the CLI options every child gets. */
export async function checkInWorkers(files: readonly string[], passThrough: readonly string[], workers: number): Promise<FileCheck[]> {
  const n = Math.max(1, Math.min(workers, files.length));
  const groups = Array.from({ length: n }, (_, w) => files.filter((_, i) => i % n === w));
  const dir = mkdtempSync(join(tmpdir(), 'clustersim-check-'));
  try {
    const results = await Promise.all(groups.map((group, w) => runChild(group, passThrough, join(dir, `${w}.json`))));
    const byFile = new Map<string, FileCheck>();
    for (const r of results) for (const f of r) byFile.set(f.file, f);
    return files.map((file) => byFile.get(file) ?? crashed(file, 'no result from its worker process'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(group: readonly string[], passThrough: readonly string[], out: string): Promise<FileCheck[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'check', ...group, ...passThrough, '--results-json', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(readFileSync(out, 'utf8')) as FileCheck[]);
      } catch {
        const why = `worker process exited ${code}${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}`;
        resolve(group.map((file) => crashed(file, why)));
      }
    });
  });
}

function crashed(file: string, message: string): FileCheck {
  return { file, diagnostics: [], cases: [{ run: file, name: 'simulate', status: 'error', message, details: [] }] };
}
