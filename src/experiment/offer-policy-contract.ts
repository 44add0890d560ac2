/**
 * Contract checks for plugin offer policies (`clustersim check --plugin`; src/master/offer-policy/
 * registry.ts). A policy is a predicate the allocator consults on its hot path, possibly several
 * times for the same framework, role and agent in one run and in whatever order its walk takes
 * (the exhaustive and shortcut walks must make the same offers), so it must answer like a function:
 *   1. it answers true or false, without throwing (each question is asked on its own);
 *   2. the answer depends only on the question: asked again, or in another order, the same answer;
 *   3. a fresh instance with the same seeded stream gives the same answers (deterministic);
 *   4. it leaves the agent it is shown untouched (the allocator's own record).
 * The questions: 6 agents (2 racks, 2 zones, one with a GPU) × 4 frameworks × 3 roles (one nested).
 * Built with the options a checked scenario gives it (`master.offerPolicy.options`), else `{}`.
 */
import { parseResources } from '../cluster/resource-text.ts';
import type { Resources } from '../cluster/resources.ts';
import { createRng } from '../kernel/rng.ts';
import type { AllocatorAgentInfo } from '../master/allocator/types.ts';
import { offerPolicyFactory } from '../master/offer-policy/registry.ts';
import { broken, guarded, rule, type ContractReport } from './policy-contracts.ts';
import { errorMessage } from '../core/error-message.ts';

interface Question {
  readonly frameworkId: string;
  readonly role: string;
  readonly agent: AllocatorAgentInfo;
}

export function runOfferPolicyContract(name: string, options: Readonly<Record<string, unknown>> = {}): ContractReport {
  const factory = offerPolicyFactory(name);
  if (!factory) return broken('offer-policy', name, `no offer policy named "${name}" is registered`);
  return guarded('offer-policy', name, () => {
    const build = () => factory(options, { rng: createRng(`offer-policy/${name}`) });
    const questions = questionsAsked();
    const policy = build();
    let notBoolean: string | null = null, mutated: string | null = null;
    const ask = (p: ReturnType<typeof build>, q: Question): boolean => {
      const before = JSON.stringify(q.agent);
      let answer: unknown;
      try {
        answer = p.allows(q.frameworkId, q.role, q.agent);
      } catch (e) { // a plugin's answer of the wrong type is rejected by its wrapper (plugins.ts)
        notBoolean ??= `${describe(q)}: ${errorMessage(e).split('\n')[0]}`;
        return false;
      }
      if (notBoolean === null && typeof answer !== 'boolean') notBoolean = `${describe(q)}: answered ${JSON.stringify(answer)}`;
      if (mutated === null && JSON.stringify(q.agent) !== before) mutated = `${describe(q)}: the agent changed during the call`;
      return answer === true;
    };
    const first = questions.map((q) => ask(policy, q));
    // The same instance again, in reverse order: a function of the question gives the same answers.
    const again = [...questions].reverse().map((q) => ask(policy, q)).reverse();
    const fresh = build();
    const replay = questions.map((q) => ask(fresh, q));
    return [
      rule('answers true or false, without throwing', notBoolean),
      rule('the answer depends only on the question (asked again, in another order)', difference(questions, first, again)),
      rule('deterministic (a fresh instance gives the same answers)', difference(questions, first, replay)),
      rule('leaves the agent untouched', mutated),
    ];
  });
}

function questionsAsked(): Question[] {
  const gpu = parseResources('cpus:16;mem:65536;gpus:2') as Resources;
  const plain = parseResources('cpus:16;mem:65536') as Resources;
  const agents: AllocatorAgentInfo[] = Array.from({ length: 6 }, (_, i) => ({
    id: `agent-${i + 1}`, hostname: `host-${i + 1}`, total: i === 5 ? gpu : plain,
    attributes: { rack: `r${(i % 2) + 1}`, zone: i < 3 ? 'z1' : 'z2', ...(i === 5 ? { gpu: 'true' } : {}) },
    capabilities: ['MULTI_ROLE', 'HIERARCHICAL_ROLE', 'RESERVATION_REFINEMENT'], region: null,
  }));
  const out: Question[] = [];
  for (const agent of agents) {
    for (const frameworkId of ['web', 'batch', 'ml', 'adhoc']) for (const role of ['prod', 'dev', 'prod/batch']) out.push({ frameworkId, role, agent });
  }
  return out;
}

const describe = (q: Question) => `framework ${q.frameworkId}, role ${q.role}, agent ${q.agent.id}`;

function difference(questions: readonly Question[], a: readonly boolean[], b: readonly boolean[]): string | null {
  const i = a.findIndex((x, k) => x !== b[k]);
  return i < 0 ? null : `${describe(questions[i])}: ${a[i]} the first time, ${b[i]} the next`;
}
