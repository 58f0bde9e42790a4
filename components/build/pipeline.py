"""files -> processed store (the command line is :mod:`components.build.cli`).

Steps (each a function of its own module): ingest -> raw mentions (spaCy + gazetteer) and
statements (who said what, from the same parse) -> canonical actors -> stories
(near-duplicates) -> topics -> store. Re-running on the
same inputs processes only files whose content hash changed; files that disappeared
are reported (and dropped with ``--prune``).
"""
from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from components import settings as _settings
from components.build.edits import load_user_edits, remap_statements
from components.build.entities import article_countries, article_homes, canonicalise, entity_table
from components.build.gazetteer import load_gazetteer
from components.build.places import resolve_dateline
from components.build.ingest import ARTICLE_COLUMNS, IngestOptions, iter_inputs, read_articles
from components.build.foreign import FOREIGN_LABEL, with_foreign_raw
from components.build.language import analysed_by_english, detect_languages, not_analysed_line
from components.build.mentions import RAW_COLUMNS
from components.build.people import link_people, remap_people
from components.build.stories import assign_stories
from components.build.topics import TopicModel, report_line, topics_for_store
from components.errors import NothingStored, StoreMissing
from components.stores import StoreInputsMismatch, foreign_inputs, merged_sources, refusal
from components.store import file_hash, load_store, read_arrays, tidy, write_store

__all__ = ["process", "RunSummary", "refresh_actors", "apply_user_edits", "remap_statements",
           "refit_topics"]


@dataclass
class RunSummary:
    files_read: int = 0
    files_unchanged: int = 0
    files_removed: list[str] = field(default_factory=list)
    records_read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    total_articles: int = 0
    seconds: float = 0.0
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)
    store_hash: str = ""
    not_analysed: str = ""  # which languages' articles got no actors (components.build.language)
    topics: str = ""  # placed or refitted, and the drift (components.build.topics.report_line)
    topic_report: dict = field(default_factory=dict)
    duplicate_origins: list[str] = field(default_factory=list)  # file (and line) of each duplicate record

    def line(self) -> str:
        """The run in one line (and its notes on the next): what was read, stored, found twice and rejected.

        >>> RunSummary(files_read=2, records_read=3, stored=1, duplicates=2, total_articles=1,
        ...            duplicate_origins=["a.txt", "b.jsonl:4"]).line().split("; ")[1]
        '3 records = 1 stored + 2 duplicates (a.txt, b.jsonl:4) + 0 rejected'
        """
        dups = self.duplicate_origins
        named = (f" ({', '.join(dups[:3])}{f' and {len(dups) - 3} more' if len(dups) > 3 else ''})" if dups else "")
        return (f"{self.files_read} files read ({self.files_unchanged} unchanged, skipped); "
                f"{self.records_read} records = {self.stored} stored + {self.duplicates} "
                f"{'duplicate' if self.duplicates == 1 else 'duplicates'}{named} + "
                f"{self.rejected} rejected; store holds {self.total_articles} articles "
                f"[{self.store_hash}] in {self.seconds:.1f} s" + (f"\n{self.not_analysed}" if self.not_analysed else "")
                + (f"\n{self.topics}" if self.topics else ""))


@dataclass
class _Run:
    """One run's fixed inputs: the store folder, the resolved settings and what is read once for all stages."""

    out: Path
    settings: Mapping[str, object]
    report: Callable[[str, float], None]
    gz: object
    old: dict  # the store as it was (empty when there is none or on --rebuild)
    summary: RunSummary = field(default_factory=RunSummary)


@dataclass
class _Inputs:
    """Which input files are new or changed, gone, or to be dropped from the store."""

    changed: list[Path]
    current: dict[str, str]  # file -> content hash
    removed: list[str]
    manifest_inputs: dict
    drop_files: set[str] = field(default_factory=set)


def _dateline_country(dateline: str, gz) -> str:
    if not dateline:
        return ""
    for cand in (dateline, dateline.title(), dateline.split(",")[0].strip().title()):
        hit = gz.aliases.get(cand)
        if hit and hit[0].startswith("country:"):
            return hit[0][8:]
    place = resolve_dateline(dateline)  # "NEW YORK", "TORONTO", "Wichita, Kan.": GeoNames (components.build.places)
    return place.iso3 if place else ""


