"""The recommender's passes: rules together, safety, and an evening moved along."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
import json
import logging

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.orchestration.core.insights.devices import may_act_on
from custom_components.orchestration.core.insights.memory import (
    InsightMemory,
    Outcome,
)
from custom_components.orchestration.core.insights.observation import (
    DeferrableLoad,
    History,
    LoadStatus,
)
from custom_components.orchestration.core.insights.options import (
    RULE_GROUPS,
    InsightOptions,
    WindowOpenOptions,
)
from custom_components.orchestration.core.insights.recommender import (
    recommend,
    recommendation,
    run_pass,
)
from custom_components.orchestration.core.insights.rules import RULES
from custom_components.orchestration.core.insights.suggestion import (
    EndKind,
    Suggestion,
)
from custom_components.orchestration.core.insights.texts import reason, title
from custom_components.orchestration.core.models import (
    Goal,
    GoalType,
    Targets,
    TriggerType,
)

from .home import (
    T0,
    Home,
    at_utc,
    hourly_history,
    make_suggestion,
    surplus,
)

OPTIONS = InsightOptions()


def test_every_rule_has_its_options_in_order() -> None:
    assert tuple(RULES) == RULE_GROUPS


def evening() -> Home:
    """Anna home; the living room heated, lit, its window closed, motion seen."""
    home = Home()
    home.person("person.anna", "Anna")
    home.climate("climate.living_room", "living_room")
    home.window("binary_sensor.living_room_window", "living_room")
    home.light("light.living_room_lamp", "living_room", "on", name="Lamp")
    home.motion("binary_sensor.living_room_motion", "living_room", "on")
    home.quiet_hours(at_utc(21), at_utc(6, day=13))
    return home


def test_rules_can_be_switched_off_one_by_one_or_all() -> None:
    home = evening()
    home.set("binary_sensor.living_room_window", "on")
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(30)
    assert [item.key for item in recommend(home.observe(), OPTIONS)] == [
        "window_open:living_room",
        "idle_area:living_room",
    ]
    no_windows = replace(OPTIONS, window_open=WindowOpenOptions(enabled=False))
    assert [item.key for item in recommend(home.observe(), no_windows)] == [
        "idle_area:living_room"
    ]
    assert recommend(home.observe(), replace(OPTIONS, enabled=False)) == []


def test_the_last_line_of_defence_drops_unsafe_suggestions(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Were a rule ever to propose the front door, nothing would be offered."""
    home = evening()
    home.add("lock.front_door", "unlocked", "hallway")

    def careless(observation, options) -> list[Suggestion]:
        door = make_suggestion(rule="away", subject="home", targets=["lock.front_door"])
        by_area = make_suggestion(rule="away", subject="area")
        by_area.task.goals = [Goal(GoalType.TURN_OFF, Targets(area_ids=["kitchen"]))]
        excluded = make_suggestion(rule="away", subject="lamp")
        excluded.task.goals = [
            Goal(GoalType.TURN_OFF, Targets(entity_ids=["light.living_room_lamp"]))
        ]
        return [door, by_area, excluded]

    monkeypatch.setitem(RULES, "away", careless)
    options = replace(
        OPTIONS, excluded_entity_ids=frozenset({"light.living_room_lamp"})
    )
    with caplog.at_level(logging.WARNING):
        assert recommend(home.observe(), options) == []
    assert "Dropped an unsafe suggestion: away:home" in caplog.text


