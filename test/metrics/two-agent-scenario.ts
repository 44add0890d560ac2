/**
 * The two-agent scenario the metrics tests share: A runs one 4-cpu task of 10 s, B one 2-cpu task of
 * 20 s, on two 4-cpu agents (hand-checkable shares, waits and fairness); `timeline` lines are appended.
 */
export function twoAgentScenario(name: string, timeline: readonly string[] = []): string {
  return `
name: ${name}
seed: 1
until: 30s
agents:
  - { id: a1, resources: "cpus:4;mem:8GiB" }
  - { id: a2, resources: "cpus:4;mem:8GiB" }
frameworks:
  - id: A
    role: a
    scheduler: { type: scripted, onOffer: launch, maxTasks: 1, refuseSeconds: 1000, task: { resources: "cpus:4;mem:2GiB", duration: 10s } }
  - id: B
    role: b
    scheduler: { type: scripted, onOffer: launch, maxTasks: 1, refuseSeconds: 1000, task: { resources: "cpus:2;mem:4GiB", duration: 20s } }
${timeline.length > 0 ? `timeline:\n${timeline.map((t) => `  - ${t}`).join('\n')}\n` : ''}`;
}
