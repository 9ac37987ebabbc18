import { afterEach, describe, expect, it, vi } from "vitest";

import "../src/orchestration-plan-card";
import type { OrchestrationPlanCard } from "../src/orchestration-plan-card";
import type { OrchestrationPlanCardEditor } from "../src/editor";
import { fakeHass, planFixture, step, type FakeHass } from "./fixtures";

async function mountCard(
  hass: FakeHass,
  config: Record<string, unknown> = {},
): Promise<OrchestrationPlanCard> {
  const card = document.createElement("orchestration-plan-card") as OrchestrationPlanCard;
  card.setConfig({ type: "custom:orchestration-plan-card", ...config });
  card.hass = hass;
  document.body.appendChild(card);
  await card.updateComplete;
  return card;
}

async function settle(card: OrchestrationPlanCard): Promise<void> {
  // Let pending websocket promises resolve, then the re-render they cause.
  for (let round = 0; round < 3; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await card.updateComplete;
  }
}

function root(card: OrchestrationPlanCard): ShadowRoot {
  return card.shadowRoot!;
}

function buttons(scope: ParentNode): string[] {
  return [...scope.querySelectorAll("button[data-action]")].map(
    (button) => (button as HTMLElement).dataset.action!,
  );
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("orchestration-plan-card", () => {
  it("subscribes on connect and unsubscribes on disconnect", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    expect(hass.subscribeMessage).toHaveBeenCalledTimes(1);
    expect(hass.subscribeMessage.mock.calls[0][1]).toEqual({
      type: "orchestration/plans/subscribe",
    });
    card.remove();
    await settle(card);
    expect(hass.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("lists steps in DAG order with times, fallbacks and guardrails", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [planFixture()] });
    await settle(card);

    const article = root(card).querySelector('article[data-plan-id="plan-1"]')!;
    const order = [...article.querySelectorAll("li.step")].map(
      (item) => (item as HTMLElement).dataset.stepId,
    );
    expect(order).toEqual(["check_door", "start_dishwasher", "notify_done"]);

    const start = article.querySelector('li[data-step-id="start_dishwasher"]')!;
    expect(start.textContent).toContain("Start the dishwasher");
    expect(start.textContent).toContain("at Nov 24, 03:00 AM");
    expect(start.textContent).toContain("after #1");
    expect(start.querySelector(".guardrails")!.textContent!.trim()).toBe(
      "Checks: Only if its devices are available; Keeps the home's total power under 3,500 W",
    );
    expect(start.querySelector(".fallbacks")!.textContent).toContain(
      "Press the dishwasher's start button",
    );
    expect(
      article.querySelector('li[data-step-id="notify_done"] .badge.cloud'),
    ).not.toBeNull();
  });

  it("shows the explanation, scores and alternatives", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [planFixture()] });
    await settle(card);

    const text = root(card).querySelector("article")!.textContent!;
    expect(text).toContain("Runs the dishwasher at 03:00, when power is cheapest.");
    expect(text).toContain("2 of 3 steps stay local.");
    expect(text).toContain("About 0.42 instead of 0.95 now.");
    expect(
      [...root(card).querySelectorAll(".guardrail-list li")].map((item) => item.textContent),
    ).toEqual(["Door must be closed"]);
    expect(text).toContain("Estimated cost 0.42");
    expect(text).toContain("Kept local 67%");
    const total = root(card).querySelector('[data-score="total"] .score-value')!;
    expect(total.textContent).toBe("71%");
    const alternative = root(card).querySelector('.alternatives li[data-strategy="latency"]')!;
    expect(alternative.textContent).toContain("Start the dishwasher now");
    expect(alternative.textContent).toContain("0.95");
  });

  it("shows Approve, Reject and Cancel only when the user may use them", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    hass.push({
      type: "plans",
      plans: [
        planFixture({ plan_id: "mine" }),
        planFixture({
          plan_id: "theirs",
          created: "2026-11-23T19:00:00+00:00",
          can_approve: false,
          can_cancel: false,
        }),
        planFixture({
          plan_id: "running",
          status: "running",
          created: "2026-11-23T18:00:00+00:00",
          can_approve: true,
          can_cancel: true,
        }),
        planFixture({
          plan_id: "done",
          status: "completed",
          created: "2026-11-23T17:00:00+00:00",
        }),
      ],
    });
    await settle(card);

    const actionsOf = (id: string) =>
      buttons(root(card).querySelector(`article[data-plan-id="${id}"]`)!).filter(
        (action) => action !== "toggle",
      );
    expect(actionsOf("mine")).toEqual(["approve", "reject", "cancel"]);
    expect(actionsOf("theirs")).toEqual([]);
    expect(actionsOf("running")).toEqual(["cancel"]);
    expect(actionsOf("done")).toEqual([]);
    expect(
      [...root(card).querySelectorAll("section")].map(
        (section) => (section as HTMLElement).dataset.section,
      ),
    ).toEqual(["pending_approval", "running", "recent"]);
  });

  it("approves through the websocket and shows the new status", async () => {
    const hass = fakeHass({
      "orchestration/plans/approve": (message) =>
        planFixture({ plan_id: message.plan_id as string, status: "running" }),
    });
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [planFixture()] });
    await settle(card);

    (root(card).querySelector('button[data-action="approve"]') as HTMLButtonElement).click();
    await settle(card);

    expect(hass.callWS).toHaveBeenCalledWith({
      type: "orchestration/plans/approve",
      plan_id: "plan-1",
    });
    const article = root(card).querySelector('article[data-plan-id="plan-1"]')!;
    expect((article as HTMLElement).dataset.status).toBe("running");
    expect(article.querySelector(".status")!.textContent).toBe("Running");
  });

  it("updates a plan when the subscription reports a change", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [planFixture()] });
    await settle(card);
    hass.push({ type: "plan", plan: planFixture({ status: "completed" }) });
    await settle(card);

    const article = root(card).querySelector('article[data-plan-id="plan-1"]') as HTMLElement;
    expect(article.dataset.status).toBe("completed");
    expect(article.closest("section")!.dataset.section).toBe("recent");
    // Recent plans start collapsed.
    expect(article.querySelector(".details")).toBeNull();
  });

  it("previews a typed intent without running it, then creates it", async () => {
    const preview = planFixture({ plan_id: "preview-1", status: "preview", can_approve: false });
    const created = planFixture({ plan_id: "plan-2", created: "2026-11-23T21:00:00+00:00" });
    const hass = fakeHass({
      "orchestration/plans/preview": () => preview,
      "orchestration/plans/create": () => created,
    });
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [] });
    await settle(card);
    expect(root(card).querySelector(".empty")!.textContent).toBe("No plans yet.");

    const input = root(card).querySelector("input#intent") as HTMLInputElement;
    input.value = "run the dishwasher when power is cheapest before 7am";
    input.dispatchEvent(new Event("input"));
    const select = root(card).querySelector("select") as HTMLSelectElement;
    select.value = "cost";
    select.dispatchEvent(new Event("change"));
    await card.updateComplete;
    (root(card).querySelector('button[data-action="preview"]') as HTMLButtonElement).click();
    await settle(card);

    expect(hass.callWS).toHaveBeenCalledTimes(1);
    expect(hass.callWS).toHaveBeenLastCalledWith({
      type: "orchestration/plans/preview",
      intent: "run the dishwasher when power is cheapest before 7am",
      language: "en",
      strategy: "cost",
    });
    const result = root(card).querySelector(".preview-result")!;
    expect(result.textContent).toContain("Preview only: nothing has been run.");
    expect(result.querySelectorAll("li.step")).toHaveLength(3);
    expect(root(card).querySelector("article")).toBeNull();

    (result.querySelector('button[data-action="create"]') as HTMLButtonElement).click();
    await settle(card);
    expect(hass.callWS).toHaveBeenLastCalledWith({
      type: "orchestration/plans/create",
      intent: "run the dishwasher when power is cheapest before 7am",
      language: "en",
      strategy: "cost",
    });
    expect(root(card).querySelector(".preview-result")).toBeNull();
    expect(root(card).querySelector('article[data-plan-id="plan-2"]')).not.toBeNull();
  });

  it("ignores preview plans pushed by the subscription", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    hass.push({ type: "plan", plan: planFixture({ status: "preview" }) });
    await settle(card);
    expect(root(card).querySelector("article")).toBeNull();
  });

  it("shows the websocket's error message", async () => {
    const hass = fakeHass({
      "orchestration/plans/preview": () => {
        throw { code: "intent_not_understood", message: "I did not understand that" };
      },
    });
    const card = await mountCard(hass);
    const input = root(card).querySelector("input#intent") as HTMLInputElement;
    input.value = "blorp";
    input.dispatchEvent(new Event("input"));
    await card.updateComplete;
    (root(card).querySelector("form") as HTMLFormElement).requestSubmit();
    await settle(card);
    expect(root(card).querySelector('[role="alert"]')!.textContent).toBe(
      "Something went wrong: I did not understand that",
    );
  });

  it("speaks German when Home Assistant does", async () => {
    const hass = fakeHass({}, "de");
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [planFixture()] });
    await settle(card);
    expect(root(card).querySelector(".card-header")!.textContent).toBe("Pläne");
    expect(
      root(card).querySelector('button[data-action="approve"]')!.textContent!.trim(),
    ).toBe("Freigeben");
  });

  it("honours the card options", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass, {
      title: "Tonight",
      show_preview: false,
      recent_limit: 1,
    });
    hass.push({
      type: "plans",
      plans: [
        planFixture({ plan_id: "a", status: "completed" }),
        planFixture({ plan_id: "b", status: "failed", created: "2026-11-23T10:00:00+00:00" }),
      ],
    });
    await settle(card);
    expect(root(card).querySelector(".card-header")!.textContent).toBe("Tonight");
    expect(root(card).querySelector("form.preview")).toBeNull();
    expect(
      [...root(card).querySelectorAll("article")].map((item) => (item as HTMLElement).dataset.planId),
    ).toEqual(["a"]);
    expect(() => card.setConfig({ type: "x", recent_limit: 0 })).toThrow(/recent_limit/);
  });

  it("is listed in the card picker with a visual editor", async () => {
    const entry = window.customCards!.find((card) => card.type === "orchestration-plan-card");
    expect(entry).toMatchObject({ name: "Orchestration plans", preview: true });
    const cardClass = customElements.get("orchestration-plan-card") as unknown as {
      getConfigElement(): HTMLElement;
      getStubConfig(): Record<string, unknown>;
    };
    expect(cardClass.getStubConfig()).toEqual({
      show_preview: true,
      show_recent: true,
      recent_limit: 5,
    });

    const editor = cardClass.getConfigElement() as OrchestrationPlanCardEditor;
    expect(editor.localName).toBe("orchestration-plan-card-editor");
    editor.setConfig({ type: "custom:orchestration-plan-card", title: "Plans" });
    document.body.appendChild(editor);
    await editor.updateComplete;
    const form = editor.shadowRoot!.querySelector("ha-form") as HTMLElement & {
      schema: Array<{ name: string }>;
      computeLabel: (field: { name: string }) => string;
    };
    expect(form.schema.map((field) => field.name)).toEqual([
      "title",
      "show_preview",
      "show_recent",
      "recent_limit",
    ]);
    expect(form.computeLabel({ name: "recent_limit" })).toBe("Number of recent plans");

    const changes: unknown[] = [];
    editor.addEventListener("config-changed", (event) =>
      changes.push((event as CustomEvent).detail.config),
    );
    form.dispatchEvent(
      new CustomEvent("value-changed", { detail: { value: { recent_limit: 3 } } }),
    );
    expect(changes).toEqual([
      { type: "custom:orchestration-plan-card", title: "Plans", recent_limit: 3 },
    ]);
  });
});

