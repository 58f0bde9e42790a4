"""Statements on the hand-labelled gold set next to a quoted-span baseline, and extraction throughput.

    python bench/bench_quotes.py                        # gold set: Wirescope vs the baseline, one table
    python bench/bench_quotes.py --errors               # and every gold statement missed or misattributed,
                                                        # and every extracted statement with no speaker
    python bench/bench_quotes.py --others               # 697 articles outside the gold set: the no-speaker share
    python bench/bench_quotes.py --throughput           # all 1,025 KCNA articles, statements per second
    python bench/bench_quotes.py --throughput --limit 50

The gold set is ``tests/gold/statements.jsonl`` (how it was labelled: ``tests/gold/README.md``).
Recall: gold statements some extracted statement holds (its text contains the gold cue).
Precision: on the articles labelled exhaustively, extracted statements that hold a gold cue.
Speaker accuracy: found statements whose speaker is the gold one. Stance macro-F1: the three
stances' F1 averaged, on the found statements. No speaker: extracted statements without a
speaker actor. The baseline is each double-quoted span of three words or more with the
nearest PERSON (spaCy's NER) as its speaker; it has no stance, so its stance figure is the
majority class (neutral) everywhere.

For throughput, mentions are built first with the entity pipeline (timed on its own line:
the pipeline has them already); the number that matters is the extraction line: statements
and articles per second of :func:`components.build.parse.extract_statements`.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
DEFAULT = SHARED / "kcna-2024" / "articles.jsonl"
GOLD = ROOT / "tests" / "gold" / "statements.jsonl"
STANCES = ("hostile", "cooperative", "neutral")


def load_gold(path: Path = GOLD) -> list[dict]:
    """The gold statements, one dict per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_articles(folder: Path, gold: list[dict]) -> tuple[pd.DataFrame, dict]:
    """The gold set's articles read through the real ingest, and (source, key) -> article_id.

    KCNA and Reuters records are copied into ``folder`` first, so only they are read."""
    from components.build.ingest import read_articles

    wanted = {(g["source"], g["key"]) for g in gold}
    paths = []
    for source, key in sorted(wanted):
        if source == "demo":
            paths.append(ROOT / "data" / "demo" / key)
        elif source == "raw-txt-sample":
            paths.append(SHARED / "raw-txt-sample" / key)
    for source, path in (("kcna", SHARED / "kcna-2024" / "articles.jsonl"),
                         ("reuters", SHARED / "reuters-21578" / "articles.jsonl")):
        keys = {k for s, k in wanted if s == source}
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if json.loads(line)["id"] in keys]
        if len(lines) != len(keys):
            raise FileNotFoundError(f"{path}: gold records missing ({len(keys) - len(lines)} of {len(keys)})")
        out = Path(folder) / f"{source}.jsonl"
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(out)
    arts = read_articles(paths).articles
    ids = {}
    for row in arts.itertuples(index=False):
        if row.source_id:
            source = "kcna" if row.source_id.startswith("kcna") else "reuters"
            ids[(source, row.source_id)] = row.article_id
        else:
            name = row.origin.rsplit("/", 1)[-1].split(":")[0]
            source = "raw-txt-sample" if "raw-txt-sample" in row.origin else "demo"
            ids[(source, name)] = row.article_id
    return arts, ids


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Mean F1 of the three stances (a stance neither labelled nor predicted is left out)."""
    f1s = []
    for c in STANCES:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s) if f1s else 0.0


def score_gold(gold: list[dict], statements: pd.DataFrame, ids: dict) -> dict:
    """Recall, precision (exhaustively labelled articles), speaker accuracy, stance macro-F1, no-speaker share."""
    by_article = {aid: grp for aid, grp in statements.groupby("article_id")}
    found = correct = 0
    g_stance, p_stance = [], []
    for g in gold:
        best = best_match(g, by_article.get(ids[(g["source"], g["key"])]))
        if best is None:
            continue
        found += 1
        allowed = g["speaker"] if isinstance(g["speaker"], list) else [g["speaker"]]
        correct += best["speaker_id"] in allowed
        g_stance.append(g["stance"])
        p_stance.append(best.get("stance", "neutral"))
    exhaustive = {ids[(g["source"], g["key"])] for g in gold if g.get("exhaustive")}
    cues: dict[str, list[str]] = {}
    for g in gold:
        cues.setdefault(ids[(g["source"], g["key"])], []).append(g["cue"])
    judged = statements[statements["article_id"].isin(exhaustive)]
    right = sum(any(c in t for c in cues[a]) for a, t in zip(judged["article_id"], judged["text"]))
    return {"recall": found / len(gold), "precision": right / max(len(judged), 1),
            "speaker": correct / max(found, 1), "stance_f1": macro_f1(g_stance, p_stance),
            "no_speaker": float((statements["speaker_id"] == "").mean()) if len(statements) else 0.0,
            "found": found, "judged": len(judged)}


def quoted_span_baseline(arts: pd.DataFrame, mentions: pd.DataFrame, nlp) -> pd.DataFrame:
    """Each double-quoted span of 3+ words, spoken by the nearest PERSON entity (its canonical id when a
    mention covers it, else its slug); stance always neutral."""
    import re

    from components.build.speech import find_quotes

    rows = []
    by_article = {aid: grp for aid, grp in mentions.groupby("article_id")}
    for aid, text, doc in zip(arts["article_id"], arts["text"], nlp.pipe(arts["text"].tolist())):
        people = [e for e in doc.ents if e.label_ == "PERSON"]
        ments = by_article.get(aid)
        for s, e, _ in find_quotes(text):
            if len(text[s:e].split()) < 3:
                continue
            speaker = ""
            if people:
                p = min(people, key=lambda ent: min(abs(ent.start_char - e), abs(s - ent.end_char)))
                cover = ments[(ments["start"] < p.end_char) & (ments["end"] > p.start_char)] if ments is not None \
                    else []
                speaker = cover["entity_id"].iloc[0] if len(cover) else \
                    "person:" + re.sub(r"[^a-z0-9]+", "-", p.text.lower()).strip("-")
            rows.append({"article_id": aid, "speaker_id": speaker, "verb": "say", "text": text[s:e].strip(" ,"),
                         "stance": "neutral"})
    return pd.DataFrame(rows, columns=["article_id", "speaker_id", "verb", "text", "stance"])


def best_match(g: dict, grp: pd.DataFrame | None):
    """The extracted statement scored against gold statement ``g`` (as :func:`score_gold` picks it), or None."""
    if grp is None:
        return None
    hits = grp[grp["text"].str.contains(g["cue"], regex=False)]
    if len(hits) == 0:
        return None
    return hits.assign(_v=hits["verb"] != g["verb"], _n=hits["text"].str.len()).sort_values(["_v", "_n"]).iloc[0]


def print_errors(gold: list[dict], statements: pd.DataFrame, ids: dict) -> None:
    """Gold statements not found or with another speaker, and extracted statements with no speaker (marked
    "gold: anonymous" when they hold the cue of a gold statement labelled with no speaker)."""
    by_article = {aid: grp for aid, grp in statements.groupby("article_id")}
    print("\nwrong or no speaker (gold -> Wirescope, the speaker as written, the sentence):")
    for g in gold:
        best = best_match(g, by_article.get(ids[(g["source"], g["key"])]))
        allowed = g["speaker"] if isinstance(g["speaker"], list) else [g["speaker"]]
        if best is not None and best["speaker_id"] not in allowed:
            print(f"  {g['key']}: {allowed} -> {best['speaker_id']!r} ({best['speaker_surface']!r}, {best['verb']})\n"
                  f"      {best['sentence'][:200]!r}")
    print("\nnot found (no extracted statement holds the cue):")
    for g in gold:
        if best_match(g, by_article.get(ids[(g["source"], g["key"])])) is None:
            print(f"  {g['key']}: {g['cue']!r} ({g['verb']}, {g['speaker'] or 'no speaker'})")
    anonymous = {}
    for g in gold:
        if not g["speaker"]:
            anonymous.setdefault(ids[(g["source"], g["key"])], []).append(g["cue"])
    names = {v: k[1] for k, v in ids.items()}
    none = statements[statements["speaker_id"] == ""]
    n_anon = sum(any(c in t for c in anonymous.get(a, [])) for a, t in zip(none["article_id"], none["text"]))
    print(f"\nno speaker: {len(none)} of {len(statements)} statements, {n_anon} of them gold statements labelled "
          f"with no speaker:")
    for r in none.itertuples(index=False):
        tag = " (gold: anonymous)" if any(c in r.text for c in anonymous.get(r.article_id, [])) else ""
        print(f"  {names.get(r.article_id, r.article_id)}: {r.speaker_surface!r} {r.verb}{tag}: {r.text[:90]!r}")


def gold_report(errors: bool = False) -> None:
    """One table: Wirescope and the quoted-span baseline on the gold set (``errors``: then what went wrong)."""
    from components.build.parse import build_nlp, extract_mentions_and_statements

    gold = load_gold()
    with tempfile.TemporaryDirectory() as tmp:
        arts, ids = gold_articles(Path(tmp), gold)
    nlp = build_nlp()
    _, mentions, statements = extract_mentions_and_statements(arts, nlp, n_process=1)
    base = quoted_span_baseline(arts, mentions, nlp)
    ours, theirs = score_gold(gold, statements, ids), score_gold(gold, base, ids)
    n_ex = len({(g["source"], g["key"]) for g in gold if g.get("exhaustive")})
    print(f"gold: {len(gold)} statements in {len(ids)} articles ({n_ex} labelled exhaustively for precision); "
          f"Wirescope extracted {len(statements)}, the baseline {len(base)}")
    print(f"{'':28}{'Wirescope':>10}{'baseline':>10}")
    for key, name in (("recall", "recall"), ("precision", "precision (exhaustive articles)"),
                      ("speaker", "speaker accuracy (found)"), ("stance_f1", "stance macro-F1 (found)"),
                      ("no_speaker", "statements with no speaker")):
        print(f"{name[:28]:28}{ours[key]:>10.3f}{theirs[key]:>10.3f}")
    print(json.dumps({"wirescope": {k: round(v, 4) for k, v in ours.items()},
                      "baseline": {k: round(v, 4) for k, v in theirs.items()}}))
    if errors:
        print_errors(gold, statements, ids)


def other_articles(folder: Path, gold: list[dict]) -> pd.DataFrame:
    """697 articles outside the gold set, read through the real ingest: the first 300 of every 7th
    Reuters record with "said" and 600+ characters, the first 200 of every 3rd KCNA record, and the
    demo's .txt files."""
    from components.build.ingest import read_articles

    keys = {g["key"] for g in gold}
    paths = []
    for name, step, n, keep in (("reuters-21578", 7, 300, lambda r: "said" in r["text"] and len(r["text"]) >= 600),
                                ("kcna-2024", 3, 200, lambda r: True)):
        lines = (SHARED / name / "articles.jsonl").read_text(encoding="utf-8").splitlines()[::step]
        picked = [line for line in lines if (r := json.loads(line))["id"] not in keys and keep(r)][:n]
        out = Path(folder) / f"{name}.jsonl"
        out.write_text("\n".join(picked) + "\n", encoding="utf-8")
        paths.append(out)
    paths += sorted(p for p in (ROOT / "data" / "demo").glob("*.txt") if p.name not in keys)
    return read_articles(paths).articles


