"""A TaskSpec proposed by a language model, read and checked against the home.

When neither the exact grammar nor the interpretation layer understands a request, the
glue may ask a language model the user already has for a TaskSpec (``fallback``). Its
answer is data from outside: it is read defensively (``read_proposal``: the JSON object
in the text, nothing too long) and checked here as strictly as anything a user types:

- only the keys of a TaskSpec's ``goals`` and ``constraints`` (DESIGN §4), nothing else;
- goal types and params of DESIGN §5 only, each param of the right type and range
  (relative steps as the translator writes them: ``brightness_step_pct`` …); free text
  is data like a person's words (the handover passes it literally, ``core.literal``);
- targets that exist: entities of the home exposed to Assist, its areas and floors,
  domains that can achieve the goal; a device goal must reach at least one exposed
  entity that can do it, and every entity it names must be able to;
- a routine is a built-in one or a scene or script of the home; a colour one the
  lexicons know;
- constraint types of DESIGN §5 with their fields, times with a time zone.

Anything else refuses the whole proposal (``unresolved`` says why); a proposal that
passes becomes a TaskSpec like the translator's, with its privacy class, which then goes
through the same policy gate as any other. Pure: no Home Assistant, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
import json
import math
import re
from typing import Any, Final

from ..models import (
    Constraint,
    ConstraintType,
    ContextSnapshot,
    EntityInfo,
    Goal,
    GoalType,
    Targets,
    TaskSpec,
    TriggerType,
)
from ..planning.actions import DEVICE_GOALS, can_do, domains_for
from ..texts import Reason
from .lexicon import LEXICON_DIR, Tag, load_lexicon
from .privacy import privacy_class

# How sure a proposal is once checked: below anything the grammar or the lexicon read.
CONFIDENCE_PROPOSED: Final = 0.6
# As many goals as the translator reads clauses.
MAX_GOALS: Final = 8
MAX_CONSTRAINTS: Final = 8
MAX_TEXT: Final = 500
BUILT_IN_ROUTINES: Final = frozenset({"morning", "bedtime", "away", "arrival", "movie"})
# Eight goals naming a hundred entities each fit in this; a longer answer is not read.
MAX_ANSWER_LENGTH: Final = 32_000
# Why an answer was refused quotes at most this much of it.
MAX_REASON_LENGTH: Final = 200

_TOP_KEYS: Final = frozenset({"goals", "constraints"})
_GOAL_KEYS: Final = frozenset({"type", "targets", "params"})
_TARGET_KEYS: Final = frozenset(
    {"entity_ids", "area_ids", "floor_ids", "domains", "device_classes"}
)
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class ProposalError(ValueError):
    """Why a proposal is refused."""


type _Check = Callable[[Any], Any]


def _number(low: float, high: float, *, not_zero: bool = False) -> _Check:
    def check(value: Any) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ProposalError(f"{value!r} is not a number")
        if not math.isfinite(value) or not low <= value <= high:
            raise ProposalError(f"{value!r} is not between {low:g} and {high:g}")
        if not_zero and value == 0:
            raise ProposalError("a step of 0 changes nothing")
        number: float | int = value
        return number

    return check


def _text(limit: int = MAX_TEXT) -> _Check:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise ProposalError(f"{value!r} is not a text of up to {limit} characters")
        return value

    return check


def _colour(value: Any) -> str:
    if not isinstance(value, str) or value.casefold() not in colour_names():
        raise ProposalError(f"{value!r} is not a colour name")
    return value.casefold()


def _rgb(value: Any) -> list[int]:
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(
            isinstance(part, int) and not isinstance(part, bool) and 0 <= part <= 255
            for part in value
        )
    ):
        raise ProposalError(f"{value!r} is not [red, green, blue] of 0-255")
    return list(value)


_PERCENT = _number(0, 100)
_STEP_PCT = _number(-100, 100, not_zero=True)
_TEMPERATURE = _number(-30, 100)
_TEMPERATURE_STEP = _number(-10, 10, not_zero=True)

# Per goal type: the params it may have, and of those, groups of which exactly one must
# be given (an absolute value or a step).
_PARAMS: Final[dict[GoalType, dict[str, _Check]]] = {
    # A light may be switched on at a level or colour (``light.turn_on`` takes them).
    GoalType.TURN_ON: {
        "brightness_pct": _PERCENT,
        "color_name": _colour,
        "color_temp_kelvin": _number(1000, 12000),
        "rgb_color": _rgb,
        "transition": _number(0, 300),
    },
    GoalType.SET_BRIGHTNESS: {
        "brightness_pct": _PERCENT,
        "brightness_step_pct": _STEP_PCT,
    },
    GoalType.SET_COLOR: {
        "color_name": _colour,
        "color_temp_kelvin": _number(1000, 12000),
        "rgb_color": _rgb,
    },
    GoalType.SET_TEMPERATURE: {
        "temperature": _TEMPERATURE,
        "temperature_step": _TEMPERATURE_STEP,
    },
    GoalType.SET_POSITION: {"position": _PERCENT, "position_step": _STEP_PCT},
    GoalType.SET_VOLUME: {"volume_pct": _PERCENT, "volume_step_pct": _STEP_PCT},
    GoalType.NOTIFY: {"message": _text(), "title": _text(100)},
    GoalType.RUN_APPLIANCE: {
        "appliance": _text(64),
        "duration_min": _number(1, 24 * 60),
        "energy_kwh": _number(0.01, 200),
    },
    GoalType.PRECONDITION: {"temperature": _TEMPERATURE},
    GoalType.ROUTINE: {"name": _text(100)},
}
_ONE_OF: Final[dict[GoalType, tuple[str, ...]]] = {
    GoalType.SET_BRIGHTNESS: ("brightness_pct", "brightness_step_pct"),
    GoalType.SET_COLOR: ("color_name", "color_temp_kelvin", "rgb_color"),
    GoalType.SET_TEMPERATURE: ("temperature", "temperature_step"),
    GoalType.SET_POSITION: ("position", "position_step"),
    GoalType.SET_VOLUME: ("volume_pct", "volume_step_pct"),
}
_REQUIRED: Final[dict[GoalType, tuple[str, ...]]] = {
    GoalType.NOTIFY: ("message",),
    GoalType.ROUTINE: ("name",),
}
# Goal-level goals that need no target.
_UNTARGETED: Final = frozenset(
    {
        GoalType.NOTIFY,
        GoalType.QUERY_STATE,
        GoalType.RUN_APPLIANCE,
        GoalType.OPTIMIZE_ENERGY,
        GoalType.PRECONDITION,
        GoalType.SECURE_HOME,
        GoalType.ROUTINE,
    }
)


def _iso(value: Any) -> str:
    if not isinstance(value, str):
        raise ProposalError(f"{value!r} is not a time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as err:
        raise ProposalError(f"{value!r} is not an ISO-8601 time") from err
    if moment.tzinfo is None:
        raise ProposalError(f"{value!r} has no time zone")
    return value


def _sun_event(value: Any) -> str:
    if value not in ("sunrise", "sunset"):
        raise ProposalError(f"{value!r} is not sunrise or sunset")
    return str(value)


def _entity_id(value: Any) -> str:
    # Whether the home has it is the planner's to say: a wait for a device it does
    # not know is infeasible, never run at once.
    if not isinstance(value, str) or _ENTITY_ID.fullmatch(value) is None:
        raise ProposalError(f"{value!r} is not an entity id")
    return value


_ENTITY_ID: Final = re.compile(r"[a-z_]+\.[a-z0-9_]+")


def _occupancy(value: Any) -> str:
    if value not in ("home", "away", "arrival"):
        raise ProposalError(f"{value!r} is not home, away or arrival")
    return str(value)


_CONSTRAINT_FIELDS: Final[dict[ConstraintType, dict[str, _Check]]] = {
    ConstraintType.DEADLINE: {"before": _iso},
    ConstraintType.NOT_BEFORE: {"after": _iso},
    ConstraintType.TIME_WINDOW: {"start": _iso, "end": _iso},
    ConstraintType.MINIMIZE_COST: {},
    ConstraintType.BUDGET: {"max_cost": _number(0.01, 10_000), "currency": _text(3)},
    ConstraintType.QUIET: {},
    ConstraintType.COMFORT_RANGE: {
        "min_temperature": _TEMPERATURE,
        "max_temperature": _TEMPERATURE,
    },
    ConstraintType.OCCUPANCY: {"when": _occupancy},
    ConstraintType.LOCAL_ONLY: {},
    ConstraintType.DURATION: {"minutes": _number(1, 7 * 24 * 60)},
    # Waits: for a device's state, for the sun (offset in minutes, before is < 0).
    ConstraintType.STATE: {"entity_id": _entity_id, "to": _text(40)},
    ConstraintType.SUN: {"event": _sun_event, "offset": _number(-720, 720)},
}


@dataclass(frozen=True, slots=True)
class GoalWords:
    """What a proposal may say about one goal type."""

    params: tuple[str, ...]
    # Exactly one of these params must be given; these must be given.
    one_of: tuple[str, ...]
    required: tuple[str, ...]
    needs_targets: bool


def goal_words() -> dict[GoalType, GoalWords]:
    """Every goal type with the params a proposal may give it (to tell a model)."""
    return {
        goal_type: GoalWords(
            params=tuple(_PARAMS.get(goal_type, {})),
            one_of=_ONE_OF.get(goal_type, ()),
            required=_REQUIRED.get(goal_type, ()),
            needs_targets=goal_type not in _UNTARGETED,
        )
        for goal_type in GoalType
    }


def constraint_words() -> dict[ConstraintType, tuple[str, ...]]:
    """Every constraint type with the fields a proposal must give it."""
    return {kind: tuple(fields) for kind, fields in _CONSTRAINT_FIELDS.items()}


@cache
def colour_names() -> frozenset[str]:
    """Colour names the lexicons know (what ``set_color`` is given by the translator)."""
    names: set[str] = set()
    for path in sorted(LEXICON_DIR.glob("*.yaml")):
        lexicon = load_lexicon(path.stem)
        if lexicon is None:  # pragma: no cover - every file there is a lexicon
            continue
        names.update(
            str(meaning.value)
            for meanings in lexicon.phrases.values()
            for meaning in meanings
            if meaning.tag is Tag.COLOUR
        )
    return frozenset(names)


def read_proposal(
    answer: Any,
    *,
    text: str,
    language: str,
    snapshot: ContextSnapshot,
    trigger_type: TriggerType = TriggerType.USER_REQUEST,
) -> TaskSpec:
    """The TaskSpec a language model's answer proposes, read and checked.

    ``answer`` is the model's text (a JSON object, perhaps in a code block or with
    words around it) or data it already structured. Never raises: an answer that is
    too long, holds no JSON object or breaks a rule of ``check_proposal`` gives a
    TaskSpec with no goals and ``unresolved`` saying why.
    """
    try:
        proposal = parse_answer(answer)
    except ProposalError as err:
        spec = TaskSpec(intent=text, language=language, trigger_type=trigger_type)
        spec.unresolved.append(refused_note(str(err)).localized(language))
        return spec
    return check_proposal(
        proposal,
        text=text,
        language=language,
        snapshot=snapshot,
        trigger_type=trigger_type,
    )


def parse_answer(answer: Any) -> Any:
    """The JSON object a language model's answer holds (``ProposalError`` if none).

    Models wrap JSON in code blocks and sentences, so the object is read from the first
    "{" to the last "}". A longer answer than any valid proposal is refused unread.
    """
    if isinstance(answer, Mapping):
        return answer
    if not isinstance(answer, str):
        raise ProposalError("the answer is not text")
    if len(answer) > MAX_ANSWER_LENGTH:
        raise ProposalError(f"the answer is longer than {MAX_ANSWER_LENGTH} characters")
    start, end = answer.find("{"), answer.rfind("}")
    if start < 0 or end < start:
        raise ProposalError("the answer holds no JSON object")
    try:
        return json.loads(answer[start : end + 1], parse_constant=_no_constant)
    except (ValueError, RecursionError) as err:
        raise ProposalError("the answer is not valid JSON") from err


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


_REFUSED: Final = "intake.model.refused"


def refused_note(detail: str) -> Reason:
    """The ``unresolved`` note for a language model's answer that is not used.

    A person reads that it could not be used; ``detail`` (what in the answer broke
    which rule, with its ids and values, cut to :data:`MAX_REASON_LENGTH`) is kept
    on the note for the log and the tests: it is the answer's words, not the home's
    language.
    """
    if len(detail) > MAX_REASON_LENGTH:
        detail = detail[: MAX_REASON_LENGTH - 1] + "…"
    return Reason(_REFUSED, detail=detail)


def refusal_detail(note: str) -> str | None:
    """What broke a rule, for a note of :func:`refused_note`; None for any other."""
    if getattr(note, "key", None) != _REFUSED:
        return None
    return str(getattr(note, "args", {}).get("detail"))


def check_proposal(
    proposal: Any,
    *,
    text: str,
    language: str,
    snapshot: ContextSnapshot,
    trigger_type: TriggerType = TriggerType.USER_REQUEST,
) -> TaskSpec:
    """The TaskSpec ``proposal`` (a language model's JSON answer) stands for, if valid.

    Never raises: a proposal that breaks any rule (module doc) gives a TaskSpec with no
    goals and ``unresolved`` saying why it was refused.
    """
    spec = TaskSpec(intent=text, language=language, trigger_type=trigger_type)
    try:
        goals, constraints = _read(proposal, snapshot)
    except ProposalError as err:
        spec.unresolved.append(refused_note(str(err)).localized(language))
        return spec
    spec.goals = goals
    spec.constraints = constraints
    spec.confidence = CONFIDENCE_PROPOSED
    spec.privacy_class = privacy_class(goals, constraints, snapshot)
    return spec


def _read(
    proposal: Any, snapshot: ContextSnapshot
) -> tuple[list[Goal], list[Constraint]]:
    data = _mapping(proposal, "the answer", _TOP_KEYS)
    goals = [
        _goal(item, snapshot) for item in _list(data.get("goals"), "goals", MAX_GOALS)
    ]
    if not goals:
        raise ProposalError("it proposes no goal")
    constraints = [
        _constraint(item)
        for item in _list(data.get("constraints"), "constraints", MAX_CONSTRAINTS)
    ]
    return goals, constraints


def _goal(data: Any, snapshot: ContextSnapshot) -> Goal:
    item = _mapping(data, "a goal", _GOAL_KEYS)
    try:
        goal_type = GoalType(str(item.get("type")))
    except ValueError as err:
        raise ProposalError(f"{item.get('type')!r} is not a goal type") from err
    params = _params(goal_type, _mapping(item.get("params") or {}, "params", None))
    targets = _targets(_mapping(item.get("targets") or {}, "targets", _TARGET_KEYS))
    goal = Goal(goal_type, targets, params)
    _check_targets(goal, snapshot)
    if goal_type is GoalType.ROUTINE:
        _check_routine(str(params["name"]), snapshot)
    return goal


def _params(goal_type: GoalType, data: Mapping[str, Any]) -> dict[str, Any]:
    allowed = _PARAMS.get(goal_type, {})
    params: dict[str, Any] = {}
    for name, value in data.items():
        check = allowed.get(name)
        if check is None:
            raise ProposalError(f"{goal_type.value} takes no param {name!r}")
        try:
            params[name] = check(value)
        except ProposalError as err:
            raise ProposalError(f"{goal_type.value} {name}: {err}") from err
    one_of = _ONE_OF.get(goal_type, ())
    if one_of and sum(name in params for name in one_of) != 1:
        raise ProposalError(
            f"{goal_type.value} needs exactly one of {', '.join(one_of)}"
        )
    for name in _REQUIRED.get(goal_type, ()):
        if name not in params:
            raise ProposalError(f"{goal_type.value} needs {name}")
    return params


def _targets(data: Mapping[str, Any]) -> Targets:
    lists = {}
    for key in _TARGET_KEYS:
        values = _list(data.get(key), key, 100)
        for value in values:
            if not isinstance(value, str):
                raise ProposalError(f"{key}: {value!r} is not an id")
        lists[key] = [str(value) for value in values]
    return Targets(**lists)


def _check_targets(goal: Goal, snapshot: ContextSnapshot) -> None:
    """Everything named exists and is exposed; a device goal can be carried out."""
    targets = goal.targets
    for entity_id in targets.entity_ids:
        entity = snapshot.entities.get(entity_id)
        if entity is None or not entity.exposed:
            raise ProposalError(f"{entity_id} is not a device exposed to Assist")
    for area_id in targets.area_ids:
        if area_id not in snapshot.areas:
            raise ProposalError(f"{area_id} is not an area of the home")
    for floor_id in targets.floor_ids:
        if floor_id not in snapshot.floors:
            raise ProposalError(f"{floor_id} is not a floor of the home")
    for name in (*targets.domains, *targets.device_classes):
        if not _IDENTIFIER.match(name):
            raise ProposalError(f"{name!r} is not a domain or device class")
    if goal.type not in DEVICE_GOALS:
        if targets.is_empty() and goal.type not in _UNTARGETED:
            raise ProposalError(f"{goal.type.value} names nothing to act on")
        return
    possible = domains_for(goal.type)
    if outside := sorted(set(targets.domains) - possible):
        raise ProposalError(f"{goal.type.value} cannot act on {', '.join(outside)}")
    if targets.is_empty():
        raise ProposalError(f"{goal.type.value} names nothing to act on")
    for entity_id in targets.entity_ids:
        if not _able(goal, snapshot.entities[entity_id]):
            raise ProposalError(
                f"{entity_id} cannot {goal.type.value.replace('_', ' ')}"
            )
    if not any(
        entity.exposed and _able(goal, entity) for entity in snapshot.select(targets)
    ):
        raise ProposalError(
            f"no exposed device there can {goal.type.value.replace('_', ' ')}"
        )


def reached(goal: Goal, snapshot: ContextSnapshot) -> list[EntityInfo]:
    """The entities a checked goal can act on (exposed or not: what it may reach)."""
    selected = snapshot.select(goal.targets)
    if goal.type not in DEVICE_GOALS:
        return selected
    return [entity for entity in selected if _able(goal, entity)]


def _able(goal: Goal, entity: EntityInfo) -> bool:
    return entity.domain in domains_for(goal.type) and can_do(
        goal.type, entity, goal.params
    )


def _check_routine(name: str, snapshot: ContextSnapshot) -> None:
    """A built-in routine, or an exposed scene or script of that name."""
    if name.casefold() in BUILT_IN_ROUTINES:
        return
    named = {
        entity.name.casefold()
        for entity in snapshot.entities.values()
        if entity.exposed and entity.domain in ("scene", "script")
    }
    if name.casefold() not in named:
        raise ProposalError(f"{name!r} is no routine, scene or script of the home")


def _constraint(data: Any) -> Constraint:
    if not isinstance(data, Mapping):
        raise ProposalError(f"{data!r} is not a constraint")
    try:
        kind = ConstraintType(str(data.get("type")))
    except ValueError as err:
        raise ProposalError(f"{data.get('type')!r} is not a constraint type") from err
    allowed = _CONSTRAINT_FIELDS[kind]
    fields = {key: value for key, value in data.items() if key != "type"}
    if set(fields) != set(allowed):
        raise ProposalError(
            f"{kind.value} takes {', '.join(sorted(allowed)) or 'no fields'}"
        )
    checked = {name: allowed[name](value) for name, value in fields.items()}
    if kind is ConstraintType.BUDGET and not _CURRENCY.match(checked["currency"]):
        raise ProposalError(f"{checked['currency']!r} is not a currency code")
    if kind is ConstraintType.TIME_WINDOW and datetime.fromisoformat(
        checked["start"]
    ) >= datetime.fromisoformat(checked["end"]):
        raise ProposalError("the time window ends before it starts")
    if (
        kind is ConstraintType.COMFORT_RANGE
        and checked["min_temperature"] > checked["max_temperature"]
    ):
        raise ProposalError("the comfort range is upside down")
    return Constraint(kind, checked)


def _mapping(value: Any, what: str, keys: frozenset[str] | None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise ProposalError(f"{what} is not an object")
    if keys is not None and (unknown := sorted(set(value) - keys)):
        raise ProposalError(f"{what} has unknown keys: {', '.join(unknown)}")
    return value


def _list(value: Any, what: str, limit: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ProposalError(f"{what} is not a list")
    if len(value) > limit:
        raise ProposalError(f"{what}: more than {limit}")
    return value
