"""Build the smart-home request corpora from their public sources; see README.md.

Reads the sources straight from git snapshots of their repositories at pinned commits,
derives each request's expected outcome (``expectations.py``, corrected by
``overrides.yaml``), removes duplicates, splits deterministically into a development and
a held-out share, and writes::

    OUT/README.md, OUT/LICENSE.md       sources, licences, attribution
    OUT/dev/en.yaml, OUT/dev/de.yaml    the development share
    OUT/heldout/en.yaml, OUT/heldout/de.yaml, OUT/heldout/README.md
    OUT/homes/ha-intents-de.yaml        the home Home Assistant's German tests assume

Run::

    python -m tests.intake.corpora.extract --slurp GIT_DIR --hwu GIT_DIR \
        --intents GIT_DIR --out DIR
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterable, Iterator
import csv
from dataclasses import dataclass, field
import hashlib
import io
import json
from pathlib import Path
import re
import shutil
import subprocess
import sys
import tempfile
from typing import Any

import yaml

from ..bench_ha_intents import load_cases, load_home
from .expectations import Expectation, Outcome, Request, Rules

HERE = Path(__file__).parent
OVERRIDES = HERE / "overrides.yaml"

SLURP_COMMIT = "8eb16545762be97ace75334109d73824217311f1"
SLURP_FILES = ("dataset/slurp/test.jsonl", "dataset/slurp/devel.jsonl")
HWU_COMMIT = "f6071b496b17d71e6eb43f543af0707f4ff30557"
HWU_FOLD = (
    "CrossValidation/autoGeneFromRealAnno/autoGene_2018_03_22-13_01_25_169/"
    "CrossValidation/KFold_1"
)
IOT_INTENTS = (
    "cleaning",
    "coffee",
    "hue_lightchange",
    "hue_lightdim",
    "hue_lightoff",
    "hue_lighton",
    "hue_lightup",
    "wemo_off",
    "wemo_on",
)
INTENTS_COMMIT = "aa550032a57b67c13995c032220bc4101521ead2"
# Home Assistant's device-control test files: the same set the English benchmark in
# shared/benchmarks/ha-intents-en scores.
HA_DEVICE_FILES = (
    "climate_HassClimateSetTemperature",
    "cover_HassSetPosition",
    "cover_HassTurnOff",
    "cover_HassTurnOn",
    "fan_HassTurnOff",
    "fan_HassTurnOn",
    "homeassistant_HassTurnOff",
    "homeassistant_HassTurnOn",
    "light_HassLightSet",
    "light_HassTurnOff",
    "light_HassTurnOn",
    "lock_HassTurnOff",
    "lock_HassTurnOn",
    "media_player_HassMediaNext",
    "media_player_HassMediaPause",
    "media_player_HassMediaPrevious",
    "media_player_HassMediaUnpause",
    "media_player_HassSetVolume",
    "scene_HassTurnOn",
    "script_HassTurnOn",
    "vacuum_HassVacuumReturnToBase",
    "vacuum_HassVacuumStart",
    "valve_HassSetPosition",
    "valve_HassTurnOff",
    "valve_HassTurnOn",
)
HELDOUT_SHARE = 0.28
PLACEHOLDER = re.compile(r"[\[<]|\.\.\.")


@dataclass(slots=True)
class Item:
    """One request on its way into a corpus file."""

    id: str
    sentence: str
    intent: str
    expect: Expectation
    source: dict[str, Any]
    group: str = ""  # items of one group go to the same share
    forced_heldout: bool = False
    context_area: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "sentence": self.sentence}
        data["intent"] = self.intent
        if self.context_area is not None:
            data["context_area"] = self.context_area
        data["expect"] = (
            "ask"
            if self.expect.ask
            else [outcome.as_dict() for outcome in self.expect.outcomes]
        )
        data["rule"] = self.expect.rule
        data["source"] = self.source
        return data


def git_show(git_dir: Path, commit: str, path: str) -> str:
    """A file of a repository snapshot at a commit."""
    git = shutil.which("git")
    if git is None:
        raise SystemExit("git is needed to read the snapshots")
    # The arguments are this module's pinned commits and paths and the caller's own
    # snapshot directory; no shell is involved.
    return subprocess.run(  # noqa: S603
        [git, "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def slurp_items(git_dir: Path) -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
    """(id, sentence, intent, annotation, source) of SLURP's smart-home requests."""
    for path in SLURP_FILES:
        partition = Path(path).stem
        for line in git_show(git_dir, SLURP_COMMIT, path).splitlines():
            record = json.loads(line)
            intent = str(record["intent"]).removeprefix("iot_")
            if record["scenario"] != "iot" or intent not in IOT_INTENTS:
                continue
            yield (
                f"slurp-{record['slurp_id']}",
                record["sentence"],
                intent,
                record["sentence_annotation"],
                {
                    "dataset": "SLURP",
                    "partition": partition,
                    "slurp_id": record["slurp_id"],
                    "intent": record["intent"],
                    "annotation": record["sentence_annotation"],
                },
            )


