"""Constants of the Orchestration integration: domain, option keys, storage.

The options' defaults and ranges are in ``options``.
"""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "orchestration"
TITLE: Final = "Orchestration"

# OrchestrationConfig of SEED.md, held in the config entry's options.
CONF_MAX_PLANNING_TIME_MS: Final = "max_planning_time_ms"
CONF_MAX_PLAN_ALTERNATIVES: Final = "max_plan_alternatives"
CONF_ENABLE_PREVIEW_MODE: Final = "enable_preview_mode"
CONF_ENABLE_REPLANNING: Final = "enable_replanning"
CONF_PRIVACY_FIRST: Final = "privacy_first"
CONF_LOCAL_EXECUTION_PREFERENCE: Final = "local_execution_preference"
CONF_COST_BUDGET_DEFAULT: Final = "cost_budget_default"
CONF_LATENCY_BUDGET_DEFAULT_MS: Final = "latency_budget_default_ms"

# Context sources (DESIGN §7).
CONF_PRICE_ENTITY: Final = "price_entity"
# Power at the grid connection (negative while exporting); the energy dashboard's grid
# power sensor when unset.
CONF_GRID_POWER_ENTITY: Final = "grid_power_entity"
CONF_QUIET_HOURS_SCHEDULE: Final = "quiet_hours_schedule"
CONF_QUIET_HOURS_START: Final = "quiet_hours_start"
CONF_QUIET_HOURS_END: Final = "quiet_hours_end"
CONF_QUIET_HOURS_OVERRIDES: Final = "quiet_hours_overrides"
CONF_NOTIFY_TARGETS: Final = "notify_targets"
CONF_POWER_LIMIT_W: Final = "power_limit_w"
# The power limit every entry stored until it became the home's supply (entry 1.1):
# a single 16 A circuit, which no EV charger fits under.
FORMER_DEFAULT_POWER_LIMIT_W: Final = 3500.0
CONF_DEFAULT_STRATEGY: Final = "default_strategy"
CONF_APPROVAL_TIMEOUT_MIN: Final = "approval_timeout_min"
CONF_WAIT_TIMEOUT_H: Final = "wait_timeout_h"
CONF_TRUST_OVERRIDES: Final = "trust_overrides"
# The priority of each origin of a plan on shared devices (core.models.Origin).
CONF_PRIORITY_USER_REQUEST: Final = "priority_user_request"
CONF_PRIORITY_AUTOMATION: Final = "priority_automation"
CONF_PRIORITY_SCHEDULED_ROUTINE: Final = "priority_scheduled_routine"
CONF_PRIORITY_INSIGHT_RECOMMENDATION: Final = "priority_insight_recommendation"
# User routines: a list of {"name", "intent", "time", "weekdays"} (routine_spec.py).
CONF_ROUTINES: Final = "routines"
# The language model asked when neither the grammar nor the interpretation layer
# understands a request (language_model.py): off by default.
CONF_LLM_FALLBACK: Final = "llm_fallback"
CONF_LLM_AGENT: Final = "llm_agent"
CONF_LLM_TIMEOUT_S: Final = "llm_timeout_s"

# Storage.
STORAGE_KEY: Final = "orchestration.plans"
STORAGE_VERSION: Final = 1
STORAGE_SAVE_DELAY_S: Final = 1.0
MAX_FINISHED_PLANS: Final = 500


# Events are named in core/events.py (the pure handover fires one of them).

# Dispatcher signal sent whenever a plan or a metric changes.
SIGNAL_PLANS_UPDATED: Final = "orchestration_plans_updated"
