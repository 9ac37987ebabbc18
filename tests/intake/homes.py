"""Small homes for the intent tests, in English and in German.

Both describe the same house: the German one has the same entity ids, areas and floors
under German names, so the same expectations hold for both languages.
"""

from __future__ import annotations

from datetime import UTC, datetime

from custom_components.orchestration.core.intake import IntentTranslator
from custom_components.orchestration.core.models import (
    AreaInfo,
    ContextSnapshot,
    EntityInfo,
    FloorInfo,
    TaskSpec,
)

# The exposed lights of the test home, and those of its living room (the room a
# request comes from when it names none).
EVERY_LIGHT = [
    "light.bedroom_lamp",
    "light.kitchen_ceiling",
    "light.kitchen_counter",
    "light.living_room_ceiling",
    "light.living_room_lamp",
    "light.office_lamp",
    "light.porch",
]
LIVING_ROOM_LIGHTS = ["light.living_room_ceiling", "light.living_room_lamp"]

# Monday 2026-01-12, 14:30 in Berlin (13:30 UTC).
NOW = datetime(2026, 1, 12, 13, 30, tzinfo=UTC)
TIME_ZONE = "Europe/Berlin"

# entity_id: (English name, German name, area_id, device_class, aliases EN, aliases DE)
_ENTITIES: dict[str, tuple[str, str, str | None, str | None, list[str], list[str]]] = {
    "light.kitchen_ceiling": (
        "Kitchen ceiling",
        "Küchendecke",
        "kitchen",
        None,
        [],
        [],
    ),
    "light.kitchen_counter": (
        "Kitchen counter",
        "Küchentheke",
        "kitchen",
        None,
        [],
        [],
    ),
    "light.living_room_lamp": (
        "Reading lamp",
        "Leselampe",
        "living_room",
        None,
        [],
        [],
    ),
    "light.living_room_ceiling": (
        "Living room ceiling",
        "Wohnzimmerdecke",
        "living_room",
        None,
        [],
        [],
    ),
    "light.bedroom_lamp": ("Lamp", "Lampe", "bedroom", None, [], []),
    "light.office_lamp": ("Lamp", "Lampe", "office", None, [], []),
    "light.porch": (
        "Porch light",
        "Verandalicht",
        "garden",
        None,
        ["Porch"],
        ["Veranda"],
    ),
    "climate.thermostat": ("Thermostat", "Thermostat", "living_room", None, [], []),
    "climate.bedroom": (
        "Bedroom heating",
        "Schlafzimmerheizung",
        "bedroom",
        None,
        [],
        [],
    ),
    "cover.garage_door": ("Garage door", "Garagentor", "garage", "garage", [], []),
    "cover.living_room_blinds": (
        "Living room blinds",
        "Wohnzimmerrollo",
        "living_room",
        "blind",
        [],
        [],
    ),
    "cover.bedroom_blinds": (
        "Bedroom blinds",
        "Schlafzimmerrollo",
        "bedroom",
        "blind",
        [],
        [],
    ),
    "lock.front_door": ("Front door", "Haustür", "hallway", None, [], []),
    "lock.back_door": ("Back door", "Hintertür", "kitchen", None, [], []),
    "media_player.tv": ("TV", "Fernseher", "living_room", None, ["Television"], []),
    "media_player.kitchen_speaker": (
        "Kitchen speaker",
        "Küchenlautsprecher",
        "kitchen",
        None,
        [],
        [],
    ),
    "switch.dishwasher": (
        "Dishwasher",
        "Spülmaschine",
        "kitchen",
        None,
        [],
        ["Geschirrspüler"],
    ),
    "switch.washing_machine": (
        "Washing machine",
        "Waschmaschine",
        "utility",
        None,
        ["Washer"],
        [],
    ),
    "switch.dryer": ("Dryer", "Trockner", "utility", None, [], []),
    "switch.ev_charger": ("Car charger", "Wallbox", "garage", None, ["EV charger"], []),
    "fan.bedroom": ("Bedroom fan", "Schlafzimmerventilator", "bedroom", None, [], []),
    "switch.coffee_maker": (
        "Coffee maker",
        "Kaffeemaschine",
        "kitchen",
        None,
        [],
        [],
    ),
    "switch.desk_plug": ("Desk plug", "Schreibtisch", "office", "outlet", [], []),
    "media_player.bedroom_tv": (
        "Bedroom TV",
        "Schlafzimmerfernseher",
        "bedroom",
        "tv",
        [],
        [],
    ),
    "vacuum.robot": (
        "Robot vacuum",
        "Saugroboter",
        "living_room",
        None,
        ["Robbie"],
        ["Robbie"],
    ),
    "scene.movie_night": ("Movie night", "Filmabend", None, None, [], []),
    "script.good_night": ("Good night", "Gute Nacht", None, None, [], []),
    "alarm_control_panel.home": ("Alarm", "Alarmanlage", "hallway", None, [], []),
    "camera.front": ("Front camera", "Eingangskamera", "hallway", None, [], []),
    "sensor.living_room_temperature": (
        "Living room temperature",
        "Wohnzimmertemperatur",
        "living_room",
        "temperature",
        [],
        [],
    ),
    "light.hidden": ("Hidden light", "Verstecktes Licht", "kitchen", None, [], []),
    "binary_sensor.hallway_motion": (
        "Hallway motion",
        "Flurbewegung",
        "hallway",
        "motion",
        [],
        [],
    ),
    "person.anna": ("Anna", "Anna", None, None, [], []),
}
_UNEXPOSED = {"light.hidden"}

