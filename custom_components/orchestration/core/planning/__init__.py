"""From a TaskSpec and a snapshot of the home to an execution plan (a DAG of steps).

``planner`` assembles and scores plans; ``goals`` expands goal-level intents
(appliances, energy, preconditioning, routines); ``devices`` expands device goals with
fallbacks and guardrails; ``steps`` holds the drafts and planning context they share;
``actions`` maps a goal onto a device's service call.
"""