def refresh_actors(articles: pd.DataFrame, raw: pd.DataFrame, gz, edits: dict,
                   mentions: pd.DataFrame | None = None) -> tuple:
    """Canonical mentions, entity table and article countries from raw mentions (no NLP).

    ``mentions``: the canonical mentions when already made (``canonicalise`` of ``raw``
    with ``edits``), so they are not made twice.
    """
    if mentions is None:
        mentions = canonicalise(raw, articles, gz, edits)
    ents = entity_table(mentions, articles, gz, edits)
    articles = articles.assign(countries=article_countries(mentions, ents, articles))
    ents = entity_table(mentions, articles, gz, edits)  # affiliations inferred from the countries
    return articles, mentions, ents


def process(inputs: list[str | Path], out: str | Path, *, rebuild: bool = False, prune: bool = False,
            add: bool = False, n_process: int | None = None, csv_fields: dict | None = None,
            progress: Callable[[str, float], None] | None = None, nlp=None, engine: str = "local",
            scheduler: str | None = None, settings: Mapping[str, object] | None = None,
            refit_topics: bool = False) -> RunSummary:
    """Process ``inputs`` into the store at ``out``; returns the run's summary.

    Topics: new articles join the stored topic model's topics (:func:`components.build.topics.topics_for_store`);
    ``refit_topics`` refits them all (matched to the old ones), also when no input changed.

    ``progress(stage, fraction)`` is called as work advances (the CLI draws a bar;
    the dashboard a ``st.progress``). ``engine="dask"`` finds the actors on a Dask
    cluster (:mod:`components.build.dask_engine`): the scheduler at ``scheduler``
    (``tcp://HOST:PORT``), or a local cluster when it is None. ``settings`` is the
    resolved mapping (:func:`components.settings.resolve`, read once here when not
    given); every stage takes its values from it, and the store's manifest records it.
    ``n_process`` overrides the setting of that name.

    A store keeps to the inputs it was built from (the manifest's ``sources``): inputs from other folders
    raise :class:`~components.stores.StoreInputsMismatch` (saying what the store holds) before anything is
    read, unless ``add``.
    """
    if engine not in {"local", "dask"}:
        raise ValueError(f"engine == {engine!r}, must be 'local' or 'dask'")
    t0 = time.time()
    cfg = _settings.resolve() if settings is None else settings
    run = _Run(Path(out), cfg, progress or (lambda stage, frac: None),
               load_gazetteer(cfg["gazetteer_dir"] or None), _previous_store(Path(out), rebuild))
    if run.old and not add:
        foreign = foreign_inputs(run.old["manifest"], inputs)
        if foreign:
            raise StoreInputsMismatch(refusal(run.out, run.old["manifest"], foreign))
    ins = _plan_inputs(inputs, run, prune)
    if run.old and not ins.changed and not (prune and ins.removed) and refit_topics:
        summary = _refit_store_topics(run)
        summary.seconds = time.time() - t0
        return summary
    if run.old and not ins.changed and not (prune and ins.removed):
        run.summary.total_articles = len(run.old.get("articles", ()))
        run.summary.store_hash = run.old["manifest"].get("store_hash", "")
        run.summary.seconds = time.time() - t0
        return run.summary  # nothing new: the store stays byte-for-byte as it is
    old_articles = run.old.get("articles", pd.DataFrame(columns=ARTICLE_COLUMNS))
    kept_articles = old_articles[~old_articles["input_file"].isin(ins.drop_files)] if len(old_articles) \
        else old_articles
    kept_ids = set(kept_articles["article_id"])
    res = _read_stage(run, ins, csv_fields, kept_ids, prune)
    new = _with_language(res.articles)
    edits = load_user_edits(run.out)
    # Only English (or undetermined) text goes through the English model; the rest is stored and searchable.
    raw_new, ments_new, st_new = _parse_stage(run, new[new["language"].map(analysed_by_english)], edits, nlp,
                                              engine, scheduler, n_process or cfg["n_process"])
    kept_articles = _with_language(kept_articles) if len(kept_articles) else kept_articles
    articles = pd.concat([kept_articles[ARTICLE_COLUMNS + ["language"]] if len(kept_articles) else None, new],
                         ignore_index=True)
    if articles.empty:
        exc = NothingStored("No article was stored: " + (
            f"all {run.summary.rejected} inputs were rejected (see the reasons above)" if run.summary.rejected
            else "no readable article files were found"))
        exc.rejects = res.rejects
        raise exc
    old_raw = run.old.get("raw_mentions", pd.DataFrame(columns=RAW_COLUMNS))
    raw = pd.concat([old_raw[old_raw["article_id"].isin(kept_ids)] if len(old_raw) else None, raw_new],
                    ignore_index=True)
    raw = with_foreign_raw(raw, articles)  # the countries other languages' articles name, by their names there
    articles["dateline_country"] = [_dateline_country(d, run.gz) for d in articles["dateline"]]
    articles, mentions, ents, moved, relocated = _canonical_stage(run, articles, raw, kept_ids, ments_new, edits)
    statements = remap_people(_relocate_statements(_statements(run.old, new, st_new, kept_ids, edits), relocated),
                              moved)
    run.summary.not_analysed = not_analysed_line(articles["language"])
    run.report("Grouping stories", 0.0)
    articles["story_id"] = assign_stories(articles, threshold=cfg["near_duplicate_threshold"])
    articles, topic_tables, model = _topic_stage(run, articles, mentions, ents, rebuild, refit_topics)
    _write_stage(run, ins, res.rejects, {"articles": articles, "entities": ents, "mentions": mentions,
                                         "raw_mentions": raw, "statements": statements, **topic_tables},
                 sources=merged_sources(run.old.get("manifest", {}), inputs, ins.manifest_inputs),
                 arrays={"topic_model": model})
    run.summary.seconds = time.time() - t0
    run.report("Done", 1.0)
    return run.summary


