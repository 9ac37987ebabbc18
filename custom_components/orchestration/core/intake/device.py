"""Assist intents (HassTurnOn, HassLightSet, …) as goals of DESIGN §5.

Targets follow Home Assistant's intent handlers: a spoken name selects the entities with
that name or alias, narrowed by the area, floor, domain and device class said with it and,
when still more than one, by the area the request came from. Without a name the area,
floor, domain and device class become the goal's target restrictions, which
``ContextSnapshot.select`` expands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from ..models import ContextSnapshot, Goal, GoalType, Targets
from ..texts import Reason, Term
from .clarify import Candidate, ambiguity_note, missing_note, refusal_note
from .lexicon import UNSHOWABLE_COLOURS
from .recognizer import Match
from .vocabulary import HomeVocabulary

# What "turn on/off" means in a place when no device is named: its lights, as a room
# group of Alexa or Google Home; never the washing machine, heater or freezer plugged
# into a switch there ("turn on the laundry room").
DEFAULT_SWITCHED: Final = ("light",)

# Domains an intent acts on when the sentence names no entity and no domain.
_DEFAULT_DOMAINS: dict[str, tuple[str, ...]] = {
    "HassTurnOn": DEFAULT_SWITCHED,
    "HassTurnOff": DEFAULT_SWITCHED,
    "HassLightSet": ("light",),
    "HassClimateSetTemperature": ("climate",),
    "HassClimateGetTemperature": ("climate",),
    "HassSetPosition": ("cover", "valve"),
    "HassSetVolume": ("media_player",),
    "HassMediaPause": ("media_player",),
    "HassMediaUnpause": ("media_player",),
    "HassMediaNext": ("media_player",),
    "HassMediaPrevious": ("media_player",),
    "HassVacuumStart": ("vacuum",),
    "HassVacuumReturnToBase": ("vacuum",),
}

# How a percentage or a temperature is said: a bare small number is neither.
_PERCENT_WORDS = ("%", "percent", "per cent", "prozent")
_DEGREE_WORDS = ("°", "degree", "grad", "celsius", "fahrenheit")
# Set points people heat or cool a room to, in Celsius and in Fahrenheit.
_LIVABLE_C = (10.0, 35.0)
_LIVABLE_F = (50.0, 95.0)
# The most a thermostat is turned up or down at once, in degrees of the home.
_LARGEST_STEP_C = 5.0
_LARGEST_STEP_F = 9.0
# Intents whose value a bare number under 10 leaves open: the slot and its units.
_SCALED: dict[str, tuple[str, tuple[str, ...]]] = {
    "HassLightSet": ("brightness", _PERCENT_WORDS),
    "HassClimateSetTemperature": ("temperature", _DEGREE_WORDS),
}

# Words that say a bare number is about light: without one, "set the bedroom to 18" may
# be the heating as well as the lights.
_LIGHT_WORDS = ("light", "lamp", "bright", "dim", "licht", "lampe", "leuchte", "hell")

# Numbers under ten as words (a level word such as "lowest" is no bare number).
_NUMBER_WORDS = frozenset(
    {
        *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight"),
        *("nine", "null", "eins", "ein", "zwei", "drei", "vier", "fünf", "sechs"),
        *("sieben", "acht", "neun"),
    }
)

# Intents that act on whatever a name selects, whatever its domain.
_ANY_DOMAIN_INTENTS = frozenset({"HassTurnOn", "HassTurnOff", "HassGetState"})

_TURN_ON_BY_DOMAIN = {
    "cover": GoalType.OPEN,
    "valve": GoalType.OPEN,
    "lock": GoalType.LOCK,
    "scene": GoalType.ACTIVATE_SCENE,
    "script": GoalType.RUN_SCRIPT,
}
_TURN_OFF_BY_DOMAIN = {
    "cover": GoalType.CLOSE,
    "valve": GoalType.CLOSE,
    "lock": GoalType.UNLOCK,
}
_FIXED_GOALS = {
    "HassClimateSetTemperature": GoalType.SET_TEMPERATURE,
    "HassSetPosition": GoalType.SET_POSITION,
    "HassSetVolume": GoalType.SET_VOLUME,
    "HassMediaPause": GoalType.MEDIA_PAUSE,
    "HassMediaUnpause": GoalType.MEDIA_PLAY,
    "HassMediaNext": GoalType.MEDIA_NEXT,
    "HassMediaPrevious": GoalType.MEDIA_PREVIOUS,
    "HassVacuumStart": GoalType.VACUUM_START,
    "HassVacuumReturnToBase": GoalType.VACUUM_RETURN,
    "HassGetState": GoalType.QUERY_STATE,
    "HassClimateGetTemperature": GoalType.QUERY_STATE,
    "HassBroadcast": GoalType.NOTIFY,
}

# A spoken "all" (``{name: all}`` in Home Assistant's templates) selects no single entity.
_ALL = "all"


@dataclass(slots=True)
class Resolution:
    """A goal, or why there is none."""

    goal: Goal | None = None
    unresolved: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TargetResolver:
    """Turns recognised slots into targets within one home."""

    snapshot: ContextSnapshot
    vocabulary: HomeVocabulary
    context_area_id: str | None = None

    def targets(self, match: Match) -> tuple[Targets | None, list[str]]:
        """Targets of a match, or None and the reason (unknown or ambiguous name)."""
        slots = match.slots
        area_id = _text(slots.get("area"))
        floor_id = _text(slots.get("floor"))
        domain = _text(slots.get("domain"))
        device_class = _text(slots.get("device_class"))
        name = _text(slots.get("name"))
        if name is not None and name.casefold() != _ALL:
            return self._named(match, name, area_id, floor_id, domain, device_class)
        if (
            match.intent == "HassClimateSetTemperature"
            and name is None
            and area_id is None
            and floor_id is None
        ):
            return self._thermostat_here()
        domains = [domain] if domain else list(_DEFAULT_DOMAINS.get(match.intent, ()))
        return (
            Targets(
                area_ids=[area_id] if area_id else [],
                floor_ids=[floor_id] if floor_id else [],
                domains=domains,
                device_classes=[device_class] if device_class else [],
            ),
            [],
        )

    def _thermostat_here(self) -> tuple[Targets | None, list[str]]:
        """The heating of the room it was said in, for "set the temperature to 21".

        As "set the heating to 21" reads: the room's thermostat, else the home's only
        one; with several elsewhere and none here, which is asked. Said from no room
        (an automation, the dashboard), the home's heating.
        """
        if self.context_area_id is None:
            return Targets(domains=["climate"]), []
        thermostats = sorted(
            (
                entity
                for entity in self.snapshot.entities.values()
                if entity.domain == "climate" and entity.exposed
            ),
            key=lambda entity: entity.entity_id,
        )
        here = [
            entity for entity in thermostats if entity.area_id == self.context_area_id
        ]
        if here or len(thermostats) == 1:
            chosen = here or thermostats
            return Targets(entity_ids=[entity.entity_id for entity in chosen]), []
        if not thermostats:
            return Targets(domains=["climate"]), []
        candidates = [
            Candidate(entity.name, self._area_name(entity), entity.entity_id)
            for entity in thermostats
        ]
        return None, [ambiguity_note(Term("kinds.heating"), candidates)]

    def _named(
        self,
        match: Match,
        name: str,
        area_id: str | None,
        floor_id: str | None,
        domain: str | None,
        device_class: str | None,
    ) -> tuple[Targets | None, list[str]]:
        candidates = [
            self.snapshot.entities[entity_id]
            for entity_id in self.vocabulary.entities_named(name)
            if entity_id in self.snapshot.entities
        ]
        spoken = match.slot_texts.get("name") or name
        if not candidates:  # pragma: no cover - the name list comes from these entities
            return None, [f"no device called '{spoken}'"]
        # Each narrowing applies only when it keeps someone: a scene has no area, yet
        # "the kitchen party mode scene" still means it.
        intent_domains = (
            set()
            if match.intent in _ANY_DOMAIN_INTENTS
            else set(_DEFAULT_DOMAINS.get(match.intent, ()))
        )
        context_domain = _text(match.context.get("domain"))
        # A place said is a place meant: a device of that name elsewhere is not it
        # (only what has no area at all, a scene, still fits).
        candidates = [
            entity
            for entity in candidates
            if entity.area_id is None
            or (
                (area_id is None or entity.area_id == area_id)
                and (floor_id is None or self.snapshot.floor_of(entity) == floor_id)
            )
        ]
        if not candidates:
            place = self._place_name(area_id, floor_id)
            return None, [missing_note(spoken, place)]
        filters: list[Callable[[Any], bool]] = [
            lambda entity: domain is None or entity.domain == domain,
            lambda entity: not intent_domains or entity.domain in intent_domains,
            lambda entity: context_domain is None or entity.domain == context_domain,
            lambda entity: device_class is None or entity.device_class == device_class,
            lambda entity: area_id is None or entity.area_id == area_id,
            lambda entity: (
                floor_id is None or self.snapshot.floor_of(entity) == floor_id
            ),
            lambda entity: (
                self.context_area_id is None or entity.area_id == self.context_area_id
            ),
        ]
        for keep in filters:
            if len(candidates) == 1:
                break
            narrowed = [entity for entity in candidates if keep(entity)]
            if narrowed:
                candidates = narrowed
        if len(candidates) > 1:
            return None, [
                ambiguity_note(
                    spoken,
                    [
                        Candidate(
                            entity.name, self._area_name(entity), entity.entity_id
                        )
                        for entity in sorted(
                            candidates, key=lambda item: item.entity_id
                        )
                    ],
                )
            ]
        return Targets(entity_ids=[candidates[0].entity_id]), []

    def _area_name(self, entity: Any) -> str | None:
        area = self.snapshot.areas.get(entity.area_id or "")
        return area.name if area else None

    def _place_name(self, area_id: str | None, floor_id: str | None) -> str:
        if area_id is not None:
            area = self.snapshot.areas.get(area_id)
            return area.name if area else area_id
        floor = self.snapshot.floors.get(floor_id or "")
        return floor.name if floor else str(floor_id)

    def domains_of(self, targets: Targets) -> set[str]:
        """Domains a target names or selects."""
        if targets.entity_ids:
            return {entity_id.partition(".")[0] for entity_id in targets.entity_ids}
        return set(targets.domains)


def _text(value: Any) -> str | None:
    """A slot value as text, None when absent or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _percent(value: Any) -> int | None:
    number = _number(value)
    return None if number is None else round(number)


