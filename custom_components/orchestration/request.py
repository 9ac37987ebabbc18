"""What a caller asks the engine to plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core.models import Strategy, TriggerType


@dataclass(slots=True)
class PlanRequest:
    """What a caller asks the engine to plan."""

    intent: str
    trigger_type: TriggerType = TriggerType.USER_REQUEST
    preview: bool = False
    strategy: Strategy | None = None
    context_hints: dict[str, Any] = field(default_factory=dict)
    preferences: dict[str, Any] = field(default_factory=dict)
    language: str | None = None
    user_id: str | None = None