def _previous_store(out: Path, rebuild: bool) -> dict:
    """The store at ``out`` as it is (empty when there is none or on a rebuild), after finishing a killed write."""
    tidy(out)  # a run killed earlier may have left staging files behind
    if rebuild:
        return {}
    try:
        return load_store(out)
    except StoreMissing:
        return {}


def _plan_inputs(inputs: list[str | Path], run: _Run, prune: bool) -> _Inputs:
    """Hash every input file: which are new or changed, which the manifest lists but are gone."""
    manifest_inputs: dict = dict(run.old.get("manifest", {}).get("inputs", {})) if run.old else {}
    changed, current = [], {}
    for p in iter_inputs(inputs):
        key = str(p)
        try:
            h = file_hash(p)
        except OSError:
            h = ""
        current[key] = h
        if h and manifest_inputs.get(key, {}).get("sha256") == h:
            run.summary.files_unchanged += 1
        else:
            changed.append(p)
    run.summary.files_read = len(changed)
    given = {str(Path(i)) for i in inputs}
    removed = [k for k in manifest_inputs if k not in current
               and any(k == g or k.startswith(g.rstrip("/") + "/") for g in given)]
    run.summary.files_removed = removed
    drop_files = {str(p) for p in changed} | (set(removed) if prune else set())
    return _Inputs(changed, current, removed, manifest_inputs, drop_files)


def _read_stage(run: _Run, ins: _Inputs, csv_fields: dict | None, kept_ids: set, prune: bool):
    """Read the changed files into articles and rejects; the manifest's inputs follow what was read."""
    n_files = max(1, len(ins.changed))
    done = {"n": 0}

    def on_file(_name):
        done["n"] += 1
        run.report("Reading files", done["n"] / n_files)

    res = read_articles(ins.changed, csv_fields=csv_fields, progress=on_file, seen_ids=kept_ids,
                        options=IngestOptions.from_settings(run.settings))
    new, summary = res.articles, run.summary
    summary.records_read, summary.duplicates = res.n_read, res.n_duplicates
    summary.duplicate_origins = res.duplicates["origin"].astype(str).tolist() if len(res.duplicates) else []
    summary.rejected, summary.stored, summary.rejects = len(res.rejects), len(new), res.rejects
    for key in {str(p) for p in ins.changed}:
        ins.manifest_inputs[key] = {"sha256": ins.current.get(key, ""),
                                    "articles": int((new["input_file"] == key).sum())}
    for key in ins.removed:
        if prune:
            ins.manifest_inputs.pop(key, None)
        else:
            ins.manifest_inputs[key]["missing"] = True
    return res


