/** The master's records of frameworks, agents, offers and tasks. */
import type { Resources } from '../cluster/resources.ts';
import type { UsageProfile } from '../cluster/usage-profile.ts';
import type { AllocatorAgentInfo, AllocatorFrameworkInfo } from './allocator/types.ts';
import type { Scheduler, TaskState } from './scheduler.ts';

export interface MasterFramework {
  info: AllocatorFrameworkInfo;
  readonly scheduler: Scheduler;
  active: boolean;
  readonly offers: Set<string>;
  readonly tasks: Set<string>;
  /** Delay between an offer batch reaching the scheduler and its reply ("think time"). */
  readonly offerLatencyMs: number;
  taskCounter: number;
}

export interface MasterAgent {
  info: AllocatorAgentInfo;
  readonly tasks: Set<string>;
}

export interface Offer {
  readonly id: string;
  readonly frameworkId: string;
  readonly role: string;
  readonly agentId: string;
  resources: Resources;
  readonly run: number;
  readonly madeAtMs: number;
  timeoutHandle: number | null;
}

export interface Task {
  readonly id: string;
  readonly frameworkId: string;
  readonly role: string;
  readonly agentId: string;
  readonly resources: Resources;
  state: TaskState;
  readonly launchedAtMs: number;
  readonly submittedAtMs: number | null;
  readonly durationMs: number | null;
  readonly jobId: string | null;
  endHandle: number | null;
  /** The launch's usage profile (null = the scenario default; see src/master/usage/). */
  readonly usage?: UsageProfile | null;
}

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set<TaskState>([
  'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR', 'TASK_DROPPED',
]);