describe("orchestration-plan-card updates", () => {
  it("re-renders for a new language, not for every state change", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    const header = () => root(card).querySelector(".card-header")!.textContent;
    expect(header()).toBe("Plans");

    const render = vi.spyOn(card as unknown as { render(): unknown }, "render");
    card.hass = { ...hass, language: "en" } as FakeHass;
    await card.updateComplete;
    expect(render).not.toHaveBeenCalled();
    card.hass = { ...hass, language: "de" } as FakeHass;
    await card.updateComplete;
    expect(render).toHaveBeenCalledTimes(1);
    expect(header()).toBe("Pläne");
    expect(hass.subscribeMessage).toHaveBeenCalledTimes(1);
  });
});

describe("orchestration-plan-card subscription errors", () => {
  it("shows the error and tries again later, not on every state change", async () => {
    const hass = fakeHass();
    hass.subscribeMessage.mockRejectedValueOnce({
      code: "not_loaded",
      message: "Orchestration is not set up",
    });
    const now = vi.spyOn(Date, "now").mockReturnValue(1_000_000);
    const card = await mountCard(hass);
    await settle(card);
    expect(root(card).querySelector('[role="alert"]')!.textContent).toBe(
      "Something went wrong: Orchestration is not set up",
    );

    card.hass = { ...hass, language: "en" } as FakeHass;
    await settle(card);
    expect(hass.subscribeMessage).toHaveBeenCalledTimes(1);

    now.mockReturnValue(1_000_000 + 31_000);
    card.hass = { ...hass, language: "en" } as FakeHass;
    await settle(card);
    expect(hass.subscribeMessage).toHaveBeenCalledTimes(2);
    hass.push({ type: "plans", plans: [] });
    await settle(card);
    expect(root(card).querySelector('[role="alert"]')).toBeNull();
    now.mockRestore();
  });
});

