/**
 * What the card says about a plan in words: its steps, their checks, its progress and
 * what it waits for. Plans carry codes (guardrail kinds, step kinds, wait kinds); a
 * person reads none of them, only the backend's texts or the card's own strings.
 */
import { stepsInDagOrder } from "./dag";
import { formatNumber, formatTime } from "./format";
import { localize, type StringKey } from "./strings";
import type {
  HomeAssistant,
  PlanResponse,
  PlanStep,
  PlanWait,
  StepState,
} from "./types";

type Translate = (key: StringKey, values?: Record<string, string>) => string;

/** The card's strings in `hass`'s language. */
export function translator(hass: HomeAssistant): Translate {
  return (key, values) => localize(hass.language, key, values);
}

/** What a step does: the planner's description, else what kind of step it is. */
export function describeStep(step: PlanStep, t: Translate): string {
  return step.description || t(`kind.${step.kind}` as StringKey);
}

const PLAIN_GUARDRAILS: Record<string, StringKey> = {
  entity_available: "guard.entity_available",
  "privacy:local_only": "guard.local_only",
  "privacy:cloud": "guard.cloud",
  "safety:unlock_explicit": "guard.unlock_explicit",
  "safety:someone_home": "guard.someone_home",
  quiet_hours: "guard.quiet_hours",
};

const POWER_LIMIT = "power_limit:";
const TEMPERATURE_BOUNDS = "safety:temperature_bounds:";
const BOUNDS = /^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$/;

/**
 * One guardrail (`kind` or `kind:detail`) in words; undefined for what the card does
 * not say here: the approval a step needs (the consent line says whose, following the
 * plan's state) and any kind it does not know (a code is never shown).
 */
export function guardrailText(
  guardrail: string,
  hass: HomeAssistant,
): string | undefined {
  const t = translator(hass);
  if (guardrail in PLAIN_GUARDRAILS) {
    return t(PLAIN_GUARDRAILS[guardrail]);
  }
  if (guardrail.startsWith(POWER_LIMIT)) {
    const watts = Number(guardrail.slice(POWER_LIMIT.length));
    return Number.isFinite(watts)
      ? t("guard.power_limit", { limit: `${formatNumber(watts, hass)} W` })
      : undefined;
  }
  const bounds = guardrail.startsWith(TEMPERATURE_BOUNDS)
    ? BOUNDS.exec(guardrail.slice(TEMPERATURE_BOUNDS.length))
    : null;
  if (bounds) {
    const unit = hass.config?.unit_system?.temperature ?? "°C";
    const degrees = (value: string) => `${formatNumber(Number(value), hass)} ${unit}`;
    return t("guard.temperature_bounds", {
      low: degrees(bounds[1]),
      high: degrees(bounds[2]),
    });
  }
  return undefined;
}

/** A step's guardrails in words, once each, without the ones the card does not say. */
export function guardrailTexts(step: PlanStep, hass: HomeAssistant): string[] {
  const said = step.guardrails
    .map((guardrail) => guardrailText(guardrail, hass))
    .filter((line): line is string => line !== undefined);
  return [...new Set(said)];
}

const ENDED: readonly StepState[] = ["done", "failed", "skipped"];

/** Where a started plan is: "Step n of m", when the plan says which steps are done. */
export function stepCounter(plan: PlanResponse, t: Translate): string | undefined {
  const total = plan.plan.steps.length;
  if (plan.status !== "running" || !plan.progress || total === 0) {
    return undefined;
  }
  const progress = plan.progress;
  const ended = plan.plan.steps.filter((step) =>
    ENDED.includes(progress[step.step_id]?.state ?? "pending"),
  ).length;
  return t("progress.step", {
    n: String(Math.min(ended + 1, total)),
    total: String(total),
  });
}

function entityName(entityId: string, hass: HomeAssistant): string {
  return hass.states?.[entityId]?.attributes.friendly_name ?? entityId;
}

/** A DESIGN §8 wait in words, with the latest moment it waits until. */
export function waitText(wait: PlanWait, hass: HomeAssistant): string {
  const t = translator(hass);
  const time = (iso: string | undefined | null) => formatTime(iso ?? null, hass);
  let text: string;
  switch (wait.kind) {
    case "time":
      text = t("wait.time", { time: time(wait.at) });
      break;
    case "sun":
      text = t(wait.event === "sunset" ? "wait.sunset" : "wait.sunrise", {
        time: time(wait.at),
      });
      break;
    case "state":
      text = t("wait.state", { name: entityName(wait.entity_id ?? "", hass) });
      break;
    default:
      text = t(`wait.${wait.kind}` as StringKey);
  }
  if (wait.kind !== "time" && wait.expires_at) {
    text += ` (${t("wait.expires", { time: time(wait.expires_at) })})`;
  }
  return text;
}

/**
 * What a waiting, scheduled or running plan waits for, in words.
 *
 * A step the plan reports as waiting says it best (the planner described it: "Wait
 * until Front Door changes to closed"); else the plan's `wait`; else, for plans that
 * report neither, the next start time among their steps.
 */
export function waitingFor(plan: PlanResponse, hass: HomeAssistant): string | undefined {
  const t = translator(hass);
  if (plan.status !== "scheduled" && plan.status !== "running") {
    return undefined;
  }
  if (plan.wait?.kind === "time" && plan.status === "scheduled" && plan.wait.at) {
    // A plan that waits only for its time simply starts then.
    return t("progress.starts", { time: formatTime(plan.wait.at, hass) });
  }
  const steps = stepsInDagOrder(plan.plan.steps);
  const waiting = steps.find(
    (step) =>
      step.kind === "wait" &&
      step.description &&
      plan.progress?.[step.step_id]?.state === "waiting",
  );
  if (waiting) {
    return waiting.description;
  }
  if (plan.wait) {
    return waitText(plan.wait, hass);
  }
  // A running plan has passed the start times behind it.
  const after = plan.status === "running" ? Date.now() : -Infinity;
  const upcoming = steps
    .filter(
      (step) =>
        step.not_before !== null &&
        Date.parse(step.not_before) > after &&
        !ENDED.includes(plan.progress?.[step.step_id]?.state ?? "pending"),
    )
    .map((step) => step.not_before as string)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  if (upcoming.length === 0) {
    return plan.status === "running" && plan.run_started
      ? t("progress.started", { time: formatTime(plan.run_started, hass) })
      : undefined;
  }
  const key = plan.status === "scheduled" ? "progress.starts" : "progress.next";
  return t(key, { time: formatTime(upcoming[0], hass) });
}
