"""Fixtures of the suggestion tests."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
import pytest

from .home import Home, async_make_home


@pytest.fixture
async def home(demo_home: HomeAssistant, freezer: FrozenDateTimeFactory) -> Home:
    """The demo home with what the rules read, at ``START``, with default options."""
    return await async_make_home(demo_home, freezer)


@pytest.fixture
async def household_user(hass: HomeAssistant, hass_owner_user: User) -> User:
    """A family member: may control devices, is no administrator (tier verified).

    The home has its owner already, so this user is not made the owner.
    """
    user = await hass.auth.async_create_user("Kid", group_ids=[GROUP_ID_USER])
    assert not user.is_owner
    assert not user.is_admin
    return user