/** Words joined by `_` or `:` (guardrail, step, wait and rule codes), anywhere in `text`. */
const CODE = /\b[a-z]+(?:[_:][a-z]+)+\b/;

function visibleText(card: OrchestrationPlanCard): string {
  return root(card).querySelector("ha-card")!.textContent!.replace(/\s+/g, " ");
}

describe("orchestration-plan-card says everything in words", () => {
  it("shows guardrails and fallbacks in words, never their codes", async () => {
    const hass = fakeHass();
    hass.config = { ...hass.config, unit_system: { temperature: "°C" } };
    const card = await mountCard(hass);
    const heat = step({
      step_id: "heat",
      action: "climate.set_temperature",
      target: { entity_id: ["climate.ecobee"] },
      description: "",
      guardrails: [
        "entity_available",
        "privacy:local_only",
        "trust:approval_required:trusted",
        "safety:temperature_bounds:18-24.5",
        "safety:unlock_explicit",
        "quiet_hours",
        "some_future:guard_kind",
      ],
      fallbacks: [
        step({ step_id: "heat_fb", kind: "notify", action: "notify.notify", description: "" }),
      ],
    });
    hass.push({
      type: "plans",
      plans: [planFixture({ plan: { ...planFixture().plan, steps: [heat] } })],
    });
    await settle(card);

    const item = root(card).querySelector('li[data-step-id="heat"]')!;
    expect(item.querySelector(".step-text")!.textContent).toBe("An action");
    expect(item.querySelector(".guardrails")!.textContent!.replace(/\s+/g, " ").trim()).toBe(
      "Checks: Only if its devices are available; Sensitive: runs locally only; " +
        "Keeps the temperature between 18 °C and 24.5 °C; " +
        "Unlocks although nobody is home, because the request named it; " +
        "Respects quiet hours",
    );
    expect(item.querySelector(".fallbacks")!.textContent!.replace(/\s+/g, " ").trim()).toBe(
      "If it fails: A notification",
    );
    expect(visibleText(card)).not.toMatch(CODE);
  });

  it("names the currency and says when a plan costs nothing", async () => {
    const hass = fakeHass({}, "de");
    hass.config = { ...hass.config, currency: "EUR" };
    const card = await mountCard(hass);
    const free = planFixture({ plan_id: "free", status: "completed" });
    free.plan = { ...free.plan, estimated_cost: 0 };
    hass.push({ type: "plans", plans: [planFixture(), free] });
    await settle(card);
    const meta = (id: string) =>
      root(card)
        .querySelector(`article[data-plan-id="${id}"] .meta`)!
        .textContent!.replace(/\s+/g, " ");
    // Intl puts a no-break space before the sign; visibleText-style spacing reads it as one.
    expect(meta("plan-1")).toContain("Geschätzte Kosten 0,42 €");
    expect(meta("free")).toContain("keine Energiekosten");
    const alternative = root(card).querySelector(".alternatives li")!;
    expect(alternative.querySelector("b")!.textContent!.trim()).toBe(
      "Start the dishwasher now",
    );
    expect(alternative.textContent).toContain("0,95\u00a0€");
  });
});