def goal_type(intent: str, domains: set[str], slots: dict[str, Any]) -> GoalType:
    """The goal type of an Assist intent acting on ``domains`` (DESIGN §5)."""
    if intent in _FIXED_GOALS:
        return _FIXED_GOALS[intent]
    if intent == "HassLightSet":
        return GoalType.SET_COLOR if slots.get("color") else GoalType.SET_BRIGHTNESS
    table = _TURN_ON_BY_DOMAIN if intent == "HassTurnOn" else _TURN_OFF_BY_DOMAIN
    kinds = {table.get(domain) for domain in domains}
    if len(kinds) == 1 and (kind := kinds.pop()) is not None:
        return kind
    return GoalType.TURN_ON if intent == "HassTurnOn" else GoalType.TURN_OFF


def goal_params(intent: str, slots: dict[str, Any]) -> dict[str, Any]:
    """Parameters of DESIGN §4 from the slots of an Assist intent."""
    params: dict[str, Any] = {}
    if (brightness := _percent(slots.get("brightness"))) is not None:
        params["brightness_pct"] = brightness
    if (step := _percent(slots.get("brightness_step"))) is not None:
        params["brightness_step_pct"] = step
    if color := _text(slots.get("color")):
        params["color_name"] = color
    temperature = _number(slots.get("temperature"))
    if intent == "HassClimateSetTemperature" and temperature is not None:
        params["temperature"] = temperature
    if (position := _percent(slots.get("position"))) is not None:
        params["position"] = position
    volume = slots.get("volume_level", slots.get("volume"))
    if (volume_pct := _percent(volume)) is not None:
        params["volume_pct"] = volume_pct
    if intent == "HassBroadcast" and (message := _text(slots.get("message"))):
        params["message"] = message
    return params


