"""Serves the dashboard card's bundle and loads it into every dashboard.

No manual resource step: the bundle is registered as an extra frontend module, with a
content hash in its URL so browsers fetch a new build right after an update.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Final

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

CARD_FILENAME: Final = "orchestration-plan-card.js"
CARD_PATH: Final = Path(__file__).parent / "frontend" / CARD_FILENAME
CARD_URL: Final = f"/{DOMAIN}_static/{CARD_FILENAME}"

DATA_CARD_URL: HassKey[str] = HassKey(f"{DOMAIN}_card_url")


def _content_hash(path: Path) -> str:
    """Return a short hash of the file, to version its URL."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


async def async_setup_card(hass: HomeAssistant) -> str | None:
    """Serve the card and add it to the frontend; return the URL the frontend loads.

    Returns None when Home Assistant runs without its frontend. Safe to call again: the
    card is registered once per Home Assistant run.
    """
    if (url := hass.data.get(DATA_CARD_URL)) is not None:
        return url
    if "frontend" not in hass.config.components:
        return None
    version = await hass.async_add_executor_job(_content_hash, CARD_PATH)
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(CARD_PATH), cache_headers=True)]
    )
    url = f"{CARD_URL}?v={version}"
    add_extra_js_url(hass, url)
    hass.data[DATA_CARD_URL] = url
    return url
