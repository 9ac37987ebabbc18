"""Tests of price normalisation against each source's real shape, and broken variants."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from itertools import pairwise
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from custom_components.orchestration.core.energy.tariffs import (
    SOURCE_AMBER,
    SOURCE_CURRENT_PRICE,
    SOURCE_EASYENERGY,
    SOURCE_NORDPOOL_HACS,
    SOURCE_OCTOPUS,
    PriceRow,
    build_slots,
    is_usable,
    normalize_prices,
    parse_unit,
    price_at,
    prices_from_energy_prices_service,
    prices_from_nordpool_service,
    prices_from_octopus,
    prices_from_tibber_service,
    tariff_from_slots,
)
from custom_components.orchestration.core.models import PriceSlot, Tariff

FIXTURES = Path(__file__).parent / "fixtures" / "tariffs"
# Midnight in Stockholm/Amsterdam on the fixtures' day.
DAY_START = datetime(2026, 11, 22, 23, 0, tzinfo=UTC)


def load(name: str) -> dict[str, Any]:
    """A fixture as a fresh dict."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def normalize_state(fixture: dict[str, Any], now: datetime = DAY_START) -> Any:
    """Run ``normalize_prices`` on a state fixture."""
    attributes = fixture["attributes"]
    return normalize_prices(
        attributes,
        state=fixture["state"],
        unit=attributes.get("unit_of_measurement"),
        entity_id=fixture["entity_id"],
        now=now,
    )


def assert_contiguous(slots: list[PriceSlot]) -> None:
    """Slots are UTC, sorted and do not overlap."""
    for slot in slots:
        assert slot.start.tzinfo is UTC
        assert slot.end > slot.start
    for earlier, later in pairwise(slots):
        assert earlier.end <= later.start


def test_hacs_nordpool_today_and_tomorrow() -> None:
    """raw_today and raw_tomorrow become 48 hourly slots; negative prices are kept."""
    fixture = load("hacs_nordpool")
    tariff = normalize_state(fixture)

    assert tariff.source == SOURCE_NORDPOOL_HACS
    assert tariff.currency == "SEK"
    assert tariff.entity_id == fixture["entity_id"]
    assert len(tariff.slots) == 48
    assert_contiguous(tariff.slots)
    assert tariff.slots[0] == PriceSlot(
        start=DAY_START, end=DAY_START + timedelta(hours=1), price=0.05
    )
    assert tariff.slots[3].price == -0.012
    assert tariff.slots[24].start == DAY_START + timedelta(days=1)
    assert tariff.current_price == 0.05


def test_hacs_nordpool_before_tomorrow_is_published() -> None:
    """Prices in cents become per-kWh; an unpublished tomorrow is ignored."""
    fixture = load("hacs_nordpool_tomorrow_pending")
    fixture["attributes"]["raw_tomorrow"] = [
        {"start": "2026-11-24T00:00:00+01:00", "end": "2026-11-24T01:00:00+01:00"}
    ]
    tariff = normalize_state(fixture)

    assert tariff.currency == "EUR"
    assert len(tariff.slots) == 24
    assert tariff.slots[0].price == pytest.approx(0.051)
    assert tariff.slots[1].price == pytest.approx(0.052)


def test_hacs_nordpool_accepts_datetime_objects() -> None:
    """In Home Assistant's memory the rows hold datetimes, not strings."""
    fixture = load("hacs_nordpool")
    for row in fixture["attributes"]["raw_today"]:
        row["start"] = datetime.fromisoformat(row["start"])
        row["end"] = datetime.fromisoformat(row["end"])
    assert (
        normalize_state(fixture).slots == normalize_state(load("hacs_nordpool")).slots
    )


def test_octopus_current_and_next_day() -> None:
    """Half-hourly rates in GBP; next day's rates extend the list once published."""
    current = load("octopus_current_day_rates")
    tariff = normalize_state(current, now=datetime(2026, 11, 23, 7, 10, tzinfo=UTC))

    assert tariff.source == SOURCE_OCTOPUS
    assert tariff.currency == "GBP"
    assert tariff.slots[0].start == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    assert tariff.current_price == 0.245
    assert len(tariff.slots) == 48 - 14

    both = prices_from_octopus(
        current["attributes"], load("octopus_next_day_rates")["attributes"]
    )
    assert len(both) == 96
    assert_contiguous(both)
    assert both[-1].end == datetime(2026, 11, 25, tzinfo=UTC)