describe("orchestration-plan-card progress", () => {
  const steps = planFixture().plan.steps;

  it("says which step a running plan is at and what it waits for", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    const wait = step({
      step_id: "wait_home",
      kind: "wait",
      action: null,
      target: {},
      depends_on: ["check_door"],
      description: "Wait until someone gets home",
    });
    const running = planFixture({
      status: "running",
      plan: { ...planFixture().plan, steps: [...steps, wait] },
      progress: {
        check_door: { state: "done", at: "2026-11-23T20:01:00+00:00" },
        wait_home: { state: "waiting", at: "2026-11-23T20:01:00+00:00" },
      },
      wait: { kind: "arrival", expires_at: "2026-11-24T06:00:00+00:00" },
    });
    hass.push({ type: "plans", plans: [running] });
    await settle(card);

    const article = root(card).querySelector('article[data-plan-id="plan-1"]')!;
    expect(article.querySelector(".progress")!.textContent).toBe(
      "Step 2 of 4 · Wait until someone gets home",
    );
    const states = [...article.querySelectorAll("li.step")].map((item) => [
      (item as HTMLElement).dataset.stepId,
      item.querySelector(".badge.state")!.textContent,
    ]);
    expect(states).toEqual([
      ["check_door", "done"],
      ["start_dishwasher", "to come"],
      ["notify_done", "to come"],
      ["wait_home", "waiting"],
    ]);
  });

  it("says a plan's wait in the card's words when no step describes it", async () => {
    const hass = fakeHass({}, "de");
    const card = await mountCard(hass);
    hass.push({
      type: "plans",
      plans: [
        planFixture({
          status: "scheduled",
          progress: {},
          wait: { kind: "nobody_home", expires_at: "2026-11-24T06:00:00+00:00" },
        }),
        planFixture({
          plan_id: "sun",
          status: "scheduled",
          created: "2026-11-23T19:00:00+00:00",
          wait: { kind: "sun", event: "sunset", at: "2026-11-24T16:05:00+00:00" },
        }),
        planFixture({
          plan_id: "at_time",
          status: "scheduled",
          created: "2026-11-23T18:00:00+00:00",
          plan: {
            ...planFixture().plan,
            steps: [
              step({
                step_id: "wait_time",
                kind: "wait",
                action: null,
                target: {},
                description: "Warte bis 16:05",
              }),
            ],
          },
          progress: { wait_time: { state: "waiting", at: "2026-11-23T18:00:00+00:00" } },
          wait: { kind: "time", at: "2026-11-24T16:05:00+00:00" },
        }),
      ],
    });
    await settle(card);
    const progress = (id: string) =>
      root(card).querySelector(`article[data-plan-id="${id}"] .progress`)!.textContent;
    // A plan that waits only for its time simply starts then.
    expect(progress("at_time")).toMatch(/^Beginnt um .*16:05$/);
    expect(progress("plan-1")).toBe(
      "Wartet, bis niemand mehr zu Hause ist (höchstens bis 24. Nov., 06:00)",
    );
    expect(progress("sun")).toBe("Wartet auf den Sonnenuntergang (24. Nov., 16:05)");
  });

  it("gives a scheduled plan's start and a waiting plan's approver", async () => {
    const hass = fakeHass();
    const card = await mountCard(hass);
    hass.push({
      type: "plans",
      plans: [
        planFixture({ plan_id: "later", status: "scheduled" }),
        planFixture({ plan_id: "waiting", created: "2026-11-23T19:00:00+00:00" }),
        planFixture({
          plan_id: "refused",
          status: "infeasible",
          created: "2026-11-23T18:00:00+00:00",
          explanation: {
            ...planFixture().explanation,
            summary: "Nothing was planned: there is no EV charger in this home.",
          },
        }),
      ],
    });
    await settle(card);
    const text = (id: string, part: string) =>
      root(card).querySelector(`article[data-plan-id="${id}"] ${part}`)?.textContent ?? null;
    expect(text("later", ".progress")).toBe("Starts at Nov 24, 03:00 AM");
    expect(text("waiting", ".progress")).toBe("Needs your approval.");
    expect(text("refused", ".progress")).toBeNull();
    expect(text("refused", ".summary")).toBe(
      "Nothing was planned: there is no EV charger in this home.",
    );
    expect(text("refused", ".status")).toBe("Not possible");
  });
});

