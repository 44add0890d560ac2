/**
 * Regenerate the committed example report: `npx tsx src/report/examples/generate.ts [outDir]`
 * (default reports/report-layer-example, git-ignored). Deterministic: rerunning changes no bytes.
 * The committed example under reports/examples/drf-paper is a real run instead (docs/outputs.md).
 */
import { rmSync } from 'node:fs';
import { writeReport } from '../write-report.ts';
import { drfPaperExample } from './drf-paper.ts';

const out = process.argv[2] ?? 'reports/report-layer-example';
rmSync(out, { recursive: true, force: true });
const files = await writeReport(out, drfPaperExample(), { png: false });
process.stdout.write(`${files.map((f) => `${out}/${f}`).join('\n')}\n`);
