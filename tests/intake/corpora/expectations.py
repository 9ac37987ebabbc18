"""Expected outcomes of smart-home requests, derived from their dataset annotations.

SLURP and HWU64 annotate each request with an intent (``iot_hue_lightdim``, ``iot_coffee``,
…) and slots (``[house_place : kitchen]``, ``[device_type : wemo plug]``,
``[change_amount : to fifty percent]``, ``[color_type : blue]``). ``expect`` turns them
into what a plan must do in the fixture home (``fixture_home.yaml``): a DESIGN §5 goal
type, the exact set of entities acted on and the key parameter, or ``ask`` when no safe
action exists (no such device or room, a question, an unknown colour, an amount without a
unit). README.md in this folder states every rule in words; the tables below are those
rules.

Pure: no Home Assistant, no I/O beyond reading the fixture home.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import copy
from dataclasses import dataclass, field
from pathlib import Path
import re
from typing import Any

import yaml

HOME_FILE = Path(__file__).with_name("fixture_home.yaml")

# A slot as annotated: [type : value].
SLOT = re.compile(r"\[\s*(\w+)\s*:\s*([^\]]*?)\s*\]")

# Relative brightness without a number: any step in the right direction is right.
DIM: dict[str, Any] = {"brightness_step_pct": {"max": -1}}
BRIGHTEN: dict[str, Any] = {"brightness_step_pct": {"min": 1}}
# Colour temperatures people call warm or cool white, in kelvin.
WARM_WHITE_MAX_K = 3000
COOL_WHITE_MIN_K = 5000
# "To the lowest level": any brightness up to this counts.
LOWEST_BRIGHTNESS_PCT = 10

# Where a request is meant, by the annotated house_place (lower case).
HERE = "here"
HOME = "home"
PLACES: dict[str, str] = {
    **dict.fromkeys(
        ["room", "this room", "my room", "the room", "here", "in here"], HERE
    ),
    **dict.fromkeys(
        [
            "house",
            "home",
            "whole house",
            "the house",
            "my house",
            "apartment",
            "flat",
            "entire house",
            "everywhere",
        ],
        HOME,
    ),
    **dict.fromkeys(
        [
            "living room",
            "living rooms",
            "living room's",
            "lounge",
            "sitting room",
            "family room",
        ],
        "living_room",
    ),
    "kitchen": "kitchen",
    **dict.fromkeys(["dining room", "dining area"], "dining_room"),
    **dict.fromkeys(["hall", "hallway", "halls", "hallways", "entrance"], "hallway"),
    "garage": "garage",
    **dict.fromkeys(["porch", "front porch"], "porch"),
    **dict.fromkeys(["garden", "patio", "backyard", "yard"], "garden"),
    **dict.fromkeys(
        [
            "bedroom",
            "bed room",
            "master bedroom",
            "master's bedroom",
            "bedrooms",
            "main bedroom",
        ],
        "bedroom",
    ),
    **dict.fromkeys(["office", "study", "study room"], "office"),
    **dict.fromkeys(["bathroom", "bathrooms", "bath room"], "bathroom"),
}
# Places that name a part of the house's lighting rather than a room.
CEILING_PLACES = frozenset({"overhead", "ceiling"})

# Basic colour words a light can show, with the spellings people used.
COLOURS: dict[str, str] = {
    name: name
    for name in [
        "red",
        "green",
        "blue",
        "yellow",
        "orange",
        "pink",
        "purple",
        "violet",
        "lavender",
        "cyan",
        "magenta",
        "turquoise",
        "gold",
        "teal",
    ]
} | {
    "yellowish": "yellow",
    "pinkish": "pink",
    "red ish": "red",
    "reddish": "red",
    "bluish": "blue",
    "greenish": "green",
    "shine blue": "blue",
    "light blue": "lightblue",
    "dark blue": "darkblue",
    "dull blue": "blue",
}
WARM_WORDS = frozenset({"warm", "warm white", "warmer", "soft", "softer", "soft white"})
COOL_WORDS = frozenset({"cool", "cool white", "cooler", "cooler tone", "daylight"})

_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
} | {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "one hundred": 100,
}
_NUMBER_WORDS = "|".join(sorted(_NUMBERS, key=len, reverse=True))
_NUMBER = rf"(\d+|(?:{_NUMBER_WORDS})(?:[ -](?:{_NUMBER_WORDS}))?)"

# A question about a device is not a request to operate it.
QUESTION = re.compile(
    r"^(?:(?:hey|hi|ok|okay)\s+)?(?:(?:olly|alexa|siri|google)\s+)?"
    r"(?:how|what|what's|why|when|where|who|which|does|do i|do you|did|is the|is my"
    r"|is there|are the|are my|are there)\b"
)


@dataclass(slots=True)
class Outcome:
    """One acceptable result: a goal type, the entities acted on, key parameters."""

    goal_type: str
    entity_ids: list[str]
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The YAML form."""
        data: dict[str, Any] = {
            "goal_type": self.goal_type,
            "entity_ids": sorted(self.entity_ids),
        }
        if self.params:
            data["params"] = copy.deepcopy(self.params)
        return data


