"""The briefing pack's "Since <date>" slide and the analyst's notes (speaker notes and an appendix), issue 23.

Both are items of :func:`components.present.pack.briefing_pack` (``title, figure, table, caption, notes``,
plus ``analyst_notes``: text for the slide's speaker notes). Notes are the analyst's own text: the pack
writes them as plain text (speaker notes) or escaped table cells, never as markup.

Examples
--------
>>> ch = {"new": pd.DataFrame({"name": ["Li Qiang"], "articles": [3]}),
...       "moved": pd.DataFrame({"name": ["Kim"], "now": [9], "before": [4], "direction": ["rose"], "small": [True]})}
>>> since_item(ch, since="1 May 2024", compared="2 Mar to 30 Apr 2024", sub="All coverage")["table"].values.tolist()
[['New actor', 'Li Qiang', '0', '3'], ['Coverage rose', 'Kim (few articles)', '4', '9']]
"""
from __future__ import annotations

import pandas as pd

__all__ = ["since_item", "notes_appendix", "attach_notes"]

_SECTIONS = (("new", "New actor"), ("moved", "Coverage"), ("ties", "Tie"), ("topics", "Topic grew"))


def since_item(ch: dict, *, since: str, compared: str, sub: str, per_section: int = 4) -> dict:
    """One table slide: the first lines of each What's new section (``components.analysis.changes`` frames
    in ``ch``: ``new``, ``moved``, ``ties``, ``topics``, ``spikes``), with the period before in the caption."""
    rows = []
    for key, word in _SECTIONS:
        frame = ch.get(key)
        if frame is None or frame.empty:
            continue
        if key == "moved":
            for direction in ("rose", "fell"):
                for r in frame[frame["direction"] == direction].head(per_section // 2 or 1).itertuples():
                    rows.append((f"{word} {direction}", r.name + (" (few articles)" if r.small else ""),
                                 str(r.before), str(r.now)))
            continue
        for r in frame.head(per_section).itertuples():
            if key == "new":
                rows.append((word, r.name, "0", str(r.articles)))
            elif key == "ties":
                rows.append((f"Tie {r.status}", r.names, str(r.weight_before), str(r.weight_now)))
            else:
                rows.append((word, r.topic, str(r.before), str(r.now)))
    spikes = ch.get("spikes")
    if spikes is not None and not spikes.empty:
        for r in spikes.head(2).itertuples():
            rows.append(("Spike", f"{pd.Timestamp(r.start):%d %b %Y}: {r.headline}", f"{r.baseline:g}", str(r.count)))
    table = pd.DataFrame(rows, columns=["change", "what", "articles before", "articles since"])
    return {"title": f"Since {since}", "figure": None, "table": table,
            "caption": f"{sub}. Compared with the same number of days before ({compared}).",
            "notes": "What's new view: actors appearing for the first time, coverage that rose or fell most, "
                     "ties that appeared or strengthened, topics that grew, spikes."}


def _about(note: dict, names: dict, titles: dict) -> str:
    if note["kind"] == "actor":
        return names.get(note["target"], note["target"])
    if note["kind"] == "article":
        return titles.get(note["target"], note["target"])
    return "View " + note["target"]


def notes_appendix(notes: list[dict], *, names: dict, titles: dict) -> dict | None:
    """An appendix slide listing every note (what it is pinned to, the note), newest first; None without notes.

    >>> notes_appendix([{"kind": "actor", "target": "p:k", "text": "<b>x</b>", "updated_at": "1"}],
    ...                names={"p:k": "Kim"}, titles={})["table"].values.tolist()
    [['Kim', '<b>x</b>']]
    """
    if not notes:
        return None
    ordered = sorted(notes, key=lambda n: n.get("updated_at", ""), reverse=True)
    table = pd.DataFrame({"pinned to": [_about(n, names, titles) for n in ordered],
                          "note": [n["text"] for n in ordered]})
    return {"title": "Appendix: the analyst's notes", "figure": None, "table": table, "caption": "", "notes": ""}


def attach_notes(items: list[dict], notes: list[dict], *, link: str, actors=()) -> list[dict]:
    """``items`` with each note put in the speaker notes (``analyst_notes``) of the slide it belongs to: a note
    pinned to this view's link (``link``, the part after the host) goes on the first slide (the "Since"
    slide for a What's new link), a note on a filtered actor (``actors``) on the network slide.

    >>> items = [{"title": "The coverage in numbers"}, {"title": "Who is covered together"}]
    >>> notes = [{"kind": "actor", "target": "p:k", "text": "tone"}, {"kind": "view", "target": "?country=PRK", "text": "v"}]
    >>> [it.get("analyst_notes") for it in attach_notes(items, notes, link="?country=PRK", actors=["p:k"])]
    ['v', 'tone']
    """
    out = [dict(it) for it in items]
    if not out:
        return out

    def add(i: int, text: str):
        out[i]["analyst_notes"] = "\n\n".join(t for t in (out[i].get("analyst_notes"), text) if t)

    net = next((i for i, it in enumerate(out) if it.get("title") == "Who is covered together"), 0)
    first = next((i for i, it in enumerate(out) if str(it.get("title", "")).startswith("Since ")), 0)
    for n in notes:
        if n["kind"] == "view" and n["target"].rstrip("?") == link.rstrip("?"):
            add(first if n["target"].startswith("new") else 0, n["text"])
        elif n["kind"] == "actor" and n["target"] in set(actors):
            add(net, n["text"])
    return out
