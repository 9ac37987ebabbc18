import type { PlanStep } from "./types";

/**
 * Steps in an order that respects every `depends_on` edge.
 *
 * Kahn's algorithm; among steps that are ready at the same time the one listed first in
 * the plan goes first, so a plan that is already in order keeps its order. Edges to
 * unknown steps are ignored, and steps caught in a cycle (which the planner never
 * produces) are appended in plan order rather than dropped.
 */
export function stepsInDagOrder(steps: readonly PlanStep[]): PlanStep[] {
  const position = new Map(steps.map((step, index) => [step.step_id, index]));
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const step of steps) {
    const known = step.depends_on.filter(
      (id) => position.has(id) && id !== step.step_id,
    );
    waitingOn.set(step.step_id, known.length);
    for (const id of known) {
      dependents.set(id, [...(dependents.get(id) ?? []), step.step_id]);
    }
  }
  const ready = steps.filter((step) => waitingOn.get(step.step_id) === 0);
  const ordered: PlanStep[] = [];
  while (ready.length > 0) {
    ready.sort(
      (a, b) => position.get(a.step_id)! - position.get(b.step_id)!,
    );
    const step = ready.shift()!;
    ordered.push(step);
    for (const id of dependents.get(step.step_id) ?? []) {
      const left = waitingOn.get(id)! - 1;
      waitingOn.set(id, left);
      if (left === 0) {
        ready.push(steps[position.get(id)!]);
      }
    }
  }
  if (ordered.length < steps.length) {
    const placed = new Set(ordered);
    ordered.push(...steps.filter((step) => !placed.has(step)));
  }
  return ordered;
}
