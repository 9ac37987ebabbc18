"""Never the wrong device, never what was not asked (issue 14): follow-ups and idioms.

A clause that names no device after one that names a media player asks that player
for more ("turn on the kitchen speaker and play music"), not the TV of the room it was
said in. An idiom is no command: "chill" is relaxing, not cooling; "I can't hear the
TV" is no "off"; "set my alarm" is an alarm clock's, not the alarm system's; "bye" is
no one leaving the house. The home is the test home of ``homes.py``; requests come
from its living room.
"""

from __future__ import annotations

import pytest

from .homes import acts_in_test_home, home, said_in, selected

_TV = ["media_player.tv"]
_LIVING_LIGHTS = ["light.living_room_ceiling", "light.living_room_lamp"]


@pytest.mark.parametrize(
    ("language", "text", "player", "then"),
    [
        (
            "en",
            "turn on the kitchen speaker and play music",
            "media_player.kitchen_speaker",
            "media_play",
        ),
        (
            "en",
            "turn on the bedroom tv and play music on it",
            "media_player.bedroom_tv",
            "media_play",
        ),
        (
            "en",
            "turn on the kitchen speaker and set the volume to 30",
            "media_player.kitchen_speaker",
            "set_volume",
        ),
        (
            "en",
            "turn on the bedroom tv and set the volume to 20",
            "media_player.bedroom_tv",
            "set_volume",
        ),
        (
            "en",
            "turn on the tv in the bedroom and play music",
            "media_player.bedroom_tv",
            "media_play",
        ),
        (
            "en",
            "turn on the speaker and play music",
            "media_player.kitchen_speaker",
            "media_play",
        ),
        (
            "de",
            "schalte den Küchenlautsprecher ein und spiel Musik",
            "media_player.kitchen_speaker",
            "media_play",
        ),
        (
            "de",
            "schalte den Schlafzimmer Fernseher ein und stell die Lautstärke auf 20",
            "media_player.bedroom_tv",
            "set_volume",
        ),
    ],
)
def test_a_follow_up_without_a_device_asks_the_player_just_named(
    language: str, text: str, player: str, then: str
) -> None:
    """Music and volume for the player named before, not the TV of the room."""
    assert acts_in_test_home(language, text) == [
        ("turn_on", [player]),
        (then, [player]),
    ]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "turn on the tv and mute it",
            [("turn_on", ["media_player.tv"]), ("set_volume", ["media_player.tv"])],
        ),
        (
            "en",
            "turn on the bedroom tv and pause it",
            [
                ("turn_on", ["media_player.bedroom_tv"]),
                ("media_pause", ["media_player.bedroom_tv"]),
            ],
        ),
        (
            "en",
            "turn on the kitchen speaker and pause the tv",
            [
                ("turn_on", ["media_player.kitchen_speaker"]),
                ("media_pause", ["media_player.tv"]),
            ],
        ),
        (
            "en",
            "turn on the lights and play music",
            [
                ("turn_on", ["light.living_room_ceiling", "light.living_room_lamp"]),
                ("media_play", ["media_player.tv"]),
            ],
        ),
        (
            "de",
            "schalte den Fernseher ein und schalte ihn stumm",
            [("turn_on", ["media_player.tv"]), ("set_volume", ["media_player.tv"])],
        ),
    ],
)
def test_a_follow_up_naming_its_device_or_after_no_player_is_unchanged(
    language: str, text: str, expected: list[tuple[str, list[str]]]
) -> None:
    """ "Mute it", "pause the tv", music after the lights: as before."""
    assert acts_in_test_home(language, text) == expected


def _asks(language: str, text: str) -> list[str]:
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert acts_in_test_home(language, text) == []
    assert spec.unresolved
    return spec.unresolved


@pytest.mark.parametrize(
    "text", ["chill out", "chill", "just chill", "chill mode", "time to chill"]
)
def test_chill_is_relaxing_not_the_heating(text: str) -> None:
    """ "Chill" is no slip of "chilly": the heating is neither off nor turned up."""
    _asks("en", text)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "it is chilly", [("set_temperature", ["climate.thermostat"])]),
        ("en", "i can't hear the tv", [("set_volume", ["media_player.tv"])]),
        ("en", "i don't need the light any more", [("turn_off", _LIVING_LIGHTS)]),
        ("de", "ich brauche den Fernseher nicht mehr", [("turn_off", _TV)]),
        ("de", "ich höre nichts", [("set_volume", _TV)]),
    ],
)
def test_a_complaint_or_a_device_not_needed_is_unchanged(
    language: str, text: str, expected: list[tuple[str, list[str]]]
) -> None:
    """ "Chilly" is cold; a device not needed any more is switched off."""
    assert acts_in_test_home(language, text) == expected