def hwu_items(git_dir: Path) -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
    """(id, sentence, intent, annotation, source) of HWU64's smart-home requests."""
    for intent in IOT_INTENTS:
        for path in (
            f"{HWU_FOLD}/testset/csv/iot_{intent}.csv",
            f"{HWU_FOLD}/trainset/iot_{intent}.csv",
        ):
            text = git_show(git_dir, HWU_COMMIT, path)
            for row in csv.DictReader(io.StringIO(text), delimiter=";"):
                if not row["answerid"].isdigit():
                    continue  # three rows without id or original text
                typed = row["answer_from_user"].strip()
                yield (
                    f"hwu-{row['answerid']}",
                    # A few typed answers hold placeholders ("[light name]", "<insert
                    # vacuum name>", "..."); the annotators' text has what was meant.
                    row["answer_from_anno"] if PLACEHOLDER.search(typed) else typed,
                    intent,
                    row["answer_annotation"],
                    {
                        "dataset": "HWU64",
                        "answerid": int(row["answerid"]),
                        "intent": f"iot_{row['intent']}",
                        "annotation": row["answer_annotation"],
                    },
                )


def _normalised(sentence: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", sentence.casefold()).split())


def english_items(
    slurp_dir: Path, hwu_dir: Path, rules: Rules, overrides: dict[str, Any]
) -> tuple[list[Item], dict[str, int]]:
    """SLURP's and HWU64's smart-home requests, without duplicates, with outcomes."""
    items: dict[str, Item] = {}
    counts: dict[str, int] = defaultdict(int)
    sources = [*slurp_items(slurp_dir), *hwu_items(hwu_dir)]
    for item_id, sentence, intent, annotation, source in sources:
        counts[f"{source['dataset']} read"] += 1
        key = _normalised(sentence)
        if not key or key in items:
            counts[f"{source['dataset']} duplicate"] += 1
            continue
        override = overrides.get(item_id)
        if override is not None and override["expect"] == "exclude":
            counts[f"{source['dataset']} excluded"] += 1
            continue
        expect = (
            rules.expect(Request.parse(intent, annotation))
            if override is None
            else _override(override)
        )
        items[key] = Item(
            id=item_id,
            sentence=sentence,
            intent=f"iot_{intent}",
            expect=expect,
            source=source,
            group=item_id,
            forced_heldout=source.get("partition") == "test",
        )
        counts[f"{source['dataset']} kept"] += 1
    return list(items.values()), dict(counts)


def _override(entry: dict[str, Any]) -> Expectation:
    reason = f"hand-checked: {entry['why']}"
    if entry["expect"] == "ask":
        return Expectation([], f"ask: {reason}")
    return Expectation(
        [
            Outcome(
                outcome["goal_type"],
                list(outcome["entity_ids"]),
                dict(outcome.get("params") or {}),
            )
            for outcome in entry["expect"]
        ],
        reason,
    )


def german_items(intents_dir: Path, out: Path) -> list[Item]:
    """Home Assistant's German device-control test sentences, with their home."""
    homes = out / "homes"
    homes.mkdir(parents=True, exist_ok=True)
    fixtures = git_show(intents_dir, INTENTS_COMMIT, "tests/de/_fixtures.yaml")
    (homes / "ha-intents-de.yaml").write_text(fixtures, encoding="utf-8")
    items = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "_fixtures.yaml").write_text(fixtures, encoding="utf-8")
        for name in HA_DEVICE_FILES:
            try:
                text = git_show(intents_dir, INTENTS_COMMIT, f"tests/de/{name}.yaml")
            except subprocess.CalledProcessError:
                continue  # no German test file for this intent
            (root / f"{name}.yaml").write_text(text, encoding="utf-8")
        home = load_home(root)
        numbers: dict[str, int] = defaultdict(int)
        for case in load_cases(root, home):
            numbers[case.file] += 1
            group = f"ha-de-{case.file}-{numbers[case.file]}"
            outcome = Outcome(case.goal_type, sorted(case.entity_ids), case.params)
            # Where the expected slots select nothing in the home, Home Assistant
            # answers that there is no such device: the plan must act on nothing.
            expect = (
                Expectation([outcome], "Home Assistant's expected slots")
                if case.entity_ids
                else Expectation([], "ask: the expected slots select no entity")
            )
            for index, sentence in enumerate(case.sentences, start=1):
                items.append(
                    Item(
                        id=f"{group}-{index}",
                        # Each sentence is its own group: a case of Home Assistant's
                        # tests holds up to a hundred sentences, too many to split by.
                        sentence=sentence,
                        intent=case.file,
                        expect=expect,
                        source={
                            "dataset": "home-assistant/intents",
                            "file": f"tests/de/{case.file}.yaml",
                            "case": numbers[case.file],
                        },
                        group=f"{group}-{index}",
                        context_area=case.context_area_id,
                    )
                )
    return items