def test_amber_forecasts() -> None:
    """Amber forecasts in dollars per kWh; the state is the current price."""
    tariff = normalize_state(
        load("amber_general_forecast"), now=datetime(2026, 11, 23, 10, 5, tzinfo=UTC)
    )

    assert tariff.source == SOURCE_AMBER
    assert tariff.currency == "AUD"
    assert [slot.price for slot in tariff.slots] == [
        0.09,
        0.12,
        -0.03,
        0.21,
        0.33,
        0.18,
    ]
    assert tariff.slots[0].end - tariff.slots[0].start == timedelta(minutes=30)
    assert tariff.current_price == 0.09


def test_current_price_only() -> None:
    """A sensor with nothing but its state gives the current price."""
    tariff = normalize_state(load("nordpool_current_price"))

    assert tariff.source == SOURCE_CURRENT_PRICE
    assert tariff.currency == "SEK"
    assert tariff.slots == []
    assert tariff.current_price == 1.01373
    assert is_usable(tariff)


@pytest.mark.parametrize("state", ["unavailable", "unknown", None, "nan"])
def test_unusable_current_price(state: str | None) -> None:
    """An entity without a number has no usable price."""
    tariff = normalize_prices(
        {}, state=state, unit="EUR/kWh", entity_id="sensor.price", now=DAY_START
    )
    assert tariff.current_price is None
    assert not is_usable(tariff)


def test_nordpool_service_per_mwh() -> None:
    """Core Nord Pool prices per MWh become per kWh, in 15-minute slots."""
    response = load("nordpool_get_prices_for_date")

    slots = prices_from_nordpool_service(response)
    assert len(slots) == 96
    assert_contiguous(slots)
    assert slots[0] == PriceSlot(
        start=DAY_START, end=DAY_START + timedelta(minutes=15), price=0.39015
    )
    assert slots[12].price == pytest.approx(-0.03985)
    assert prices_from_nordpool_service(response, area="SE4")[0].price == 0.41015
    assert prices_from_nordpool_service({}) == []


def test_tibber_service_without_ends() -> None:
    """Tibber slots last until the next one starts; the last one its usual 15 min."""
    response = load("tibber_get_prices")

    slots = prices_from_tibber_service(response)
    assert len(slots) == 96
    assert_contiguous(slots)
    assert slots[0].start == DAY_START
    assert slots[0].end == DAY_START + timedelta(minutes=15)
    assert slots[-1].end == DAY_START + timedelta(days=1)
    assert slots[0].price == 0.4611
    cabin = prices_from_tibber_service(response, home="Cabin")
    assert len(cabin) == 4


def test_energyzero_and_easyenergy_timestamps_with_a_space() -> None:
    """``2026-11-22 23:00:00+00:00`` timestamps parse; hourly slots without ends."""
    slots = prices_from_energy_prices_service(load("energyzero_get_energy_prices"))
    assert len(slots) == 24
    assert_contiguous(slots)
    assert slots[0] == PriceSlot(
        start=DAY_START, end=DAY_START + timedelta(hours=1), price=0.21
    )
    easy = prices_from_energy_prices_service(
        load("easyenergy_get_energy_usage_prices"), source=SOURCE_EASYENERGY
    )
    assert easy[0].price == pytest.approx(0.2541)


