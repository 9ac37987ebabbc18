import type { HomeAssistant } from "./types";

function locale(hass: HomeAssistant): string {
  return hass.locale?.language ?? hass.language;
}

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
  try {
    return moment.toLocaleString(locale(hass), {
      ...options,
      timeZone: hass.config?.time_zone,
    });
  } catch {
    // An unknown time zone name or locale: the browser's own still tells the time.
    return moment.toLocaleString(undefined, options);
  }
}

/**
 * A money amount as the planner estimates it, in the home's currency (Home Assistant's
 * `config.currency`, the currency its energy prices are in) when it is known.
 */
export function formatCost(value: number, hass: HomeAssistant): string {
  const currency = hass.config?.currency;
  if (currency) {
    try {
      return new Intl.NumberFormat(locale(hass), { style: "currency", currency }).format(
        value,
      );
    } catch {
      // An unknown currency code: the amount still reads as an amount.
    }
  }
  return value.toFixed(2);
}

/** A number as the user's locale writes it. */
export function formatNumber(value: number, hass: HomeAssistant): string {
  return new Intl.NumberFormat(locale(hass), { maximumFractionDigits: 1 }).format(value);
}

/** A 0..1 score as a whole percentage. */
export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** The text of an error thrown by `hass.callWS` (an object with `message`) or anything else. */
export function errorText(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
