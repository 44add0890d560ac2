export { EventQueue, MAX_PRIORITY } from './event-queue.ts';
export { Simulation, Priority } from './simulation.ts';
export type { Handler, EventHandle, RunStats } from './simulation.ts';
export { RngStreams, createRng } from './rng.ts';
export type { Rng } from './rng.ts';
