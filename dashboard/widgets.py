"""Sidebar filters bound to the URL, filter chips, notices and chart/table download buttons."""
from __future__ import annotations

import base64
import datetime as dt
import html
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.present.export import csv_bytes
from components.analysis.filters import Filters
from dashboard.loaders import sidebar_options
from dashboard.safe import md
from dashboard.state import TYPE_LABELS, find_actors


def _options(store):
    """The sidebar's choices, computed once per store version (``dashboard.loaders.sidebar_options``)."""
    return sidebar_options(store.path, store.hash)


LIST_KEYS = ("actor", "country", "atype", "source", "theme", "topic")
URL_WORDS = {"actor": "actor", "country": "country", "atype": "actor type", "source": "outlet", "theme": "theme",
             "topic": "topic"}


def _from_url(opts, actor_ids) -> list[str]:
    """Seed the filter widgets from the opened link, once per session; unknown values become notices.
    ``actor_ids``: every actor of the store (the box offers only the most covered)."""
    notes = []
    qp = st.query_params
    for key in LIST_KEYS:
        known = {str(o): o for o in (actor_ids if key == "actor" else opts[key])}
        values = qp.get_all(key)
        bad = [v for v in values if v not in known]
        st.session_state[key] = list(dict.fromkeys(known[v] for v in values if v in known))
        if bad:
            notes.append(f"The link's {URL_WORDS[key]}{'s' if len(bad) > 1 else ''} "
                         + ", ".join(f"“{b[:60]}”" for b in bad[:5])
                         + f" {'are' if len(bad) > 1 else 'is'} not in this store and {'were' if len(bad) > 1 else 'was'} left out")
    mode = qp.get("cmode")
    if mode and mode not in opts["cmode"]:
        notes.append(f"The link's country setting “{mode[:20]}” is unknown and was left out: countries are "
                     "matched by what the articles are about")
    st.session_state["cmode"] = mode if mode in opts["cmode"] else "about"
    st.session_state["q"] = (qp.get("q") or "")[:500]
    for key in ("from", "to"):
        v = qp.get(key)
        st.session_state[key] = None
        if not v:
            continue
        try:
            day = dt.date.fromisoformat(v) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) else None
        except ValueError:
            day = None
        word = "start" if key == "from" else "end"
        if day is None:
            notes.append(f"The link's {word} date “{v[:40]}” was left out: dates are written YYYY-MM-DD")
        elif not (opts["min_date"] <= day <= opts["max_date"]):
            notes.append(f"The link's {word} date {v} was left out: the store covers {opts['min_date']} "
                         f"to {opts['max_date']}")
        else:
            st.session_state[key] = day
    return notes


def to_url(f: Filters) -> dict:
    """The query string of a filter value (architecture.md's URL contract).

    >>> to_url(Filters(countries=("PRK",), q="nuclear", date_from="2023-01-01"))
    {'country': ['PRK'], 'q': 'nuclear', 'from': '2023-01-01'}
    """
    d: dict = {}
    for key, values in (("actor", f.actors), ("country", f.countries), ("atype", f.actor_types),
                        ("source", f.sources), ("theme", [str(t) for t in f.themes]),
                        ("topic", [str(t) for t in f.topics])):
        if values:
            d[key] = list(values)
    if f.country_mode != "about":
        d["cmode"] = f.country_mode
    if f.q:
        d["q"] = f.q
    if f.date_from:
        d["from"] = f.date_from
    if f.date_to:
        d["to"] = f.date_to
    return d


# Per-view state that also lives in the link (the profiled actor, compared periods, the store's name).
PAGE_KEYS = ("focus", "a_from", "a_to", "b_from", "b_to", "present", "store", "since")
# Keys a widget owns through bind="query-params" (the Topics tabs): Streamlit refuses to set or remove them.
BOUND_KEYS = ("tab",)


