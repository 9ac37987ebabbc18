import type { HomeAssistant, PlanStep } from "./types";

/** A short local date and time, in the home's time zone when Home Assistant tells it. */
export function formatTime(iso: string | null, hass: HomeAssistant): string {
  if (!iso) {
    return "";
  }
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) {
    return iso;
  }
  const options: Intl.DateTimeFormatOptions = {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  };
  const locale = hass.locale?.language ?? hass.language;
  try {
    return moment.toLocaleString(locale, {
      ...options,
      timeZone: hass.config?.time_zone,
    });
  } catch {
    // An unknown time zone name or locale: the browser's own still tells the time.
    return moment.toLocaleString(undefined, options);
  }
}

/** A money amount as the planner estimates it (the tariff's currency is not part of the plan). */
export function formatCost(value: number): string {
  return value.toFixed(2);
}

/** A 0..1 score as a whole percentage. */
export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** What a step does, in words: the planner's description, else its action and targets. */
export function describeStep(step: PlanStep): string {
  if (step.description) {
    return step.description;
  }
  const targets = Object.values(step.target ?? {}).flat();
  const what = step.action ?? step.kind;
  return targets.length > 0 ? `${what} → ${targets.join(", ")}` : what;
}

/** The text of an error thrown by `hass.callWS` (an object with `message`) or anything else. */
export function errorText(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
