import { vi } from "vitest";

import type { HomeAssistant, PlanResponse, PlanStep, PlansEvent } from "../src/types";

function step(overrides: Partial<PlanStep> & { step_id: string }): PlanStep {
  return {
    kind: "action",
    action: "light.turn_off",
    target: { entity_id: ["light.kitchen"] },
    data: {},
    depends_on: [],
    not_before: null,
    fallbacks: [],
    guardrails: [],
    local: true,
    estimated_cost: 0,
    estimated_duration_s: 1,
    description: "",
    ...overrides,
  };
}

/** A plan exactly in the shape of DESIGN.md §4 PlanResponse, steps listed out of DAG order. */
export function planFixture(overrides: Partial<PlanResponse> = {}): PlanResponse {
  return {
    plan_id: "plan-1",
    status: "pending_approval",
    created: "2026-11-23T20:00:00+00:00",
    task_spec: {
      intent: "run the dishwasher when power is cheapest before 7am",
      language: "en",
      trigger_type: "user_request",
      goals: [
        {
          type: "run_appliance",
          targets: {
            entity_ids: ["switch.dishwasher"],
            area_ids: [],
            floor_ids: [],
            domains: [],
            device_classes: [],
          },
          params: { duration_min: 120 },
        },
      ],
      constraints: [
        { type: "deadline", before: "2026-11-24T07:00:00+00:00" },
        { type: "minimize_cost" },
      ],
      privacy_class: "internal",
      confidence: 0.92,
      unresolved: [],
    },
    policy: {
      decision: "require_approval",
      trust_tier: "verified",
      required_scopes: ["appliance.control"],
      approval_required: true,
      consent_refs: [],
      policy_hash: "abc123",
      reasons: ["Appliances run unattended need approval"],
    },
    plan: {
      strategy: "cost",
      steps: [
        step({
          step_id: "notify_done",
          kind: "notify",
          action: "notify.notify",
          target: {},
          depends_on: ["start_dishwasher"],
          description: "Tell you it is done",
          local: false,
        }),
        step({
          step_id: "start_dishwasher",
          action: "switch.turn_on",
          target: { entity_id: ["switch.dishwasher"] },
          depends_on: ["check_door"],
          not_before: "2026-11-24T03:00:00+00:00",
          description: "Start the dishwasher",
          guardrails: ["entity_available", "trust:approval_required:trusted", "power_limit:3500"],
          fallbacks: [
            step({
              step_id: "start_dishwasher_fb",
              action: "button.press",
              target: { entity_id: ["button.dishwasher_start"] },
              description: "Press the dishwasher's start button",
            }),
          ],
          estimated_cost: 0.42,
        }),
        step({
          step_id: "check_door",
          kind: "condition",
          action: null,
          target: { entity_id: ["binary_sensor.dishwasher_door"] },
          description: "Check the door is closed",
        }),
      ],
      scores: { privacy: 0.67, cost: 0.9, latency: 0.3, comfort: 0.8, total: 0.71 },
      estimated_cost: 0.42,
      privacy_score: 0.67,
    },
    alternatives: [
      {
        strategy: "latency",
        scores: { privacy: 0.67, cost: 0.2, latency: 1, comfort: 0.8, total: 0.55 },
        estimated_cost: 0.95,
        summary: "Start the dishwasher now",
      },
    ],
    explanation: {
      summary: "Runs the dishwasher at 03:00, when power is cheapest.",
      steps: ["Checks the door", "Starts at 03:00", "Notifies you"],
      privacy: "2 of 3 steps stay local.",
      consent: "Needs your approval.",
      cost: "About 0.42 instead of 0.95 now.",
      guardrails: ["Door must be closed"],
    },
    script: { sequence: [] },
    planning_time_ms: 12.5,
    can_approve: true,
    can_cancel: true,
    ...overrides,
  };
}

/** A step in the shape of DESIGN.md §4, for tests that build their own plans. */
export { step };

export interface FakeHass extends HomeAssistant {
  callWS: ReturnType<typeof vi.fn>;
  /** Sends an event down the card's subscription. */
  push(event: PlansEvent): void;
  unsubscribe: ReturnType<typeof vi.fn>;
  subscribeMessage: ReturnType<typeof vi.fn>;
}

/** A hass object whose websocket answers come from `answers`, keyed by message type. */
export function fakeHass(
  answers: Record<string, (message: Record<string, unknown>) => unknown> = {},
  language = "en",
): FakeHass {
  let listener: ((event: PlansEvent) => void) | undefined;
  const unsubscribe = vi.fn(async () => undefined);
  const subscribeMessage = vi.fn(
    async (callback: (event: PlansEvent) => void) => {
      listener = callback;
      return unsubscribe;
    },
  );
  const callWS = vi.fn(async (message: Record<string, unknown>) => {
    const answer = answers[message.type as string];
    if (!answer) {
      throw { code: "unknown_command", message: `no answer for ${message.type}` };
    }
    return answer(message);
  });
  return {
    language,
    config: { time_zone: "UTC" },
    user: { id: "user-1", name: "Test", is_admin: true },
    callWS,
    connection: { subscribeMessage } as unknown as HomeAssistant["connection"],
    subscribeMessage,
    unsubscribe,
    push(event: PlansEvent) {
      if (!listener) {
        throw new Error("the card has not subscribed");
      }
      listener(event);
    },
  } as FakeHass;
}