def write_url(f: Filters) -> None:
    """Mirror the filters into the address bar so the view can be shared or reloaded: only the keys that
    differ are set or removed, and keys bound to a widget are left to it."""
    qp = st.query_params
    want = to_url(f)
    for key in PAGE_KEYS:
        if qp.get(key):
            want[key] = qp.get(key)
    for key in [k for k in qp.keys() if k not in want and k not in BOUND_KEYS]:
        del qp[key]
    for key, value in want.items():
        if (qp.get_all(key) if isinstance(value, list) else qp.get(key)) != value:
            qp[key] = value


def clear_filters():
    for key in LIST_KEYS:
        st.session_state[key] = []
    st.session_state.update({"from": None, "to": None, "q": "", "cmode": "about"})


def remove_value(key: str, value):
    cur = st.session_state.get(key)
    if isinstance(cur, list):
        st.session_state[key] = [v for v in cur if v != value]
    elif key == "cmode":
        st.session_state[key] = "about"
    else:
        st.session_state[key] = None if key in ("from", "to") else ""


def set_dates(date_from, date_to):
    st.session_state["from"], st.session_state["to"] = date_from, date_to


WHOLE_PAGE = "_whole_page"


def whole_page(callback):
    """``callback`` for a widget inside a fragment that changes the page's filters: a fragment's widget reruns
    only the fragment, which would leave the sidebar and every other chart on the old filters, so it also asks
    the fragment (:func:`rerun_page_if_asked`, at its top) to rerun the whole page."""
    def run(*args, **kwargs):
        callback(*args, **kwargs)
        st.session_state[WHOLE_PAGE] = True
    return run


def rerun_page_if_asked() -> None:
    """At a fragment's top: the whole page's rerun that a :func:`whole_page` callback asked for."""
    if st.session_state.pop(WHOLE_PAGE, False):
        st.rerun(scope="app")


def add_actor(eid: str):
    cur = list(st.session_state.get("actor") or [])
    if eid not in cur:
        st.session_state["actor"] = cur + [eid]


def typed_actor(store, text: str) -> tuple[str | None, str | None]:
    """The actor a typed name finds (the most covered match) and a note when none or several match."""
    hits = find_actors(store.entities, text)
    names = store.entity_names
    if not hits:
        return None, f"No actor in this store is named “{text[:60]}”: try part of the name."
    if len(hits) == 1:
        return hits[0], None
    others = ", ".join(names.get(h, h) for h in hits[1:5])
    return hits[0], (f"“{text[:60]}” found {names.get(hits[0], hits[0])}; it also matches {others}: type more "
                     "of the name for another.")


def _find_typed_actors(store):
    """Names typed into the Actors box become the actors they find."""
    chosen, notes = [], []
    for v in st.session_state.get("actor") or []:
        eid, note = (v, None) if v in store.entity_names else typed_actor(store, v)
        chosen += [eid] if eid else []
        notes += [note] if note else []
    st.session_state["actor"] = list(dict.fromkeys(chosen))
    st.session_state["actor_notes"] = notes


