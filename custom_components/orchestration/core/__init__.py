"""The pure pipeline: intake, policy, planning, explanation and handover.

Nothing in this package imports Home Assistant (a ruff rule makes such an import a
lint error), so every stage is tested and benchmarked without a running hass. The
Home Assistant glue at the package's top level feeds it snapshots of the home and
runs what it returns.
"""
