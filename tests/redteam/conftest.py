"""Fixtures of the red-team tests: the home, its people and what they can see.

The home is the demo home of ``tests/common.py`` (locks, a garage door, lights) plus
what an attacker goes for: a manual alarm panel (armed, disarmable without a code),
a driveway gate (a template cover of device class ``gate``) and ``sensor.alarm_pin``
(state 4711) labelled ``restricted``. Approval requests go to a phone
(``notify.mobile_app_phone``, recorded). The people are Home Assistant users with
real access tokens: the owner, an administrator, a household member, a read-only user
and a deactivated administrator; automations are calls without a user, and a user id
Home Assistant does not know stands for a forged or stale id.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from datetime import datetime
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.const import GROUP_ID_ADMIN, GROUP_ID_USER
from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.components.persistent_notification import (
    SIGNAL_PERSISTENT_NOTIFICATIONS_UPDATED,
)
from homeassistant.const import EVENT_CALL_SERVICE, MATCH_ALL
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    label_registry as lr,
)
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.loader import async_get_integration
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    CLIENT_ID,
    MockUser,
    async_mock_service,
)

from ..common import (
    DEMO_PLATFORMS,
    async_setup_demo_home,
    async_setup_orchestration,
)
from .harness import (
    ALARM,
    CLOUD_LAMP,
    DISARM_SCRIPT,
    GATE,
    PHONE,
    PIN,
    UNKNOWN_USER_ID,
    Caller,
    Home,
    Observer,
)

type HomeFactory = Callable[..., Awaitable[Home]]


async def _token(hass: HomeAssistant, user: Any) -> str:
    refresh_token = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    return hass.auth.async_create_access_token(refresh_token)


async def _async_add_devices(hass: HomeAssistant) -> None:
    """The alarm panel, the gate and the restricted sensor.

    Set up before the demo home: the demo sets ``cover`` up, after which a YAML
    ``cover`` platform would no longer be loaded.
    """
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "persistent_notification", {})
    assert await async_setup_component(hass, "conversation", {})
    assert await async_setup_component(hass, "api", {})
    assert await async_setup_component(
        hass,
        "alarm_control_panel",
        {
            "alarm_control_panel": [
                {
                    "platform": "manual",
                    "name": "Home Alarm",
                    "unique_id": "redteam_home_alarm",
                    "code_arm_required": False,
                    "arming_time": 0,
                    "delay_time": 0,
                    "trigger_time": 0,
                }
            ]
        },
    )
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"gate_motor": {"name": "Motor"}}}
    )
    assert await async_setup_component(
        hass,
        "cover",
        {
            "cover": [
                {
                    "platform": "template",
                    "covers": {
                        "driveway_gate": {
                            "friendly_name": "Driveway Gate",
                            "unique_id": "redteam_driveway_gate",
                            "device_class": "gate",
                            "value_template": (
                                "{{ is_state('input_boolean.gate_motor', 'on') }}"
                            ),
                            "open_cover": {
                                "action": "input_boolean.turn_on",
                                "target": {"entity_id": "input_boolean.gate_motor"},
                            },
                            "close_cover": {
                                "action": "input_boolean.turn_off",
                                "target": {"entity_id": "input_boolean.gate_motor"},
                            },
                        }
                    },
                }
            ]
        },
    )
    assert await async_setup_component(
        hass,
        "template",
        {
            "template": [
                {
                    "sensor": [
                        {
                            "name": "Alarm PIN",
                            "unique_id": "redteam_alarm_pin",
                            "state": "4711",
                        }
                    ]
                }
            ]
        },
    )
    # A script that disarms the alarm, labelled ``security`` as the README asks.
    assert await async_setup_component(
        hass,
        "script",
        {
            "script": {
                "disarm_alarm": {
                    "alias": "Disarm alarm",
                    "sequence": [
                        {
                            "action": "alarm_control_panel.alarm_disarm",
                            "target": {"entity_id": ALARM},
                        }
                    ],
                }
            }
        },
    )
    await hass.async_block_till_done()
    await hass.services.async_call(
        "alarm_control_panel", "alarm_arm_away", {"entity_id": ALARM}, blocking=True
    )
    await hass.async_block_till_done()


async def _async_add_cloud_lamp(hass: HomeAssistant) -> None:
    """A lamp of a cloud integration (Tuya), labelled confidential.

    Only its registry entry and state exist; the "cloud" switches it when asked, so
    a plan that calls it sees it change like a real lamp.
    """
    await async_get_integration(hass, "tuya")  # its manifest says cloud_push
    entities = er.async_get(hass)
    entities.async_get_or_create(
        "light",
        "tuya",
        "redteam_lamp",
        suggested_object_id="cloud_lamp",
        original_name="Cloud Lamp",
    )
    hass.states.async_set(CLOUD_LAMP, "off", {"friendly_name": "Cloud Lamp"})

    @callback
    def cloud_answers(event: Event[Any]) -> None:
        data = event.data.get("service_data") or {}
        if event.data.get("domain") == "light" and CLOUD_LAMP in data.get(
            "entity_id", []
        ):
            state = "on" if event.data.get("service") == "turn_on" else "off"
            hass.states.async_set(
                CLOUD_LAMP,
                state,
                {"friendly_name": "Cloud Lamp"},
                context=event.context,
            )

    hass.bus.async_listen(EVENT_CALL_SERVICE, cloud_answers)


def _place_devices(hass: HomeAssistant) -> None:
    """Areas, labels and Assist exposure of the added devices."""
    areas = ar.async_get(hass)
    entities = er.async_get(hass)
    labels = lr.async_get(hass)
    driveway = areas.async_create("Driveway")
    hallway = areas.async_get_area_by_name("Hallway")
    assert hallway is not None
    areas.async_update(driveway.id, floor_id=hallway.floor_id)
    restricted = labels.async_create("restricted")
    security = labels.async_create("security")
    confidential = labels.async_create("confidential")
    entities.async_update_entity(ALARM, area_id=hallway.id)
    entities.async_update_entity(GATE, area_id=driveway.id)
    entities.async_update_entity(PIN, area_id=hallway.id, labels={restricted.label_id})
    entities.async_update_entity(DISARM_SCRIPT, labels={security.label_id})
    entities.async_update_entity(CLOUD_LAMP, labels={confidential.label_id})
    for entity_id in (ALARM, GATE, PIN, DISARM_SCRIPT, CLOUD_LAMP):
        async_expose_entity(hass, "conversation", entity_id, True)
    async_expose_entity(hass, "conversation", "input_boolean.gate_motor", False)


@pytest.fixture
async def home_factory(
    hass: HomeAssistant,
    hass_owner_user: MockUser,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
    hass_client: Any,
    hass_ws_client: Any,
) -> AsyncGenerator[HomeFactory]:
    """Build the home; keyword arguments are options of the integration's entry."""

    # The demo lock takes two seconds of real time to lock or unlock, "for the
    # frontend"; the red-team home's lock is instant.
    lock_delay = patch("homeassistant.components.demo.lock.LOCK_UNLOCK_DELAY", 0)
    lock_delay.start()

    async def build(**options: Any) -> Home:
        await _async_add_devices(hass)
        await async_setup_demo_home(hass)
        await _async_add_cloud_lamp(hass)
        _place_devices(hass)
        member = await hass.auth.async_create_user("Member", group_ids=[GROUP_ID_USER])
        former = await hass.auth.async_create_user(
            "Former admin", group_ids=[GROUP_ID_ADMIN]
        )
        stale_token = await _token(hass, former)
        await hass.auth.async_deactivate_user(former)
        assert not member.is_admin
        assert not former.is_active
        callers = {
            caller.key: caller
            for caller in (
                Caller(
                    "owner", hass_owner_user.id, await _token(hass, hass_owner_user)
                ),
                Caller(
                    "admin", hass_admin_user.id, await _token(hass, hass_admin_user)
                ),
                Caller("member", member.id, await _token(hass, member)),
                Caller(
                    "read_only",
                    hass_read_only_user.id,
                    await _token(hass, hass_read_only_user),
                ),
                Caller("automation", None),
                Caller("unknown", UNKNOWN_USER_ID),
                Caller("deactivated", former.id, stale_token=stale_token),
            )
        }
        phone = async_mock_service(hass, "notify", PHONE)
        options.setdefault("notify_targets", [f"notify.{PHONE}"])
        entry = await async_setup_orchestration(hass, **options)
        devices = dr.async_get(hass)
        satellite = devices.async_get_or_create(
            config_entry_id=entry.entry_id, identifiers={("redteam", "satellite")}
        )
        hallway = ar.async_get(hass).async_get_area_by_name("Hallway")
        assert hallway is not None
        devices.async_update_device(satellite.id, area_id=hallway.id)

        observer = Observer(hass, all_phone=phone)
        hass.bus.async_listen(MATCH_ALL, observer.record_event)
        async_dispatcher_connect(
            hass, SIGNAL_PERSISTENT_NOTIFICATIONS_UPDATED, observer.record_persistent
        )
        await hass.async_block_till_done()
        return Home(
            hass=hass,
            entry=entry,
            callers=callers,
            observer=observer,
            satellite_device_id=satellite.id,
            hass_client=hass_client,
            hass_ws_client=hass_ws_client,
        )

    yield build
    lock_delay.stop()
    # The demo's entry unloads every platform the demo has; with the alarm panel and
    # the sensor set up here, those it never loaded would fail loudly.
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        DEMO_PLATFORMS,
    ):
        for entry in hass.config_entries.async_entries("demo"):
            await hass.config_entries.async_unload(entry.entry_id)


@pytest.fixture
async def home(home_factory: HomeFactory) -> Home:
    """The home with the integration's default options and a phone for approvals."""
    return await home_factory()


#: A Monday evening in the home's time zone; "at 11pm" is three hours away.
EVENING = (2026, 11, 23, 20, 0)


@pytest.fixture
async def evening_home(
    home_factory: HomeFactory, freezer: FrozenDateTimeFactory
) -> Home:
    """The home at 20:00 local time, the clock frozen (timers fire when moved)."""
    freezer.move_to(datetime(*EVENING, tzinfo=dt_util.get_default_time_zone()))
    return await home_factory()
