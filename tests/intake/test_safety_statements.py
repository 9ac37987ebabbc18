"""Never what was not asked (issue 14): statements and questions about an appliance.

A sentence that says how an appliance is ("the coffee maker is broken", "we're out of
coffee"), asks oneself about it ("do I need to start the vacuum?"), asks for a job no
device does ("reset the coffee maker"), for its door ("open the dishwasher") or for
an item on a list ("add coffee to the shopping list") names
the device but asks it for nothing it can do: the translator does nothing and says
why. The home is the test home of ``homes.py``; requests come from its living room.
"""

from __future__ import annotations

import pytest

from .homes import acts_in_test_home, home, said_in, selected

# What the note says, by reason and language.
_QUESTION = {"en": "This is a question", "de": "Das ist eine Frage"}
_STATEMENT = {"en": "says how things are", "de": "sagt, wie etwas ist"}
_MAINTENANCE = {"en": "is a job for a person", "de": "ist eine Aufgabe für einen"}
_INCAPABLE = {"en": "cannot do that", "de": "kann das nicht"}
_WRITTEN_DOWN = {"en": "is for writing things down", "de": "ist zum Aufschreiben da"}


def _asks(language: str, text: str, said: str) -> None:
    snapshot = home(language)
    spec = said_in(snapshot, text, language=language)
    assert spec.goals == [], selected(snapshot, spec)
    assert any(said in note for note in spec.unresolved), spec.unresolved


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "do i need to start the vacuum"),
        ("en", "Do we need to run the dishwasher?"),
        ("en", "must i start the vacuum"),
        ("de", "Brauche ich den Staubsauger?"),
        ("de", "Soll ich den Staubsauger starten?"),
        ("de", "Muss ich den Staubsauger starten?"),
    ],
)
def test_a_question_to_oneself_is_no_command(language: str, text: str) -> None:
    """ "I need to" is politeness in a command, not after "do" that asks."""
    _asks(language, text, _QUESTION[language])


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "the coffee maker is broken"),
        ("en", "we're out of coffee"),
        ("en", "we are out of coffee"),
        ("en", "the coffee ran out"),
        ("en", "the vacuum is stuck"),
        ("de", "Die Kaffeemaschine ist kaputt"),
        ("de", "Der Kaffee ist alle"),
        ("de", "Der Kaffee ist ausgegangen"),
    ],
)
def test_a_statement_about_an_appliance_is_no_command(language: str, text: str) -> None:
    """Out of coffee is no "coffee off", a broken coffee maker no "coffee on"."""
    _asks(language, text, _STATEMENT[language])


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "reset the coffee maker", "“reset”"),
        ("en", "descale the coffee maker", "“descale”"),
        ("de", "Kaffeemaschine zurücksetzen", "„zurücksetzen“"),
        ("de", "Die Kaffeemaschine entkalken", "„entkalken“"),
    ],
)
def test_a_job_for_a_person_is_no_start(language: str, text: str, said: str) -> None:
    _asks(language, text, said)
    _asks(language, text, _MAINTENANCE[language])


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("en", "open the dishwasher", "Dishwasher"),
        ("en", "close the dishwasher", "Dishwasher"),
        ("en", "open the coffee maker", "Coffee maker"),
        ("de", "Mach die Spülmaschine auf", "Spülmaschine"),
        ("de", "Öffne die Spülmaschine", "Spülmaschine"),
        ("de", "Mach die Kaffeemaschine zu", "Kaffeemaschine"),
    ],
)
def test_an_appliance_on_a_switch_does_not_open(
    language: str, text: str, name: str
) -> None:
    """Its door is opened by hand; switching it on would start it."""
    _asks(language, text, f"{name} {_INCAPABLE[language]}")


