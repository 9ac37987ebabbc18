import { describe, expect, it } from "vitest";

import { stepsInDagOrder } from "../src/dag";
import type { PlanStep } from "../src/types";

function step(step_id: string, depends_on: string[] = []): PlanStep {
  return {
    step_id,
    kind: "action",
    action: "light.turn_on",
    target: {},
    data: {},
    depends_on,
    not_before: null,
    fallbacks: [],
    guardrails: [],
    local: true,
    estimated_cost: 0,
    estimated_duration_s: 0,
  };
}

const ids = (steps: PlanStep[]) => steps.map((item) => item.step_id);

describe("stepsInDagOrder", () => {
  it("keeps a plan that is already in order", () => {
    expect(ids(stepsInDagOrder([step("a"), step("b", ["a"]), step("c")]))).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("puts every step after the steps it depends on", () => {
    const order = ids(
      stepsInDagOrder([step("d", ["b", "c"]), step("c", ["a"]), step("b", ["a"]), step("a")]),
    );
    expect(order).toEqual(["a", "c", "b", "d"]);
  });

  it("ignores edges to unknown steps and keeps steps caught in a cycle", () => {
    const order = ids(
      stepsInDagOrder([step("x", ["y"]), step("y", ["x"]), step("z", ["missing"])]),
    );
    expect(order).toEqual(["z", "x", "y"]);
  });
});