def _parse_stage(run: _Run, new: pd.DataFrame, edits: dict, nlp, engine: str, scheduler: str | None,
                 n_process: int) -> tuple:
    """Raw mentions of the new articles and, from the same parse, their canonical mentions and statements.

    One spaCy pass finds the actors and the statements (the stage keeps its name "Finding
    actors"). Without the ``statements`` setting only the raw mentions are found (None, None).
    """
    cfg = run.settings
    if not len(new):
        return pd.DataFrame(columns=RAW_COLUMNS), None, None
    run.report("Finding actors", 0.0)
    step = lambda i: run.report("Finding actors", i / len(new))  # noqa: E731
    with_statements = bool(cfg["statements"])
    if engine == "dask":
        from components.build.dask_engine import extract_mentions_and_statements_dask, extract_raw_mentions_dask

        opts = dict(scheduler=scheduler, n_workers=n_process, batch_size=cfg["batch_size"],
                    model=cfg["spacy_model"], gazetteer_dir=cfg["gazetteer_dir"] or None, progress=step)
        if with_statements:
            return extract_mentions_and_statements_dask(new, user_edits=edits, **opts)
        return extract_raw_mentions_dask(new, **opts), None, None
    from components.build.parse import build_nlp, extract_mentions_and_statements, extract_raw_mentions

    nlp = nlp or build_nlp(cfg["spacy_model"], run.gz)
    opts = dict(n_process=n_process, batch_size=cfg["batch_size"], progress=step)
    if with_statements:
        return extract_mentions_and_statements(new, nlp, gazetteer=run.gz, user_edits=edits, link=False, **opts)
    return extract_raw_mentions(new, nlp, **opts), None, None


def _canonical_stage(run: _Run, articles: pd.DataFrame, raw: pd.DataFrame, kept_ids: set,
                     ments_new: pd.DataFrame | None, edits: dict) -> tuple:
    """Canonical mentions (the new articles' from the parse when it made them), actors and countries, and the
    person id map of the store-wide pass (:func:`~components.build.people.link_people`), for the statements."""
    run.report("Resolving actors", 0.0)
    # each outlet's home, from the whole store's places: the parse made its chunks' mentions canonical without it
    homes = article_homes(raw, articles)
    relocated: dict = {}
    if ments_new is not None:  # only the kept articles' mentions are still to be made
        kept_raw = raw[raw["article_id"].isin(kept_ids)]
        parts = [canonicalise(kept_raw, articles, run.gz, edits, link=False, homes=homes)] if len(kept_raw) else []
        redo = [aid for aid in homes if aid not in kept_ids]
        if redo and len(ments_new):  # the new articles of an outlet with a home, again with it (no NLP)
            again = canonicalise(raw[raw["article_id"].isin(redo)], articles, run.gz, edits, link=False, homes=homes)
            first = ments_new["article_id"].isin(set(redo))
            relocated = _relocated(ments_new[first], again)
            ments_new = pd.concat([ments_new[~first], again], ignore_index=True)
        foreign_new = raw[(raw["label"] == FOREIGN_LABEL) & ~raw["article_id"].isin(kept_ids)]
        if len(foreign_new):  # the new articles no model parsed: their countries, from their names
            parts.append(canonicalise(foreign_new, articles, run.gz, edits, link=False, homes=homes))
        parts = [p for p in parts + [ments_new] if len(p)]
        mentions = (pd.concat(parts, ignore_index=True).sort_values(["article_id", "start"], kind="stable")
                    .reset_index(drop=True) if parts else
                    canonicalise(raw, articles, run.gz, edits, link=False, homes=homes))
    else:
        mentions = canonicalise(raw, articles, run.gz, edits, link=False, homes=homes)
    mentions, moved = _link_store(mentions, run.gz)
    return (*refresh_actors(articles, raw, run.gz, edits, mentions), moved, relocated)


def _relocated(before: pd.DataFrame, after: pd.DataFrame) -> dict:
    """``{article_id: {old id: new id}}`` of the mentions whose actor changed between two resolutions of
    the same raw mentions (an outlet's home moved a place to its namesake), for the statements made
    from the first.

    >>> b = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 9], "end": [5, 14], "entity_id": ["place:paris", "x"]})
    >>> _relocated(b, b.assign(entity_id=["place:paris-usa-tn", "x"]))
    {'a': {'place:paris': 'place:paris-usa-tn'}}
    """
    if before.empty or after.empty:
        return {}
    keys = ["article_id", "start", "end"]
    both = before[keys + ["entity_id"]].merge(after[keys + ["entity_id"]], on=keys, suffixes=("", "_new"))
    both = both[both["entity_id"] != both["entity_id_new"]]
    out: dict = {}
    for aid, old, new in zip(both["article_id"], both["entity_id"], both["entity_id_new"]):
        out.setdefault(aid, {}).setdefault(old, new)
    return out


