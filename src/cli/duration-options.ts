/**
 * Command-line options whose value is a duration (`--until 6h`), and the one check they all get.
 *
 * yargs reads a value that starts with '-' as flags: `--until -5m` became "Unknown arguments: 5, m".
 * `attachDashValues` rewrites `--until -5m` into `--until=-5m` before yargs parses, so the value
 * reaches the command and `checkDurationOption` can name the option and the value in one line.
 */
import { parseDuration } from '../core/units.ts';

/** Every value-taking option, over all commands, whose value is a duration. */
export const DURATION_OPTIONS: readonly string[] = ['until'];

const EXAMPLES = '(expected e.g. 90s, 5m, 2h)';

/**
 * `--opt -X` → `--opt=-X` for the named options (a lone '-' value would otherwise be read as flags).
 * A following long option (`--until --force`) is left alone: the value is missing, not negative.
 * Nothing after a bare `--` is touched.
 */
export function attachDashValues(args: readonly string[], options: readonly string[] = DURATION_OPTIONS): string[] {
  const names = new Set(options.map((o) => `--${o}`));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { out.push(...args.slice(i)); break; }
    const next = args[i + 1];
    if (names.has(a) && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
      out.push(`${a}=${next}`);
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * Check a duration option's value: the one-line message (`--until: -5m must not be negative ...`)
 * or undefined when it is a duration. The value itself still goes through the scenario's parser.
 */
export function checkDurationOption(option: string, value: unknown): string | undefined {
  const flag = `--${option}`;
  const text = String(value ?? '').trim();
  if (text === '') return `${flag}: needs a duration ${EXAMPLES}`;
  if (text.startsWith('-')) {
    const magnitude = parseDuration(text.slice(1));
    return typeof magnitude === 'number'
      ? `${flag}: ${text} must not be negative ${EXAMPLES}`
      : `${flag}: ${text} is not a duration ${EXAMPLES}`;
  }
  return typeof parseDuration(text) === 'number' ? undefined : `${flag}: ${text} is not a duration ${EXAMPLES}`;
}