def sidebar(store) -> tuple[Filters, list[str]]:
    """Render the filters (seeded from the link) and return the Filters value."""
    opts = _options(store)
    lo_d, hi_d = opts["min_date"], opts["max_date"]
    if st.session_state.get("url_store") != store.hash:  # first run of the session, or a new store
        st.session_state["url_notices"] = _from_url(opts, store.entity_names)
        st.session_state["url_store"] = store.hash
    names = store.country_names
    with st.sidebar:
        st.markdown("**Filters** apply to every view and live in the link.")
        # One per row: side by side, the sidebar's half width cut the boxes' YYYY-MM-DD placeholder.
        date_from = st.date_input("From", min_value=lo_d, max_value=hi_d, key="from", format="YYYY-MM-DD")
        date_to = st.date_input("To", min_value=lo_d, max_value=hi_d, key="to", format="YYYY-MM-DD")
        countries = st.multiselect("Countries", opts["country"], key="country",
                                   format_func=lambda c: f"{names.get(c, c)} ({opts['country_counts'].get(c, 0)})",
                                   placeholder="All countries")
        mode = st.radio("Country filter means", opts["cmode"], key="cmode", horizontal=True,
                        format_func=lambda m: "articles about it" if m == "about" else "any mention",
                        help="About: the country is a focus of the article (dateline or repeated mentions). "
                             "Any mention: the article names the country, or a place in it, at least once.")
        # The most covered actors are offered; any other is typed and found on the server (find_actors).
        offered = list(dict.fromkeys([*(st.session_state.get("actor") or []), *opts["actor"]]))
        actors = st.multiselect("Actors", offered, key="actor",
                                format_func=lambda e: opts["actor_label"].get(e) or store.entity_names.get(e, e),
                                placeholder="Type a name: people, organisations, places…", accept_new_options=True,
                                on_change=_find_typed_actors, args=(store,),
                                help=f"The {len(opts['actor'])} most covered actors are listed; type any other name "
                                     "(or part of it) and press Enter to find it.")
        atypes = st.multiselect("Actor types", opts["atype"], key="atype", format_func=lambda t: TYPE_LABELS[t],
                                placeholder="All types")
        sources = st.multiselect("Outlets", opts["source"], key="source", placeholder="All outlets")
        themes = st.multiselect("Themes", opts.get("theme", []), key="theme",
                                format_func=lambda t: f"{store.theme_labels.get(t, t)}", placeholder="All themes",
                                help="The broad areas the topics nest in.") if opts.get("theme") else []
        topics = st.multiselect("Topics", opts["topic"], key="topic",
                                format_func=lambda t: f"{store.topic_labels.get(t, t)}", placeholder="All topics")
        q = st.text_input("Text search", key="q", placeholder='e.g. "nuclear test" OR satellite*',
                          help='Words, "phrases", AND, OR, NOT, and prefix* (SQLite full-text index).')
        st.button("Clear all filters", on_click=clear_filters, width="stretch")
    f = Filters(actors=tuple(actors), countries=tuple(countries), country_mode=mode or "about",
                actor_types=tuple(atypes), sources=tuple(sources), topics=tuple(int(t) for t in topics),
                themes=tuple(int(t) for t in themes),
                q=(q or "").strip(), date_from=date_from.isoformat() if date_from else None,
                date_to=date_to.isoformat() if date_to else None)
    write_url(f)
    return f, st.session_state["url_notices"] + st.session_state.pop("actor_notes", [])


def chips(ctx) -> None:
    """Active filters as removable chips, plus notices about the link."""
    f, s = ctx.filters, ctx.store
    items = []
    items += [("country", c, f"Country: {s.country_names.get(c, c)}") for c in f.countries]
    items += [("actor", a, f"Actor: {s.entity_names.get(a, a)}") for a in f.actors]
    items += [("atype", t, f"Type: {TYPE_LABELS.get(t, t)}") for t in f.actor_types]
    items += [("source", x, f"Outlet: {x}") for x in f.sources]
    items += [("theme", t, f"Theme: {s.theme_labels.get(t, t)}") for t in f.themes]
    items += [("topic", t, f"Topic: {s.topic_labels.get(t, t)}") for t in f.topics]
    if f.q:
        items.append(("q", f.q, f"Text: {f.q}"))
    if f.date_from:
        items.append(("from", f.date_from, f"From {f.date_from}"))
    if f.date_to:
        items.append(("to", f.date_to, f"To {f.date_to}"))
    if items:
        cols = st.columns(min(len(items) + 1, 7))
        for i, (key, value, label) in enumerate(items):
            cols[i % (len(cols) - 1)].button("✕ " + md(label[:40]), key=f"chip-{key}-{value}", on_click=remove_value,
                                             args=(key, value), help="Remove this filter", type="tertiary")
        cols[-1].button("Clear all", on_click=clear_filters, key="chip-clear", type="tertiary")
    for note in ctx.notices:
        st.warning(md(note), icon="⚠️")