def _relocate_statements(statements: pd.DataFrame, relocated: dict) -> pd.DataFrame:
    """Statements of the articles in ``relocated`` with their speakers and targets moved as their mentions were."""
    if not relocated or statements.empty:
        return statements
    hit = statements["article_id"].isin(set(relocated))
    if not hit.any():
        return statements
    parts = [remap_people(grp, relocated[aid]) for aid, grp in statements[hit].groupby("article_id", sort=False)]
    return pd.concat([statements[~hit]] + parts).sort_index()


def _link_store(mentions: pd.DataFrame, gz) -> tuple[pd.DataFrame, dict]:
    """One person's names joined across the whole store, bare surnames settled against it."""
    if mentions.empty:
        return mentions, {}
    linked, moved = link_people(mentions, frozenset(gz.entities.index))
    return linked.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True), moved


def _with_language(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with a ``language`` column (ISO 639-1, detected offline where missing: new articles,
    and those of a store built before languages were recorded)."""
    if "language" in articles.columns and not articles["language"].isna().any():
        return articles
    langs = articles["language"] if "language" in articles.columns else pd.Series(None, index=articles.index)
    missing = langs.isna()
    langs = langs.astype(object)
    langs[missing] = detect_languages(articles.loc[missing, "text"].fillna(""))
    return articles.assign(language=langs.astype(str))


TOPIC_ARTICLE_COLUMNS = ["topic_id", "theme_id", "topic_confidence", "low_confidence", "topic_x", "topic_y"]


def _topic_stage(run: _Run, articles: pd.DataFrame, mentions: pd.DataFrame, ents: pd.DataFrame,
                 rebuild: bool, refit: bool = False) -> tuple[pd.DataFrame, dict, dict | None]:
    """Articles with their topic columns, the topic and theme tables, and the topic model's arrays.

    New articles are placed in the stored model's topics; old ones keep theirs (see
    :func:`components.build.topics.topics_for_store`); ``refit`` refits all, matched to the old topics.
    """
    run.report("Fitting topics", 0.0)
    cfg = run.settings
    old = run.old if run.old and not rebuild else {}
    previous = old.get("topics")
    prev_arts = old.get("articles")
    if prev_arts is not None:
        prev_arts = prev_arts[["article_id"] + [c for c in TOPIC_ARTICLE_COLUMNS if c in prev_arts]]
    model = TopicModel.from_arrays(read_arrays(run.out, "topic_model", old["manifest"])) if old else None
    # k-means on the 10-dimensional spectral embedding gains nothing from OpenMP threads, and on a busy
    # machine their spin-waiting cost 2-3x the CPU (Reuters: 41-48 s -> 16-26 s; the same topics and
    # labels, 1 confidence of 15,730 off by 0.001). BLAS keeps its threads (its sums set the topics).
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="openmp"):
        tres = topics_for_store(articles, model=model, previous=previous, previous_articles=prev_arts,
                                previous_themes=old.get("themes"), refit=refit,
                                refit_drift=cfg["topic_refit_drift"], min_new=cfg["topic_min_new"],
                                mentions=mentions, entity_names=dict(zip(ents["entity_id"], ents["name"])),
                                names=_topic_names(run.out), theme_names=_topic_names(run.out, "theme_names.json"),
                                n_topics=cfg["n_topics"], n_themes=cfg["n_themes"], max_topics=cfg["max_topics"],
                                min_confidence=cfg["topic_min_confidence"], random_state=cfg["random_state"])
    run.summary.topics = report_line(tres.report, tres.topics, tres.themes)
    run.summary.topic_report = dict(tres.report)
    articles = articles.drop(columns=[c for c in TOPIC_ARTICLE_COLUMNS if c in articles], errors="ignore")
    return (articles.merge(tres.articles, on="article_id", how="left"),
            {"topics": tres.topics, "themes": tres.themes}, tres.model.to_arrays() if tres.model else None)


def _refit_store_topics(run: _Run) -> RunSummary:
    """Refit the topics of the store as it is (no input changed) and rewrite it atomically."""
    t = run.old
    arts, tables, model = _topic_stage(run, t["articles"], t["mentions"], t["entities"], False, refit=True)
    keep = {name: t[name] for name in ("entities", "mentions", "raw_mentions", "statements") if name in t}
    manifest = {k: v for k, v in t["manifest"].items() if k in ("inputs", "sources", "last_run", "settings")}
    written = write_store(run.out, {"articles": arts, **keep, **tables}, manifest=manifest, rejects=t["rejects"],
                          arrays={"topic_model": model})
    run.summary.total_articles = len(arts)
    run.summary.store_hash = written["store_hash"]
    run.report("Done", 1.0)
    return run.summary


def refit_topics(store: str | Path, settings: Mapping[str, object] | None = None) -> RunSummary:
    """Refit every topic and theme of ``store`` (ids, analyst names and colours carried over by matching the
    new topics to the old ones); nothing else is recomputed. The dashboard's "Refit topics" button."""
    cfg = _settings.resolve() if settings is None else settings
    run = _Run(Path(store), cfg, lambda stage, frac: None, None, _previous_store(Path(store), False))
    if not run.old:
        raise StoreMissing(f"No Wirescope store at {store} to refit")
    return _refit_store_topics(run)


