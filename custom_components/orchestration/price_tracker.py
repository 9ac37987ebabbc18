"""The configured price entity, read as a Tariff, with its service-only price lists.

Some sources publish their price list only through a service (core Nord Pool, Tibber,
EnergyZero, easyEnergy): the tracker fetches it in the background, at start and every
half hour, and keeps the last good list. A price entity that stays unusable raises a
repair issue, cleared as soon as prices come back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
import logging
from typing import Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .core.energy.tariffs import (
    SOURCE_CURRENT_PRICE,
    SOURCE_EASYENERGY,
    SOURCE_ENERGYZERO,
    SOURCE_NORDPOOL,
    SOURCE_OCTOPUS,
    SOURCE_TIBBER,
    is_usable,
    normalize_prices,
    prices_from_energy_prices_service,
    prices_from_nordpool_service,
    prices_from_octopus,
    prices_from_tibber_service,
    tariff_from_slots,
)
from .core.models import PriceSlot, Tariff

_LOGGER = logging.getLogger(__name__)

ISSUE_PRICE_ENTITY_UNUSABLE: Final = "price_entity_unusable"
# How long the price entity may be unusable (e.g. during a restart) before we say so.
UNUSABLE_GRACE: Final = timedelta(minutes=15)
REFRESH_INTERVAL: Final = timedelta(minutes=30)

_BEGINNING: Final = datetime(1970, 1, 1, tzinfo=UTC)
_CURRENT_DAY_RATES: Final = "_current_day_rates"
_NEXT_DAY_RATES: Final = "_next_day_rates"


class PriceTracker:
    """Turns the configured price entity into a Tariff and watches that it stays usable."""

    def __init__(
        self,
        hass: HomeAssistant,
        entity_id: str | None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        """Track ``entity_id`` (None: no price entity).

        ``on_change`` is called whenever the prices may have changed: the entity
        changed, or a price list was fetched.
        """
        self._hass = hass
        self.entity_id = entity_id
        self._on_change = on_change
        self._service_source: str | None = None
        self._service_slots: list[PriceSlot] = []
        self._tariff: Tariff | None = None
        self._stale = True
        self._unusable_timer: CALLBACK_TYPE | None = None
        self._issue_raised = False

    @property
    def watched_entity_ids(self) -> frozenset[str]:
        """Entities whose state changes change the tariff."""
        if self.entity_id is None:
            return frozenset()
        watched = {self.entity_id}
        if self.entity_id.endswith(_CURRENT_DAY_RATES):
            watched.add(self._next_day_rates_id(self.entity_id))
        return frozenset(watched)

    @staticmethod
    def _next_day_rates_id(entity_id: str) -> str:
        return entity_id.removesuffix(_CURRENT_DAY_RATES) + _NEXT_DAY_RATES

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Fetch service prices now and periodically; return the function that stops."""
        if self.entity_id is None:
            return lambda: None
        self._hass.async_create_background_task(
            self.async_refresh_service_prices(), "orchestration price fetch"
        )
        stop_interval = async_track_time_interval(
            self._hass,
            self._async_interval,
            REFRESH_INTERVAL,
            cancel_on_shutdown=True,
        )
        self.async_check_usable()

        @callback
        def stop() -> None:
            stop_interval()
            if self._unusable_timer is not None:
                self._unusable_timer()
                self._unusable_timer = None

        return stop

    async def _async_interval(self, _: datetime) -> None:
        await self.async_refresh_service_prices()

    @callback
    def async_state_changed(self) -> None:
        """A watched entity changed: re-read the tariff and its usability."""
        self._stale = True
        self.async_check_usable()
        self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()

    @callback
    def async_tariff(self, now: datetime) -> Tariff | None:
        """The tariff at ``now``: slots still to come and the current price."""
        if self.entity_id is None:
            return None
        if self._stale:
            self._tariff = self._read(self.entity_id)
            self._stale = False
        full = self._tariff
        if full is None:
            return None
        return tariff_from_slots(
            full.source,
            full.slots,
            currency=full.currency,
            now=now,
            entity_id=full.entity_id,
            current_price=full.current_price,
        )

    def _read(self, entity_id: str) -> Tariff | None:
        """The whole tariff from the entity's state and the fetched price list."""
        state = self._hass.states.get(entity_id)
        if state is None:
            return None
        attributes = state.attributes
        tariff = normalize_prices(
            attributes,
            state=state.state,
            unit=attributes.get("unit_of_measurement"),
            entity_id=entity_id,
            now=_BEGINNING,
        )
        if tariff.source == SOURCE_OCTOPUS:
            following = self._hass.states.get(self._next_day_rates_id(entity_id))
            if following is not None:
                tariff.slots = prices_from_octopus(attributes, following.attributes)
        elif (
            tariff.source == SOURCE_CURRENT_PRICE
            and self._service_source is not None
            and self._service_slots
        ):
            tariff = Tariff(
                source=self._service_source,
                currency=tariff.currency,
                slots=list(self._service_slots),
                current_price=tariff.current_price,
                entity_id=entity_id,
            )
        return tariff

    # --- Usability and the repair issue -------------------------------------------

    @callback
    def async_check_usable(self) -> None:
        """Raise the repair issue once prices stay unusable; clear it when they return."""
        if self.entity_id is None:
            return
        if self._usable():
            if self._unusable_timer is not None:
                self._unusable_timer()
                self._unusable_timer = None
            if self._issue_raised:
                ir.async_delete_issue(self._hass, DOMAIN, ISSUE_PRICE_ENTITY_UNUSABLE)
                self._issue_raised = False
            return
        if self._unusable_timer is None and not self._issue_raised:
            self._unusable_timer = async_call_later(
                self._hass, UNUSABLE_GRACE, self._async_grace_over
            )

    @callback
    def _async_grace_over(self, _: datetime) -> None:
        self._unusable_timer = None
        # Re-read at the deadline rather than trust the last state change we heard of.
        self._stale = True
        if self._usable():
            return
        _LOGGER.warning("Price entity %s has no usable price", self.entity_id)
        ir.async_create_issue(
            self._hass,
            DOMAIN,
            ISSUE_PRICE_ENTITY_UNUSABLE,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=ISSUE_PRICE_ENTITY_UNUSABLE,
            translation_placeholders={"entity_id": str(self.entity_id)},
        )
        self._issue_raised = True

    def _usable(self) -> bool:
        tariff = self.async_tariff(dt_util.utcnow())
        return tariff is not None and is_usable(tariff)

    # --- Service-only price lists ---------------------------------------------------

    async def async_refresh_service_prices(self) -> None:
        """Fetch today's and tomorrow's prices where only a service publishes them."""
        if self.entity_id is None:
            return
        entry = er.async_get(self._hass).async_get(self.entity_id)
        state = self._hass.states.get(self.entity_id)
        if entry is None or (
            state is not None and "raw_today" in state.attributes
        ):  # The HACS nordpool sensor shares core's platform name but lists prices.
            return
        fetch = {
            SOURCE_NORDPOOL: self._async_fetch_nordpool,
            SOURCE_TIBBER: self._async_fetch_tibber,
            SOURCE_ENERGYZERO: self._async_fetch_energy_prices,
            SOURCE_EASYENERGY: self._async_fetch_energy_prices,
        }.get(entry.platform)
        if fetch is None:
            return
        try:
            slots = await fetch(entry)
        except HomeAssistantError as err:
            _LOGGER.warning(
                "Could not fetch prices for %s from %s: %s",
                self.entity_id,
                entry.platform,
                err,
            )
            return
        if not slots:
            return
        self._service_source = entry.platform
        self._service_slots = slots
        self._stale = True
        self.async_check_usable()
        self._changed()

    async def _async_call(
        self, domain: str, service: str, data: Mapping[str, Any]
    ) -> Mapping[str, Any]:
        """Call a price service; Home Assistant guarantees a dict response or raises."""
        response = await self._hass.services.async_call(
            domain, service, dict(data), blocking=True, return_response=True
        )
        return response or {}

    async def _async_fetch_nordpool(self, entry: er.RegistryEntry) -> list[PriceSlot]:
        today = dt_util.now().date()
        # Core Nord Pool's unique ids start with the area, e.g. "SE3-current_price".
        area = entry.unique_id.partition("-")[0] or None
        slots: list[PriceSlot] = []
        for day in (today, today + timedelta(days=1)):
            try:
                response = await self._async_call(
                    "nordpool",
                    "get_prices_for_date",
                    {"config_entry": entry.config_entry_id, "date": day.isoformat()},
                )
            except HomeAssistantError:
                if day == today:
                    raise
                break  # Tomorrow's prices are not published yet.
            use_area = area if area in response else None
            slots += prices_from_nordpool_service(response, area=use_area)
        return slots

    async def _async_fetch_tibber(self, entry: er.RegistryEntry) -> list[PriceSlot]:
        start = dt_util.start_of_local_day()
        response = await self._async_call(
            "tibber",
            "get_prices",
            {
                "start": start.isoformat(),
                "end": (start + timedelta(days=2)).isoformat(),
            },
        )
        homes = response.get("prices")
        home = None
        if isinstance(homes, Mapping):
            name = (entry.name or entry.original_name or "").lower()
            home = next((item for item in homes if str(item).lower() in name), None)
        return prices_from_tibber_service(response, home=home)

    async def _async_fetch_energy_prices(
        self, entry: er.RegistryEntry
    ) -> list[PriceSlot]:
        today = dt_util.now().date()
        service = (
            "get_energy_prices"
            if entry.platform == SOURCE_ENERGYZERO
            else "get_energy_usage_prices"
        )
        response = await self._async_call(
            entry.platform,
            service,
            {
                "config_entry": entry.config_entry_id,
                "incl_vat": True,
                "start": today.isoformat(),
                "end": (today + timedelta(days=1)).isoformat(),
            },
        )
        return prices_from_energy_prices_service(response, source=entry.platform)