def plotly_config(name: str, modes: tuple[str, ...] = ()) -> dict:
    """The in-chart camera button downloads a slide-sized PNG at 2x, caption included. The box and lasso
    buttons show only on a chart whose selection ``modes`` take them.

    >>> plotly_config("c")["modeBarButtonsToRemove"]
    ['lasso2d', 'select2d', 'autoScale2d']
    >>> plotly_config("c", ("points", "box"))["modeBarButtonsToRemove"]
    ['lasso2d', 'autoScale2d']
    """
    needed = {"box": "select2d", "lasso": "lasso2d"}
    keep = {needed[m] for m in modes if m in needed}
    return {"displaylogo": False,
            "modeBarButtonsToRemove": [b for b in ("lasso2d", "select2d", "autoScale2d") if b not in keep],
            "toImageButtonOptions": {"format": "png", "filename": name, "width": 1600, "height": 900, "scale": 2}}


def plain_title(fig: go.Figure) -> str:
    """The chart's title without its subtitle or markup (for file names)."""
    text = (fig.layout.title.text or "chart").split("<br>")[0]
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def open_tab(tabs: dict, *args) -> None:
    """Draw ``tabs`` (label -> function) as tabs and run only the open one's function with ``args``: its label is
    in the link as ``tab=`` (README, "URL parameters"), so a filter change computes and draws one tab, not all."""
    for tab, draw in zip(st.tabs(list(tabs), key="tab", bind="query-params"), tabs.values()):
        if tab.open:
            with tab:
                draw(*args)


def chart(fig: go.Figure, name: str, data: pd.DataFrame | None = None, *, key: str | None = None,
          on_select=None, selection_mode=("points",), slug: str | None = None):
    """Draw a figure with its downloads: PNG (2x), SVG and PDF rendered on the server with the caption
    built in, and the data as CSV. Returns the selection state when ``on_select``."""
    from components.present.export import MIME, export_name
    from components.present.render import figure_bytes

    if slug is None:
        slug = st.session_state["ctx"].slug() if "ctx" in st.session_state else ""
    # The chart's key leaves out the filters (``name`` ends with their slug), so the next filter's chart keeps
    # the same download buttons instead of new ones.
    key = key or f"chart-{name.removesuffix('-' + slug) if slug else name}"
    if presenting():
        fig.update_layout(height=640)  # 16:9 at the ~1140 px content width; room for the exit link and caption
    kwargs = {} if on_select is None else {"on_select": on_select, "selection_mode": selection_mode}
    state = st.plotly_chart(fig, key=key, config=plotly_config(name, kwargs.get("selection_mode", ())), theme=None,
                            **kwargs)
    if presenting():
        return state
    title = plain_title(fig)
    # The downloads sit in a popover: the browser draws its buttons only when it is opened, so a filter
    # change redraws one button per chart where it redrew four (and their row).
    row = st.popover("Download", icon=":material/download:", key=f"dl-{key}",
                     help="PNG, SVG or PDF for a slide, with title, filters, counts and store stamp; the data as CSV")
    for fmt in ("png", "svg", "pdf"):
        # Rendered only when clicked (a callable), so a page draws no image it is not asked for.
        row.download_button(fmt.upper(), data=lambda fmt=fmt: figure_bytes(self_contained(fig), fmt), mime=MIME[fmt],
                            file_name=export_name(title, slug, fmt), key=f"{fmt}-{key}",
                            on_click="ignore", type="secondary",
                            help=f"{fmt.upper()} for a slide, with title, filters, counts and store stamp")
    if data is not None:
        row.download_button("CSV", lambda: csv_bytes(data),
                                file_name=export_name(title, slug, "csv"), mime="text/csv",
                                key=f"csv-{key}", on_click="ignore", type="secondary",
                                help="The chart's data as CSV")
    return state


# Files the server serves at app/static/ (``server.enableStaticServing``): the browser fetches one once and keeps
# it, where a figure's own data is resent with every rerun. The coverage map's grey countries are BASE_MAP.
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_URL = "app/static/"
BASE_MAP = STATIC_URL + "base-map.svg"


