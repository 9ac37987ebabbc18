"""Names of the events Orchestration fires (DESIGN §6), part of the public contract."""

from __future__ import annotations

from typing import Final

EVENT_PLAN_CREATED: Final = "orchestration_plan_created"
EVENT_PLAN_STATUS_CHANGED: Final = "orchestration_plan_status_changed"
EVENT_APPROVAL_REQUESTED: Final = "orchestration_approval_requested"
EVENT_STEP_FAILED: Final = "orchestration_step_failed"
EVENT_REPLANNED: Final = "orchestration_replanned"
# DESIGN §8: the home proposed a plan itself.
EVENT_RECOMMENDATION: Final = "orchestration_recommendation"
# Two plans wanted the same device at the same time: which one keeps it (additive).
EVENT_PLAN_CONFLICT: Final = "orchestration_plan_conflict"
