"""What a person reads about a suggestion, in its language: title, why, intent.

Built from the suggestion's figures only, with units a person expects (min, °C,
€/kWh, kWh, W) and the home's clock; never codes or entity ids. The templates are in
the text catalogue (``insights.*``); names from the home are arguments, never
templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from ..texts import (
    duration,
    energy,
    language_of,
    local_time,
    money,
    number,
    power,
    price,
    temperature,
    text,
)

_LISTED: Final = 4


class _Format:
    """Formats figures for one language and time zone."""

    def __init__(self, language: str, time_zone: str) -> None:
        self.language = language_of(language)
        self.time_zone = time_zone

    def text(self, code: str, **args: Any) -> str:
        return text(f"insights.{code}", self.language, **args)

    def number(self, value: float, decimals: int) -> str:
        """At most ``decimals`` decimals, no trailing zeros: ``21``, ``19.5``."""
        return number(value, self.language, decimals)

    def temperature(self, value: float, unit: str) -> str:
        return temperature(value, unit, self.language)

    def minutes(self, value: float) -> str:
        return duration(float(value) * 60, self.language)

    def money(self, value: float, currency: str | None) -> str:
        return money(float(value), currency, self.language)

    def price(self, value: float, currency: str | None) -> str:
        """A price per kWh: three decimals, or two when the third is zero."""
        return price(value, currency, self.language)

    def energy(self, value: float) -> str:
        return energy(value, self.language)

    def power(self, watts: float) -> str:
        return power(watts, self.language)

    def clock(self, value: str) -> str:
        moment = datetime.fromisoformat(value)
        return local_time(moment, self.time_zone).strftime("%H:%M")

    def names(self, names: Sequence[str]) -> str:
        shown = list(names[:_LISTED])
        if len(names) > _LISTED:
            shown.append(self.text("more", count=len(names) - _LISTED))
        if len(shown) == 1:
            return shown[0]
        return f"{', '.join(shown[:-1])} {text('words.and', self.language)} {shown[-1]}"


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
    if cost is None:
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


def intent(rule: str, figures: Mapping[str, Any], language: str) -> str:
    """The proposed plan's intent, as a person would have asked for it."""
    f = _Format(language, "UTC")
    return f.text(f"intent_{_variant(rule, figures)}", **figures)
