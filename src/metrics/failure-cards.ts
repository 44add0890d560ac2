/**
 * Headline cards for the failure and maintenance stories (docs/failures.md), built from summary.json's
 * `failures` section (FailureProbe.summary): the physical availability of services (mean, the worst
 * moment and the time below the SLO), the rolling upgrade, and inverse offers. Keys are stable so a
 * comparison lines them up; every card is present whenever its section is, zero included, so the
 * variants of a story compare number to number.
 */
import { roundSig } from '../core/canonical-json.ts';
import { durationUnit } from '../core/units.ts';
import type { Headline } from './metrics-result.ts';

interface ServiceAvailability { wanted: number; slo: number; measuredFromMs: number | null; mean: number | null; min: number | null; belowSloMs: number }
interface Upgrade { strategy: string; batches: number; machines: number; fleetMs: number | null; batchesDone: number; tasksAtDown: number }
interface InverseOffers { made: number; accepted: number; declined: number; rescinded: number; timedOut: number; unanswered: number }

/** The parts of summary.json `failures` the cards read (failure-probe.ts). */
export interface FailureFacts {
  availability?: Record<string, ServiceAvailability>;
  maintenance?: { inverseOffers?: InverseOffers };
  upgrade?: Upgrade | null;
}

/** Per-service cards up to this many services (beyond, the overall cards and their notes only). */
const MAX_SERVICE_CARDS = 6;
const pct = (f: number) => `${Number((100 * f).toPrecision(4))}%`;

/** `availability.mean` from the physical state (instance-time serving ÷ instance-time wanted), or null. */
export function physicalAvailabilityCard(f: FailureFacts, endMs: number): Headline | null {
  const services = Object.entries(f.availability ?? {}).filter(([, a]) => a.mean !== null);
  if (services.length === 0) return null;
  let num = 0, den = 0;
  for (const [, a] of services) {
    const span = endMs - (a.measuredFromMs ?? 0);
    num += a.wanted * span * a.mean!;
    den += a.wanted * span;
  }
  if (!(den > 0)) return null;
  return {
    key: 'availability.mean', label: 'service availability (mean)', value: roundSig(num / den), unit: '%', better: 'higher',
    note: `instances serving ÷ wanted${services.length > 1 ? `; ${services.map(([s, a]) => `${s} ${pct(a.mean!)}`).join(', ')}` : ''}`,
  };
}

/**
 * `heldMin`: per service, the lowest availability held for a positive time (the chart's lowest step).
 * The summary's `min` also counts a value passed through within one instant; when the two differ the
 * note says so, so the card and the chart do not seem to disagree.
 */
export function failureCards(f: FailureFacts, heldMin: ReadonlyMap<string, number> = new Map()): Headline[] {
  const out: Headline[] = [];
  const services = Object.entries(f.availability ?? {}).filter(([, a]) => a.min !== null);
  if (services.length > 0) {
    const worst = Math.min(...services.map(([, a]) => a.min!));
    const who = services.filter(([, a]) => a.min === worst).map(([s]) => s);
    const others = services.filter(([, a]) => a.min !== worst).map(([s, a]) => `${s} ${pct(a.min!)}`);
    // `worst` is rounded (summary.json); the series' values are not: 1/3 held for a while is not above 0.333333333.
    const held = who.map((s) => heldMin.get(s)).filter((m): m is number => m !== undefined && roundSig(m) > worst);
    const instant = held.length === who.length && held.length > 0 ? `; only for an instant: the lowest held for a while is ${pct(Math.min(...held))}` : '';
    out.push({
      key: 'availability.min', label: 'worst moment: lowest service availability', value: worst, unit: '%', better: 'higher',
      note: `${who.join(', ')}${instant}${others.length > 0 ? `; others: ${others.join(', ')}` : ''}`,
    });
    // a story may be about one of several services (rack-failure: svc, not legacy): each its own card
    if (services.length >= 2 && services.length <= MAX_SERVICE_CARDS) {
      for (const [svc, a] of services) {
        out.push({
          key: `failures.availability.${svc}.min`, label: `${svc}: lowest availability`, value: a.min!, unit: '%', better: 'higher',
          note: `mean ${a.mean === null ? '—' : pct(a.mean)}; ${a.belowSloMs > 0 ? `${duration(a.belowSloMs)} below` : 'never below'} its SLO ${pct(a.slo)}`,
        });
      }
    }
    const below = services.reduce((n, [, a]) => n + a.belowSloMs, 0);
    out.push({
      key: 'availability.belowSloMs', label: 'time below SLO (all services)', value: below, unit: 'ms', better: 'lower',
      note: services.map(([s, a]) => `${s}: ${a.belowSloMs > 0 ? duration(a.belowSloMs) : 'never'} below ${pct(a.slo)}`).join('; '),
    });
  }
  const u = f.upgrade;
  if (u) {
    const done = `${u.batchesDone} of ${u.batches} batches (${u.machines} machines), strategy ${u.strategy}`;
    out.push(u.fleetMs === null
      ? { key: 'upgrade.fleetMs', label: 'rolling upgrade: time for the fleet', value: 'not finished', note: done }
      : { key: 'upgrade.fleetMs', label: 'rolling upgrade: time for the fleet', value: u.fleetMs, unit: 'ms', better: 'lower', note: done });
    out.push({ key: 'upgrade.batchesDone', label: 'upgrade batches done', value: u.batchesDone, better: 'higher', note: `of ${u.batches}` });
    out.push({ key: 'upgrade.tasksAtDown', label: 'tasks still on machines at shutdown', value: u.tasksAtDown, better: 'lower', note: 'killed when their machine went down' });
  }
  const io = f.maintenance?.inverseOffers;
  if (io && io.made > 0) {
    out.push({ key: 'inverseOffers.made', label: 'inverse offers made', value: io.made, note: `${io.rescinded} rescinded, ${io.timedOut} timed out, ${io.unanswered} unanswered` });
    out.push({ key: 'inverseOffers.accepted', label: 'inverse offers accepted', value: io.accepted, better: 'higher', note: 'frameworks agreed to move off' });
    out.push({ key: 'inverseOffers.declined', label: 'inverse offers declined', value: io.declined });
  }
  return out;
}

/** Short duration text for notes (the card values go through the report's formatter, in the same units). */
export function duration(ms: number): string {
  const [size, unit] = durationUnit(ms);
  return `${Number((ms / size).toPrecision(3))} ${unit}`;
}
