"""What state an entity should reach after an action, to verify each step ran.

Transitional states ("opening", "locking") count as reached: the device accepted the
command and is on its way; waiting for a garage door to finish would hold up the plan.
"""

from __future__ import annotations

import re
from typing import Final

from .literal import string_literal

_ON_OFF_DOMAINS: Final = (
    "light",
    "switch",
    "fan",
    "input_boolean",
    "humidifier",
    "siren",
    "remote",
    "automation",
)

EXPECTED_STATES: Final[dict[str, tuple[str, ...]]] = {
    **{f"{domain}.turn_on": ("on",) for domain in _ON_OFF_DOMAINS},
    **{f"{domain}.turn_off": ("off",) for domain in _ON_OFF_DOMAINS},
    "cover.open_cover": ("open", "opening"),
    "cover.close_cover": ("closed", "closing"),
    "valve.open_valve": ("open", "opening"),
    "valve.close_valve": ("closed", "closing"),
    "lock.lock": ("locked", "locking"),
    "lock.unlock": ("unlocked", "unlocking", "open", "opening"),
    "lock.open": ("open", "opening", "unlocked"),
    "media_player.media_play": ("playing",),
    "media_player.media_pause": ("paused", "idle"),
    "media_player.turn_on": ("on", "idle", "playing", "paused", "buffering"),
    "media_player.turn_off": ("off", "standby"),
    "vacuum.start": ("cleaning",),
    "vacuum.return_to_base": ("returning", "docked"),
    "lawn_mower.start_mowing": ("mowing",),
    "lawn_mower.dock": ("returning", "docked"),
    "climate.turn_off": ("off",),
    "water_heater.turn_off": ("off",),
}

# Seconds to wait for a device to report the state it was asked for.
VERIFY_TIMEOUT_S: Final = 30


def expected_states(action: str | None) -> tuple[str, ...]:
    """States that show ``action`` took effect; empty when it cannot be told by state."""
    return EXPECTED_STATES.get(action or "", ())


_ENTITY_ID: Final = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")


#: Action data key of a last-resort notification's message that names only the
#: devices that did not take effect: a template of ours, which the handover sends
#: as the message (every other string of action data is sent literally).
FAILED_ONLY_MESSAGE: Final = "message_naming_failures"


def not_reached(
    entity_ids: list[str],
    states: tuple[str, ...],
    attribute: str,
    *,
    around: tuple[str, str] = ("", ""),
) -> str:
    """A template of the entities that are not in one of ``states`` when it renders.

    It gives their ``attribute``: ``entity_id`` as a list, ``name`` comma-separated,
    between the texts ``around`` (``before``, ``after``). Made of entity ids, state
    words and those texts as Jinja string literals only: names are read when it
    renders and the texts are never evaluated, so no text a person wrote is ever
    part of a template.
    """
    ids = [entity_id for entity_id in entity_ids if _ENTITY_ID.match(entity_id)]
    end = "list" if attribute == "entity_id" else "join(', ')"
    found = (
        "expand("
        + repr(ids)
        + ") | rejectattr('state', 'in', "
        + repr(list(states))
        + ") | map(attribute='"
        + attribute
        + "') | "
        + end
    )
    before, after = around
    if not before and not after:
        return "{{ " + found + " }}"
    return (
        "{{ "
        + string_literal(before)
        + " ~ ("
        + found
        + ") ~ "
        + string_literal(after)
        + " }}"
    )