def others_report() -> None:
    """The no-speaker share on :func:`other_articles`, overall and by source."""
    from components.build.parse import build_nlp, extract_mentions_and_statements

    with tempfile.TemporaryDirectory() as tmp:
        arts = other_articles(Path(tmp), load_gold())
    _, _, st = extract_mentions_and_statements(arts, build_nlp(), n_process=1)
    origin = dict(zip(arts["article_id"], arts["origin"]))
    src = st["article_id"].map(lambda a: "reuters" if "reuters" in origin[a] else "kcna" if "kcna" in origin[a]
                               else "demo")
    none = st["speaker_id"] == ""
    print(f"{len(arts)} other articles: {len(st)} statements, {int(none.sum())} with no speaker ({none.mean():.1%})")
    print("by source: " + ", ".join(f"{k} {none[src == k].mean():.1%} of {(src == k).sum()}"
                                    for k in ("reuters", "kcna", "demo")))
    print(json.dumps({"others": {"articles": len(arts), "statements": len(st), "no_speaker": round(none.mean(), 4)}}))


def main(argv: list[str] | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="JSONL corpus (default: KCNA 2024)")
    parser.add_argument("--throughput", action="store_true", help="time extraction on a corpus instead of the gold set")
    parser.add_argument("--limit", type=int, default=0, help="only the first N records (0 = all)")
    parser.add_argument("--n-process", type=int, default=1, help="spaCy processes for the extraction")
    parser.add_argument("--errors", action="store_true",
                        help="after the table, list the gold statements missed or misattributed and the statements "
                             "with no speaker")
    parser.add_argument("--others", action="store_true",
                        help="the no-speaker share on 697 articles outside the gold set (Reuters, KCNA, demo)")
    args = parser.parse_args(argv)
    if args.others:
        others_report()
        return
    if not args.throughput:
        gold_report(errors=args.errors)
        return

    from components.build.entities import canonicalise
    from components.build.parse import build_nlp, extract_raw_mentions
    from components.build.ingest import read_articles
    from components.build.parse import build_quote_nlp, extract_statements

    path = Path(args.path)
    if not path.is_file():
        parser.error(f"corpus not found: {path} (the shared corpora must sit beside the repository)")
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            lines = path.read_text(encoding="utf-8").splitlines()[: args.limit]
            path = Path(tmp) / "sample.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        arts = read_articles([path]).articles
    n_chars = int(arts["text"].str.len().sum())
    print(f"{len(arts)} articles, {n_chars / 1e6:.2f} M characters from {args.path}")

    t0 = time.perf_counter()
    mentions = canonicalise(extract_raw_mentions(arts, build_nlp(), n_process=1), arts)
    t1 = time.perf_counter()
    print(f"mentions (entity pipeline, not part of the measure): {len(mentions)} in {t1 - t0:.1f} s")

    nlp = build_quote_nlp()
    t2 = time.perf_counter()
    st = extract_statements(arts, mentions, nlp, n_process=args.n_process)
    secs = time.perf_counter() - t2
    known = (st["speaker_id"] != "").mean() if len(st) else 0.0
    print(f"statements: {len(st)} ({(st['kind'] == 'direct').sum()} direct, {known:.0%} with a known speaker) "
          f"in {secs:.1f} s with n_process={args.n_process}")
    print(f"throughput: {len(st) / secs:.0f} statements/s, {len(arts) / secs:.1f} articles/s, "
          f"{n_chars / secs / 1e3:.0f} k characters/s")
    top = st[st["speaker_id"] != ""]["speaker_id"].value_counts().head(5)
    print("most quoted: " + ", ".join(f"{k} ({v})" for k, v in top.items()))
    print(json.dumps({"articles": len(arts), "statements": len(st), "seconds": round(secs, 2)}))


if __name__ == "__main__":
    main()