# area_id: (English name, German name, floor_id)
_AREAS: dict[str, tuple[str, str, str]] = {
    "kitchen": ("Kitchen", "Küche", "ground"),
    "living_room": ("Living room", "Wohnzimmer", "ground"),
    "hallway": ("Hallway", "Flur", "ground"),
    "garage": ("Garage", "Garage", "ground"),
    "garden": ("Garden", "Garten", "ground"),
    "utility": ("Utility room", "Hauswirtschaftsraum", "basement"),
    "bedroom": ("Bedroom", "Schlafzimmer", "upstairs"),
    "office": ("Office", "Büro", "upstairs"),
}
_FLOORS: dict[str, tuple[str, str, list[str], list[str]]] = {
    "ground": ("Ground floor", "Erdgeschoss", ["Downstairs"], ["Unten"]),
    "upstairs": ("Upstairs", "Obergeschoss", ["First floor"], ["Oben"]),
    "basement": ("Basement", "Keller", [], []),
}


def home(language: str = "en") -> ContextSnapshot:
    """The test home with names in ``language`` (``en`` or ``de``)."""
    german = language.startswith("de")
    entities = {
        entity_id: EntityInfo(
            entity_id=entity_id,
            name=de if german else en,
            area_id=area_id,
            device_class=device_class,
            aliases=list(aliases_de if german else aliases_en),
            exposed=entity_id not in _UNEXPOSED,
        )
        for entity_id, (en, de, area_id, device_class, aliases_en, aliases_de) in (
            _ENTITIES.items()
        )
    }
    areas = {
        area_id: AreaInfo(area_id=area_id, name=de if german else en, floor_id=floor)
        for area_id, (en, de, floor) in _AREAS.items()
    }
    floors = {
        floor_id: FloorInfo(
            floor_id=floor_id,
            name=de if german else en,
            aliases=list(aliases_de if german else aliases_en),
        )
        for floor_id, (en, de, aliases_en, aliases_de) in _FLOORS.items()
    }
    return ContextSnapshot(
        now=NOW,
        time_zone=TIME_ZONE,
        floors=floors,
        areas=areas,
        entities=entities,
    )


def garden_sprinkler(language: str) -> EntityInfo:
    """A valve in the garden called a sprinkler (in German, a Rasensprenger)."""
    return EntityInfo(
        entity_id="valve.sprinkler",
        name="Rasensprenger" if language.startswith("de") else "Sprinkler",
        area_id="garden",
    )


def home_with(
    language: str, *entities: EntityInfo, areas: tuple[AreaInfo, ...] = ()
) -> ContextSnapshot:
    """The test home in ``language`` with ``entities`` and ``areas`` added (or replaced)."""
    snapshot = home(language)
    snapshot.entities.update({entity.entity_id: entity for entity in entities})
    snapshot.areas.update({area.area_id: area for area in areas})
    return snapshot


def said_in(
    snapshot: ContextSnapshot,
    text: str,
    *,
    language: str = "en",
    area: str | None = "living_room",
) -> TaskSpec:
    """``text`` translated in ``snapshot``, said in ``area`` (a satellite's room)."""
    return IntentTranslator().translate(
        text, language=language, snapshot=snapshot, now=NOW, context_area_id=area
    )


def selected(snapshot: ContextSnapshot, spec: TaskSpec) -> list[str]:
    """The exposed entities the goals of ``spec`` act on in ``snapshot``."""
    return sorted(
        entity.entity_id
        for goal in spec.goals
        for entity in snapshot.select(goal.targets)
        if entity.exposed
    )


def goals_acting(
    snapshot: ContextSnapshot, spec: TaskSpec
) -> list[tuple[str, list[str]]]:
    """Each goal of ``spec``: its type and the exposed entities it acts on."""
    return [
        (
            goal.type.value,
            sorted(
                entity.entity_id
                for entity in snapshot.select(goal.targets)
                if entity.exposed
            ),
        )
        for goal in spec.goals
    ]


def acts_in_test_home(language: str, text: str) -> list[tuple[str, list[str]]]:
    """The goals ``text`` gives in the test home, said in its living room."""
    snapshot = home(language)
    return goals_acting(snapshot, said_in(snapshot, text, language=language))
