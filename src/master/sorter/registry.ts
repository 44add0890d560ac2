/** Sorters by name (`--role_sorter` / `--framework_sorter`), extensible by plugins. */
import { drfSorter } from './drf.ts';
import { randomSorter } from './random.ts';
import type { SorterFactory } from './sorter.ts';

const sorters = new Map<string, SorterFactory>([['drf', drfSorter], ['random', randomSorter]]);

export function registerSorter(name: string, factory: SorterFactory): void {
  sorters.set(name, factory);
}

export function sorterFactory(name: string): SorterFactory | undefined {
  return sorters.get(name);
}

export function sorterNames(): string[] {
  return [...sorters.keys()].sort();
}
