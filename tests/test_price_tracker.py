"""Edge cases of the price tracker: no entity, odd responses, timers on stop."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.orchestration.const import DOMAIN
from custom_components.orchestration.price_tracker import (
    ISSUE_PRICE_ENTITY_UNUSABLE,
    PriceTracker,
)


def _register(hass: HomeAssistant, platform: str, state: str = "0.3") -> str:
    entry = MockConfigEntry(domain=platform)
    entry.add_to_hass(hass)
    entity_id = (
        er.async_get(hass)
        .async_get_or_create("sensor", platform, "SE3-price", config_entry=entry)
        .entity_id
    )
    hass.states.async_set(entity_id, state, {"unit_of_measurement": "EUR/kWh"})
    return entity_id


def _respond_with(
    hass: HomeAssistant, domain: str, service: str, responses: list[Any]
) -> list[ServiceCall]:
    calls: list[ServiceCall] = []

    async def respond(call: ServiceCall) -> ServiceResponse:
        calls.append(call)
        response = responses[min(len(calls), len(responses)) - 1]
        if isinstance(response, Exception):
            raise response
        return response  # type: ignore[no-any-return]

    hass.services.async_register(
        domain, service, respond, supports_response=SupportsResponse.ONLY
    )
    return calls


async def test_without_a_price_entity(hass: HomeAssistant) -> None:
    """No entity: no tariff, nothing fetched, nothing raised."""
    tracker = PriceTracker(hass, None)
    stop = tracker.async_start()
    tracker.async_check_usable()
    await tracker.async_refresh_service_prices()
    assert tracker.async_tariff(dt_util.utcnow()) is None
    assert tracker.watched_entity_ids == frozenset()
    stop()


async def test_sources_without_a_service_are_not_fetched(hass: HomeAssistant) -> None:
    """Unregistered entities and platforms without a price service are left alone."""
    hass.states.async_set("sensor.price", "0.3", {"unit_of_measurement": "EUR/kWh"})
    tracker = PriceTracker(hass, "sensor.price")
    await tracker.async_refresh_service_prices()
    other = PriceTracker(hass, _register(hass, "demo"))
    await other.async_refresh_service_prices()
    assert other.async_tariff(dt_util.utcnow()) is not None


@pytest.mark.parametrize(
    ("platform", "service", "responses"),
    [
        ("nordpool", "get_prices_for_date", [HomeAssistantError("down")]),
        ("nordpool", "get_prices_for_date", [["not", "a", "mapping"]]),
        ("tibber", "get_prices", [["not", "a", "mapping"]]),
        ("tibber", "get_prices", [{"prices": {}}]),
        ("energyzero", "get_energy_prices", [["not", "a", "mapping"]]),
    ],
)
async def test_unusable_responses_keep_the_current_price(
    hass: HomeAssistant, platform: str, service: str, responses: list[Any]
) -> None:
    """Failing or odd responses leave the entity's own price in place."""
    entity_id = _register(hass, platform)
    _respond_with(hass, platform, service, responses)
    tracker = PriceTracker(hass, entity_id)
    await tracker.async_refresh_service_prices()
    tariff = tracker.async_tariff(dt_util.utcnow())
    assert tariff is not None
    assert tariff.source == "current_price"
    assert tariff.current_price == 0.3


async def test_prices_are_refetched_periodically(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The service is called again every half hour."""
    entity_id = _register(hass, "energyzero")
    calls = _respond_with(hass, "energyzero", "get_energy_prices", [{"prices": []}])
    tracker = PriceTracker(hass, entity_id)
    stop = tracker.async_start()
    await hass.async_block_till_done()
    assert len(calls) == 1
    freezer.tick(timedelta(minutes=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(calls) == 2
    stop()


async def test_stop_cancels_the_pending_issue(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Stopping while the entity is unusable raises no issue later."""
    hass.states.async_set("sensor.price", "unavailable")
    tracker = PriceTracker(hass, "sensor.price")
    stop = tracker.async_start()
    stop()
    freezer.tick(timedelta(hours=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_PRICE_ENTITY_UNUSABLE) is None
    )


async def test_recovery_during_the_grace_period(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Recovered by the time the grace period ends: no issue."""
    hass.states.async_set("sensor.price", "unavailable")
    tracker = PriceTracker(hass, "sensor.price")
    stop = tracker.async_start()
    # Nobody tells the tracker; the state at the deadline is what counts.
    hass.states.async_set("sensor.price", "0.2", {"unit_of_measurement": "EUR/kWh"})
    freezer.tick(timedelta(minutes=16))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, ISSUE_PRICE_ENTITY_UNUSABLE) is None
    )
    stop()
