"""Never the wrong device (issue 14): a device called by the noun, doors, seek words.

A device whose name is the noun said (a Sprinkler among the garden's valves) is the one
meant over the others of its kind there; a bare "door" never opens or closes a garage
door; "skip back" is the previous track, never a place. The home is the test home of
``homes.py`` with valves in the garden and a patio added.
"""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
)

from .homes import garden_sprinkler, goals_acting, home_with, said_in


def _home(language: str, *, locks: bool = True) -> ContextSnapshot:
    german = language == "de"
    snapshot = home_with(
        language,
        garden_sprinkler(language),
        EntityInfo(
            entity_id="valve.water_valve",
            name="Wasserventil" if german else "Water valve",
            area_id="garden",
        ),
        areas=(
            AreaInfo(
                area_id="patio",
                name="Terrasse" if german else "Patio",
                floor_id="ground",
            ),
        ),
    )
    if not locks:
        del snapshot.entities["lock.front_door"]
        del snapshot.entities["lock.back_door"]
    return snapshot


def _acts(language: str, text: str, *, area: str | None = None, locks: bool = True):
    snapshot = _home(language, locks=locks)
    spec = said_in(snapshot, text, language=language, area=area)
    return goals_acting(snapshot, spec), spec.unresolved


# --- a device called by the noun said --------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "turn on the sprinkler in the garden"),
        ("en", "turn on the sprinkler"),
        ("de", "schalte den Rasensprenger im Garten ein"),
        ("de", "schalte den Rasensprenger ein"),
    ],
)
def test_device_called_by_the_noun(language: str, text: str) -> None:
    """The Sprinkler, not the Water valve beside it."""
    goals, unresolved = _acts(language, text)
    assert goals == [("open", ["valve.sprinkler"])], unresolved


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "open the valve in the garden"),
        ("de", "öffne das Ventil im Garten"),
    ],
)
def test_noun_no_device_is_called_asks(language: str, text: str) -> None:
    """A noun that is neither valve's name: which one?"""
    goals, unresolved = _acts(language, text)
    assert goals == []
    assert len(unresolved) == 1
    assert "Sprinkler" in unresolved[0] or "Rasensprenger" in unresolved[0]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # A sprinkler is a device called so (the Water valve is none); valves are both.
        ("en", "open the valves in the garden"),
        ("en", "turn on the lights in the kitchen"),
        ("de", "schalte das Licht in der Küche ein"),
    ],
)
def test_plural_and_lights_stay_every_device_there(language: str, text: str) -> None:
    """The plural, and a light in a room, still mean every such device there."""
    goals, unresolved = _acts(language, text)
    assert len(goals) == 1, unresolved
    assert len(goals[0][1]) == 2


def test_tv_beside_a_bedroom_tv_is_asked() -> None:
    """ "The TV" beside a Bedroom TV: both are called so, from no room we ask."""
    goals, unresolved = _acts("en", "power off the tv")
    assert goals == []
    assert "Bedroom TV" in unresolved[0]


# --- a bare "door" is no garage door ---------------------------------------------------


@pytest.mark.parametrize("text", ["open the door", "close the door", "close the doors"])
@pytest.mark.parametrize("area", ["living_room", None])
def test_bare_door_never_moves_the_garage_door(text: str, area: str | None) -> None:
    """The home's only door that opens is the garage's: we ask, we do not open it."""
    goals, unresolved = _acts("en", text, area=area, locks=False)
    assert all(entities == [] for _, entities in goals)
    assert len(unresolved) == 1
    assert "Garage door" in unresolved[0]


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("open the garage", "open"),
        ("close the garage", "close"),
        ("open the garage door", "open"),
        ("open the door in the garage", "open"),
    ],
)
def test_garage_said_still_moves_its_door(text: str, goal: str) -> None:
    """The garage said, by its room or its name: its door."""
    goals, unresolved = _acts("en", text, locks=False)
    assert goals == [(goal, ["cover.garage_door"])], unresolved


def test_lock_the_doors_stays_the_locks() -> None:
    """Locking reaches the locks, never the garage door."""
    goals, unresolved = _acts("en", "lock all the doors")
    assert goals == [("lock", ["lock.back_door", "lock.front_door"])], unresolved


# --- which way a track is skipped ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "goal"),
    [
        ("en", "skip backward", "media_previous"),
        ("en", "skip backwards", "media_previous"),
        ("en", "play backward", "media_previous"),
        ("en", "skip back", "media_previous"),
        ("en", "skip forward", "media_next"),
        ("de", "spring zurück", "media_previous"),
        ("de", "springe vor", "media_next"),
    ],
)
def test_seek_words_are_no_place(language: str, text: str, goal: str) -> None:
    """ "Backward" is no backyard: the kitchen's speaker skips back."""
    goals, unresolved = _acts(language, text, area="kitchen")
    assert goals == [(goal, ["media_player.kitchen_speaker"])], unresolved