def self_contained(fig: go.Figure) -> go.Figure:
    """``fig`` with every picture it fetches from the server's app/static/ folder written into it (a
    ``data:`` address), so an export renders it with no server to ask; other figures unchanged."""
    if not any(str(im.source or "").startswith(STATIC_URL) for im in fig.layout.images):
        return fig
    out = go.Figure(fig)
    for im in out.layout.images:
        if str(im.source or "").startswith(STATIC_URL):
            raw = (STATIC_DIR / im.source[len(STATIC_URL):]).read_bytes()
            im.source = "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")
    return out


# Rows a table sends to the browser: every rerun resends them (a statements table of the demo's
# North Korea coverage was 519 KB). The rest is in the CSV beside each table.
MAX_ROWS = 150
# Rows of a table of long texts (statements, sentences), each with its article's title and link (about
# 360 bytes a row): 150 of them were 54 KB of every rerun of the demo's Statements view. The table shows a
# dozen at a time; the CSV beside it holds them all.
TEXT_ROWS = 60


def table(data: pd.DataFrame, *, column_config: dict | None = None, max_rows: int = MAX_ROWS,
          what: str = "rows", more: str = "narrow the filters to see the others", total: int | None = None,
          **kwargs):
    """``st.dataframe`` with every header in plain words and its help tooltip
    (:mod:`components.present.words`); ``column_config`` overrides a column's header or format. Only the
    first ``max_rows`` rows are sent, with a caption saying how many ``what`` there are in all (``total``
    when ``data`` is already cut), and ``more`` (where the others are)."""
    from components.present.words import header, help_for

    n = len(data) if total is None else total
    if n > min(max_rows, len(data)):
        data = data.head(max_rows)
        st.caption(f"The first {len(data):,} of {n:,} {what} as sorted here: {more}.")

    config = {c: st.column_config.Column(header(c), help=help_for(c)) for c in data.columns}
    for c, given in (column_config or {}).items():
        if isinstance(given, dict):
            given = dict(given)
            given["label"] = given.get("label") or header(c)
            if help_for(c) and not given.get("help"):
                given["help"] = help_for(c)
        config[c] = given
    return st.dataframe(_lean(data) if kwargs.get("hide_index") else data, column_config=config, **kwargs)


