"""The end-to-end demo home runs at midday, whatever hour CI starts it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
import sys
from zoneinfo import ZoneInfo

from homeassistant.util.yaml import load_yaml
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from run_e2e import develop_command, midday_time_zone  # noqa: E402


@pytest.mark.parametrize("minutes", range(0, 24 * 60, 17))
def test_every_start_reads_midday(minutes: int) -> None:
    """At any minute of the day the chosen zone's clock reads 13:xx."""
    now = datetime(2026, 12, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    local = now.astimezone(ZoneInfo(midday_time_zone(now)))
    assert local.hour == 13
    assert local.minute == now.minute


def test_the_demo_home_runs_in_the_zone_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The zone the e2e passes reaches the demo's configuration; unset, Amsterdam."""
    configuration = ROOT / "scripts" / "demo" / "configuration.yaml"
    _, environment = develop_command(tmp_path, 8123)
    monkeypatch.setenv("DEMO_TIME_ZONE", environment["DEMO_TIME_ZONE"])
    core = load_yaml(configuration)["homeassistant"]
    assert core["time_zone"] == environment["DEMO_TIME_ZONE"]
    monkeypatch.delenv("DEMO_TIME_ZONE")
    assert load_yaml(configuration)["homeassistant"]["time_zone"] == "Europe/Amsterdam"
