"""Run benchmark sections and print one JSON object: ``{section: result}``."""

from __future__ import annotations

import json
import sys

from . import sections


def main(argv: list[str]) -> int:
    """Run the sections named in ``argv`` (all when none) and print their results."""
    available = sections()
    wanted = argv or list(available)
    unknown = [name for name in wanted if name not in available]
    if unknown:
        print(
            f"unknown sections {unknown}; available: {sorted(available)}",
            file=sys.stderr,
        )
        return 2
    results = {name: available[name]() for name in wanted}
    print(json.dumps(results, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
