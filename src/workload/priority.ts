import type { PriorityBand } from './records.ts';

/**
 * Priority bands. Google 2011 (priorities 0–11) uses the tier table Google gave in the EuroSys'20
 * paper: free 0–1, best-effort batch 2–8, production 9–10, monitoring 11 (the 2011 trace's own
 * documentation is internally inconsistent here; see shared docs/traces.md §1.5).
 */
export function googleBand2011(priority: number): PriorityBand {
  if (priority <= 1) return 'free';
  if (priority <= 8) return 'best-effort';
  if (priority <= 10) return 'production';
  return 'monitoring';
}

/**
 * Google 2019 (priorities 0–450): free ≤ 99, best-effort batch 110–115, mid-tier 116–119,
 * production 120–359, monitoring ≥ 360. The gap 100–109 is undocumented; it is treated as free.
 */
export function googleBand2019(priority: number): PriorityBand {
  if (priority < 110) return 'free';
  if (priority <= 115) return 'best-effort';
  if (priority <= 119) return 'mid';
  if (priority < 360) return 'production';
  return 'monitoring';
}
