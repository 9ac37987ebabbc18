"""The engine's parts, one job each.

- ``store``: every plan in memory and in Home Assistant's storage; change listeners.
- ``scheduler``: per-plan timers (a scheduled start, an approval's expiry), re-armed
  after a restart.
- ``consents``: the consent records, who may grant and revoke them.
- ``metrics``: the counters that survive restarts and the figures derived from them.
- ``pipeline``: one request through intake, context, planner, policy and explainer
  into a plan record.
- ``events``: the events of DESIGN §6 the engine fires.
- ``reasons``: the engine's messages for status changes and notes (text catalogue).
- ``errors``: the refusals the engine raises.

``..engine`` ties them together and owns the plan lifecycle.
"""
