"""One person across mentions and articles: B-cubed precision, recall and F1, ours next to bare spaCy.

``python bench/people_bcubed.py [--limit N]``

Labelled source: the Reuters-21578 stories whose ``labels.jsonl`` names ``people`` (765 of them in
``../shared/corpora/reuters-21578``; Reuters' own tags such as ``james-baker``, ``howard-baker``,
``reagan``, ``zhao-ziyang``). Items are the person mentions a system finds in those stories:

- a mention's gold person is the one labelled person of its story whose name words it fits
  ("James A. Baker" and "Baker" fit ``james-baker``; a mention fitting two labels, such as a bare
  "Baker" in a story tagged with both Bakers, or none, is not scored);
- a labelled person a system finds no mention of counts as one missed item (a singleton), so
  recall also charges what was never found.

Clusters are the system's ids: our ``entity_id``, or for bare spaCy the exact PERSON string (the
issue's "exact string" baseline). B-cubed (Bagga & Baldwin 1998) averages, over items, the share of
an item's system cluster with its gold person (precision) and the share of its gold person's items in
its system cluster (recall). :func:`person_bcubed` is what ``bench/accuracy.py`` calls.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters-21578"
_TITLES = {"mr", "mrs", "ms", "dr", "president", "minister", "secretary", "chairman", "governor", "prime", "finance",
           "treasury", "sen", "senator", "gen", "general", "sir", "lord", "king", "prince", "vice", "chancellor",
           "premier", "deputy", "trade", "representative", "foreign", "agriculture", "energy", "commerce", "jr", "sr"}


def _words(s: str) -> list[str]:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = s.replace("ae", "a").replace("oe", "o").replace("ue", "u")  # Weizsaecker / Weizsacker, Poehl / Pohl
    return [w for w in re.split(r"[^a-z]+", s) if w and len(w) > 1 and w not in _TITLES]


def gold_of(surface: str, labels: list[str]) -> str | None:
    """The one label ``surface`` fits (all its words among the label's, or all the label's among its)."""
    words = set(_words(surface))
    if not words:
        return None
    fits = [lab for lab in labels if (set(_words(lab.replace("-", " "))) <= words) or
            (words <= set(_words(lab.replace("-", " "))))]
    return fits[0] if len(fits) == 1 else None


def bcubed(items: list[tuple[str, str]]) -> dict:
    """B-cubed over ``(gold, system)`` cluster pairs, one per item.

    >>> bcubed([("a", "x"), ("a", "x"), ("b", "x"), ("b", "y")])["precision"]
    0.583
    """
    by_sys, by_gold, pair = Counter(s for _, s in items), Counter(g for g, _ in items), Counter(items)
    p = sum(pair[(g, s)] / by_sys[s] for g, s in items) / max(1, len(items))
    r = sum(pair[(g, s)] / by_gold[g] for g, s in items) / max(1, len(items))
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "items": len(items)}


def _items(arts, labels: dict, found: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Scored items from ``found`` = (article_id, surface, system cluster) person mentions."""
    items, seen = [], set()
    for aid, surface, cluster in found:
        g = gold_of(surface, labels.get(aid, []))
        if g:
            items.append((g, cluster))
            seen.add((aid, g))
    for aid, labs in labels.items():
        for g in labs:
            if (aid, g) not in seen:
                items.append((g, f"missed:{aid}:{g}"))
    return items


def load(limit: int | None = None):
    import pandas as pd

    from components.build.ingest import normalise_record

    labels = {}
    for line in (REUTERS / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["people"]:
            labels[r["id"]] = r["people"]
    rows = []
    with (REUTERS / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"] in labels:
                art = normalise_record(dict(r, _line=1), r["id"], r["id"])
                if isinstance(art, dict):
                    art["article_id"] = r["id"]
                    rows.append(art)
            if limit and len(rows) >= limit:
                break
    arts = pd.DataFrame(rows)
    return arts, {a: labels[a] for a in arts["article_id"]}


def without_people_table(folder: Path) -> Path:
    """A copy of the gazetteer with no people (and so no titles): every person is new to it, as most
    people in news we never tuned for are. The 1987 Reuters people are in our table, so only this
    reading tells how well names, surnames and variants are joined from the text alone."""
    import shutil

    from components.build.gazetteer import GAZETTEER_DIR

    folder.mkdir(parents=True, exist_ok=True)
    for f in GAZETTEER_DIR.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    for name in ("people.csv", "titles.csv"):
        header = (GAZETTEER_DIR / name).read_text(encoding="utf-8").splitlines()[0]
        (folder / name).write_text(header + "\n", encoding="utf-8")
    return folder


def person_bcubed(limit: int | None = None, nlp=None, people_table: bool = True) -> dict:
    """Person B-cubed on the labelled Reuters stories: ``{"wirescope": {...}, "bare_spacy": {...}}``.

    ``people_table=False`` runs with a gazetteer that lists no people (:func:`without_people_table`).
    """
    import tempfile

    from components.build.entities import canonicalise
    from components.build.gazetteer import load_gazetteer
    try:
        from components.build.parse import build_nlp, extract_raw_mentions
    except ImportError:  # before the build layout split
        from components.build.entities import build_nlp, extract_raw_mentions

    arts, labels = load(limit)
    gz = load_gazetteer(None if people_table else without_people_table(Path(tempfile.mkdtemp()) / "gaz"))
    nlp = nlp or build_nlp(gazetteer=gz)
    raw = extract_raw_mentions(arts, nlp, n_process=1)
    ments = canonicalise(raw, arts, gz)
    ours = ments[ments["entity_id"].str.startswith("person:")]
    found = list(zip(ours["article_id"], ours["surface"], ours["entity_id"]))
    bare = []
    with nlp.select_pipes(enable=["tok2vec", "ner"]):
        for doc, aid in nlp.pipe(zip(arts["text"], arts["article_id"]), as_tuples=True):
            bare += [(aid, e.text, e.text) for e in doc.ents if e.label_ == "PERSON"]
    return {"wirescope": bcubed(_items(arts, labels, found)), "bare_spacy": bcubed(_items(arts, labels, bare)),
            "articles": len(arts)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N labelled stories only")
    ap.add_argument("--no-people-table", action="store_true", help="a gazetteer that lists no people")
    args = ap.parse_args(argv)
    t0 = time.time()
    res = person_bcubed(args.limit, people_table=not args.no_people_table)
    table = "without our people table" if args.no_people_table else "with our people table"
    print(f"person B-cubed on {res['articles']} labelled Reuters stories, {table} ({time.time() - t0:.0f} s)")
    for who in ("wirescope", "bare_spacy"):
        r = res[who]
        print(f"  {who:<10} F1 {r['f1']:.3f}  precision {r['precision']:.3f}  recall {r['recall']:.3f}  "
              f"({r['items']} items)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
