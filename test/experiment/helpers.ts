import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function cli(args: readonly string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'bin/clustersim.js'), ...args], {
    encoding: 'utf8', cwd: ROOT, env: { ...process.env, CI: 'true', ...env },
  });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cs-exp-'));
}

/**
 * A minimal XML reader for the JUnit shape test: elements with attributes and text, no DTDs.
 * Throws on mismatched tags, so a structurally broken file fails the test.
 */
export interface XmlElement { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string }

export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const re = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(body)) !== null) {
    if (m.index !== consumed) throw new Error(`unparseable XML at ${consumed}`);
    consumed = re.lastIndex;
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) { top.text += unescape(m[5]); continue; }
    if (m[1] === '/') {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w.-]+)="([^"]*)"/g)) attrs[a[1]] = unescape(a[2]);
    const el: XmlElement = { name: m[2], attrs, children: [], text: '' };
    top.children.push(el);
    if (m[4] !== '/') stack.push(el);
  }
  if (consumed !== body.length || stack.length !== 1) throw new Error('unbalanced XML');
  const elements = root.children;
  if (elements.length !== 1) throw new Error('XML needs exactly one root element');
  return elements[0];
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
