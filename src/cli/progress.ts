/**
 * Progress on stderr for long runs: a bar of simulated time / end, events per second and ETA.
 * - Silent when stderr is not a terminal or CI is set (anything but '', 'false', '0').
 * - Nothing is shown during the first second of wall time (short runs stay quiet).
 * - Throttled on wall time: the kernel calls back only every 65,536 events and a line is drawn at
 *   most every 200 ms, so it never slows the event loop. Wall-clock reads here never reach results.
 */
import { performance } from 'node:perf_hooks';

export interface Progress {
  update(nowMs: number, untilMs: number, events: number): void;
  /** A post-simulation phase (e.g. writing the report): shown after the bar when the bar was shown. */
  phase(label: string): void;
  stop(): void;
}

export interface ProgressEnv {
  readonly stream: { isTTY?: boolean; write(s: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** wall clock in ms (injected for tests) */
  readonly clock: () => number;
}

const defaultEnv = (): ProgressEnv => ({ stream: process.stderr, env: process.env, clock: () => performance.now() });

export function isCI(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Simulated time as H:MM:SS (days as a prefix: 2d 03:00:00). */
export function clockTime(ms: number): string {
  const total = Math.floor(ms / 1000);
  const d = Math.floor(total / 86_400), h = Math.floor((total % 86_400) / 3600), m = Math.floor((total % 3600) / 60), sec = total % 60;
  const hms = `${d > 0 ? String(h).padStart(2, '0') : h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return d > 0 ? `${d}d ${hms}` : hms;
}

/** One progress line (pure). */
export function progressLine(nowMs: number, untilMs: number, events: number, wallMs: number): string {
  const finite = Number.isFinite(untilMs) && untilMs > 0;
  const frac = finite ? Math.min(1, nowMs / untilMs) : 0;
  const width = 30;
  const filled = Math.round(frac * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const rate = wallMs > 0 ? Math.round(events / (wallMs / 1000)) : 0;
  const eta = frac > 0 ? `${Math.max(0, Math.round((wallMs / frac - wallMs) / 1000))}s` : '?';
  const end = finite ? clockTime(untilMs) : '∞';
  return `${bar} ${clockTime(nowMs)} / ${end}  ${rate.toLocaleString('en-US')} ev/s  ETA ${eta}`;
}

export function createProgress(enabled: boolean, io: ProgressEnv = defaultEnv()): Progress | undefined {
  if (!enabled || !io.stream.isTTY || isCI(io.env)) return undefined;
  const start = io.clock();
  let last = -Infinity;
  let shown = false;
  let width = 0;
  const draw = (text: string) => {
    io.stream.write(`\r${text.padEnd(width)}`);
    width = Math.max(width, text.length);
    shown = true;
  };
  return {
    update(nowMs, untilMs, events) {
      const wall = io.clock() - start;
      if (wall < 1000 || wall - last < 200) return;
      last = wall;
      draw(progressLine(nowMs, untilMs, events, wall));
    },
    phase(label) {
      if (shown) draw(`${label}…`);
    },
    stop() {
      if (shown) io.stream.write('\n');
      shown = false;
    },
  };
}
