"""Constraints of DESIGN §5 from free text, resolved against "now" in the home's zone.

The words come from the ``orchestration:`` section of ``sentences/<language>.yaml``
(phrases there are regular expressions, matched case-insensitively on word boundaries),
so a new language is data. Every constraint found is cut out of the text, which leaves
the command itself for the recognisers: "start the dishwasher after midnight" becomes a
``not_before`` constraint and "start the dishwasher".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..models import Constraint, ConstraintType
from .spoken_clock import HALF_DAY, SpokenClock

_NUMBER = r"\d+(?:[.,]\d+)?"
# Before this hour, "at night" is the small hours of the night ("at 2 at night").
_DAWN = 6


def _alternatives(words: Iterable[str]) -> str:
    """A regex group of literal words, longest first so "by" does not beat "bye"."""
    ordered = sorted({str(word).casefold() for word in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(word) for word in ordered) + ")"


def _phrases(patterns: Iterable[str]) -> str:
    """A regex group of phrase patterns (regular expressions from the data)."""
    return "(?:" + "|".join(f"(?:{pattern})" for pattern in patterns) + ")"


def _bounded(pattern: str) -> re.Pattern[str]:
    """``pattern`` matched only on word boundaries, ignoring case."""
    return re.compile(rf"(?<![\w]){pattern}(?![\w])", re.IGNORECASE)


def home_zone(name: str) -> tzinfo:
    """The home's time zone; UTC when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@dataclass(slots=True)
class ClockTime:
    """A time of day as said, before it is placed on a date."""

    hour: int
    minute: int = 0
    day: str | None = None  # "today" / "tomorrow" when said


@dataclass(slots=True)
class Extraction:
    """Constraints found and the text left once they are cut out."""

    constraints: list[Constraint] = field(default_factory=list)
    text: str = ""
    energy_kwh: float | None = None
    # Times said that no clock shows or that have passed ("at 24:30", "today at 9am" in
    # the afternoon): never "now", so the request is not carried out.
    unplaced: list[str] = field(default_factory=list)
    # A deadline said with "until" ("keep the fan on until 5pm"): the moment something
    # switched on is to be switched off, when that is what the request does.
    until: datetime | None = None


class _Unplaced:
    """What a builder returns for a time that is said but cannot be."""


UNPLACED = _Unplaced()


