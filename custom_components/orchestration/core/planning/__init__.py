"""From a TaskSpec and a snapshot of the home to an execution plan (a DAG of steps).

By responsibility, each module importing only those after it:

* ``planner`` - choose a variant per goal, assemble the steps, score, alternatives;
* ``goals`` - expand a task's goals into drafts: goal-level goals (appliances,
  energy, preconditioning, security, routines) into device goals and timed variants;
* ``devices`` - expand a device goal into action steps with their guardrails,
  substitutes and fallbacks;
* ``steps`` - what they share: drafts of steps, variants, the planning context;
* ``actions`` - which Home Assistant action achieves a goal on an entity.
"""