@pytest.mark.parametrize(
    ("language", "text", "goals"),
    [
        ("en", "out of coffee again make some", [("turn_on", ["switch.coffee_maker"])]),
        ("en", "make me a coffee", [("turn_on", ["switch.coffee_maker"])]),
        ("en", "I need a coffee", [("turn_on", ["switch.coffee_maker"])]),
        ("en", "turn off the coffee maker", [("turn_off", ["switch.coffee_maker"])]),
        ("en", "start the vacuum", [("vacuum_start", ["vacuum.robot"])]),
        ("en", "run the dishwasher", [("run_appliance", ["switch.dishwasher"])]),
        ("en", "i need to start the vacuum", [("vacuum_start", ["vacuum.robot"])]),
        (
            "en",
            "do you mind turning off the light",
            [("turn_off", ["light.living_room_ceiling", "light.living_room_lamp"])],
        ),
        (
            "en",
            "turn out the lights",
            [("turn_off", ["light.living_room_ceiling", "light.living_room_lamp"])],
        ),
        ("en", "open the garage door", [("open", ["cover.garage_door"])]),
        ("de", "Mach mir einen Kaffee", [("turn_on", ["switch.coffee_maker"])]),
        ("de", "Ich brauche einen Kaffee", [("turn_on", ["switch.coffee_maker"])]),
        ("de", "Mach die Kaffeemaschine an", [("turn_on", ["switch.coffee_maker"])]),
        (
            "de",
            "Schalte die Kaffeemaschine aus",
            [("turn_off", ["switch.coffee_maker"])],
        ),
        ("de", "Starte den Staubsauger", [("vacuum_start", ["vacuum.robot"])]),
        ("de", "Starte die Spülmaschine", [("run_appliance", ["switch.dishwasher"])]),
        ("de", "Mach die Rollläden auf", [("open", ["cover.living_room_blinds"])]),
    ],
)
def test_commands_to_the_same_appliances_still_act(
    language: str, text: str, goals: list[tuple[str, list[str]]]
) -> None:
    assert acts_in_test_home(language, text) == goals


@pytest.mark.parametrize(
    ("language", "text", "command"),
    [
        ("en", "add coffee to the shopping list", "make coffee"),
        ("en", "add turn off the lights to my todo list", "turn off the lights"),
        (
            "en",
            "put turn on the kitchen light on my to-do list",
            "turn on the kitchen light",
        ),
        ("en", "add open the garage door to my tasks", "open the garage door"),
        ("en", "add a task to start the vacuum", "start the vacuum"),
        ("en", "we need coffee add it to the list", "make coffee"),
        ("de", "setz Kaffee auf die Einkaufsliste", "mach Kaffee"),
        ("de", "schreib Licht ausschalten auf meine To-do-Liste", "Licht ausschalten"),
        ("de", "füge Garage öffnen zu meiner Aufgabenliste hinzu", "öffne die Garage"),
    ],
)
def test_what_goes_on_a_list_is_written_down_not_done(
    language: str, text: str, command: str
) -> None:
    """An item for a list names a device and a verb, but nothing is to be done now."""
    assert any(acted for _, acted in acts_in_test_home(language, command))
    _asks(language, text, _WRITTEN_DOWN[language])


@pytest.mark.parametrize(
    ("language", "text", "said"),
    [
        ("en", "tell me whether the tv is on", _QUESTION["en"]),
        ("en", "please tell me, are the lights on", _QUESTION["en"]),
        ("en", "can you tell me if the kitchen light is on", "“if” is a condition"),
        ("en", "notify me when the washing machine finishes", "not understood"),
        ("en", "let me know when the dishwasher is finished", "not understood"),
        ("de", "gib mir bescheid wenn die Spülmaschine fertig ist", "nicht verstanden"),
        ("de", "sag mir, ob das Licht an ist", _QUESTION["de"]),
    ],
)
def test_a_question_to_tell_is_no_message_to_send(
    language: str, text: str, said: str
) -> None:
    """Sent now, "are the lights on" or "when the washer finishes" says what nobody
    checked: nothing is sent."""
    _asks(language, text, said)


@pytest.mark.parametrize(
    ("language", "text", "message"),
    [
        ("en", "tell me that dinner is ready", "dinner is ready"),
        ("en", "let me know that dinner is ready", "dinner is ready"),
        ("de", "erinnere mich daran, den Müll rauszubringen", "den Müll rauszubringen"),
    ],
)
def test_a_message_is_still_sent(language: str, text: str, message: str) -> None:
    spec = said_in(home(language), text, language=language)
    assert [(goal.type.value, goal.params) for goal in spec.goals] == [
        ("notify", {"message": message})
    ]
