"""How well wording alone tells which concern a PFD response's part answers (not timings).

Real response letters with their reports are scarce, so this measures the two sides the threshold separates
on the 321 real PFD reports of ../shared/eval/pfd/raw (concerns as `lessons` extracts them):
- unrelated: each concern scored as if it were a part answering a sibling concern of the same report (siblings
  share the patient, the provider and the setting: the hardest unrelated text a letter holds);
- related (a proxy): a part that restates only the first sentence of the concern and then says, in other
  words, what was done (a sibling concern's text stands in for that).
Reports the share of each above a range of thresholds (`tracking.answers.WORDING_THRESHOLD` is the one used).

    python benchmarks/answer_wording.py --out-json benchmarks/results/answer_wording.json
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from lessons.extraction import extract
from lessons.tracking.answers import WORDING_THRESHOLD, Concern, wording_score

RAW = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pfd" / "raw"
_FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)", re.S)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out-json", type=Path)
    args = parser.parse_args()
    unrelated, related, reports = [], [], 0
    for path in sorted(RAW.glob("*.txt")):
        concerns = [Concern(c.number, c.text) for c in extract(path.read_text(encoding="utf-8")).concerns]
        if len(concerns) < 2:
            continue
        reports += 1
        for i, concern in enumerate(concerns):
            for j in range(len(concerns)):
                if i == j:
                    continue
                unrelated.append(wording_score(concerns, j, concern.text))
                first = _FIRST_SENTENCE.match(concern.text)
                restated = (first.group() if first else concern.text) + " " + concerns[j].text
                related.append(wording_score(concerns, i, restated))
    thresholds = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]
    figures = {
        "reports_with_two_or_more_concerns": reports,
        "pairs": len(unrelated),
        "threshold_used": WORDING_THRESHOLD,
        "unrelated_above": {t: round(sum(s >= t for s in unrelated) / len(unrelated), 3) for t in thresholds},
        "related_proxy_above": {t: round(sum(s >= t for s in related) / len(related), 3) for t in thresholds},
    }
    print(json.dumps(figures, indent=2))
    if args.out_json:
        args.out_json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
