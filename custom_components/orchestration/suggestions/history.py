"""The home's own past for the insight rules, read from the recorder's statistics.

Energy: the hourly change of each energy statistic of the energy dashboard's devices
over the last 15 days (long-term statistics), read again every hour or when those
statistics change. Grid power: the 5-minute means of the grid power sensor over the
last hour (short-term statistics), read when a pass may use them. The recorder is
optional: without it the history stays empty and the rules that need it stay quiet.
Queries run in the recorder's own executor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from homeassistant.core import HomeAssistant
from homeassistant.helpers.recorder import get_instance

from ..core.insights.observation import (
    History,
    HourlyEnergy,
    PowerSample,
    energy_from_statistics,
    power_from_statistics,
)

RECORDER: Final = "recorder"
ENERGY_SPAN: Final = timedelta(days=15)
ENERGY_REFRESH: Final = timedelta(hours=1)
GRID_SPAN: Final = timedelta(hours=1)

type Rows = Mapping[str, Sequence[Mapping[str, Any]]]


class StatisticsHistory:
    """The energy and grid power history the rules compare against."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Read from the recorder of ``hass``, when it has one."""
        self._hass = hass
        self._energy: dict[str, list[HourlyEnergy]] = {}
        self._grid: list[PowerSample] = []
        self._energy_read: tuple[datetime, frozenset[str]] | None = None

    @property
    def history(self) -> History:
        """What was read last."""
        return History(energy=self._energy, grid_power=self._grid)

    async def async_refresh_energy(
        self, statistic_ids: frozenset[str], now: datetime
    ) -> None:
        """Read the hourly energy again if it is an hour old or its statistics changed."""
        if self._energy_read is not None:
            read_at, read_ids = self._energy_read
            if read_ids == statistic_ids and now - read_at < ENERGY_REFRESH:
                return
        self._energy_read = (now, statistic_ids)
        if not statistic_ids:
            self._energy = {}
            return
        rows = await self._async_query(
            now - ENERGY_SPAN, statistic_ids, "hour", {"energy": "kWh"}, "change"
        )
        self._energy = energy_from_statistics(rows)

    async def async_refresh_grid(self, entity_id: str, now: datetime) -> None:
        """Read the grid power's 5-minute means of the last hour."""
        rows = await self._async_query(
            now - GRID_SPAN, frozenset({entity_id}), "5minute", {"power": "W"}, "mean"
        )
        self._grid = power_from_statistics(rows.get(entity_id, ()))

    async def _async_query(
        self,
        start: datetime,
        statistic_ids: frozenset[str],
        period: Literal["5minute", "hour"],
        units: dict[str, str],
        kind: Literal["change", "mean"],
    ) -> Rows:
        if RECORDER not in self._hass.config.components:
            return {}
        # Imported here: the recorder is optional (after_dependencies).
        from homeassistant.components.recorder.statistics import (
            statistics_during_period,
        )

        rows: Rows = await get_instance(self._hass).async_add_executor_job(
            statistics_during_period,
            self._hass,
            start,
            None,
            set(statistic_ids),
            period,
            units,
            {kind},
        )
        return rows