@dataclass(slots=True)
class Expectation:
    """What a request must lead to: outcomes (any one is right) or, when empty, ask."""

    outcomes: list[Outcome]
    rule: str

    @property
    def ask(self) -> bool:
        """True when the only right answer is to act on nothing and ask back."""
        return not self.outcomes


def ask(reason: str) -> Expectation:
    """No safe action: the plan must act on nothing."""
    return Expectation([], f"ask: {reason}")


@dataclass(slots=True, frozen=True)
class Device:
    """A fixture entity as the rules see it."""

    entity_id: str
    name: str
    area: str | None
    floor: str | None
    device_class: str | None
    color_modes: frozenset[str]

    @property
    def domain(self) -> str:
        return self.entity_id.partition(".")[0]


class FixtureHome:
    """The fixture home's devices and its default area."""

    def __init__(self, path: Path = HOME_FILE) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        floors = {area["id"]: area.get("floor") for area in data["areas"]}
        self.context_area: str = data["context_area"]
        self.devices = [
            Device(
                entity_id=item["id"],
                name=item["name"],
                area=item.get("area"),
                floor=floors.get(item.get("area")),
                device_class=(item.get("attributes") or {}).get("device_class"),
                color_modes=frozenset(
                    (item.get("attributes") or {}).get("supported_color_modes") or ()
                ),
            )
            for item in data["entities"]
        ]


# What a device phrase selects: a predicate over devices, or None for "no such device".
Selector = Callable[[Device], bool]


def _lights(device: Device) -> bool:
    return device.domain == "light"


def _named(*words: str) -> Selector:
    return lambda device: device.domain == "light" and all(
        word in device.name.casefold() for word in words
    )


def _plugs(device: Device) -> bool:
    return device.domain == "switch" and device.device_class == "outlet"


def _tvs(device: Device) -> bool:
    return device.domain == "media_player" and device.device_class == "tv"


def _fans(device: Device) -> bool:
    return device.domain == "fan"


def _vacuums(device: Device) -> bool:
    return device.domain == "vacuum"


def _coffee_makers(device: Device) -> bool:
    return device.entity_id == "switch.coffee_maker"


# Light phrases (device_type of the hue intents), most specific first.
_LIGHT_PHRASES: list[tuple[re.Pattern[str], Selector | None]] = [
    (re.compile(r"desk lamp( one| two)"), None),
    (re.compile(r"desk lamp"), _named("desk lamp")),
    (re.compile(r"bedside lamp"), _named("bedside lamp")),
    (re.compile(r"floor lamp"), _named("floor lamp")),
    (re.compile(r"porch light"), _named("porch")),
    (re.compile(r"overhead|ceiling|main light"), _named("ceiling")),
    (re.compile(r"^(all |every |all the )?(the )?(lights?|lighting)$"), _lights),
    (re.compile(r"^(the )?lamps?$"), _named("lamp")),
]
# Plug phrases of the wemo intents that name what is plugged in, which the home lacks.
_OTHER_APPLIANCE = re.compile(
    r"rice cooker|kettle|charger|phone|computer|dongle|lamp socket|light socket"
    r"|fan socket|geyser|wifi|socket one|plug socket one|oven|laundry|radio|lock"
)
_PLUG = re.compile(r"\b(wemo|plugs?|sockets?|outlets?|plug point|sps)\b")