def test_malformed_rows_are_skipped_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Missing keys, bad times, naive times and text prices are dropped, not raised."""
    fixture = load("hacs_nordpool")
    rows = fixture["attributes"]["raw_today"]
    del rows[0]["value"]
    rows[1]["start"] = "yesterday at noon"
    rows[2]["start"] = "2026-11-23T02:00:00"
    rows[4]["value"] = "cheap"
    rows[5]["end"] = 12345
    rows[6] = "not a row"
    rows.reverse()
    with caplog.at_level(logging.WARNING):
        tariff = normalize_state(fixture)

    assert len(tariff.slots) == 48 - 6
    assert_contiguous(tariff.slots)
    assert tariff.slots[0].price == -0.012
    assert "Skipped 5 unusable price rows from nordpool_hacs" in caplog.text


def test_unsorted_gapped_and_overlapping_rows(caplog: pytest.LogCaptureFixture) -> None:
    """Rows are sorted, gaps stay gaps, overlapping rows are skipped."""
    start = DAY_START
    rows = [
        PriceRow(start + timedelta(hours=3), None, 0.3),
        PriceRow(start, None, 0.1),
        PriceRow(start + timedelta(hours=1), None, -0.2),
        PriceRow(start, start + timedelta(hours=2), 9.9),
        PriceRow(start + timedelta(hours=1), start, 1.0),
    ]
    with caplog.at_level(logging.WARNING):
        slots = build_slots(rows, source="test")

    assert [(slot.start - start, slot.end - start, slot.price) for slot in slots] == [
        (timedelta(0), timedelta(hours=1), 0.1),
        (timedelta(hours=1), timedelta(hours=2), -0.2),
        (timedelta(hours=3), timedelta(hours=4), 0.3),
    ]
    assert "Skipped 2 unusable price rows from test" in caplog.text


@pytest.mark.parametrize(
    "response",
    [
        {},
        {"prices": None},
        {"prices": ["x", 3]},
        {"prices": [{"timestamp": None, "price": 1}]},
    ],
)
def test_broken_service_responses(response: dict[str, Any]) -> None:
    """Responses without usable rows give no slots, and no exception."""
    assert prices_from_energy_prices_service(response) == []
    assert prices_from_tibber_service(response) == []


def test_broken_shapes_of_entity_attributes() -> None:
    """Attributes of the right name but the wrong type give an empty tariff."""
    for attributes in (
        {"raw_today": None, "raw_tomorrow": "soon"},
        {"rates": {"start": "x"}},
        {"forecasts": 42},
    ):
        broken = copy.deepcopy(attributes)
        tariff = normalize_prices(
            broken, state="1.0", unit=None, entity_id="sensor.p", now=DAY_START
        )
        assert tariff.slots == []


def test_tariff_from_slots_keeps_what_is_still_to_come() -> None:
    """Past slots are dropped; the current price is the slot of now."""
    slots = prices_from_energy_prices_service(load("energyzero_get_energy_prices"))
    now = DAY_START + timedelta(hours=5, minutes=30)
    tariff = tariff_from_slots("energyzero", slots, currency="EUR", now=now)
    assert len(tariff.slots) == 19
    assert tariff.current_price == 0.26
    assert tariff_from_slots("x", [], currency=None, now=now).current_price is None


@pytest.mark.parametrize(
    ("unit", "currency", "factor"),
    [
        ("SEK/kWh", "SEK", 1.0),
        ("EUR/MWh", "EUR", 0.001),
        ("€/kWh", "EUR", 1.0),
        ("ct/kWh", "EUR", 0.01),
        ("c/kWh", None, 0.01),
        ("öre/kWh", None, 0.01),
        ("p/kWh", "GBP", 0.01),
        ("$/kWh", None, 1.0),
        ("kr/kWh", None, 1.0),
        ("EUR/Wh", "EUR", 1000.0),
    ],
)
def test_parse_unit(unit: str, currency: str | None, factor: float) -> None:
    """Price units name a currency and scale to per kWh."""
    parsed = parse_unit(unit)
    assert parsed is not None
    assert parsed.currency == currency
    assert parsed.factor == pytest.approx(factor)


@pytest.mark.parametrize("unit", [None, "", "EUR", "W", "EUR/h"])
def test_parse_unit_rejects_non_prices(unit: str | None) -> None:
    """Units that are not a price per energy unit are not read as one."""
    assert parse_unit(unit) is None


def test_price_at_a_moment() -> None:
    start = datetime(2026, 1, 12, 16, tzinfo=UTC)
    slots = [
        PriceSlot(start, start + timedelta(hours=1), 0.3),
        PriceSlot(start + timedelta(hours=1), start + timedelta(hours=2), 0.45),
    ]
    tariff = Tariff("nordpool", "EUR", slots, current_price=0.3)
    assert price_at(tariff, start + timedelta(minutes=59)) == 0.3
    assert price_at(tariff, start + timedelta(hours=1)) == 0.45
    # Outside the slots the current price stands in; without a tariff, nothing.
    assert price_at(tariff, start + timedelta(hours=3)) == 0.3
    assert price_at(Tariff("current_price"), start) is None
    assert price_at(None, start) is None
