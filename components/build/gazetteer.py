"""The gazetteer: canonical actors and the names news uses for them.

Data lives in ``data/gazetteer/*.csv`` (see its README); country ISO rows come from
the ``pycountry`` package. :func:`load_gazetteer` returns a :class:`Gazetteer` whose
``aliases`` map a surface form to ``(entity_id, kind)``.

Examples
--------
>>> gz = load_gazetteer()
>>> gz.aliases["North Korea"], gz.aliases["Pyongyang"]
(('country:PRK', 'name'), ('country:PRK', 'capital'))
>>> gz.entities.loc["country:USA", "name"]
'United States'
>>> gz.title_holder("the south korean president", "2023-05-01")
'person:yoon-suk-yeol'
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["Gazetteer", "load_gazetteer", "slugify", "GAZETTEER_DIR", "FAMILY_FIRST", "family_names_first",
           "per_gazetteer"]

GAZETTEER_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer"


def slugify(name: str) -> str:
    """Lowercase ASCII slug: ``"Kim Jong-un's"`` -> ``"kim-jong-un"``.

    >>> slugify("Kim Jong-un's"), slugify("  the Bank of Japan ")
    ('kim-jong-un', 'bank-of-japan')
    """
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"['’]s\b", "", name.lower())
    name = re.sub(r"^the\s+", "", name.strip())
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-")


def _read(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False)



def per_gazetteer(fn):
    """Cache ``fn(gz)``, a table derived from a gazetteer, once per gazetteer object (the gazetteer is not hashable;
    its id is kept with the object, so a new gazetteer at a recycled id is not served the old table).

    >>> calls = []
    >>> @per_gazetteer
    ... def size(gz):
    ...     calls.append(1)
    ...     return len(gz)
    >>> g = ["a", "b"]
    >>> size(g), size(g), len(calls)
    (2, 2, 1)
    """
    cache: dict[int, tuple] = {}

    def cached(gz):
        hit = cache.get(id(gz))
        if hit is None or hit[0] is not gz:
            hit = cache[id(gz)] = (gz, fn(gz))
        return hit[1]

    cached.__doc__, cached.__name__, cached.__wrapped__ = fn.__doc__, fn.__name__, fn
    return cached

@dataclass
class Gazetteer:
    entities: pd.DataFrame  # index entity_id; columns name, type, country, description
    aliases: dict[str, tuple[str, str]]  # surface -> (entity_id, kind)
    titles: pd.DataFrame = field(default_factory=pd.DataFrame)  # title(lower), entity_id, valid_from, valid_to
    ambiguous: dict[str, str] = field(default_factory=dict)  # surface -> candidates "PRK|KOR" ("" = never an actor)
    surname_index: dict[str, str] = field(default_factory=dict)  # unique name token -> person id
    not_actors: set[str] = field(default_factory=set)  # names that are no actor (exercises, missiles)
    contextual: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # alias -> [(ISO3, entity_id)]

    def title_holder(self, title: str, when) -> str | None:
        """The person who held ``title`` on date ``when``, or None."""
        if self.titles.empty:
            return None
        rows = self.titles[self.titles["title"] == title.lower().strip()]
        if rows.empty:
            return None
        when = pd.Timestamp(when).tz_localize(None) if pd.Timestamp(when).tzinfo else pd.Timestamp(when)
        ok = rows[(rows["valid_from"] <= when) & ((rows["valid_to"].isna()) | (rows["valid_to"] >= when))]
        return None if ok.empty else ok.iloc[0]["entity_id"]

    def phrase_patterns(self) -> list[tuple[str, str]]:
        """(surface, label) pairs to match: every alias plus titles and ambiguous names.

        Labels are ``entity_id|kind``; titles are ``title|<lowercased title>``.
        """
        out = [(s, f"{eid}|{kind}") for s, (eid, kind) in self.aliases.items()]
        for t in self.titles["title"].unique() if not self.titles.empty else ():
            out.append((t, f"title|{t}"))
        out += [(s, f"ambiguous|{c}") for s, c in self.ambiguous.items()]
        out += [(s, "none|none") for s in self.not_actors]
        out += [(s, f"context|{s}") for s in self.contextual if s not in self.aliases]
        return out


def _country_rows(aliases_df: pd.DataFrame) -> pd.DataFrame:
    import pycountry

    display = {}
    if not aliases_df.empty:
        for iso3, grp in aliases_df[aliases_df["kind"] == "name"].groupby("iso3", sort=False):
            display[iso3] = grp["alias"].iloc[0]
    rows = []
    for c in pycountry.countries:
        name = display.get(c.alpha_3) or getattr(c, "common_name", None) or c.name
        rows.append({"entity_id": f"country:{c.alpha_3}", "name": name, "type": "country", "country": c.alpha_3,
                     "description": getattr(c, "official_name", c.name)})
    if "XKX" in display:
        rows.append({"entity_id": "country:XKX", "name": display["XKX"], "type": "country", "country": "XKX",
                     "description": "Kosovo"})
    return pd.DataFrame(rows)


_INITIALS = re.compile(r"(?:[Tt]he )?(?:[A-Z]\.){2,}")


def without_last_stop(abbreviation: str) -> list[str]:
    """An abbreviation of initials as news also writes it, without its last full stop where a sentence or a headline
    ends on it ("the U.S seeks", "Bronx County, N.Y, which"); nothing for any other name.

    >>> without_last_stop("N.Y."), without_last_stop("the U.S."), without_last_stop("Ky.")
    (['N.Y'], ['the U.S'], [])
    """
    return [abbreviation[:-1]] if _INITIALS.fullmatch(abbreviation) else []


def _variants(alias: str) -> list[str]:
    """Written variants news uses: as listed, with a capital first letter at a sentence start, and an abbreviation of
    initials without its last full stop ("U.S" of Reuters' "the U.S seeks", "D.P.R.K").

    >>> _variants("the U.S."), _variants("Kim")
    (['the U.S.', 'The U.S.', 'the U.S', 'The U.S'], ['Kim'])
    """
    out = [alias]
    if alias[:1].islower():
        out.append(alias[:1].upper() + alias[1:])
    return out + [short for v in out for short in without_last_stop(v)]


def load_gazetteer(folder: str | Path | None = None) -> Gazetteer:
    """Load the gazetteer tables from ``folder`` (default: the bundled ``data/gazetteer``; cached per folder).

    The pipeline passes the resolved setting ``gazetteer_dir`` here.
    """
    return _load(str(Path(folder or GAZETTEER_DIR).resolve()))


@lru_cache(maxsize=4)
def _load(folder: str) -> Gazetteer:
    folder = Path(folder)
    aliases: dict[str, tuple[str, str]] = {}
    entities = _actor_rows(folder, aliases)
    ambiguous = _ambiguous(folder, aliases)
    not_actors = {v for s in _read(folder / "not_actors.csv").get("surface", []) for v in _variants(s)}
    contextual: dict[str, list[tuple[str, str]]] = {}
    for row in _read(folder / "contextual.csv").itertuples(index=False):
        for v in _variants(row.alias):
            contextual.setdefault(v, []).append((row.country, row.entity_id))
    return Gazetteer(entities, aliases, _titles(folder), ambiguous, _surname_index(aliases), not_actors, contextual)


def _add_alias(aliases: dict, surface: str, eid: str, kind: str) -> None:
    """Every written variant of ``surface`` names ``eid`` (the first table to claim a variant keeps it)."""
    surface = surface.strip()
    if not surface:
        return
    for v in _variants(surface):
        aliases.setdefault(v, (eid, kind))
        if v.lower().startswith("the "):
            aliases.setdefault(v[4:], (eid, kind))


def _actor_rows(folder: Path, aliases: dict) -> pd.DataFrame:
    """The actor table (countries, people, organisations) indexed by entity id; fills ``aliases``."""
    import pycountry

    country_aliases = _read(folder / "country_aliases.csv")
    for row in country_aliases.itertuples(index=False):
        _add_alias(aliases, row.alias, f"country:{row.iso3}", row.kind)
    for c in pycountry.countries:  # official names from the maintained package
        for name in {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}:
            if "," not in name:
                _add_alias(aliases, name, f"country:{c.alpha_3}", "name")
    frames = [_country_rows(country_aliases)]
    for file, etype, kind, described in (("people.csv", "person", "person", "role"),
                                         ("organisations.csv", "organisation", "org", "kind")):
        table = _read(folder / file)
        if table.empty:
            continue
        frames.append(pd.DataFrame({"entity_id": table["entity_id"], "name": table["name"], "type": etype,
                                    "country": table["country"], "description": table[described]}))
        for row in table.itertuples(index=False):
            for a in [row.name, *filter(None, row.aliases.split("|"))]:
                _add_alias(aliases, a, row.entity_id, kind)
    return pd.concat(frames, ignore_index=True).drop_duplicates("entity_id").set_index("entity_id")


def _titles(folder: Path) -> pd.DataFrame:
    """Offices with their holders and terms (``titles.csv``), dates parsed, open starts from 1900."""
    titles = _read(folder / "titles.csv")
    if not titles.empty:
        titles = titles.assign(title=titles["title"].str.lower().str.strip(),
                               valid_from=pd.to_datetime(titles["valid_from"].replace("", None), errors="coerce"),
                               valid_to=pd.to_datetime(titles["valid_to"].replace("", None), errors="coerce"))
        titles["valid_from"] = titles["valid_from"].fillna(pd.Timestamp("1900-01-01"))
    return titles


def _ambiguous(folder: Path, aliases: dict) -> dict[str, str]:
    """Names resolved only from context (``ambiguous.csv``); they leave the plain alias table."""
    ambiguous = {}
    for row in _read(folder / "ambiguous.csv").itertuples(index=False):
        # Continents and seas ("not an actor") stay places whatever the context.
        cands = "" if "not an actor" in row.note.lower() else row.candidates
        for v in _variants(row.alias):
            ambiguous[v] = cands
            aliases.pop(v, None)
    return ambiguous


def _surname_index(aliases: dict) -> dict[str, str]:
    """A name token that belongs to exactly one known person resolves a bare surname
    even without a full name earlier in the article ("Putin said ...")."""
    token_owner: dict[str, set[str]] = {}
    for surface, (eid, kind) in aliases.items():
        if kind == "person":
            toks = surface.replace("-", " ").split()
            for tok in {toks[0], toks[-1]} if len(toks) > 1 else ():
                # 2-letter family names count only in front of a two-part name ("Xi Jinping").
                if tok[0].isupper() and (len(tok) > 2 or (tok == toks[0] and len(toks) == 2)):
                    token_owner.setdefault(tok, set()).add(eid)
    return {t: next(iter(ids)) for t, ids in token_owner.items() if len(ids) == 1 and t not in aliases}


# Countries whose people English news names family name first ("Kim Jong Un", "Xi Jinping", "Nguyen Phu Trong").
FAMILY_FIRST = frozenset({"PRK", "KOR", "CHN", "TWN", "HKG", "MAC", "VNM", "SGP"})


def family_names_first(gz: Gazetteer) -> frozenset:
    """The family names of the gazetteer's listed people of countries that write it first (:data:`FAMILY_FIRST`):
    the first word of each such name of two words or more ("Kim", "Ri", "Han", "Xi", "Nguyen"), from the
    gazetteer's own rows. A person span NER cut after such a word ("Han" + "Tae Song") is made whole with it
    (:func:`components.build.parse.build_nlp`).

    >>> {"Kim", "Ri", "Xi"} <= family_names_first(load_gazetteer())
    True
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    people = gz.entities[(gz.entities["type"] == "person") & gz.entities["country"].isin(FAMILY_FIRST)]
    out = set()
    for name in people["name"]:
        words = str(name).split()
        # no English word of grammar ("He", "No", "To" are family names too, and open sentences far more often)
        if len(words) >= 2 and words[0].isalpha() and words[0][:1].isupper() and len(words[0]) <= 6 \
                and words[0].lower() not in STOP_WORDS:
            out.add(words[0])
    return frozenset(out)