def _write_stage(run: _Run, ins: _Inputs, rejects: pd.DataFrame, tables: dict[str, pd.DataFrame],
                 sources: list[dict], arrays: dict | None = None) -> None:
    """Write the store atomically (with its full-text index), recording the inputs (each file, and each
    folder or file given with its counts: ``sources``) and the settings."""
    old_rejects = run.old.get("rejects", pd.DataFrame())
    if len(old_rejects) and "file" in old_rejects:
        still = old_rejects[~old_rejects["file"].isin(ins.drop_files)]
        rejects = pd.concat([still, rejects.astype(str)], ignore_index=True)
    run.report("Writing store", 0.0)
    tables["articles"] = tables["articles"].sort_values("published", kind="stable").reset_index(drop=True)
    s = run.summary
    manifest = write_store(run.out, tables,
                           manifest={"inputs": ins.manifest_inputs, "sources": sources,
                                     "last_run": {"stored": s.stored, "duplicates": s.duplicates,
                                                  "rejected": s.rejected, "read": s.records_read}},
                           rejects=rejects, settings=run.settings,  # builds the full-text index in the same write
                           arrays=arrays)
    s.total_articles = len(tables["articles"])
    s.store_hash = manifest["store_hash"]


def apply_user_edits(store: str | Path, edits: dict | None = None,
                     settings: Mapping[str, object] | None = None) -> dict:
    """Save the analyst's alias edits (when given) and re-resolve the store's actors from its raw mentions.

    No NLP runs: canonical mentions, the actor table and each article's countries are
    recomputed from ``raw_mentions.parquet`` with the edits applied, and the store is
    rewritten atomically (still recording the settings that built it). ``settings``: the
    resolved mapping whose ``gazetteer_dir`` is read (default: :func:`components.settings.resolve`).
    Returns the new manifest.
    """
    from components.store import save_user_edits

    store = Path(store)
    if edits is not None:
        save_user_edits(store, edits)
    cfg = _settings.resolve() if settings is None else settings
    tables = load_store(store)
    gz = load_gazetteer(cfg["gazetteer_dir"] or None)
    arts = tables["articles"].drop(columns=["countries"], errors="ignore")
    edits = load_user_edits(store)
    mentions, moved = _link_store(canonicalise(tables["raw_mentions"], arts, gz, edits, link=False), gz)
    arts, mentions, ents = refresh_actors(arts, tables["raw_mentions"], gz, edits, mentions)
    manifest = {k: v for k, v in tables["manifest"].items() if k in ("inputs", "sources", "last_run", "settings")}
    keep = {"articles": arts, "entities": ents, "mentions": mentions, "topics": tables["topics"],
            "raw_mentions": tables["raw_mentions"]}
    if "themes" in tables:
        keep["themes"] = tables["themes"]
    if "statements" in tables:
        keep["statements"] = remap_people(remap_statements(tables["statements"], edits), moved)
    return write_store(store, keep, manifest=manifest, rejects=tables["rejects"])


def _statements(old: dict, new: pd.DataFrame, fresh: pd.DataFrame | None, kept_ids: set,
                edits: dict) -> pd.DataFrame:
    """Statements of the new articles (``fresh``, found in the actor pass) plus those of the kept ones
    (carried over, with the analyst's merges applied)."""
    from components.build.statements import STATEMENT_COLUMNS

    kept = old.get("statements", pd.DataFrame(columns=STATEMENT_COLUMNS)) if old else \
        pd.DataFrame(columns=STATEMENT_COLUMNS)
    kept = kept[kept["article_id"].isin(kept_ids)]
    if fresh is None or new.empty:
        return remap_statements(kept, edits)
    return pd.concat([kept, fresh], ignore_index=True) if len(kept) else fresh


def _topic_names(out: Path, fname: str = "topic_names.json") -> dict:
    path = Path(out) / fname
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
