import { LitElement, html, nothing } from "lit";
import { property, state } from "lit/decorators.js";

import { defineWhenAppReady } from "./define";
import { localize, type StringKey } from "./strings";
import type { HomeAssistant, PlanCardConfig } from "./types";

export const EDITOR_TYPE = "orchestration-plan-card-editor";

/** The fields of the visual editor, as Home Assistant's `ha-form` schema. */
export const EDITOR_SCHEMA = [
  { name: "title", selector: { text: {} } },
  { name: "show_preview", selector: { boolean: {} } },
  { name: "show_recent", selector: { boolean: {} } },
  {
    name: "recent_limit",
    selector: { number: { min: 1, max: 50, mode: "box" } },
  },
] as const;

/** Visual editor of the card, shown by the dashboard's card editor. */
export class OrchestrationPlanCardEditor extends LitElement {
  @property({ attribute: false }) hass?: HomeAssistant;

  @state() private _config?: PlanCardConfig;

  /** Called by the dashboard with the card's current configuration. */
  setConfig(config: PlanCardConfig): void {
    this._config = config;
  }

  protected render() {
    if (!this._config) {
      return nothing;
    }
    return html`<ha-form
      .hass=${this.hass}
      .data=${this._config}
      .schema=${EDITOR_SCHEMA}
      .computeLabel=${this._label}
      @value-changed=${this._valueChanged}
    ></ha-form>`;
  }

  private _label = (field: { name: string }): string =>
    localize(this.hass?.language, `editor.${field.name}` as StringKey);

  private _valueChanged(event: CustomEvent<{ value: Partial<PlanCardConfig> }>) {
    event.stopPropagation();
    const config = { ...this._config, ...event.detail.value } as PlanCardConfig;
    this._config = config;
    this.dispatchEvent(
      new CustomEvent("config-changed", {
        detail: { config },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

defineWhenAppReady(EDITOR_TYPE, OrchestrationPlanCardEditor);
