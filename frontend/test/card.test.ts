import { afterEach, describe, expect, it, vi } from "vitest";

import "../src/orchestration-plan-card";
import type { OrchestrationPlanCard } from "../src/orchestration-plan-card";
import type { OrchestrationPlanCardEditor } from "../src/editor";
import { fakeHass, planFixture, type FakeHass } from "./fixtures";

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
    expect(start.querySelector(".guardrails")!.textContent).toContain(
      "dishwasher door is closed",
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
