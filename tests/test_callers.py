"""Who calls: Home Assistant users described once, for the same tier everywhere."""

from __future__ import annotations

from homeassistant.auth.const import GROUP_ID_ADMIN
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockUser

from custom_components.orchestration.callers import async_get_caller, async_tier_of
from custom_components.orchestration.core.models import TrustTier
from custom_components.orchestration.core.policy import Caller


async def test_users_become_callers(
    hass: HomeAssistant,
    hass_owner_user: MockUser,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    """No user, owner, admin, read-only user, unknown id, deactivated user."""
    assert await async_get_caller(hass, None) == Caller(None)
    assert await async_get_caller(hass, hass_owner_user.id) == Caller(
        hass_owner_user.id, is_owner=True, is_admin=True
    )
    assert await async_get_caller(hass, hass_read_only_user.id) == Caller(
        hass_read_only_user.id, read_only=True
    )
    assert await async_get_caller(hass, "nobody") == Caller("nobody", known_user=False)
    await hass.auth.async_deactivate_user(hass_admin_user)
    assert await async_get_caller(hass, hass_admin_user.id) == Caller(
        hass_admin_user.id, active=False
    )


async def test_tiers_of_users(
    hass: HomeAssistant,
    hass_owner_user: MockUser,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    """A read-only user is basic even when raised; a deactivated one untrusted."""
    former = await hass.auth.async_create_user("Former", group_ids=[GROUP_ID_ADMIN])
    await hass.auth.async_deactivate_user(former)
    raised = {hass_read_only_user.id: "trusted", former.id: "privileged"}

    assert await async_tier_of(hass, None, {}) is TrustTier.BASIC
    assert await async_tier_of(hass, hass_owner_user.id, {}) is TrustTier.PRIVILEGED
    assert await async_tier_of(hass, hass_admin_user.id, {}) is TrustTier.TRUSTED
    assert await async_tier_of(hass, hass_read_only_user.id, raised) is (
        TrustTier.BASIC
    )
    assert await async_tier_of(hass, former.id, raised) is TrustTier.UNTRUSTED
    assert await async_tier_of(hass, "nobody", {}) is TrustTier.UNTRUSTED
