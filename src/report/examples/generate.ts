/**
 * Regenerate the committed example report: `npx tsx src/report/examples/generate.ts [outDir]`
 * (default reports/examples/drf-paper). Deterministic: rerunning changes no bytes.
 */
import { rmSync } from 'node:fs';
import { writeReport } from '../write-report.ts';
import { drfPaperExample } from './drf-paper.ts';

const out = process.argv[2] ?? 'reports/examples/drf-paper';
rmSync(out, { recursive: true, force: true });
const files = await writeReport(out, drfPaperExample(), { png: false });
process.stdout.write(`${files.map((f) => `${out}/${f}`).join('\n')}\n`);