def split(
    items: Iterable[Item], share: float = HELDOUT_SHARE
) -> tuple[list[Item], list[Item]]:
    """Development and held-out items: stratified by intent, by hash, whole groups.

    Items forced into the held-out share (SLURP's own test partition) count towards
    their stratum's share; the rest is filled in the order of a hash of the group id,
    so the split never changes while the sources do not.
    """
    strata: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        strata[item.intent][item.group].append(item)
    dev: list[Item] = []
    heldout: list[Item] = []
    for groups in strata.values():
        total = sum(len(members) for members in groups.values())
        wanted = round(total * share)
        taken = 0
        ordered = sorted(
            groups.items(),
            key=lambda entry: (
                not any(item.forced_heldout for item in entry[1]),
                hashlib.sha256(entry[0].encode()).hexdigest(),
            ),
        )
        for _, members in ordered:
            forced = any(item.forced_heldout for item in members)
            if forced or taken < wanted:
                heldout.extend(members)
                taken += len(members)
            else:
                dev.extend(members)
    return sorted(dev, key=_order), sorted(heldout, key=_order)


def _order(item: Item) -> tuple[str, str]:
    return item.intent, item.id


def write_corpus(
    path: Path,
    items: list[Item],
    *,
    language: str,
    share: str,
    home: str,
    context_area: str | None,
) -> None:
    """One corpus file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "corpus": "smart-home-requests",
        "language": language,
        "share": share,
        "home": home,
        "context_area": context_area,
        "cases": [item.as_dict() for item in items],
    }
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )


DATA_README = """# Smart-home requests (development and held-out corpora)

Written by other people, with expected outcomes in a fixture home. Generated by
`tests/intake/corpora/extract.py` of the Orchestration repository, which documents every
rule (tests/intake/corpora/README.md). Scored by `scripts/bench-intents`.

| file | language | sentences | source |
| --- | --- | --- | --- |
{table}

## Sources and licences (all CC BY 4.0; LICENSE.md is the licence text)

- **SLURP** (Bastianelli, Vanzo, Swietojanski, Rieser: "SLURP: A Spoken Language
  Understanding Resource Package", EMNLP 2020), github.com/pswietojanski/slurp at
  {slurp}, `dataset/slurp/test.jsonl` and `devel.jsonl`, scenario `iot`. Textual part
  CC BY 4.0.
- **HWU64 / NLU-Evaluation-Data** (Liu, Eshghi, Swietojanski, Rieser: "Benchmarking
  Natural Language Understanding Services for building Conversational Agents", IWSDS
  2019), github.com/xliuhw/NLU-Evaluation-Data at {hwu}, `{fold}` train and test
  files of the `iot_*` intents. CC BY 4.0.
- **Home Assistant intents** (Home Assistant / Open Home Foundation contributors),
  github.com/home-assistant/intents at {intents}, `tests/de/*.yaml` (device control) and
  `tests/de/_fixtures.yaml` (homes/ha-intents-de.yaml). CC BY 4.0.

Changes: requests selected by intent, duplicates removed, some excluded (see
overrides.yaml in the repository), expected outcomes added, split into shares.

**heldout/ must never be used for tuning**: not read, not looked at, not used to choose
words, thresholds or rules. It only measures.
"""

HELDOUT_README = """# Held-out share: never use for tuning

These requests measure whether understanding generalises. Do not read them, do not
derive vocabulary, rules, thresholds or tests from them, and do not debug against
individual failures here. Tune on ../dev/ only; report the held-out figures as they come.
"""


def main(argv: list[str]) -> int:
    """Extract, split and write the corpora."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slurp", type=Path, required=True)
    parser.add_argument("--hwu", type=Path, required=True)
    parser.add_argument("--intents", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    overrides = yaml.safe_load(OVERRIDES.read_text(encoding="utf-8")) or {}
    rules = Rules()
    english, counts = english_items(args.slurp, args.hwu, rules, overrides)
    for item in english:
        item.context_area = None  # the file's default: the home's context area
    german = german_items(args.intents, args.out)
    table = []
    for language, items, home, area in (
        ("en", english, "fixture-home", rules.home.context_area),
        ("de", german, "ha-intents-de", None),
    ):
        dev, heldout = split(items)
        for share, chosen in (("dev", dev), ("heldout", heldout)):
            write_corpus(
                args.out / share / f"{language}.yaml",
                chosen,
                language=language,
                share=share,
                home=home,
                context_area=area,
            )
            table.append(
                f"| {share}/{language}.yaml | {language} | {len(chosen)} | "
                + ("SLURP, HWU64" if language == "en" else "Home Assistant intents")
                + " |"
            )
            counts[f"{share} {language}"] = len(chosen)
    (args.out / "README.md").write_text(
        DATA_README.format(
            table="\n".join(table),
            slurp=SLURP_COMMIT,
            hwu=HWU_COMMIT,
            fold=HWU_FOLD,
            intents=INTENTS_COMMIT,
        ),
        encoding="utf-8",
    )
    (args.out / "heldout" / "README.md").write_text(HELDOUT_README, encoding="utf-8")
    (args.out / "LICENSE.md").write_text(
        git_show(args.intents, INTENTS_COMMIT, "LICENSE.md"), encoding="utf-8"
    )
    counts["de sentences"] = len(german)
    print(json.dumps(counts, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