def _number(text: str) -> int | None:
    text = text.strip().replace("-", " ")
    if text.isdigit():
        return int(text)
    parts = text.split()
    if not parts or any(part not in _NUMBERS for part in parts):
        return None
    return sum(_NUMBERS[part] for part in parts)


def brightness(amount: str | None, text: str, direction: int) -> dict[str, Any] | None:
    """Brightness params of a dim/brighten request; None when the amount has no unit.

    ``direction`` is -1 (dim) or +1 (brighten). "To N percent" is absolute, "by N
    percent" a signed step, a vague amount ("a bit") or none at all a step of any size
    in the right direction.
    """
    spoken = (amount or "").casefold().strip()
    relative = BRIGHTEN if direction > 0 else DIM
    for source in (spoken, text):
        if not source:
            continue
        if match := re.search(rf"\bby\s*{_NUMBER}\s*(%|percent)", source):
            value = _number(match.group(1))
            if value is not None:
                return {"brightness_step_pct": direction * value}
        if match := re.search(rf"(?:^|\bto |\bat ){_NUMBER}\s*(%|percent)", source):
            value = _number(match.group(1))
            if value is not None:
                return {"brightness_pct": value}
        if re.search(r"\bby half\b", source):
            return {"brightness_step_pct": direction * 50}
        if re.search(r"\b(to half|half way|halfway)\b", source):
            return {"brightness_pct": 50}
        if re.search(
            r"\b(full power|to max|maximum|all the way|full bright|full)\b", source
        ):
            return {"brightness_pct": 100}
        if re.search(r"\b(lowest|minimum)\b", source):
            return {"brightness_pct": {"max": LOWEST_BRIGHTNESS_PCT}}
        if re.search(rf"\b(to|level) {_NUMBER}\b(?!\s*(%|percent))", source):
            return None  # "to seven": seven of what?
    return relative


def colour(value: str) -> tuple[list[dict[str, Any]], Selector] | None:
    """Acceptable colour params for a colour word, with the lights that can show it."""
    word = value.casefold().strip()
    if word in COLOURS:
        return [{"color_name": COLOURS[word]}], _shows_colour
    if word in WARM_WORDS:
        return [{"color_temp_kelvin": {"max": WARM_WHITE_MAX_K}}], _has_white
    if word in COOL_WORDS:
        return [{"color_temp_kelvin": {"min": COOL_WHITE_MIN_K}}], _has_white
    if word == "white":
        return [
            {"color_name": "white"},
            {"color_temp_kelvin": {"min": WARM_WHITE_MAX_K}},
        ], _has_white
    return None


def _shows_colour(device: Device) -> bool:
    return bool(device.color_modes & {"hs", "xy", "rgb", "rgbw", "rgbww"})


def _has_white(device: Device) -> bool:
    return bool(device.color_modes & {"color_temp", "hs", "xy", "rgb", "rgbw", "rgbww"})


def _dims(device: Device) -> bool:
    return bool(device.color_modes - {"onoff"})


@dataclass(slots=True)
class Request:
    """One annotated request."""

    intent: str  # without the iot_ prefix: hue_lightdim, coffee, wemo_on, …
    text: str  # lower case, annotation removed
    slots: list[tuple[str, str]]

    @classmethod
    def parse(cls, intent: str, annotation: str) -> Request:
        """From an intent label and an annotated sentence."""
        slots = [(kind, value.casefold()) for kind, value in SLOT.findall(annotation)]
        text = SLOT.sub(lambda match: match.group(2), annotation).casefold()
        text = re.sub(r"[^\w\s'%-]", " ", text)
        return cls(
            intent=intent.removeprefix("iot_"),
            text=" ".join(text.split()),
            slots=slots,
        )

    def slot(self, kind: str) -> str | None:
        return next((value for name, value in self.slots if name == kind), None)

    def all(self, kind: str) -> list[str]:
        return [value for name, value in self.slots if name == kind]


