"""The card's bundle is served by the integration and loaded by every dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.components.onboarding.const import STEPS
from homeassistant.setup import async_setup_component

from custom_components.orchestration.card import CARD_PATH, CARD_URL, async_setup_card

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.typing import ClientSessionGenerator


async def test_card_is_served_and_added_to_the_frontend(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    hass_storage: dict[str, Any],
) -> None:
    hass_storage["onboarding"] = {
        "version": 4,
        "minor_version": 1,
        "key": "onboarding",
        "data": {"done": list(STEPS)},
    }
    assert await async_setup_component(hass, "frontend", {})

    url = await async_setup_card(hass)

    assert url.startswith(f"{CARD_URL}?v=")
    assert url in hass.data[DATA_EXTRA_MODULE_URL].urls
    client = await hass_client()
    response = await client.get(url)
    assert response.status == 200
    body = await response.read()
    assert body == CARD_PATH.read_bytes()
    assert b"orchestration-plan-card" in body

    # Every dashboard page names the module: no resource to add by hand.
    index = await (await client.get("/")).text()
    assert f'import("{url}")' in index


async def test_setting_up_twice_registers_once(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "frontend", {})

    first = await async_setup_card(hass)
    second = await async_setup_card(hass)

    assert first == second
    registered = [u for u in hass.data[DATA_EXTRA_MODULE_URL].urls if CARD_URL in u]
    assert registered == [first]


async def test_nothing_to_register_without_the_frontend(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "http", {})

    assert await async_setup_card(hass) is None
    assert DATA_EXTRA_MODULE_URL not in hass.data