def test_an_evening_moved_along() -> None:
    """Airing, a dismissal, leaving at night: what is offered, ended and delivered."""
    home = evening()
    memory = InsightMemory()

    def step(minutes: float = 0, **kw):
        home.advance(minutes, **kw)
        result = run_pass(memory, home.observe(), OPTIONS)
        for offer in result.deliver:
            memory.delivered(offer.suggestion.key, home.now)
        return result

    # 17:00 Berlin: the window opens; ten minutes later the home suggests.
    home.set("binary_sensor.living_room_window", "on")
    assert step(9).offered == []
    result = step(1)
    assert [item.key for item in result.offered] == ["window_open:living_room"]
    assert [item.suggestion.key for item in result.deliver] == [
        "window_open:living_room"
    ]
    memory.attach_plan("window_open:living_room", "plan-window")
    # Nothing is delivered twice.
    assert step(1).deliver == []
    # The window is closed: the suggestion ends, its plan expires.
    home.set("binary_sensor.living_room_window", "off")
    (ended,) = step(4).ended
    assert (ended.offered.plan_id, ended.outcome) == ("plan-window", Outcome.EXPIRED)
    assert ended.condition is not None
    assert ended.condition.kind is EndKind.CLOSED
    # Opened again a quarter of an hour later: not suggested again so soon.
    home.set("binary_sensor.living_room_window", "on")
    assert step(15).offered == []
    home.set("binary_sensor.living_room_window", "off")
    # Anna leaves the room with the lamp on; after half an hour: a suggestion,
    # which she dismisses from the notification.
    home.set("binary_sensor.living_room_motion", "off")
    assert step(29).offered == []
    result = step(1)
    assert [item.key for item in result.offered] == ["idle_area:living_room"]
    memory.attach_plan("idle_area:living_room", "plan-lamp")
    key = memory.key_of_plan("plan-lamp")
    assert key == "idle_area:living_room"
    memory.dismiss(key, home.now, OPTIONS.delivery.dismiss_for)
    assert step(60).offered == []
    # 22:00 Berlin, quiet hours: Anna leaves with the lamp still on.
    home.at(at_utc(21))
    home.move("person.anna", "not_home")
    result = step(20)
    assert [item.key for item in result.offered] == ["away:home"]
    assert result.deliver == []
    assert memory.next_delivery(home.now, home.quiet) == at_utc(6, day=13)
    # Still away in the morning: delivered when quiet hours end, not dropped.
    assert step(hours=4).deliver == []
    home.at(at_utc(6, day=13))
    result = step()
    assert result.offered == []
    # Offered at 21:20 with a twelve-hour lifetime: still on offer at 06:00.
    assert [item.suggestion.key for item in result.deliver] == ["away:home"]
    # Nothing in this evening acted on the home: every offer is a proposal.
    assert memory.stats.made == 3
    assert memory.stats.dismissed == 1


def test_a_night_return_ends_the_suggestion_before_it_is_delivered() -> None:
    home = evening()
    memory = InsightMemory()
    home.at(at_utc(21))
    home.move("person.anna", "not_home")
    home.advance(20)
    assert len(run_pass(memory, home.observe(), OPTIONS).offered) == 1
    home.advance(hours=2)
    home.move("person.anna", "home")
    result = run_pass(memory, home.observe(), OPTIONS)
    assert [closed.condition.kind for closed in result.ended if closed.condition] == [
        EndKind.SOMEONE_HOME
    ]
    home.at(at_utc(6, day=13))
    assert run_pass(memory, home.observe(), OPTIONS).deliver == []


def test_the_recommendation_of_a_plan_response() -> None:
    home = evening()
    home.set("binary_sensor.living_room_window", "on")
    home.advance(25)
    (suggestion, *_) = recommend(home.observe(), OPTIONS)
    assert recommendation(suggestion, "en", "Europe/Berlin").as_dict() == {
        "rule": "window_open",
        "title": "Window open while heating",
        "reason": "Open for 25 min: Living room window. Living room is being "
        "heated to 21 °C. It is 19.5 °C there now.",
        "figures": suggestion.figures,
        "expires_at": "2026-01-13T04:25:00+00:00",
        "accepted_by": None,
    }
    german = recommendation(suggestion, "de-DE", "Europe/Berlin")
    assert german.title == "Fenster offen beim Heizen"
    assert german.reason == (
        "Seit 25 min offen: Living room window. Living room wird auf 21 °C "
        "geheizt. Dort sind es gerade 19,5 °C."
    )


# --- Whatever the home: never a lock, an alarm, a garage door or a camera --------

#: (domain, device class, the states it takes): ordinary devices, the openings and
#: sensors the rules read, and everything no rule may ever touch.
_KINDS = [
    ("light", None, ("on", "off")),
    ("media_player", "tv", ("on", "playing", "idle", "off")),
    ("media_player", "speaker", ("playing", "idle")),
    ("fan", None, ("on", "off")),
    ("switch", "outlet", ("on", "off")),
    ("switch", None, ("on", "off")),
    ("climate", None, ("heat", "cool", "heat_cool", "off")),
    ("cover", "window", ("open", "closed")),
    ("cover", None, ("open", "closed")),
    ("cover", "garage", ("open", "closed")),
    ("cover", "gate", ("open", "closed")),
    ("cover", "door", ("open", "closed")),
    ("binary_sensor", "window", ("on", "off")),
    ("binary_sensor", "door", ("on", "off")),
    ("binary_sensor", "garage_door", ("on", "off")),
    ("binary_sensor", "motion", ("on", "off")),
    ("sensor", "energy", ("12.5",)),
    ("lock", None, ("locked", "unlocked", "open")),
    ("alarm_control_panel", None, ("disarmed", "armed_away")),
    ("camera", None, ("recording", "idle", "on")),
    ("siren", None, ("on", "off")),
    ("valve", None, ("open", "closed")),
]
_FORBIDDEN_DOMAINS = {"lock", "alarm_control_panel", "camera", "siren", "valve"}

