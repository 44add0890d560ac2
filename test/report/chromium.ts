/**
 * Headless Chromium (Debian `chromium`) for the report's browser test: load a file, capture
 * console messages (via --enable-logging=stderr: every console call is logged as a CONSOLE line),
 * dump the DOM after a virtual-time budget, or take a screenshot. Each launch gets a fresh
 * profile directory and runs with networking features off.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** CI is set to anything but '' / 'false' / '0'. */
export function inCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

export interface ChromiumResult {
  stdout: string;
  /** Console messages the page produced (errors, warnings and logs alike). */
  console: string[];
}

export function runChromium(file: string, mode: { dumpDom: true } | { screenshot: string; width: number; height: number }): Promise<ChromiumResult> {
  const profile = mkdtempSync(join(tmpdir(), 'clustersim-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    '--enable-logging=stderr',
    '--v=0',
    '--virtual-time-budget=10000',
    ...('dumpDom' in mode ? ['--dump-dom'] : [`--screenshot=${mode.screenshot}`, `--window-size=${mode.width},${mode.height}`]),
    pathToFileURL(file).href,
  ];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, args, { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (err) return reject(new Error(`chromium failed: ${err.message}\n${stderr}`));
      const consoleLines = stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l));
      resolve({ stdout, console: consoleLines });
    });
  });
}