class Rules:
    """Expected outcomes in one fixture home."""

    def __init__(self, home: FixtureHome | None = None) -> None:
        self.home = home or FixtureHome()

    def expect(self, request: Request) -> Expectation:
        """The expectation for one request."""
        if QUESTION.search(request.text):
            return ask("a question, not a request")
        handler = {
            "hue_lighton": self._switch_lights,
            "hue_lightoff": self._switch_lights,
            "hue_lightdim": self._dim,
            "hue_lightup": self._dim,
            "hue_lightchange": self._colour,
            "cleaning": self._clean,
            "coffee": self._coffee,
            "wemo_on": self._plug,
            "wemo_off": self._plug,
        }.get(request.intent)
        if handler is None:
            return ask(f"intent {request.intent} is not a device request")
        return handler(request)

    # Scope: the devices a request means, among those a selector picks.

    def _scope(
        self, request: Request, select: Selector, *, whole_home: bool = False
    ) -> tuple[list[Device], str] | Expectation:
        places = request.all("house_place")
        if len(places) > 1:
            return ask(f"several places: {places}")
        place = places[0] if places else None
        candidates = [device for device in self.home.devices if select(device)]
        if place is not None and place not in CEILING_PLACES:
            where = PLACES.get(place.removeprefix("the ").strip())
            if where is None:
                return ask(f"no room called '{place}' in the home")
            if where == HOME:
                return candidates, f"house_place '{place}' → whole home"
            area = self.home.context_area if where == HERE else where
            found = [device for device in candidates if device.area == area]
            if not found:
                return ask(f"no such device in {area}")
            return found, f"house_place '{place}' → area {area}"
        for word, floor in (("upstairs", "upstairs"), ("downstairs", "ground")):
            if re.search(rf"\b{word}\b", request.text):
                found = [device for device in candidates if device.floor == floor]
                if not found:
                    return ask(f"no such device on floor {floor}")
                return found, f"'{word}' → floor {floor}"
        if whole_home or re.search(
            r"\b(all|every|any)( of)?( the| my)? (lights?|lamps?)\b"
            r"|\b(house|home) lights?\b"
            r"|\b(in|of|at|around) (the |my |our )?(house|home|apartment|flat)\b",
            request.text,
        ):
            return candidates, "all of them → whole home"
        here = [
            device for device in candidates if device.area == self.home.context_area
        ]
        if here:
            return here, f"no room said → context area {self.home.context_area}"
        if len(candidates) == 1:
            return candidates, "no room said, the only such device in the home"
        return ask("no room said and no such device here")

    def _light_selector(self, request: Request) -> Selector | Expectation:
        phrases = request.all("device_type")
        place = request.slot("house_place") or ""
        if place in CEILING_PLACES:
            return _named("ceiling")
        if not phrases:
            if re.search(
                r"\b(left|right|one light|one of|nearest|closet|chandelier|disco"
                r"|security|runner|screen|outdoor|outside)\b",
                request.text,
            ):
                return ask("a light the home does not have or cannot single out")
            if re.search(r"\b(overhead|ceiling|main light)\b", request.text):
                return _named("ceiling")
            if re.search(r"\blamps?\b", request.text):
                return _named("lamp")
            return _lights
        if len(phrases) > 1:
            return ask(f"several devices: {phrases}")
        for pattern, selector in _LIGHT_PHRASES:
            if pattern.search(phrases[0]):
                return selector or ask(f"no single '{phrases[0]}' in the home")
        return ask(f"no '{phrases[0]}' in the home")

    def _lights_in_scope(
        self, request: Request, capable: Selector | None = None
    ) -> tuple[list[Device], str] | Expectation:
        selector = self._light_selector(request)
        if isinstance(selector, Expectation):
            return selector
        phrase = request.slot("device_type") or ""
        scope = self._scope(
            request, selector, whole_home=phrase.startswith(("all", "every"))
        )
        if isinstance(scope, Expectation) or capable is None:
            return scope
        devices, why = scope
        able = [device for device in devices if capable(device)]
        if not able:
            return ask("no light there can do that")
        return able, why

    def _switch_lights(self, request: Request) -> Expectation:
        goal = "turn_on" if request.intent == "hue_lighton" else "turn_off"
        scope = self._lights_in_scope(request)
        if isinstance(scope, Expectation):
            return scope
        devices, why = scope
        return Expectation([_outcome(goal, devices)], f"{goal}; {why}")

    def _dim(self, request: Request) -> Expectation:
        direction = 1 if request.intent == "hue_lightup" else -1
        params = brightness(request.slot("change_amount"), request.text, direction)
        if params is None:
            return ask("an amount without a unit")
        scope = self._lights_in_scope(request, _dims)
        if isinstance(scope, Expectation):
            return scope
        devices, why = scope
        return Expectation(
            [_outcome("set_brightness", devices, params)],
            f"set_brightness {params}; {why}",
        )

    def _colour(self, request: Request) -> Expectation:
        spoken = request.all("color_type")
        if not spoken:
            spoken = [
                word
                for word in sorted(COLOURS.keys() | WARM_WORDS | COOL_WORDS)
                if re.search(rf"\b{word}\b", request.text)
            ]
        if len(spoken) == 2 and (
            turned := re.search(rf"\bfrom {spoken[0]} to {spoken[1]}\b", request.text)
            or re.search(rf"\bfrom {spoken[1]} to {spoken[0]}\b", request.text)
        ):
            spoken = [turned.group(0).rsplit(" ", 1)[-1]]
        if not spoken:
            amount = request.slot("change_amount")
            params = brightness(amount, request.text, 1) if amount else None
            if params is None or "brightness_pct" not in params:
                return ask("a colour change that names no colour")
            scope = self._lights_in_scope(request, _dims)
            if isinstance(scope, Expectation):
                return scope
            devices, why = scope
            return Expectation(
                [_outcome("set_brightness", devices, params)],
                f"set_brightness {params} (an absolute level, no colour); {why}",
            )
        if len(spoken) > 1:
            return ask(f"several colours: {spoken}")
        found = colour(spoken[0])
        if found is None:
            return ask(f"'{spoken[0]}' is not a colour a light shows")
        alternatives, capable = found
        scope = self._lights_in_scope(request, capable)
        if isinstance(scope, Expectation):
            return scope
        devices, why = scope
        return Expectation(
            [_outcome("set_color", devices, params) for params in alternatives],
            f"set_color '{spoken[0]}'; {why}",
        )

    def _clean(self, request: Request) -> Expectation:
        vacuums = [device for device in self.home.devices if _vacuums(device)]
        # A robot vacuum serves the whole home; Home Assistant's vacuum.start takes no
        # room, so the room said does not change the device.
        return Expectation(
            [_outcome(goal, vacuums) for goal in ("vacuum_start", "turn_on")],
            "vacuum_start on the home's robot vacuum",
        )

    def _coffee(self, request: Request) -> Expectation:
        if request.slot("business_name") or request.slot("business_type"):
            return ask("ordering from a shop")
        phrase = request.slot("device_type") or ""
        if phrase and not re.search(r"coffee|machine|maker|pot", phrase):
            return ask(f"no '{phrase}' in the home")
        makers = [device for device in self.home.devices if _coffee_makers(device)]
        return Expectation(
            [_outcome(goal, makers) for goal in ("turn_on", "run_appliance")],
            "turn_on the coffee maker (a switch)",
        )

    def _plug(self, request: Request) -> Expectation:
        goal = "turn_on" if request.intent == "wemo_on" else "turn_off"
        phrases = request.all("device_type")
        said = " ".join(phrases) or request.text
        if len(phrases) > 1 or _OTHER_APPLIANCE.search(said):
            return ask(f"a plug for something the home lacks: '{said}'")
        if re.search(r"\btv\b|television", said):
            select: Selector = _tvs
        elif re.search(r"\bfans?\b", said):
            select = _fans
        elif _PLUG.search(said):
            select = _plugs
        elif re.search(r"\blights?\b", said):
            select = _lights
        else:
            return ask(f"no device named in '{said}'")
        scope = self._scope(request, select)
        if isinstance(scope, Expectation):
            return scope
        devices, why = scope
        return Expectation([_outcome(goal, devices)], f"{goal}; {why}")


def _outcome(
    goal_type: str, devices: Iterable[Device], params: dict[str, Any] | None = None
) -> Outcome:
    return Outcome(
        goal_type, sorted(device.entity_id for device in devices), dict(params or {})
    )
