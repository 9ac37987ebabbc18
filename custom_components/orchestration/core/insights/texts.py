"""What a person reads about a suggestion, in English and German: title, why, intent.

Built from the suggestion's figures only, with units a person expects (min, °C,
€/kWh, kWh, W) and the home's clock; never codes or entity ids. One table per
language; names from the home are arguments, never templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from ..explainer import LANGUAGES, duration, local_time, money

_TEXTS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title_window_open_heat": "Window open while heating",
        "title_window_open_cool": "Window open while cooling",
        "title_idle_area": "{area}: nobody there, devices on",
        "title_away": "Devices on while nobody is home",
        "title_price_peak": "Price peak ahead: {appliance}",
        "title_cheap_window": "Cheap power ahead: {appliance}",
        "title_cheap_window_solar": "Solar surplus: {appliance}",
        "title_unusual_consumption": "Unusual consumption: {name}",
        "intent_window_open_heat": "Stop heating while airing: {area}",
        "intent_window_open_cool": "Stop cooling while airing: {area}",
        "intent_idle_area": "Switch off what nobody uses: {area}",
        "intent_away": "Switch off what was left on",
        "intent_price_peak": "Shift {appliance} out of the price peak",
        "intent_cheap_window": "Run {appliance} when power is cheapest",
        "intent_cheap_window_solar": "Run {appliance} on solar power now",
        "intent_unusual_consumption": "Check {name}: unusual consumption",
        "window_open": "Open for {duration}: {openings}.",
        "window_heat": "{area} is being heated to {set_point}.",
        "window_cool": "{area} is being cooled to {set_point}.",
        "window_heat_no_set_point": "{area} is being heated.",
        "window_cool_no_set_point": "{area} is being cooled.",
        "window_current": "It is {current} there now.",
        "window_outdoor": "Outside it is {outdoor}.",
        "idle_area": "Nobody has been in {area} for {duration}; still on: {devices}.",
        "idle_nobody_home": "Nobody has been home for {duration}; still on in "
        "{area}: {devices}.",
        "away": "Everyone left {duration} ago; still on: {devices}.",
        "draw": "Together about {power}.",
        "draw_cost": "Together about {power}, {cost} per hour.",
        "peak_running": "{appliance} is running, and power costs up to "
        "{peak_price} from {peak_start} to {peak_end} (now {price_now}).",
        "peak_scheduled": "{appliance} starts at {start}, when power costs up to "
        "{peak_price} ({peak_start}\u2013{peak_end}).",
        "peak_shift_running": "Pausing it until {cheap_start}, at {cheap_price} "
        "on average, saves about {saving}.",
        "peak_shift_scheduled": "Starting at {cheap_start} instead, at "
        "{cheap_price} on average, saves about {saving}.",
        "waiting": "{appliance} has been ready for {duration}.",
        "cheap_now": "Power is cheap now: {cheap_price}, against {average_price} "
        "on average until {until}. Running it now saves about {saving}.",
        "cheap_later": "From {cheap_start} power costs {cheap_price}, against "
        "{average_price} on average until {until}. Running it then saves about "
        "{saving}.",
        "solar": "For {surplus_duration}, {surplus} of solar power has been "
        "flowing into the grid. Running it now uses about {solar_kwh} of your own "
        "power.",
        "unusual": "{name} used {kwh} from {start} to {end}: {ratio} times the "
        "usual {usual_kwh} at this time of day (median of {days} days, at most "
        "{highest_kwh}).",
        "unusual_from_nothing": "{name} used {kwh} from {start} to {end}, when "
        "it used nothing at this time of day on the last {days} days.",
        "unusual_cost": "That is about {extra_cost} more.",
        "and": "and",
        "more": "{count} more",
        "button_accept": "Accept",
        "button_dismiss": "Dismiss",
        "button_snooze": "Snooze",
        "redacted_title": "Suggestion",
        "redacted_message": "Your home has a suggestion for you. Open Home "
        "Assistant to see it.",
        "answer_hint": "Accept it with the orchestration.approve_plan action, or "
        "dismiss or snooze it with orchestration.reject_plan (reason dismissed or "
        "snoozed); plan_id {plan_id}.",
    },
    "de": {
        "title_window_open_heat": "Fenster offen beim Heizen",
        "title_window_open_cool": "Fenster offen beim Kühlen",
        "title_idle_area": "{area}: niemand da, Geräte an",
        "title_away": "Geräte an, obwohl niemand zu Hause ist",
        "title_price_peak": "Preisspitze voraus: {appliance}",
        "title_cheap_window": "Günstiger Strom voraus: {appliance}",
        "title_cheap_window_solar": "Solarüberschuss: {appliance}",
        "title_unusual_consumption": "Ungewöhnlicher Verbrauch: {name}",
        "intent_window_open_heat": "Heizen beim Lüften stoppen: {area}",
        "intent_window_open_cool": "Kühlen beim Lüften stoppen: {area}",
        "intent_idle_area": "Ausschalten, was niemand nutzt: {area}",
        "intent_away": "Ausschalten, was noch an ist",
        "intent_price_peak": "{appliance} aus der Preisspitze verschieben",
        "intent_cheap_window": "{appliance} starten, wenn Strom am günstigsten ist",
        "intent_cheap_window_solar": "{appliance} jetzt mit Solarstrom starten",
        "intent_unusual_consumption": "{name} prüfen: ungewöhnlicher Verbrauch",
        "window_open": "Seit {duration} offen: {openings}.",
        "window_heat": "{area} wird auf {set_point} geheizt.",
        "window_cool": "{area} wird auf {set_point} gekühlt.",
        "window_heat_no_set_point": "{area} wird geheizt.",
        "window_cool_no_set_point": "{area} wird gekühlt.",
        "window_current": "Dort sind es gerade {current}.",
        "window_outdoor": "Draußen sind es {outdoor}.",
        "idle_area": "{area}: seit {duration} niemand da; noch an: {devices}.",
        "idle_nobody_home": "Seit {duration} ist niemand zu Hause; noch an "
        "({area}): {devices}.",
        "away": "Alle sind seit {duration} weg; noch an: {devices}.",
        "draw": "Zusammen etwa {power}.",
        "draw_cost": "Zusammen etwa {power}, {cost} pro Stunde.",
        "peak_running": "{appliance} läuft, und von {peak_start} bis {peak_end} "
        "kostet Strom bis zu {peak_price} (jetzt {price_now}).",
        "peak_scheduled": "{appliance} startet um {start}, wenn Strom bis zu "
        "{peak_price} kostet ({peak_start}\u2013{peak_end}).",
        "peak_shift_running": "Pausieren bis {cheap_start}, zu im Schnitt "
        "{cheap_price}, spart etwa {saving}.",
        "peak_shift_scheduled": "Ein Start um {cheap_start}, zu im Schnitt "
        "{cheap_price}, spart etwa {saving}.",
        "waiting": "{appliance} ist seit {duration} startbereit.",
        "cheap_now": "Strom ist jetzt günstig: {cheap_price} statt im Schnitt "
        "{average_price} bis {until}. Ein Start jetzt spart etwa {saving}.",
        "cheap_later": "Ab {cheap_start} kostet Strom {cheap_price} statt im "
        "Schnitt {average_price} bis {until}. Ein Start dann spart etwa {saving}.",
        "solar": "Seit {surplus_duration} fließen {surplus} Solarstrom ins Netz. "
        "Ein Start jetzt nutzt etwa {solar_kwh} eigenen Strom.",
        "unusual": "{name} hat von {start} bis {end} {kwh} verbraucht: das "
        "{ratio}-Fache der üblichen {usual_kwh} zu dieser Tageszeit (Median aus "
        "{days} Tagen, höchstens {highest_kwh}).",
        "unusual_from_nothing": "{name} hat von {start} bis {end} {kwh} "
        "verbraucht, an den letzten {days} Tagen zu dieser Tageszeit nichts.",
        "unusual_cost": "Das sind etwa {extra_cost} mehr.",
        "and": "und",
        "more": "{count} weitere",
        "button_accept": "Annehmen",
        "button_dismiss": "Verwerfen",
        "button_snooze": "Später",
        "redacted_title": "Vorschlag",
        "redacted_message": "Dein Zuhause hat einen Vorschlag für dich. Öffne Home "
        "Assistant, um ihn zu sehen.",
        "answer_hint": "Annehmen mit der Aktion orchestration.approve_plan, "
        "verwerfen oder zurückstellen mit orchestration.reject_plan (reason "
        "dismissed oder snoozed); plan_id {plan_id}.",
    },
}

_LISTED: Final = 4


def _language(language: str) -> str:
    base = language.partition("-")[0].lower()
    return base if base in LANGUAGES else "en"


class _Format:
    """Formats figures for one language and time zone."""

    def __init__(self, language: str, time_zone: str) -> None:
        self.language = _language(language)
        self.time_zone = time_zone

    def text(self, code: str, **args: Any) -> str:
        return _TEXTS[self.language][code].format(**args)

    def number(self, value: float, decimals: int) -> str:
        """At most ``decimals`` decimals, no trailing zeros: ``21``, ``19.5``."""
        shown = f"{float(value):.{decimals}f}"
        if "." in shown:
            shown = shown.rstrip("0").rstrip(".")
        if shown == "-0":
            shown = "0"
        return shown.replace(".", ",") if self.language == "de" else shown

    def temperature(self, value: float, unit: str) -> str:
        return f"{self.number(value, 1)} {unit}"

    def minutes(self, value: float) -> str:
        return duration(float(value) * 60, self.language)

    def money(self, value: float, currency: str | None) -> str:
        return money(float(value), currency, self.language)

    def price(self, value: float, currency: str | None) -> str:
        """A price per kWh: three decimals, or two when the third is zero."""
        shown = f"{float(value):.3f}"
        if shown.endswith("0"):
            shown = shown[:-1]
        if self.language == "de":
            shown = shown.replace(".", ",")
        symbol = {"EUR": "€", "GBP": "£", "USD": "$"}.get(
            currency or "", currency or ""
        )
        return f"{shown} {symbol}/kWh" if symbol else f"{shown}/kWh"

    def energy(self, value: float) -> str:
        return f"{self.number(value, 2 if abs(value) < 1 else 1)} kWh"

    def power(self, watts: float) -> str:
        if abs(watts) >= 1000:
            return f"{self.number(watts / 1000, 1)} kW"
        return f"{self.number(watts, 0)} W"

    def clock(self, value: str) -> str:
        moment = datetime.fromisoformat(value)
        return local_time(moment, self.time_zone).strftime("%H:%M")

    def names(self, names: Sequence[str]) -> str:
        shown = list(names[:_LISTED])
        if len(names) > _LISTED:
            shown.append(self.text("more", count=len(names) - _LISTED))
        if len(shown) == 1:
            return shown[0]
        return f"{', '.join(shown[:-1])} {self.text('and')} {shown[-1]}"


def _window_open(f: _Format, figures: Mapping[str, Any]) -> list[str]:
    mode = figures["mode"]
    unit = figures.get("unit", "°C")
    parts = [
        f.text(
            "window_open",
            duration=f.minutes(figures["open_minutes"]),
            openings=f.names(figures["openings"]),
        )
    ]
    set_point = figures.get("set_point")
    if set_point is None:
        parts.append(f.text(f"window_{mode}_no_set_point", area=figures["area"]))
    else:
        parts.append(
            f.text(
                f"window_{mode}",
                area=figures["area"],
                set_point=f.temperature(set_point, unit),
            )
        )
    if (current := figures.get("current")) is not None:
        parts.append(f.text("window_current", current=f.temperature(current, unit)))
    if (outdoor := figures.get("outdoor")) is not None:
        parts.append(f.text("window_outdoor", outdoor=f.temperature(outdoor, unit)))
    return parts


def _draw(f: _Format, figures: Mapping[str, Any]) -> list[str]:
    power = figures.get("power_w")
    if not power:
        return []
    cost = figures.get("cost_per_hour")
    # Less than a cent an hour says nothing: the power alone.
    if cost is None or round(float(cost), 2) == 0:
        return [f.text("draw", power=f.power(power))]
    return [
        f.text(
            "draw_cost",
            power=f.power(power),
            cost=f.money(cost, figures.get("currency")),
        )
    ]


def _idle_area(f: _Format, figures: Mapping[str, Any]) -> list[str]:
    code = "idle_nobody_home" if figures.get("nobody_home") else "idle_area"
    sentence = f.text(
        code,
        area=figures["area"],
        duration=f.minutes(figures["idle_minutes"]),
        devices=f.names(figures["devices"]),
    )
    return [sentence, *_draw(f, figures)]


def _away(f: _Format, figures: Mapping[str, Any]) -> list[str]:
    sentence = f.text(
        "away",
        duration=f.minutes(figures["away_minutes"]),
        devices=f.names(figures["devices"]),
    )
    return [sentence, *_draw(f, figures)]


def _price_peak(f: _Format, figures: Mapping[str, Any]) -> list[str]:
    currency = figures.get("currency")
    running = figures["status"] == "running"
    situation = f.text(
        "peak_running" if running else "peak_scheduled",
        appliance=figures["appliance"],
        start=f.clock(figures.get("start") or figures["peak_start"]),
        peak_price=f.price(figures["peak_price"], currency),
        peak_start=f.clock(figures["peak_start"]),
        peak_end=f.clock(figures["peak_end"]),
        price_now=f.price(figures.get("price_now", 0.0), currency),
    )
    shift = f.text(
        "peak_shift_running" if running else "peak_shift_scheduled",
        cheap_start=f.clock(figures["cheap_start"]),
        cheap_price=f.price(figures["cheap_price"], currency),
        saving=f.money(figures["saving"], currency),
    )
    return [situation, shift]


def _cheap_window(f: _Format, figures: Mapping[str, Any]) -> list[str]:
    waiting = f.text(
        "waiting",
        appliance=figures["appliance"],
        duration=f.minutes(figures["waiting_minutes"]),
    )
    if figures.get("source") == "solar":
        return [
            waiting,
            f.text(
                "solar",
                surplus_duration=f.minutes(figures["surplus_minutes"]),
                surplus=f.power(figures["surplus_w"]),
                solar_kwh=f.energy(figures["solar_kwh"]),
            ),
        ]
    currency = figures.get("currency")
    return [
        waiting,
        f.text(
            "cheap_now" if figures.get("starts_now") else "cheap_later",
            cheap_start=f.clock(figures["cheap_start"]),
            cheap_price=f.price(figures["cheap_price"], currency),
            average_price=f.price(figures["average_price"], currency),
            until=f.clock(figures["until"]),
            saving=f.money(figures["saving"], currency),
        ),
    ]


def _unusual_consumption(f: _Format, figures: Mapping[str, Any]) -> list[str]:
    common = {
        "name": figures["name"],
        "kwh": f.energy(figures["kwh"]),
        "start": f.clock(figures["start"]),
        "end": f.clock(figures["end"]),
        "days": figures["days"],
    }
    ratio = figures.get("ratio")
    if ratio is None:
        parts = [f.text("unusual_from_nothing", **common)]
    else:
        parts = [
            f.text(
                "unusual",
                ratio=f.number(ratio, 1),
                usual_kwh=f.energy(figures["usual_kwh"]),
                highest_kwh=f.energy(figures["highest_kwh"]),
                **common,
            )
        ]
    if (extra := figures.get("extra_cost")) is not None:
        parts.append(
            f.text("unusual_cost", extra_cost=f.money(extra, figures.get("currency")))
        )
    return parts


_REASONS: Final[dict[str, Callable[[_Format, Mapping[str, Any]], list[str]]]] = {
    "window_open": _window_open,
    "idle_area": _idle_area,
    "away": _away,
    "price_peak": _price_peak,
    "cheap_window": _cheap_window,
    "unusual_consumption": _unusual_consumption,
}


def _variant(rule: str, figures: Mapping[str, Any]) -> str:
    """The text code of a rule's title and intent, with its situation's variant."""
    if rule == "window_open":
        return f"{rule}_{figures['mode']}"
    if rule == "cheap_window" and figures.get("source") == "solar":
        return f"{rule}_solar"
    return rule


def reason(rule: str, figures: Mapping[str, Any], language: str, time_zone: str) -> str:
    """Why you are seeing the suggestion, from its figures."""
    f = _Format(language, time_zone)
    return " ".join(_REASONS[rule](f, figures))


def title(rule: str, figures: Mapping[str, Any], language: str) -> str:
    """A short headline for a notification."""
    f = _Format(language, "UTC")
    return f.text(f"title_{_variant(rule, figures)}", **figures)


def phrase(code: str, language: str, **args: Any) -> str:
    """One of the notification's fixed texts (buttons, redaction, answer hint)."""
    return _Format(language, "UTC").text(code, **args)


def intent(rule: str, figures: Mapping[str, Any], language: str) -> str:
    """The proposed plan's intent, as a person would have asked for it."""
    f = _Format(language, "UTC")
    return f.text(f"intent_{_variant(rule, figures)}", **figures)
