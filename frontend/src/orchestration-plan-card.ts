import { LitElement, css, html, nothing, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";

import { defineWhenAppReady } from "./define";
import { stepsInDagOrder } from "./dag";
import { EDITOR_TYPE } from "./editor";
import {
  describeStep,
  errorText,
  formatCost,
  formatPercent,
  formatTime,
} from "./format";
import { localize, type StringKey } from "./strings";
import type {
  HomeAssistant,
  PlanCardConfig,
  PlanResponse,
  PlanScores,
  PlanStatus,
  PlanStep,
  PlansEvent,
} from "./types";

export const CARD_TYPE = "orchestration-plan-card";

/** Plans that still need a person or are under way, shown open, in this order. */
const ACTIVE: readonly PlanStatus[] = ["pending_approval", "scheduled", "running"];
const STRATEGIES = ["balanced", "privacy_first", "cost", "latency", "comfort"];
const SCORES: ReadonlyArray<keyof PlanScores> = [
  "privacy",
  "cost",
  "latency",
  "comfort",
  "total",
];

const DEFAULTS = { show_preview: true, show_recent: true, recent_limit: 5 };
/** A failed subscription is tried again with the next update of `hass` after this. */
const RETRY_AFTER_MS = 30_000;

/** Dashboard card: preview what an intent will do, approve plans, watch them run. */
export class OrchestrationPlanCard extends LitElement {
  @property({ attribute: false }) hass?: HomeAssistant;

  @state() private _config?: PlanCardConfig & typeof DEFAULTS;
  @state() private _plans = new Map<string, PlanResponse>();
  /** Plans whose details the user toggled away from their default (open when active). */
  @state() private _toggled = new Set<string>();
  @state() private _intent = "";
  @state() private _strategy = "";
  @state() private _preview?: PlanResponse;
  @state() private _busy = false;
  @state() private _error?: string;

  private _subscription?: Promise<() => Promise<void> | void>;
  /** When subscribing last failed (e.g. the integration is not set up yet). */
  private _failedAt = -Infinity;

  static getConfigElement(): HTMLElement {
    return document.createElement(EDITOR_TYPE);
  }

  static getStubConfig(): Omit<PlanCardConfig, "type"> {
    return { ...DEFAULTS };
  }

  /** Called by the dashboard with the card's YAML configuration. */
  setConfig(config: PlanCardConfig): void {
    if (!config || typeof config !== "object") {
      throw new Error("Invalid configuration");
    }
    if (
      config.recent_limit !== undefined &&
      (!Number.isInteger(config.recent_limit) || config.recent_limit < 1)
    ) {
      throw new Error("recent_limit must be a whole number of at least 1");
    }
    this._config = { ...DEFAULTS, ...config };
  }

  getCardSize(): number {
    return 3 + this._activePlans().length * 2;
  }

  getGridOptions() {
    return { columns: 12, min_columns: 6, min_rows: 3 };
  }

  connectedCallback(): void {
    super.connectedCallback();
    this._subscribe();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    void this._unsubscribe();
  }

  /** Every state change in the home sets `hass`; only a new language changes the card. */
  protected shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.has("hass")) {
      this._subscribe();
    }
    if (changed.size !== 1 || !changed.has("hass")) {
      return true;
    }
    const before = changed.get("hass") as HomeAssistant | undefined;
    return before?.language !== this.hass?.language;
  }

  private _subscribe(): void {
    if (
      this._subscription ||
      !this.hass ||
      !this.isConnected ||
      Date.now() - this._failedAt < RETRY_AFTER_MS
    ) {
      return;
    }
    const subscription = this.hass.connection.subscribeMessage<PlansEvent>(
      (event) => this._onEvent(event),
      { type: "orchestration/plans/subscribe" },
    );
    this._subscription = subscription;
    subscription.catch((error: unknown) => {
      if (this._subscription === subscription) {
        this._subscription = undefined;
      }
      this._failedAt = Date.now();
      this._error = this._t("error.generic", { message: errorText(error) });
    });
  }

  private async _unsubscribe(): Promise<void> {
    const subscription = this._subscription;
    this._subscription = undefined;
    if (!subscription) {
      return;
    }
    try {
      const unsubscribe = await subscription;
      await unsubscribe();
    } catch {
      // The connection is gone or the subscription never started: nothing to end.
    }
  }

  private _onEvent(event: PlansEvent): void {
    if (event.type === "plans") {
      this._error = undefined;
      this._plans = new Map(
        event.plans
          .filter((plan) => plan.status !== "preview")
          .map((plan) => [plan.plan_id, plan]),
      );
    } else if (event.plan.status !== "preview") {
      this._merge(event.plan);
    }
  }

  private _merge(plan: PlanResponse): void {
    const plans = new Map(this._plans);
    plans.set(plan.plan_id, plan);
    this._plans = plans;
  }

  private _t(key: StringKey, values?: Record<string, string>): string {
    return localize(this.hass?.language, key, values);
  }

  private _sortedPlans(): PlanResponse[] {
    return [...this._plans.values()].sort((a, b) =>
      b.created.localeCompare(a.created),
    );
  }

  private _activePlans(): PlanResponse[] {
    return this._sortedPlans().filter((plan) => ACTIVE.includes(plan.status));
  }

  private async _call(
    message: Record<string, unknown>,
  ): Promise<PlanResponse | undefined> {
    this._busy = true;
    this._error = undefined;
    try {
      return await this.hass!.callWS<PlanResponse>(message);
    } catch (error) {
      this._error = this._t("error.generic", { message: errorText(error) });
      return undefined;
    } finally {
      this._busy = false;
    }
  }

  private async _act(
    plan: PlanResponse,
    verb: "approve" | "reject" | "cancel",
  ): Promise<void> {
    const result = await this._call({
      type: `orchestration/plans/${verb}`,
      plan_id: plan.plan_id,
    });
    if (result) {
      this._merge(result);
    }
  }

  private _intentRequest(type: string): Record<string, unknown> {
    const message: Record<string, unknown> = {
      type,
      intent: this._intent.trim(),
      language: this.hass!.language,
    };
    if (this._strategy) {
      message.strategy = this._strategy;
    }
    return message;
  }

  private async _runPreview(event: Event): Promise<void> {
    event.preventDefault();
    if (!this._intent.trim()) {
      return;
    }
    const result = await this._call(
      this._intentRequest("orchestration/plans/preview"),
    );
    if (result) {
      this._preview = result;
    }
  }

  private async _createFromPreview(): Promise<void> {
    const result = await this._call(
      this._intentRequest("orchestration/plans/create"),
    );
    if (result) {
      this._preview = undefined;
      this._intent = "";
      this._merge(result);
    }
  }

  private _discardPreview(): void {
    this._preview = undefined;
  }

  private _toggle(planId: string): void {
    const toggled = new Set(this._toggled);
    if (!toggled.delete(planId)) {
      toggled.add(planId);
    }
    this._toggled = toggled;
  }

  protected render() {
    if (!this._config || !this.hass) {
      return nothing;
    }
    const plans = this._sortedPlans();
    const sections = ACTIVE.map(
      (status) => [status, plans.filter((plan) => plan.status === status)] as const,
    ).filter(([, list]) => list.length > 0);
    const recent = this._config.show_recent
      ? plans
          .filter((plan) => !ACTIVE.includes(plan.status))
          .slice(0, this._config.recent_limit)
      : [];
    return html`<ha-card>
      <div class="card-header">${this._config.title ?? this._t("title")}</div>
      <div class="card-content">
        ${this._error
          ? html`<div class="error" role="alert">${this._error}</div>`
          : nothing}
        ${this._config.show_preview ? this._renderPreviewBox() : nothing}
        ${sections.map(
          ([status, list]) =>
            html`<section data-section=${status}>
              <h3>${this._t(`section.${status}` as StringKey)}</h3>
              ${list.map((plan) => this._renderPlan(plan, true))}
            </section>`,
        )}
        ${recent.length > 0
          ? html`<section data-section="recent">
              <h3>${this._t("section.recent")}</h3>
              ${recent.map((plan) => this._renderPlan(plan, false))}
            </section>`
          : nothing}
        ${sections.length === 0 && recent.length === 0
          ? html`<p class="empty">${this._t("empty")}</p>`
          : nothing}
      </div>
    </ha-card>`;
  }

  private _renderPreviewBox() {
    const preview = this._preview;
    return html`<form class="preview" @submit=${this._runPreview}>
      <label for="intent">${this._t("preview.heading")}</label>
      <div class="row">
        <input
          id="intent"
          name="intent"
          type="text"
          autocomplete="off"
          .value=${this._intent}
          placeholder=${this._t("preview.placeholder")}
          @input=${(event: Event) => {
            this._intent = (event.target as HTMLInputElement).value;
          }}
        />
        <select
          name="strategy"
          aria-label=${this._t("preview.strategy")}
          title=${this._t("preview.strategy")}
          @change=${(event: Event) => {
            this._strategy = (event.target as HTMLSelectElement).value;
          }}
        >
          <option value="" ?selected=${!this._strategy}>
            ${this._t("strategy.default")}
          </option>
          ${STRATEGIES.map(
            (strategy) =>
              html`<option value=${strategy} ?selected=${this._strategy === strategy}>
                ${this._t(`strategy.${strategy}` as StringKey)}
              </option>`,
          )}
        </select>
        <button
          type="submit"
          class="primary"
          data-action="preview"
          ?disabled=${this._busy || !this._intent.trim()}
        >
          ${this._t("button.preview")}
        </button>
      </div>
      ${preview
        ? html`<div class="preview-result" data-plan-id=${preview.plan_id}>
            <p class="note">${this._t("preview.note")}</p>
            ${this._renderHeader(preview)} ${this._renderDetails(preview)}
            <div class="actions">
              <button
                type="button"
                class="primary"
                data-action="create"
                ?disabled=${this._busy}
                @click=${this._createFromPreview}
              >
                ${this._t("button.create")}
              </button>
              <button
                type="button"
                data-action="discard"
                @click=${this._discardPreview}
              >
                ${this._t("button.discard")}
              </button>
            </div>
          </div>`
        : nothing}
    </form>`;
  }

  private _renderHeader(plan: PlanResponse) {
    return html`<div class="plan-header">
        <span class="intent">${plan.task_spec.intent}</span>
        <span class="status status-${plan.status}"
          >${this._t(`status.${plan.status}` as StringKey)}</span
        >
      </div>
      <div class="meta">
        ${formatTime(plan.created, this.hass!)} ·
        ${this._t(`strategy.${plan.plan.strategy}` as StringKey)} ·
        ${this._t("plan.estimated_cost")} ${formatCost(plan.plan.estimated_cost)}
        · ${this._t("plan.privacy_score")} ${formatPercent(plan.plan.privacy_score)}
      </div>
      ${plan.explanation.summary
        ? html`<p class="summary">${plan.explanation.summary}</p>`
        : nothing}
      ${plan.error
        ? html`<p class="plan-error">${this._t("plan.error")}: ${plan.error}</p>`
        : nothing}`;
  }

  private _renderPlan(plan: PlanResponse, openByDefault: boolean) {
    const open = openByDefault !== this._toggled.has(plan.plan_id);
    const canDecide = plan.status === "pending_approval" && plan.can_approve;
    const canCancel = ACTIVE.includes(plan.status) && plan.can_cancel;
    return html`<article
      class="plan"
      data-plan-id=${plan.plan_id}
      data-status=${plan.status}
    >
      ${this._renderHeader(plan)} ${open ? this._renderDetails(plan) : nothing}
      <div class="actions">
        <button
          type="button"
          class="link"
          data-action="toggle"
          aria-expanded=${open ? "true" : "false"}
          @click=${() => this._toggle(plan.plan_id)}
        >
          ${this._t(open ? "button.hide" : "button.details")}
        </button>
        <span class="spacer"></span>
        ${canDecide
          ? html`<button
                type="button"
                class="approve"
                data-action="approve"
                ?disabled=${this._busy}
                @click=${() => this._act(plan, "approve")}
              >
                ${this._t("button.approve")}
              </button>
              <button
                type="button"
                class="danger"
                data-action="reject"
                ?disabled=${this._busy}
                @click=${() => this._act(plan, "reject")}
              >
                ${this._t("button.reject")}
              </button>`
          : nothing}
        ${canCancel
          ? html`<button
              type="button"
              class="danger"
              data-action="cancel"
              ?disabled=${this._busy}
              @click=${() => this._act(plan, "cancel")}
            >
              ${this._t("button.cancel")}
            </button>`
          : nothing}
      </div>
    </article>`;
  }

  private _renderDetails(plan: PlanResponse) {
    const ordered = stepsInDagOrder(plan.plan.steps);
    const number = new Map(ordered.map((step, index) => [step.step_id, index + 1]));
    const { explanation, task_spec: spec } = plan;
    return html`<div class="details">
      <h4>${this._t("plan.steps")}</h4>
      ${ordered.length === 0
        ? html`<p class="muted">${this._t("plan.no_steps")}</p>`
        : html`<ol class="steps">
            ${ordered.map((step) => this._renderStep(step, number))}
          </ol>`}
      ${spec.unresolved.length > 0
        ? html`<p class="unresolved">
            ${this._t("plan.unresolved")}: ${spec.unresolved.join(" ")}
          </p>`
        : nothing}
      <h4>${this._t("plan.explanation")}</h4>
      <div class="explanation">
        ${explanation.steps.length > 0
          ? html`<ul>
              ${explanation.steps.map((line) => html`<li>${line}</li>`)}
            </ul>`
          : nothing}
        ${explanation.privacy
          ? html`<p><b>${this._t("plan.privacy")}:</b> ${explanation.privacy}</p>`
          : nothing}
        ${explanation.consent
          ? html`<p><b>${this._t("plan.consent")}:</b> ${explanation.consent}</p>`
          : nothing}
        ${explanation.cost
          ? html`<p><b>${this._t("plan.cost")}:</b> ${explanation.cost}</p>`
          : nothing}
        ${explanation.guardrails.length > 0
          ? html`<p><b>${this._t("plan.guardrails")}:</b></p>
              <ul class="guardrail-list">
                ${explanation.guardrails.map((line) => html`<li>${line}</li>`)}
              </ul>`
          : nothing}
      </div>
      <h4>${this._t("plan.scores")}</h4>
      <div class="scores">
        ${SCORES.map(
          (name) =>
            html`<div class="score" data-score=${name}>
              <span class="score-name">${this._t(`score.${name}` as StringKey)}</span>
              <span class="bar"
                ><span
                  style="width: ${formatPercent(
                    Math.min(1, Math.max(0, plan.plan.scores[name])),
                  )}"
                ></span
              ></span>
              <span class="score-value">${formatPercent(plan.plan.scores[name])}</span>
            </div>`,
        )}
      </div>
      ${plan.alternatives.length > 0
        ? html`<h4>${this._t("plan.alternatives")}</h4>
            <ul class="alternatives">
              ${plan.alternatives.map(
                (alternative) =>
                  html`<li data-strategy=${alternative.strategy}>
                    <b>${this._t(`strategy.${alternative.strategy}` as StringKey)}</b>
                    · ${formatPercent(alternative.scores.total)} ·
                    ${formatCost(alternative.estimated_cost)}
                    ${alternative.summary
                      ? html`<div class="muted">${alternative.summary}</div>`
                      : nothing}
                  </li>`,
              )}
            </ul>`
        : nothing}
    </div>`;
  }

  private _renderStep(step: PlanStep, number: Map<string, number>) {
    const after = step.depends_on
      .map((id) => number.get(id))
      .filter((value): value is number => value !== undefined)
      .map((value) => `#${value}`);
    return html`<li class="step" data-step-id=${step.step_id}>
      <span class="step-text">${describeStep(step)}</span>
      <span class="badges">
        ${step.not_before
          ? html`<span class="badge time"
              >${this._t("plan.at", { time: formatTime(step.not_before, this.hass!) })}</span
            >`
          : nothing}
        ${after.length > 0
          ? html`<span class="badge"
              >${this._t("plan.after", { steps: after.join(", ") })}</span
            >`
          : nothing}
        <span class="badge ${step.local ? "local" : "cloud"}"
          >${this._t(step.local ? "plan.local" : "plan.cloud")}</span
        >
        ${step.estimated_cost > 0
          ? html`<span class="badge">${formatCost(step.estimated_cost)}</span>`
          : nothing}
      </span>
      ${step.guardrails.length > 0
        ? html`<div class="guardrails">
            ${this._t("plan.guardrails")}: ${step.guardrails.join("; ")}
          </div>`
        : nothing}
      ${step.fallbacks.length > 0
        ? html`<div class="fallbacks">
            ${this._t("plan.fallbacks")}:
            ${step.fallbacks.map(describeStep).join(" → ")}
          </div>`
        : nothing}
    </li>`;
  }

  static styles = css`
    :host {
      display: block;
    }
    .card-header {
      color: var(--ha-card-header-color, var(--primary-text-color));
      font-family: var(--ha-card-header-font-family, inherit);
      font-size: var(--ha-card-header-font-size, 24px);
      letter-spacing: -0.012em;
      line-height: 48px;
      padding: 12px 16px 4px;
    }
    .card-content {
      padding: 0 16px 16px;
      color: var(--primary-text-color);
    }
    h3 {
      margin: 16px 0 8px;
      font-size: 1em;
      font-weight: 500;
      color: var(--secondary-text-color);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    h4 {
      margin: 12px 0 4px;
      font-size: 0.9em;
      font-weight: 500;
    }
    .error,
    .plan-error {
      color: var(--error-color, #db4437);
    }
    .error {
      border: 1px solid var(--error-color, #db4437);
      border-radius: 8px;
      padding: 8px;
      margin-bottom: 8px;
    }
    .preview label {
      display: block;
      font-weight: 500;
      margin-bottom: 6px;
    }
    .row {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    input,
    select {
      font: inherit;
      color: var(--primary-text-color);
      background: var(--input-fill-color, var(--secondary-background-color));
      border: 1px solid var(--divider-color);
      border-radius: 8px;
      padding: 8px;
    }
    input {
      flex: 1 1 16em;
      min-width: 0;
    }
    button {
      font: inherit;
      font-weight: 500;
      cursor: pointer;
      border-radius: 18px;
      padding: 6px 14px;
      border: 1px solid var(--divider-color);
      background: none;
      color: var(--primary-color);
    }
    button[disabled] {
      opacity: 0.5;
      cursor: default;
    }
    button.primary {
      background: var(--primary-color);
      border-color: var(--primary-color);
      color: var(--text-primary-color, #fff);
    }
    button.approve {
      background: var(--success-color, #43a047);
      border-color: var(--success-color, #43a047);
      color: var(--text-primary-color, #fff);
    }
    button.danger {
      color: var(--error-color, #db4437);
      border-color: var(--error-color, #db4437);
    }
    button.link {
      border: none;
      padding: 6px 0;
    }
    .preview-result,
    .plan {
      border: 1px solid var(--divider-color);
      border-radius: var(--ha-card-border-radius, 12px);
      padding: 12px;
      margin-top: 8px;
    }
    .preview-result {
      background: var(--secondary-background-color);
    }
    .note,
    .muted,
    .meta {
      color: var(--secondary-text-color);
      font-size: 0.9em;
    }
    .note {
      margin: 0 0 8px;
      font-style: italic;
    }
    .plan-header {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      align-items: baseline;
    }
    .intent {
      font-weight: 500;
    }
    .status {
      white-space: nowrap;
      font-size: 0.8em;
      border-radius: 10px;
      padding: 2px 8px;
      background: var(--secondary-background-color);
      color: var(--secondary-text-color);
    }
    .status-pending_approval {
      background: var(--warning-color, #ffa600);
      color: var(--text-primary-color, #fff);
    }
    .status-running,
    .status-scheduled {
      background: var(--info-color, #039be5);
      color: var(--text-primary-color, #fff);
    }
    .status-completed {
      background: var(--success-color, #43a047);
      color: var(--text-primary-color, #fff);
    }
    .status-failed,
    .status-rejected,
    .status-infeasible {
      background: var(--error-color, #db4437);
      color: var(--text-primary-color, #fff);
    }
    .summary {
      margin: 6px 0;
    }
    .steps {
      margin: 0;
      padding-left: 1.5em;
    }
    .step {
      margin: 4px 0;
    }
    .badges {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-left: 4px;
    }
    .badge {
      font-size: 0.75em;
      border-radius: 8px;
      padding: 1px 6px;
      border: 1px solid var(--divider-color);
      color: var(--secondary-text-color);
    }
    .badge.local {
      color: var(--success-color, #43a047);
      border-color: var(--success-color, #43a047);
    }
    .badge.cloud {
      color: var(--warning-color, #ffa600);
      border-color: var(--warning-color, #ffa600);
    }
    .guardrails,
    .fallbacks,
    .unresolved {
      font-size: 0.85em;
      color: var(--secondary-text-color);
    }
    .explanation p,
    .explanation ul {
      margin: 4px 0;
    }
    .scores {
      display: grid;
      grid-template-columns: max-content 1fr max-content;
      gap: 2px 8px;
      align-items: center;
      font-size: 0.85em;
    }
    .score {
      display: contents;
    }
    .bar {
      height: 6px;
      border-radius: 3px;
      background: var(--divider-color);
      overflow: hidden;
    }
    .bar > span {
      display: block;
      height: 100%;
      background: var(--primary-color);
    }
    .alternatives {
      margin: 0;
      padding-left: 1.2em;
    }
    .actions {
      display: flex;
      gap: 8px;
      align-items: center;
      margin-top: 8px;
    }
    .spacer {
      flex: 1;
    }
    .empty {
      color: var(--secondary-text-color);
    }
  `;
}

defineWhenAppReady(CARD_TYPE, OrchestrationPlanCard);

declare global {
  interface Window {
    customCards?: Array<{
      type: string;
      name: string;
      description: string;
      preview?: boolean;
    }>;
  }
}

window.customCards = window.customCards ?? [];
if (!window.customCards.some((card) => card.type === CARD_TYPE)) {
  window.customCards.push({
    type: CARD_TYPE,
    name: "Orchestration plans",
    description:
      "Preview what an intent will do, approve plans and watch them run.",
    preview: true,
  });
}
