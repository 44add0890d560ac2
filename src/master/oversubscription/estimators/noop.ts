/** `noop`: reports nothing; oversubscription is disabled (docs/oversubscription.md:137-169). */
import type { ResourceEstimator } from '../types.ts';

export function noopEstimator(): ResourceEstimator {
  return { name: 'noop', revocableCapacity: () => null };
}