def _lean(data: pd.DataFrame):
    """``data`` as an Arrow table without pandas' schema notes (a JSON of every column's pandas type, 0.9 to
    1.3 KB a table, resent with every rerun; a table with its index hidden does not need them), or ``data``
    itself when Arrow cannot hold a column as it is (Streamlit then converts it its own way)."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(data, preserve_index=False).replace_schema_metadata(None)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return data


def slot(key: str):
    """A keyed block for what comes and goes (notices, the filter chips), drawn on every run, empty or not.

    The browser keys a page's unkeyed elements by their place: a notice that appears above them moves each
    one a place down, and the browser builds every one of them again (their charts and tables included)
    instead of updating them. Inside a slot, the elements after it keep their place whatever it holds
    (bench/README.md, "Seventeenth round")."""
    return st.container(key=key)


def empty_state(message: str) -> None:
    st.info(message + " Widen the dates or remove a filter (the chips above, or “Clear all”).", icon="🔎")


def briefing_sidebar(ctx) -> None:
    """One button: the current view set as a PowerPoint deck, a PDF and a zip of images and CSVs."""
    from datetime import datetime, timezone
    from urllib.parse import urlencode

    from components.analysis.network import focus_ids
    from components.analysis.spikes import SpikeOptions
    from components.present.briefing import briefing_items
    from components.present.pack import briefing_pack
    from components.present.render import ChromiumNotFound, RenderStalled

    s = ctx.store
    key = ("pack", s.hash, ctx.filters, ctx.network_options)
    # Keyed: an element that comes or goes above it in the sidebar would otherwise rebuild it, closed, while the
    # pack it is building (or the files it offers) sits hidden inside.
    with st.sidebar.expander("Briefing pack", icon=":material/slideshow:", key="pack-expander"):
        st.caption("The current filters' overview numbers, network, topics, coverage, countries and latest "
                   "articles: one chart per slide, captions and sources in the notes.")
        if st.button("Build briefing pack", key="pack-build", width="stretch"):
            base = str(getattr(st.context, "url", "") or "").split("?")[0]
            link = base + ("?" + urlencode(to_url(ctx.filters), doseq=True) if not ctx.filters.is_empty() else "")
            bar = st.progress(0.0, text="Gathering the charts…")
            items = briefing_items(ctx.arts, ctx.ments, s.entities, s.topics, all_articles=s.articles,
                                   filters_text=ctx.filters_text, foot=ctx.foot, country_names=s.country_names,
                                   statements=s.statements, network_options=ctx.network_options,
                                   spike_options=SpikeOptions.from_settings(ctx.settings),
                                   small_n=ctx.settings["small_n"], all_mentions=s.mentions,
                                   focus=focus_ids(ctx.filters.actors, ctx.filters.countries))
            from dashboard.watch import pack_items  # watch imports this module

            items = pack_items(ctx, items)  # the "Since" slide and the analyst's notes
            try:
                st.session_state[key] = briefing_pack(
                    items, title=f"Wirescope briefing: {ctx.filters_text}", link=link, store_hash=s.hash,
                    generated=datetime.now(timezone.utc), filters_slug=ctx.slug(),
                    progress=lambda done, total: bar.progress(done / total, text=f"Rendered {done} of {total} "
                                                                                  "images…"))
            except (ChromiumNotFound, RenderStalled) as exc:
                st.error(f"The briefing pack could not be rendered. {exc}", icon="⚠️")
            finally:
                bar.empty()
        pack = st.session_state.get(key)
        if pack:
            for name, mime in (("briefing.pptx", "application/vnd.openxmlformats-officedocument."
                                                 "presentationml.presentation"),
                               ("briefing.pdf", "application/pdf"), ("briefing.zip", "application/zip")):
                st.download_button(name, pack[name], file_name=f"{name.split('.')[0]}-{ctx.slug()}.{name.split('.')[1]}",
                                   mime=mime, key=f"dl-{name}", on_click="ignore", width="stretch")


def presenting() -> bool:
    return st.query_params.get("present") == "1"


def _set_present(on: bool):
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


def presentation_controls() -> None:
    """A toggle into presentation mode (in the sidebar), and the way out (on the page, since the sidebar hides)."""
    if presenting():
        # Our own fixed CSS (no user text): hide the sidebar, Streamlit's chrome, the page title (each chart
        # carries its own), the controls, tables and download rows, so a 16:9 screenshot holds the chart whole.
        st.markdown("""<style>
            [data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], header[data-testid=stHeader],
            [data-testid=stToolbar], [data-testid=stDecoration], [data-testid=stDownloadButton],
            [data-testid=stMain] h1, [data-testid=stMain] h2, [data-testid=stMain] h3,
            [data-testid=stExpander], [data-testid=stSelectbox], [data-testid=stRadio], [data-testid=stMultiSelect],
            [data-testid=stSlider], [data-testid=stCheckbox], [data-testid=stDateInput], [data-testid=stTextInput],
            [data-testid=stDataFrame], [data-testid=stMetric], [data-testid=stButton]:not(:has(button[kind=tertiary]))
            {display: none;}
            [data-testid=stMainBlockContainer] {padding-top: 0.5rem; padding-bottom: 0; max-width: 1280px;}
            </style>""", unsafe_allow_html=True)
        st.button("Exit presentation mode", on_click=_set_present, args=(False,), key="present-exit",
                  type="tertiary", icon=":material/close_fullscreen:")
    else:
        st.sidebar.button("Presentation mode", on_click=_set_present, args=(True,), key="present-enter",
                          icon=":material/present_to_all:", width="stretch",
                          help="Hide the sidebar and Streamlit's chrome and draw charts at 16:9, for clean "
                               "screenshots. The link keeps the mode.")


def events():
    """The analyst's dated events for this session (loaded on the Coverage view), or None."""
    ev = st.session_state.get("events")
    return ev if ev is not None and len(ev) else None
