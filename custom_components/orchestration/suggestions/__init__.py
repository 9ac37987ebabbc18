"""The home's suggestions at work (issue 16): when the recommender looks, and its past.

- ``runner``: passes of the pure recommender (``core.insights``) over the live home,
  on state changes, every five minutes and when deferred deliveries fall due; what
  they offer becomes a plan through the engine, waiting for a person to accept it.
- ``history``: the home's own past from the recorder's statistics.

The engine keeps the recommender's memory with the plans and answers for it (accept,
dismiss, snooze, expire); see ``..engine``.
"""
