/** `noop`: never corrects anything (docs/oversubscription.md:201-209). */
import type { QosController } from '../types.ts';

export function noopQos(): QosController {
  return { name: 'noop', corrections: () => null };
}