_entity = st.tuples(
    st.sampled_from(_KINDS),
    st.integers(0, 3),
    st.sampled_from(["living_room", "kitchen", None]),
    st.integers(0, 180),
    st.sampled_from([0xFFFFF, 0xFFFFF, 0]),
    st.sampled_from([None, None, "dishwasher", "ev_charger"]),
    st.booleans(),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    entities=st.lists(_entity, min_size=1, max_size=16),
    away_minutes=st.none() | st.integers(0, 180),
    later=st.integers(0, 300),
    grid=st.sampled_from([None, -9000.0, 500.0]),
    statuses=st.lists(st.sampled_from(list(LoadStatus)), max_size=4),
)
def test_no_rule_ever_proposes_acting_on_what_it_must_not(
    entities, away_minutes, later, grid, statuses
) -> None:
    home = Home()
    home.person("person.anna", "Anna")
    home.prices([0.30, 0.45, 0.45, 0.45, 0.25, *[0.12] * 6, *[0.2] * 13])
    ids = []
    for index, (kind, state_index, area, age, features, appliance, named) in enumerate(
        entities
    ):
        domain, device_class, states = kind
        entity_id = f"{domain}.thing_{index}"
        home.add(
            entity_id, states[state_index % len(states)], area,
            name="Garage door" if named else None,
            since=T0 - timedelta(minutes=age), device_class=device_class,
            supported_features=features, appliance=appliance, power_w=2000.0,
            device_id="shared" if index % 2 else None,
            attributes={"hvac_action": "heating", "temperature": 21.0,
                        "current_temperature": 18.0, "min_temp": 7.0},
        )  # fmt: skip
        ids.append(entity_id)
    if away_minutes is not None:
        home.move("person.anna", "not_home")
        home.persons["person.anna"] = replace(
            home.persons["person.anna"],
            last_changed=T0 - timedelta(minutes=away_minutes),
        )
    home.grid_power_w = grid
    home.advance(later)
    loads = [
        DeferrableLoad(
            ids[index % len(ids)],
            status,
            T0 - timedelta(hours=1),
            starts_at=T0 + timedelta(hours=1),
        )
        for index, status in enumerate(statuses)
    ]
    past = History(
        energy={
            entity_id: hourly_history(
                entity_id, end=at_utc(16), days=10, usual=0.1, recent={1: 2.0}
            ).energy[entity_id]
            for entity_id in ids[:3]
        },
        grid_power=surplus(9000, start=T0, end=home.now),
    )
    observation = home.observe(loads=loads, history=past)
    for rule in RULES.values():
        for suggestion in rule(observation, OPTIONS):
            assert suggestion.task.trigger_type is TriggerType.INSIGHT_RECOMMENDATION
            for goal in suggestion.task.goals:
                assert goal.targets.entity_ids
                for entity_id in goal.targets.entity_ids:
                    entity = observation.snapshot.entities[entity_id]
                    assert may_act_on(entity), (suggestion.rule, entity)
                    assert entity.domain not in _FORBIDDEN_DOMAINS
                    assert entity.name != "Garage door" or entity.domain != "cover"
                    assert entity.domain != "cover" or (
                        entity.device_class not in {"garage", "gate", "door"}
                    )
            # Every suggestion survives storage and can be explained.
            stored = json.loads(json.dumps(suggestion.as_dict()))
            assert Suggestion.from_dict(stored) == suggestion
            for language in ("en", "de"):
                text = reason(
                    suggestion.rule, suggestion.figures, language, "Europe/Berlin"
                )
                assert "{" not in text
                assert not any(entity_id in text for entity_id in ids)
                assert title(suggestion.rule, suggestion.figures, language)