describe("orchestration-plan-card suggestions", () => {
  const suggestion = (overrides: Parameters<typeof planFixture>[0] = {}) =>
    planFixture({
      plan_id: "suggested",
      task_spec: { ...planFixture().task_spec, trigger_type: "insight_recommendation" },
      recommendation: {
        rule: "window_open",
        title: "Window open while heating",
        reason: "Open for 10 min: Office window. Office is being heated to 20 °C.",
        expires_at: "2026-11-24T08:00:00+00:00",
      },
      ...overrides,
    });

  it("lists the home's suggestions apart, with Accept, Snooze and Dismiss", async () => {
    const hass = fakeHass({
      "orchestration/plans/reject": (message) =>
        suggestion({ plan_id: message.plan_id as string, status: "rejected" }),
    });
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [suggestion(), planFixture()] });
    await settle(card);

    const section = root(card).querySelector('section[data-section="suggestions"]')!;
    expect(section.querySelector("h3")!.textContent).toBe("Suggestions");
    const article = section.querySelector('article[data-plan-id="suggested"]')!;
    expect(article.querySelector(".intent")!.textContent).toBe("Window open while heating");
    expect(article.textContent).toContain("Open for 10 min: Office window.");
    expect(article.textContent).toContain("On offer until Nov 24, 08:00 AM");
    expect(buttons(article)).toEqual(["toggle", "accept", "snooze", "dismiss"]);
    expect(
      [...root(card).querySelectorAll('section[data-section="pending_approval"] article')].map(
        (item) => (item as HTMLElement).dataset.planId,
      ),
    ).toEqual(["plan-1"]);

    (article.querySelector('button[data-action="dismiss"]') as HTMLButtonElement).click();
    await settle(card);
    expect(hass.callWS).toHaveBeenCalledWith({
      type: "orchestration/plans/reject",
      plan_id: "suggested",
      reason: "dismissed",
    });
    expect(root(card).querySelector('section[data-section="suggestions"]')).toBeNull();
    expect(
      root(card).querySelector('section[data-section="recent"] article[data-plan-id="suggested"]'),
    ).not.toBeNull();
  });

  it("snoozes through reject with the reason snoozed, as the notification does", async () => {
    const hass = fakeHass({
      "orchestration/plans/reject": (message) =>
        suggestion({ plan_id: message.plan_id as string, status: "rejected" }),
    });
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [suggestion()] });
    await settle(card);
    const snooze = root(card).querySelector('button[data-action="snooze"]') as HTMLButtonElement;
    expect(snooze.textContent!.trim()).toBe("Snooze");

    snooze.click();
    await settle(card);
    expect(hass.callWS).toHaveBeenCalledTimes(1);
    expect(hass.callWS).toHaveBeenCalledWith({
      type: "orchestration/plans/reject",
      plan_id: "suggested",
      reason: "snoozed",
    });
    expect(root(card).querySelector('section[data-section="suggestions"]')).toBeNull();
  });

  it("accepts through approve, and offers nothing to who may not answer", async () => {
    const hass = fakeHass({
      "orchestration/plans/approve": (message) =>
        suggestion({ plan_id: message.plan_id as string, status: "superseded" }),
    });
    const card = await mountCard(hass);
    hass.push({
      type: "plans",
      plans: [
        suggestion(),
        suggestion({ plan_id: "theirs", can_approve: false, recommendation: null }),
      ],
    });
    await settle(card);
    const theirs = root(card).querySelector('article[data-plan-id="theirs"]')!;
    expect(buttons(theirs)).toEqual(["toggle"]);
    // Without a recommendation the plan's own words stand in.
    expect(theirs.querySelector(".summary")!.textContent).toBe(
      "Runs the dishwasher at 03:00, when power is cheapest.",
    );

    (root(card).querySelector('button[data-action="accept"]') as HTMLButtonElement).click();
    await settle(card);
    expect(hass.callWS).toHaveBeenCalledWith({
      type: "orchestration/plans/approve",
      plan_id: "suggested",
    });
    const accepted = root(card).querySelector('article[data-plan-id="suggested"]') as HTMLElement;
    expect(accepted.dataset.status).toBe("superseded");
    expect(accepted.closest("section")!.dataset.section).toBe("recent");
  });

  it("speaks German", async () => {
    const hass = fakeHass({}, "de");
    const card = await mountCard(hass);
    hass.push({ type: "plans", plans: [suggestion()] });
    await settle(card);
    const section = root(card).querySelector('section[data-section="suggestions"]')!;
    expect(section.querySelector("h3")!.textContent).toBe("Vorschläge");
    expect(
      [...section.querySelectorAll("button")].map((button) => button.textContent!.trim()),
    ).toEqual(["Details", "Annehmen", "Später", "Verwerfen"]);
  });
});