def _unitless_scale(match: Match, sentence: str) -> tuple[str, str] | None:
    """The slot and refusal of a level said as a bare number, if its unit is open.

    A brightness of "7": of ten, or percent? A temperature of "3": a dial's step, not
    degrees. Home Assistant's own sentences take "to 10" for 10 %, so 10 is a
    percentage, but only where light is spoken of: "set the bedroom to 18" says no
    more than a number.
    """
    slot, units = _SCALED.get(match.intent, (None, ()))
    if slot is None:
        return None
    value = _number(match.slots.get(slot))
    number = (_text(match.slot_texts.get(slot)) or "").casefold()
    sentence = sentence.casefold()
    if (
        slot == "brightness"
        and value is not None
        and "name" not in match.slots
        and not any(unit in sentence for unit in units)
        and not any(word in sentence for word in _LIGHT_WORDS)
    ):
        return slot, "scale_open"  # "set the bedroom to 18": 18 %, or 18 degrees?
    if (
        value is not None
        and 0 <= value < 10
        and (
            any(character.isdigit() for character in number) or number in _NUMBER_WORDS
        )
        and not any(unit in sentence for unit in units)
    ):
        return slot, "scale" if slot == "brightness" else "scale_degrees"
    return None


def unsafe_climate_value(goal: Goal, snapshot: ContextSnapshot) -> Reason | None:
    """Why the temperature ``goal`` sets on a room's heating is not acted on, if so.

    "68" in a home that counts in Celsius was said in Fahrenheit: not 30 °C. Below 10
    it may be a frost guard ("5 degrees" while away), and a number too small to be
    degrees is asked about where it is read. A step of more than a few degrees at
    once ("up by 20") is no turn of a thermostat.
    """
    if not any(entity.domain == "climate" for entity in snapshot.select(goal.targets)):
        return None
    fahrenheit = snapshot.temperature_unit.endswith("F")
    value = goal.params.get("temperature")
    if isinstance(value, int | float) and value >= 10:
        low, high = _LIVABLE_F if fahrenheit else _LIVABLE_C
        if not low <= value <= high:
            return refusal_note("unlivable", f"{value:g}")
    step = goal.params.get("temperature_step")
    largest = _LARGEST_STEP_F if fahrenheit else _LARGEST_STEP_C
    if isinstance(step, int | float) and abs(step) > largest:
        return refusal_note("big_step", f"{abs(step):g}")
    return None


def resolve(
    match: Match,
    resolver: TargetResolver,
    said: str = "",
    chosen: Targets | None = None,
) -> Resolution:
    """The goal an Assist intent match of the sentence ``said`` asks for.

    ``chosen``: the targets already decided for the name said, instead of the slots'.
    """
    colour = _text(match.slots.get("color"))
    if match.intent == "HassLightSet" and colour in UNSHOWABLE_COLOURS:
        shade = _text(match.slot_texts.get("color")) or colour
        return Resolution(unresolved=[refusal_note("shade", shade)])
    if (unitless := _unitless_scale(match, said)) is not None:
        slot, reason = unitless
        number = _text(match.slot_texts.get(slot)) or ""
        return Resolution(unresolved=[refusal_note(reason, number)])
    targets, problems = (chosen, []) if chosen is not None else resolver.targets(match)
    if targets is None:
        return Resolution(unresolved=problems)
    if match.intent == "HassBroadcast":
        targets = Targets()
    kind = goal_type(match.intent, resolver.domains_of(targets), match.slots)
    return Resolution(
        goal=Goal(
            type=kind, targets=targets, params=goal_params(match.intent, match.slots)
        )
    )
