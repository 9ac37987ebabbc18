"""Insights: the home notices waste or a better time and proposes a plan (issue 16).

Pure: nothing here imports Home Assistant. One pass of the recommender goes

    Observation (snapshot, clock, deferrable loads, history)
      -> rules (rules/, each small)    -> Suggestion (a TaskSpec to plan, figures,
                                          when the situation ends, a dedupe key)
      -> recommend (safety, subsumption) -> the pass's suggestions
      -> InsightMemory (memory.py)     -> which to offer now, which ended, which to
                                          deliver (quiet hours, dismissals, snoozes,
                                          rate limits)

The Home Assistant glue builds the observation, turns offered suggestions into
``insight_recommendation`` plans waiting for approval, and reports answers back.
Nothing here acts on the home.
"""