_NEGATION = {"en": "asks not to do something", "de": "nicht zu tun"}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "i don't hear the tv"),
        ("de", "ich höre den Fernseher nicht"),
        ("de", "ich kann den Fernseher nicht hören"),
    ],
)
def test_a_negated_perception_is_no_off(language: str, text: str) -> None:
    """ "I can't hear the TV": the TV stays on; nothing is done, and why is said."""
    assert any(_NEGATION[language] in note for note in _asks(language, text))


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "set my alarm", "about an alarm clock"),
        ("en", "set my alarm for 7 am", "about an alarm clock"),
        ("en", "set an alarm for 7", "“an alarm” is about an alarm clock"),
        ("en", "turn off my alarm", "about an alarm clock"),
        ("de", "stell meinen Alarm", "betrifft einen Wecker"),
        ("de", "stelle einen Alarm für 7 Uhr", "„einen alarm“ betrifft einen Wecker"),
    ],
)
def test_an_alarm_one_owns_is_an_alarm_clock(
    language: str, text: str, said: str
) -> None:
    """ "Set my alarm" is a clock's: no door is locked, no alarm system armed."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == []
    assert any(said in note for note in spec.unresolved), spec.unresolved


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "arm the alarm"),
        ("en", "arm the security system"),
        ("en", "arm my alarm"),
        ("de", "schalte den Alarm ein"),
    ],
)
def test_arming_the_alarm_is_unchanged(language: str, text: str) -> None:
    """The alarm system is armed when it is asked for (it had been "secure the home",
    which locks and closes and never arms it)."""
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert [goal.type.value for goal in spec.goals] == ["turn_on"]
    assert selected(snapshot, spec) == ["alarm_control_panel.home"]


def test_asking_about_my_alarm_still_reads_the_alarm_system() -> None:
    """ "Is my alarm on": a question about its state, nothing is done."""
    spec = said_in(home("en"), "is my alarm on", language="en")
    assert [goal.type.value for goal in spec.goals] == ["query_state"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "bye"),
        ("en", "goodbye"),
        ("en", "see you later"),
        ("de", "tschüss"),
        ("de", "auf wiedersehen"),
        ("de", "bis später"),
    ],
)
def test_a_farewell_alone_runs_no_away_routine(language: str, text: str) -> None:
    """ "Bye" says no one leaves the house: no door is locked, no vacuum started."""
    spec = said_in(home(language), text, language=language)
    assert spec.goals == []
    assert spec.unresolved


@pytest.mark.parametrize(
    ("language", "text", "routine"),
    [
        ("en", "we're leaving", "away"),
        ("en", "i'm going out", "away"),
        ("en", "i'm going on holiday", "away"),
        ("en", "good night", "bedtime"),
        ("de", "wir gehen jetzt", "away"),
        ("de", "gute nacht", "bedtime"),
    ],
)
def test_leaving_the_house_still_runs_the_away_routine(
    language: str, text: str, routine: str
) -> None:
    """Saying the house is being left, or good night, still runs its routine."""
    spec = said_in(home(language), text, language=language)
    assert [(goal.type.value, goal.params.get("name")) for goal in spec.goals] == [
        ("routine", routine)
    ]


def test_a_farewell_beside_a_command_does_only_the_command() -> None:
    """ "Bye, turn off the lights": the lights, and no away routine."""
    assert acts_in_test_home("en", "bye, turn off the lights") == [
        ("turn_off", _LIVING_LIGHTS)
    ]


@pytest.mark.parametrize(
    ("language", "text", "goal", "acted"),
    [
        ("en", "play the next song", "media_next", "media_player.tv"),
        ("de", "spiel das nächste Lied", "media_next", "media_player.tv"),
        ("en", "vacuum return to base", "vacuum_return", "vacuum.robot"),
        ("en", "vacuum go back to the dock", "vacuum_return", "vacuum.robot"),
        ("en", "stop vacuuming", "vacuum_return", "vacuum.robot"),
        ("de", "Saugen beenden", "vacuum_return", "vacuum.robot"),
        # Guards: one verb alone keeps its meaning.
        ("en", "play music", "media_play", "media_player.tv"),
        ("en", "vacuum the kitchen", "vacuum_start", "vacuum.robot"),
    ],
)
def test_the_verb_that_says_what_to_do_wins_over_the_one_that_names(
    language: str, text: str, goal: str, acted: str
) -> None:
    """ "Play the next song" skips, "vacuum, go back to the dock" docks.

    The first verb names the playing or the device; it had started the vacuum it was
    told to send home and played on instead of skipping. "Go back" before "the dock"
    is the vacuum's way home, never the previous song on the TV.
    """
    assert acts_in_test_home(language, text) == [(goal, [acted])]