class ConstraintGrammar:
    """Compiled constraint patterns of one language."""

    def __init__(self, rules: dict[str, Any]) -> None:
        """Compile the patterns of an ``orchestration:`` section."""
        timing = rules.get("time") or {}
        self._numbers = {
            str(word).casefold(): float(value)
            for word, value in (rules.get("numbers") or {}).items()
        }
        self._named = {
            str(word).casefold(): str(value)
            for word, value in (timing.get("named") or {}).items()
        }
        self._day_words = {
            **{str(word).casefold(): "today" for word in timing.get("today", [])},
            **{str(word).casefold(): "tomorrow" for word in timing.get("tomorrow", [])},
        }
        self._day_parts = {
            str(phrase).casefold(): (int(span[0]), int(span[1]))
            for phrase, span in (timing.get("day_parts") or {}).items()
        }
        self._night = {str(word).casefold() for word in timing.get("night", [])}
        self._until = {str(word).casefold() for word in timing.get("until", [])}
        keeping = timing.get("keeping") or {}
        self._keeping = (
            re.compile(rf"^\s*(?P<verb>{_alternatives(keeping)})\b", re.IGNORECASE)
            if keeping
            else None
        )
        self._kept_as = {
            str(word).casefold(): str(verb) for word, verb in keeping.items()
        }
        self._minute_words = {
            str(word).casefold() for word in timing.get("minutes", [])
        }
        self._units = {
            str(word).casefold(): unit
            for unit, words in ((rules.get("budget") or {}).get("units") or {}).items()
            for word in words
        }
        self.enabled = bool(timing)
        self._spoken_clock = SpokenClock(timing)
        # "Increase the temperature by 10": after a change, "by" and a bare number say
        # how far, not by when.
        steps = timing.get("steps") or {}
        self._step_leads = {str(word).casefold() for word in steps.get("lead", [])}
        self._changes = (
            _bounded(_alternatives(steps["changes"])) if steps.get("changes") else None
        )
        # "uses 2 kWh": the energy an appliance run needs (a goal parameter, DESIGN §5).
        energy_words = rules.get("energy_words") or []
        lead = rf"(?:{_alternatives(energy_words)}\s+)?" if energy_words else ""
        self._energy = _bounded(rf"{lead}(?P<kwh>{_NUMBER})\s*kwh")
        if not self.enabled:
            return
        day = _alternatives(self._day_words) if self._day_words else "(?!x)x"
        named = _alternatives(self._named) if self._named else "(?!x)x"
        am = _alternatives(timing.get("am", ["am"]))
        pm = _alternatives(timing.get("pm", ["pm"]))
        oclock = _alternatives(timing.get("oclock", ["o'clock"]) or ["o'clock"])
        number_words = _alternatives(self._numbers) if self._numbers else "(?!x)x"
        amount = rf"(?:{_NUMBER}|{number_words})"
        span_units = _alternatives(
            [*timing.get("minutes", []), *timing.get("hours", [])]
        )
        half_hour = (
            _alternatives(timing["half_hour"]) if timing.get("half_hour") else "(?!x)x"
        )
        # Spans said as a phrase: "a quarter of an hour", "anderthalb Stunden".
        self._fixed_spans = {
            str(phrase).casefold(): float(minutes)
            for phrase, minutes in (timing.get("spans") or {}).items()
        }
        fixed = _alternatives(self._fixed_spans) if self._fixed_spans else "(?!x)x"
        self._span = (
            rf"(?:(?P<fixed>{fixed})|(?P<amount>{amount})\s*(?P<unit>{span_units})"
            rf"|(?P<half>{half_hour}))"
        )

        # "by 2 degrees", "at 50 percent": amounts, not times.
        quantity = _alternatives(
            [*(rules.get("degrees") or []), *(rules.get("percent") or []), "%", "°"]
        )

        # "8 tomorrow morning", "tonight at 11": a day part that places a clock.
        day_part = _alternatives(self._day_parts) if self._day_parts else "(?!x)x"

        def when(tag: str, strict: bool) -> str:
            # A clock time needs am/pm, minutes, o'clock or a day word unless ``strict``
            # is off (after "before", "by", …, a bare hour is a time).
            clock = (
                rf"(?P<{tag}h>\d{{1,2}})(?:[:.](?P<{tag}m>\d{{2}}))?"
                rf"(?:\s*{oclock})?(?:\s*(?:(?P<{tag}am>{am})|(?P<{tag}pm>{pm})))?"
            )
            # "at 8 tonight", "at 9 tomorrow": a day said after the hour makes it a time.
            guard = (
                rf"(?=\d{{1,2}}(?:[:.]\d{{2}}|\s*(?:{am}|{pm}|{oclock})"
                rf"|\s+(?:{day}|{day_part})(?!\w)))"
                if strict
                else ""
            )
            return (
                rf"(?:(?P<{tag}d1>{day})\s+(?:{_alternatives(timing.get('at', ['at']))}\s+)?)?"
                rf"(?:(?P<{tag}n>{named})|{guard}{clock}(?!\s*(?:{quantity}|\d)))"
                rf"(?:\s+(?:(?P<{tag}p>{day_part})|(?P<{tag}d2>{day})))?"
            )

        before = _alternatives(timing.get("before", []))
        after = _alternatives(timing.get("after", []))
        at = _alternatives(timing.get("at", []))
        between = _alternatives(timing.get("between", []))
        joiner = _alternatives(timing.get("and", ["and"]))
        within = _alternatives(timing.get("within", []))
        within_in = _alternatives(timing.get("in", []))
        duration_for = _alternatives(timing.get("for", []))
        degrees = _alternatives(rules.get("degrees", ["°"]))
        comfort = _alternatives(rules.get("comfort_words", ["between"]))
        phrases = rules.get("phrases") or {}
        budget = rules.get("budget") or {}
        units = _alternatives(self._units) if self._units else "(?!x)x"
        self._patterns: list[tuple[re.Pattern[str], Callable[..., Any]]] = []
        add = self._patterns.append
        if timing.get("repeats"):
            add((_bounded(_phrases(timing["repeats"])), _unplaced))
        add(
            (
                _bounded(
                    rf"{comfort}\s+(?P<low>{_NUMBER})\s*(?:{degrees})?\s*{joiner}\s*"
                    rf"(?P<high>{_NUMBER})\s*{degrees}"
                ),
                self._comfort,
            )
        )
        for kind, when_value in (
            ("occupancy_arrival", "arrival"),
            ("occupancy_departure", "departure"),
            ("occupancy_away", "away"),
            ("occupancy_home", "home"),
        ):
            if phrases.get(kind):
                add(
                    (
                        _bounded(_phrases(phrases[kind])),
                        _fixed(ConstraintType.OCCUPANCY, {"when": when_value}),
                    )
                )
        for kind in (
            ConstraintType.MINIMIZE_COST,
            ConstraintType.QUIET,
            ConstraintType.LOCAL_ONLY,
        ):
            if phrases.get(kind.value):
                add((_bounded(_phrases(phrases[kind.value])), _fixed(kind, {})))
        self._add_sun(rules.get("sun") or {}, amount, span_units, half_hour)
        self._add_state(rules.get("state") or {})
        if budget.get("words"):
            add(
                (
                    _bounded(
                        rf"(?:{duration_for}\s+)?{_alternatives(budget['words'])}\s+(?:"
                        rf"(?P<symbol>[€$£])\s*(?P<value1>{_NUMBER})|"
                        rf"(?P<value2>{_NUMBER})\s*(?P<unit>{units}))"
                    ),
                    self._budget,
                )
            )
        add(
            (
                _bounded(
                    f"{between}\\s+{when('a', False)}\\s*{joiner}\\s*{when('b', False)}"
                ),
                self._window,
            )
        )
        said_day = rf"(?:(?:(?P<ap0>{day_part})|(?P<ad0>{day}))\s+)?"
        add(
            (
                _bounded(rf"{said_day}(?P<lead>{before})\s+{when('a', False)}"),
                self._deadline,
            )
        )
        # "after 20 minutes", "nach 20 Minuten": a span from now, not 20:00.
        add((_bounded(rf"{after}\s+{self._span}"), self._in))
        add((_bounded(rf"{said_day}{after}\s+{when('a', False)}"), self._not_before))
        # "tomorrow at 9", "tonight at 8": the day said first makes the hour a time.
        add(
            (
                _bounded(
                    rf"(?:(?P<ap0>{day_part})|(?P<ad0>{day}))\s+{at}\s+"
                    rf"{when('a', False)}"
                ),
                self._not_before,
            )
        )
        add((_bounded(rf"{said_day}{at}\s+{when('a', True)}"), self._not_before))
        # A day part on its own is a window; next to a clock time it only placed it.
        if self._day_parts:
            add((_bounded(day_part), self._day_part))
        add((_bounded(rf"{within}\s+{self._span}"), self._within))
        if timing.get("from_now"):
            # "twenty minutes from now", "in 20 mins time"
            from_now = _alternatives(timing["from_now"])
            # "now" said last is trimmed as filler before this grammar reads the text.
            at_end = (
                _alternatives(timing["from_now_at_end"])
                if timing.get("from_now_at_end")
                else "(?!x)x"
            )
            add(
                (
                    _bounded(
                        rf"(?:{within_in}\s+)?{self._span}\s+"
                        rf"(?:{from_now}|{at_end}(?=\s*[.!?]?\s*$))"
                    ),
                    self._in,
                )
            )
        add((_bounded(rf"{within_in}\s+{self._span}"), self._in))
        # "Shut the garage door in 5": five minutes, surely, but not said: never a level.
        add((_bounded(rf"{within_in}\s+{amount}(?=\s*[.!?]?\s*$)"), _unplaced))
        add((_bounded(rf"{duration_for}\s+{self._span}"), self._duration))
        if self._day_words:
            add((_bounded(day), self._whole_day))

    def _add_sun(
        self, sun: dict[str, Any], amount: str, units: str, half_hour: str
    ) -> None:
        """Add the ``sun`` pattern: at sunset, 30 minutes after sunrise."""
        self._sun_events = {
            str(word).casefold(): str(event)
            for word, event in (sun.get("events") or {}).items()
        }
        if not self._sun_events:
            return
        self._sun_after = {str(word).casefold() for word in sun.get("after", [])}
        relation = _alternatives([*sun.get("before", []), *self._sun_after])
        offset = (
            rf"(?:(?:(?P<amount>{amount})\s*(?P<unit>{units})|(?P<half>{half_hour}))"
            rf"\s+)?(?P<relation>{relation})\s+"
        )
        at = _alternatives(sun.get("at", [])) if sun.get("at") else "(?!x)x"
        events = _alternatives(self._sun_events)
        self._patterns.append(
            (_bounded(rf"(?:{offset}|{at}\s+)(?P<event>{events})"), self._sun)
        )
        for phrase, event in (sun.get("spoken") or {}).items():
            self._patterns.append(
                (
                    _bounded(str(phrase)),
                    _fixed(ConstraintType.SUN, {"event": str(event), "offset": 0}),
                )
            )

    def _add_state(self, state: dict[str, Any]) -> None:
        """Add the ``state`` pattern: when the washing machine finishes."""
        changes = state.get("changes") or {}
        if not changes or not state.get("lead"):
            return
        self._state_changes = [
            (re.compile(rf"^(?:{pattern})$", re.IGNORECASE), str(value))
            for pattern, value in changes.items()
        ]
        self._domain_states = {
            str(domain): {str(said): str(state) for said, state in states.items()}
            for domain, states in (state.get("domain_states") or {}).items()
        }
        articles = state.get("articles") or []
        article = rf"(?:{_alternatives(articles)}\s+)?" if articles else ""
        self._patterns.append(
            (
                _bounded(
                    rf"{_alternatives(state['lead'])}\s+{article}"
                    r"(?P<name>[^\W\d][\w'\u2019.-]*(?:\s+[\w'\u2019.-]+){0,4}?)\s+"
                    rf"(?P<change>{_phrases(changes)})"
                ),
                self._state,
            )
        )

    # --- extraction ------------------------------------------------------------------

    def extract(
        self,
        text: str,
        now: datetime,
        zone: tzinfo,
        currency: str | None,
        names: Callable[[str], list[str]] | None = None,
    ) -> Extraction:
        """Cut every constraint out of ``text``.

        ``names`` finds the entities a spoken name means (for "when the washing
        machine finishes"); without it such a constraint keeps the name only.
        """
        if not self.enabled:
            return Extraction(text=text)
        context = _Context(
            now=now.astimezone(zone), zone=zone, currency=currency, names=names
        )
        found: list[Constraint] = []
        unplaced: list[str] = []
        until: datetime | None = None
        remaining = self._spoken_clock.digits(text, context.now)
        energy_kwh: float | None = None
        if (energy := self._energy.search(remaining)) is not None:
            energy_kwh = _to_float(energy["kwh"])
            remaining = remaining[: energy.start()] + " " + remaining[energy.end() :]
        for pattern, build in self._patterns:
            position = 0
            while (match := pattern.search(remaining, position)) is not None:
                constraint = build(match, context)
                if constraint is None:
                    # Not a time at all ("up by 3"): the reader's.
                    position = match.end()
                    continue
                if constraint is UNPLACED:
                    unplaced.append(" ".join(match.group(0).split()))
                    remaining = (
                        remaining[: match.start()] + " " + remaining[match.end() :]
                    )
                    position = match.start()
                    continue
                if constraint not in found:
                    found.append(constraint)
                lead = (match.groupdict().get("lead") or "").casefold()
                if constraint.type is ConstraintType.DEADLINE and lead in self._until:
                    until = datetime.fromisoformat(constraint.fields["before"])
                remaining = remaining[: match.start()] + " " + remaining[match.end() :]
                position = match.start()
        return Extraction(
            constraints=found,
            text=" ".join(remaining.split()),
            energy_kwh=energy_kwh,
            unplaced=unplaced,
            until=until,
        )

    def kept_on(self, text: str) -> str:
        """Switch on what is left on for a while or until a time ("leave it on until 8").

        Only called when a duration or an end was said; alone, "leave the lights on"
        asks to change nothing.
        """
        if self._keeping is None or (found := self._keeping.match(text)) is None:
            return text
        verb = self._kept_as[found["verb"].casefold()]
        return f"{verb}{text[found.end() :]}"

    # --- builders ----------------------------------------------------------------------

    def _clock(self, match: re.Match[str], tag: str) -> ClockTime | None:
        groups = match.groupdict()
        day_word = (
            groups.get(f"{tag}d0") or groups.get(f"{tag}d1") or groups.get(f"{tag}d2")
        )
        day = self._day_words.get(day_word.casefold()) if day_word else None
        if (named := groups.get(f"{tag}n")) is not None:
            return self._named_time(named, day)
        if groups.get(f"{tag}h") is None:
            return None
        hour = int(groups[f"{tag}h"])
        minute = int(groups.get(f"{tag}m") or 0)
        evening = groups.get(f"{tag}pm")
        if (evening or groups.get(f"{tag}am")) and hour > HALF_DAY:
            return None  # "13 pm"
        if evening and evening.casefold() in self._night and hour < _DAWN:
            pass  # "um 1 Uhr nachts", "at 2 at night": the small hours
        elif evening and hour < HALF_DAY:
            hour += 12
        elif groups.get(f"{tag}am") and hour == 12:
            hour = 0
        if hour == 24 and minute == 0:
            hour = 0
        if hour > 23 or minute > 59:
            return None
        part = groups.get(f"{tag}p") or groups.get(f"{tag}p0")
        if part is not None:
            explicit = bool(groups.get(f"{tag}pm") or groups.get(f"{tag}am"))
            return self._in_day_part(hour, minute, part, explicit=explicit)
        return ClockTime(hour, minute, day)

    def _in_day_part(
        self, hour: int, minute: int, part: str, *, explicit: bool
    ) -> ClockTime:
        """The clock a day part places: "8 tomorrow morning" is 08:00 tomorrow.

        A bare hour is read as the morning or evening one that falls in the part.
        """
        start, end = self._day_parts[part.casefold()]
        hours = [hour]
        if not explicit and hour <= 12:
            hours.append(hour + 12)  # "12 tonight" is midnight: 24

        placed = next(
            (
                candidate + 24 * day
                for day in range(3)
                for candidate in hours
                if start <= candidate + 24 * day + minute / 60 <= end
            ),
            hours[0] + 24 * (start // 24),
        )
        day = {0: "today", 1: "tomorrow"}.get(placed // 24, "tomorrow")
        return ClockTime(placed % 24, minute, day)

    def _named_time(self, word: str, day: str | None = None) -> ClockTime:
        hours, minutes = self._named[word.casefold()].split(":")
        return ClockTime(int(hours), int(minutes), day)

    def _comfort(self, match: re.Match[str], _: _Context) -> Constraint:
        low = _to_float(match["low"])
        high = _to_float(match["high"])
        return Constraint(
            ConstraintType.COMFORT_RANGE,
            {"min_temperature": min(low, high), "max_temperature": max(low, high)},
        )

    def _budget(self, match: re.Match[str], context: _Context) -> Constraint:
        value = _to_float(match["value1"] or match["value2"])
        symbol_units = {"€": "EUR", "$": "USD", "£": "GBP"}
        unit = (
            symbol_units[match["symbol"]]
            if match["symbol"]
            else self._units[match["unit"].casefold()]
        )
        currency: str | None
        if unit == "cent":
            value, currency = value / 100, context.currency
        elif unit == "pence":
            value, currency = value / 100, "GBP"
        else:
            currency = unit
        return Constraint(
            ConstraintType.BUDGET, {"max_cost": round(value, 4), "currency": currency}
        )

    def _window(
        self, match: re.Match[str], context: _Context
    ) -> Constraint | _Unplaced:
        start = self._clock(match, "a")
        end = self._clock(match, "b")
        if start is None or end is None:
            return UNPLACED
        if (
            match["bpm"]
            and not (match["apm"] or match["aam"] or match["ap"] or match["an"])
            and start.hour + HALF_DAY <= end.hour
        ):
            # "between 6 and 11 pm": both in the evening.
            start = ClockTime(start.hour + HALF_DAY, start.minute, start.day)
        start_at = context.next_time(start)
        end_at = context.next_time(end, not_before=start_at)
        return Constraint(
            ConstraintType.TIME_WINDOW,
            {"start": start_at.isoformat(), "end": end_at.isoformat()},
        )

    def _day_part(
        self, match: re.Match[str], context: _Context
    ) -> Constraint | _Unplaced:
        start_hour, end_hour = self._day_parts[match.group(0).casefold()]
        midnight = context.midnight(context.now.date())
        start = max(context.local(midnight, start_hour), context.now)
        end = context.local(midnight, end_hour)
        if end <= start:
            return UNPLACED  # "this morning", said in the afternoon
        return Constraint(
            ConstraintType.TIME_WINDOW,
            {"start": start.isoformat(), "end": end.isoformat()},
        )

    def _deadline(
        self, match: re.Match[str], context: _Context
    ) -> Constraint | _Unplaced | None:
        if self._a_step(match):
            return None
        moment = self._moment(match, context)
        if moment is None:
            return UNPLACED
        return Constraint(ConstraintType.DEADLINE, {"before": moment.isoformat()})

    def _moment(self, match: re.Match[str], context: _Context) -> datetime | None:
        """The moment a clock said shows next; None when it cannot be or has passed."""
        clock = self._clock(match, "a")
        if clock is None:
            return None
        moment = context.next_time(clock)
        return None if moment <= context.now else moment

    def _a_step(self, match: re.Match[str]) -> bool:
        """Whether "by 10" after a change ("turn the heat up by 10") is how far.

        Only a bare number: "up by 7am", "by 7:30", "by 7 tomorrow" stay deadlines.
        """
        if self._changes is None:
            return False
        if (match["lead"] or "").casefold() not in self._step_leads:
            return False
        if match.end() != match.end("ah") or match["ad0"] or match["ap0"]:
            return False
        if match["ad1"]:
            return False
        return self._changes.search(match.string, 0, match.start()) is not None

    def _not_before(
        self, match: re.Match[str], context: _Context
    ) -> Constraint | _Unplaced:
        moment = self._moment(match, context)
        if moment is None:
            return UNPLACED
        return Constraint(ConstraintType.NOT_BEFORE, {"after": moment.isoformat()})

    def _minutes(self, match: re.Match[str]) -> float | None:
        if fixed := match.groupdict().get("fixed"):
            return self._fixed_spans[fixed.casefold()]
        if match["half"]:
            return 30.0
        amount = match["amount"].casefold()
        value = self._numbers.get(amount)
        if value is None:
            value = _to_float(amount)
        unit = match["unit"].casefold()
        return value if unit in self._minute_words else value * 60

    def _within(self, match: re.Match[str], context: _Context) -> Constraint | None:
        minutes = self._minutes(match)
        if minutes is None:  # pragma: no cover - the pattern always gives an amount
            return None
        deadline = context.now + timedelta(minutes=minutes)
        return Constraint(ConstraintType.DEADLINE, {"before": deadline.isoformat()})

    def _in(self, match: re.Match[str], context: _Context) -> Constraint | None:
        minutes = self._minutes(match)
        if minutes is None:  # pragma: no cover - the pattern always gives an amount
            return None
        start = context.now + timedelta(minutes=minutes)
        return Constraint(ConstraintType.NOT_BEFORE, {"after": start.isoformat()})

    def _duration(
        self, match: re.Match[str], _: _Context
    ) -> Constraint | _Unplaced | None:
        minutes = self._minutes(match)
        if minutes is None:  # pragma: no cover - the pattern always gives an amount
            return None
        if minutes <= 0:
            return UNPLACED  # "for 0 minutes"
        return Constraint(ConstraintType.DURATION, {"minutes": _tidy(minutes)})

    def _whole_day(self, match: re.Match[str], context: _Context) -> Constraint:
        day = self._day_words[match.group(0).casefold()]
        date_ = context.now.date() + timedelta(days=1 if day == "tomorrow" else 0)
        start = max(context.midnight(date_), context.now)
        end = context.midnight(date_ + timedelta(days=1))
        return Constraint(
            ConstraintType.TIME_WINDOW,
            {"start": start.isoformat(), "end": end.isoformat()},
        )

    def _sun(self, match: re.Match[str], _: _Context) -> Constraint:
        event = self._sun_events[match["event"].casefold()]
        minutes = 0.0
        if match["amount"] or match["half"]:
            minutes = self._minutes(match) or 0.0
        relation = match["relation"]
        if relation and relation.casefold() not in self._sun_after:
            minutes = -minutes
        return Constraint(
            ConstraintType.SUN, {"event": event, "offset": round(minutes)}
        )

    def _state(self, match: re.Match[str], context: _Context) -> Constraint:
        name = " ".join(match["name"].split())
        change = " ".join(match["change"].split())
        to = next(
            value for pattern, value in self._state_changes if pattern.match(change)
        )
        found = context.names(name) if context.names is not None else []
        if found:
            # "When the vacuum is done": docked, not off; "die Alarmanlage aus": disarmed.
            domain = found[0].partition(".")[0]
            to = self._domain_states.get(domain, {}).get(to, to)
        fields: dict[str, Any] = {"entity_id": found[0] if found else None, "to": to}
        if not found:
            fields["name"] = name
        return Constraint(ConstraintType.STATE, fields)


def _fixed(
    kind: ConstraintType, fields: dict[str, Any]
) -> Callable[[re.Match[str], _Context], Constraint]:
    def build(_: re.Match[str], __: _Context) -> Constraint:
        return Constraint(kind, dict(fields))

    return build


def _unplaced(_: re.Match[str], __: _Context) -> _Unplaced:
    return UNPLACED


def _to_float(text: str) -> float:
    return float(text.replace(",", "."))


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass(slots=True)
class _Context:
    """Now, in the home's zone, and the home's currency."""

    now: datetime
    zone: tzinfo
    currency: str | None
    names: Callable[[str], list[str]] | None = None

    def midnight(self, day: date) -> datetime:
        """The start of ``day`` in the home's zone."""
        return datetime.combine(day, time(0), tzinfo=self.zone)

    def local(self, midnight: datetime, hours: int, minute: int = 0) -> datetime:
        """Wall-clock ``hours``:``minute`` after ``midnight`` (hours may pass 24)."""
        day = midnight.date() + timedelta(days=hours // 24)
        return datetime.combine(day, time(hours % 24, minute), tzinfo=self.zone)

    def next_time(
        self, clock: ClockTime, not_before: datetime | None = None
    ) -> datetime:
        """The next moment the clock shows ``clock`` (on its day, when one was said)."""
        floor = not_before or self.now
        if clock.day == "tomorrow":
            tomorrow = self.midnight(self.now.date() + timedelta(days=1))
            return self.local(tomorrow, clock.hour, clock.minute)
        candidate = self.local(self.midnight(floor.date()), clock.hour, clock.minute)
        if clock.day == "today" or candidate > floor:
            return candidate
        following = self.midnight(floor.date() + timedelta(days=1))
        return self.local(following, clock.hour, clock.minute)
