/**
 * JUnit XML, the shape CI dashboards ingest (GitHub, GitLab, Jenkins):
 *   <testsuites name tests failures errors time>
 *     <testsuite name tests failures errors skipped time>
 *       <testcase classname name time><failure message type>details</failure></testcase>
 *       (a passing case with something to report: <testcase …><system-out>text</system-out></testcase>)
 * One testsuite per scenario file, one testcase per run × check (assertion, offers, golden).
 * `time` is 0 on purpose: the file is deterministic (wall-clock lives in timing.json only).
 */
export interface JUnitCase {
  readonly classname: string;
  readonly name: string;
  readonly failure?: { readonly message: string; readonly details: string };
  /** setup problem (e.g. invalid scenario) rather than a failed assertion */
  readonly error?: { readonly message: string; readonly details: string };
  /** what a passing case still reports (e.g. new metrics not in the golden file): `<system-out>` */
  readonly output?: string;
}

export interface JUnitSuite {
  readonly name: string;
  readonly cases: readonly JUnitCase[];
}

export function junitXml(name: string, suites: readonly JUnitSuite[]): string {
  const count = (cs: readonly JUnitCase[], k: 'failure' | 'error') => cs.filter((c) => c[k]).length;
  const all = suites.flatMap((s) => s.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(name)}" tests="${all.length}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}" time="0">`,
  ];
  for (const s of suites) {
    lines.push(`  <testsuite name="${esc(s.name)}" tests="${s.cases.length}" failures="${count(s.cases, 'failure')}" errors="${count(s.cases, 'error')}" skipped="0" time="0">`);
    for (const c of s.cases) {
      const open = `    <testcase classname="${esc(c.classname)}" name="${esc(c.name)}" time="0"`;
      const body = c.failure ?? c.error;
      if (!body && c.output !== undefined) {
        lines.push(`${open}>`, `      <system-out>${esc(c.output)}</system-out>`, '    </testcase>');
        continue;
      }
      if (!body) { lines.push(`${open}/>`); continue; }
      const tag = c.failure ? 'failure' : 'error';
      lines.push(`${open}>`);
      lines.push(`      <${tag} message="${esc(body.message)}" type="${c.failure ? 'AssertionError' : 'InvalidInput'}">${esc(body.details)}</${tag}>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function esc(s: string): string {
  // XML 1.0 allows only its Char production even escaped (tab, newlines, U+0020–U+D7FF,
  // U+E000–U+FFFD, U+10000–U+10FFFF): control characters, U+FFFE/U+FFFF and lone surrogates
  // (a file name or a golden key can hold any of them) are dropped.
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
