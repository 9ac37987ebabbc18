"""Clock times said in words, written as digits before the constraint grammar reads them.

"At one pm", "at seven thirty", "at half past six", "at a quarter to eleven", "um halb
sieben", "um sieben Uhr" are what people (and speech recognisers) say; the grammar reads
"1:00 pm", "7:30", "18:30". Only after a time word ("at", "before", "um", …), so "dim the
lights to seven" keeps its number.

Without am or pm a spoken clock is the next time the clock shows it: "at half past six"
said at 14:30 is 18:30 today, said at 20:00 it is 06:30 tomorrow — as people mean it. A
day word or day part said next to it ("tomorrow", "in the morning", "abends") places it
instead, as it does for digits.

The words come from ``spoken_clock`` in the ``time`` section of
``sentences/<language>.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
import re
from typing import Any

HALF_DAY = 12
_HOURS_A_DAY = 24


def _words(items: Iterable[str]) -> str:
    # lower(), not casefold(): casefold spells "dreißig" "dreissig", which no text says.
    ordered = sorted({str(item).lower() for item in items}, key=len, reverse=True)
    if not ordered:
        return "(?!x)x"
    return "(?:" + "|".join(re.escape(item) for item in ordered) + ")"


def _values(mapping: Mapping[str, Any]) -> dict[str, int]:
    return {str(word).lower(): int(value) for word, value in mapping.items()}


class SpokenClock:
    """Rewrites the spoken clock times of one language as digits."""

    def __init__(self, timing: Mapping[str, Any]) -> None:
        """Compile from a ``time`` section (its ``spoken_clock``, leads and marks)."""
        spoken = timing.get("spoken_clock") or {}
        self._hours = _values(spoken.get("hours") or {})
        self._minutes = _values(spoken.get("minutes") or {})
        self._past = _values(spoken.get("past") or {})
        self._to = _values(spoken.get("to") or {})
        # "halb sieben" is 6:30, "fünf vor halb acht" 7:25: minutes past the hour before.
        self._half_to = _values(spoken.get("half_to") or {})
        self._pattern: re.Pattern[str] | None = None
        if not self._hours:
            return
        leads = [
            *timing.get("before", []),
            *timing.get("after", []),
            *timing.get("at", []),
        ]
        marks = [
            *timing.get("am", []),
            *timing.get("pm", []),
            *timing.get("oclock", []),
        ]
        placed = [
            *timing.get("am", []),
            *timing.get("pm", []),
            *timing.get("today", []),
            *timing.get("tomorrow", []),
            *(timing.get("day_parts") or {}),
        ]
        hour = rf"(?P<hour>{_words(self._hours)}|\d{{1,2}})"
        hours = _words(self._hours)
        minute = rf"(?P<minute>{_words(self._minutes)})" if self._minutes else "(?!x)x"
        oclock = _words(timing.get("oclock", []) or ["o'clock"])
        relative = _words([*self._past, *self._to, *self._half_to])
        zero = _words(spoken.get("zero_hours") or {})
        hundred = _words(spoken.get("hundred", []))
        not_a_unit = r"(?!\s*(?:%|percent|prozent|grad|degrees|°|minuten|minutes|min))"
        forms = [
            # "um 23 Uhr 15", "at 1900": digits of a 24-hour clock
            rf"(?P<dhour>\d{{1,2}})\s*{oclock}\s+(?P<dminute>[0-5]\d){not_a_unit}",
            rf"(?P<military>(?:[01]\d|2[0-3])[0-5]\d){not_a_unit}",
            # "at 18h", "at 6h30"
            r"(?P<hhour>[01]?\d|2[0-3])h(?P<hminute>[0-5]\d)?",
            # "oh six thirty", "nineteen hundred": a 24-hour clock, no am or pm to guess
            rf"(?:{zero}\s+)?(?P<thour>{hours})\s+{hundred}",
            rf"{zero}\s+(?P<zhour>{hours})(?:\s+(?P<zminute>{_words(self._minutes)}))?",
            # "half past six", "a quarter to 11", "halb sieben"
            rf"(?P<relative>{relative})\s+{hour}",
            # "seven thirty", "seven o'clock", "sieben uhr dreißig", "seven pm"
            rf"(?P<whour>{hours})(?:\s+{oclock})?\s+{minute}",
            rf"(?P<bhour>{hours})(?=\s*{_words(marks)}(?!\w))",
        ]
        self._pattern = re.compile(
            rf"(?<!\w)(?P<lead>{_words(leads)})\s+(?:{'|'.join(forms)})(?!\w)",
            re.IGNORECASE,
        )
        self._placed_after = re.compile(
            rf"\s*(?:{oclock}\s*)?{_words(placed)}(?!\w)", re.IGNORECASE
        )
        # "tomorrow at half past nine", "morgen früh um halb sieben": placed before.
        self._preceded_by_day = re.compile(
            rf"(?<!\w){_words(placed)}\s*$", re.IGNORECASE
        )
        # "from ten to eleven" is an hour's span, not 10:50.
        self._spans = {str(word).lower() for word in spoken.get("span_leads", [])}

    def digits(self, text: str, now: datetime) -> str:
        """``text`` with its spoken clock times as digits; ``now`` in the home's zone."""
        if self._pattern is None:
            return text

        def rewrite(match: re.Match[str]) -> str:
            relative = " ".join((match["relative"] or "").lower().split())
            if relative in self._to and match["lead"].lower() in self._spans:
                return match.group(0)
            clock = self._clock(match)
            if clock is None:
                return match.group(0)
            hour, minute = clock
            placed = self._placed_after.match(text, match.end()) or (
                self._preceded_by_day.search(text, 0, match.start())
            )
            twenty_four = (
                match["thour"]
                or match["zhour"]
                or match["dhour"]
                or match["military"]
                or match["hhour"]
            )
            if placed is None and hour < HALF_DAY and not twenty_four:
                hour = _next_of_twelve(hour, minute, now)
            return f"{match['lead']} {hour}:{minute:02d}"

        return self._pattern.sub(rewrite, text)

    def _clock(self, match: re.Match[str]) -> tuple[int, int] | None:
        if match["dhour"] is not None:
            hour = int(match["dhour"])
            return (hour, int(match["dminute"])) if hour < _HOURS_A_DAY else None
        if match["hhour"] is not None:
            return int(match["hhour"]), int(match["hminute"] or 0)
        if (military := match["military"]) is not None:
            return int(military[:2]), int(military[2:])
        if (twenty_four := match["thour"] or match["zhour"]) is not None:
            minute = self._minutes.get((match["zminute"] or "").lower(), 0)
            return self._hours[twenty_four.lower()], minute
        if match["relative"] is not None:
            said = match["hour"].lower()
            hour = self._hours.get(said, int(said) if said.isdigit() else 0)
            if not 1 <= hour <= HALF_DAY:
                return None
            relative = " ".join(match["relative"].lower().split())
            if relative in self._past:
                return hour % HALF_DAY, self._past[relative]
            if relative in self._half_to:
                return (hour - 1) % HALF_DAY, self._half_to[relative]
            return (hour - 1) % HALF_DAY, 60 - self._to[relative]
        hour = self._hours[(match["whour"] or match["bhour"]).lower()]
        minute = self._minutes.get((match["minute"] or "").lower(), 0)
        return hour if hour > HALF_DAY else hour % HALF_DAY, minute


def _next_of_twelve(hour: int, minute: int, now: datetime) -> int:
    """``hour`` (0 to 11) as the next of its morning and evening times after ``now``."""
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    for candidate in (hour, hour + HALF_DAY):
        if today + timedelta(hours=candidate, minutes=minute) > now:
            return candidate
    return hour
