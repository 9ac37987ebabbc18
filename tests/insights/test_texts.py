"""Why you are seeing it: each rule's explanation in English and German, with units."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.orchestration.core.insights.texts import intent, reason, title

ZONE = "Europe/Berlin"

WINDOW = {
    "area": "Wohnzimmer",
    "openings": ["Fenster links", "Balkontür"],
    "open_minutes": 25,
    "mode": "heat",
    "set_point": 21.0,
    "current": 19.5,
    "outdoor": -2.5,
    "unit": "°C",
}
IDLE = {
    "area": "Kitchen",
    "devices": ["Ceiling", "Spots", "Radio", "TV", "Hood light", "Strip"],
    "idle_minutes": 95,
    "nobody_home": False,
    "power_w": 230.0,
    "cost_per_hour": 0.069,
    "currency": "EUR",
}
AWAY = {
    "away_minutes": 20,
    "devices": ["Porch light"],
    "power_w": 1500.0,
    "currency": None,
}
PEAK = {
    "appliance": "Dishwasher",
    "status": "scheduled",
    "start": "2026-01-12T17:30:00+00:00",
    "price_now": 0.3,
    "peak_price": 0.45,
    "peak_start": "2026-01-12T17:00:00+00:00",
    "peak_end": "2026-01-12T20:00:00+00:00",
    "cheap_start": "2026-01-12T23:00:00+00:00",
    "cheap_price": 0.12,
    "saving": 1.188,
    "currency": "EUR",
}
CHEAP = {
    "appliance": "Washer",
    "source": "tariff",
    "waiting_minutes": 130,
    "price_now": 0.3,
    "cheap_start": "2026-01-12T23:00:00+00:00",
    "cheap_price": 0.125,
    "average_price": 0.22,
    "until": "2026-01-13T16:00:00+00:00",
    "starts_now": False,
    "saving": 0.36,
    "currency": "GBP",
}
SOLAR = {
    "appliance": "Wallbox",
    "source": "solar",
    "waiting_minutes": 45,
    "surplus_w": 4200.0,
    "surplus_minutes": 20,
    "power_w": 7400.0,
    "solar_kwh": 16.8,
}
UNUSUAL = {
    "name": "Freezer",
    "kwh": 1.2,
    "usual_kwh": 0.3,
    "highest_kwh": 0.35,
    "ratio": 4.0,
    "days": 14,
    "start": "2026-01-12T13:00:00+00:00",
    "end": "2026-01-12T16:00:00+00:00",
    "extra_cost": 0.27,
    "currency": "EUR",
}


@pytest.mark.parametrize(
    ("rule", "figures", "english", "german"),
    [
        (
            "window_open",
            WINDOW,
            "Open for 25 min: Fenster links and Balkontür. Wohnzimmer is being "
            "heated to 21 °C. It is 19.5 °C there now. Outside it is -2.5 °C.",
            "Seit 25 min offen: Fenster links und Balkontür. Wohnzimmer wird auf "
            "21 °C geheizt. Dort sind es gerade 19,5 °C. Draußen sind es -2,5 °C.",
        ),
        (
            "window_open",
            {**WINDOW, "mode": "cool", "set_point": None, "current": None,
             "outdoor": -0.04, "unit": "°F"},
            "Open for 25 min: Fenster links and Balkontür. Wohnzimmer is being "
            "cooled. Outside it is 0 °F.",
            "Seit 25 min offen: Fenster links und Balkontür. Wohnzimmer wird "
            "gekühlt. Draußen sind es 0 °F.",
        ),
        (
            "idle_area",
            IDLE,
            "Nobody has been in Kitchen for 1 h 35 min; still on: Ceiling, Spots, "
            "Radio, TV and 2 more. Together about 230 W, 0.07 € per hour.",
            "Kitchen: seit 1 h 35 min niemand da; noch an: Ceiling, Spots, Radio, "
            "TV und 2 weitere. Zusammen etwa 230 W, 0,07 € pro Stunde.",
        ),
        (
            "idle_area",
            {**IDLE, "devices": ["Lamp"], "power_w": 10.0, "cost_per_hour": 0.0045},
            "Nobody has been in Kitchen for 1 h 35 min; still on: Lamp. Together "
            "about 10 W.",
            "Kitchen: seit 1 h 35 min niemand da; noch an: Lamp. Zusammen etwa 10 W.",
        ),
        (
            "idle_area",
            {**IDLE, "nobody_home": True, "devices": ["TV"], "power_w": 0.0},
            "Nobody has been home for 1 h 35 min; still on in Kitchen: TV.",
            "Seit 1 h 35 min ist niemand zu Hause; noch an (Kitchen): TV.",
        ),
        (
            "away",
            AWAY,
            "Everyone left 20 min ago; still on: Porch light. Together about 1.5 kW.",
            "Alle sind seit 20 min weg; noch an: Porch light. Zusammen etwa 1,5 kW.",
        ),
        (
            "price_peak",
            PEAK,
            "Dishwasher starts at 18:30, when power costs up to 0.45 €/kWh "
            "(18:00\u201321:00). Starting at 00:00 instead, at 0.12 €/kWh on "
            "average, saves about 1.19 €.",
            "Dishwasher startet um 18:30, wenn Strom bis zu 0,45 €/kWh kostet "
            "(18:00\u201321:00). Ein Start um 00:00, zu im Schnitt 0,12 €/kWh, "
            "spart etwa 1,19 €.",
        ),
        (
            "price_peak",
            {**PEAK, "status": "running", "start": None},
            "Dishwasher is running, and power costs up to 0.45 €/kWh from 18:00 to "
            "21:00 (now 0.30 €/kWh). Pausing it until 00:00, at 0.12 €/kWh on "
            "average, saves about 1.19 €.",
            "Dishwasher läuft, und von 18:00 bis 21:00 kostet Strom bis zu "
            "0,45 €/kWh (jetzt 0,30 €/kWh). Pausieren bis 00:00, zu im Schnitt "
            "0,12 €/kWh, spart etwa 1,19 €.",
        ),
        (
            "cheap_window",
            CHEAP,
            "Washer has been ready for 2 h 10 min. From 00:00 power costs "
            "0.125 £/kWh, against 0.22 £/kWh on average until 17:00. Running it "
            "then saves about 0.36 £.",
            "Washer ist seit 2 h 10 min startbereit. Ab 00:00 kostet Strom "
            "0,125 £/kWh statt im Schnitt 0,22 £/kWh bis 17:00. Ein Start dann "
            "spart etwa 0,36 £.",
        ),
        (
            "cheap_window",
            {**CHEAP, "starts_now": True, "currency": None},
            "Washer has been ready for 2 h 10 min. Power is cheap now: 0.125/kWh, "
            "against 0.22/kWh on average until 17:00. Running it now saves about "
            "0.36.",
            "Washer ist seit 2 h 10 min startbereit. Strom ist jetzt günstig: "
            "0,125/kWh statt im Schnitt 0,22/kWh bis 17:00. Ein Start jetzt spart "
            "etwa 0,36.",
        ),
        (
            "cheap_window",
            SOLAR,
            "Wallbox has been ready for 45 min. For 20 min, 4.2 kW of solar power "
            "has been flowing into the grid. Running it now uses about 16.8 kWh of "
            "your own power.",
            "Wallbox ist seit 45 min startbereit. Seit 20 min fließen 4,2 kW "
            "Solarstrom ins Netz. Ein Start jetzt nutzt etwa 16,8 kWh eigenen "
            "Strom.",
        ),
        (
            "unusual_consumption",
            UNUSUAL,
            "Freezer used 1.2 kWh from 14:00 to 17:00: 4 times the usual 0.3 kWh "
            "at this time of day (median of 14 days, at most 0.35 kWh). That is "
            "about 0.27 € more.",
            "Freezer hat von 14:00 bis 17:00 1,2 kWh verbraucht: das 4-Fache der "
            "üblichen 0,3 kWh zu dieser Tageszeit (Median aus 14 Tagen, höchstens "
            "0,35 kWh). Das sind etwa 0,27 € mehr.",
        ),
        (
            "unusual_consumption",
            {**UNUSUAL, "ratio": None, "extra_cost": None},
            "Freezer used 1.2 kWh from 14:00 to 17:00, when it used nothing at this "
            "time of day on the last 14 days.",
            "Freezer hat von 14:00 bis 17:00 1,2 kWh verbraucht, an den letzten 14 "
            "Tagen zu dieser Tageszeit nichts.",
        ),
    ],
)  # fmt: skip
def test_reasons(rule: str, figures: dict[str, Any], english: str, german: str) -> None:
    present = {key: value for key, value in figures.items() if value is not None}
    assert reason(rule, present, "en", ZONE) == english
    assert reason(rule, present, "de-AT", ZONE) == german


def test_titles_and_intents() -> None:
    assert title("window_open", WINDOW, "de") == "Fenster offen beim Heizen"
    assert title("idle_area", IDLE, "en") == "Kitchen: nobody there, devices on"
    assert title("cheap_window", SOLAR, "de") == "Solarüberschuss: Wallbox"
    assert title("unusual_consumption", UNUSUAL, "fr") == "Unusual consumption: Freezer"
    assert intent("price_peak", PEAK, "de") == (
        "Dishwasher aus der Preisspitze verschieben"
    )
    assert intent("cheap_window", CHEAP, "en") == ("Run Washer when power is cheapest")
    assert intent("away", AWAY, "de") == "Ausschalten, was noch an ist"


def test_names_are_data_never_templates() -> None:
    tricky = {**AWAY, "devices": ["{power} lamp", "Lamp {0}"]}
    assert reason("away", tricky, "en", ZONE).startswith(
        "Everyone left 20 min ago; still on: {power} lamp and Lamp {0}."
    )
