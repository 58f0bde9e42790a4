"""Named stores under one folder (setting ``stores``, default ``data/stores``), and what each store holds.

``./wirescope run FOLDER`` builds FOLDER into ``<stores>/<name>``, the name derived from the folder, so an
analyst's articles never land in the demo store. A store's manifest lists the inputs it was built from
(``sources``: each folder or file given, with its files and articles); the pipeline refuses to mix other
inputs in unless asked (:func:`foreign_inputs`), and the dashboard shows the list and switches between the
stores of the folder. Only names that are plain sub-folders of the stores folder resolve to a store
(:func:`store_path`): a link cannot reach any other folder.

>>> store_name(["/home/ana/Articles 2024/"])
'articles-2024'
>>> store_name(["/data/x.jsonl"]), store_name(["/"])
('x', 'store')
>>> valid_name("demo"), valid_name("../etc"), valid_name(".hidden"), valid_name("a/b")
(True, False, False, False)
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path, PurePath

from components.errors import WirescopeError

__all__ = ["store_name", "valid_name", "list_stores", "store_path", "sources", "source_table", "merged_sources",
           "refusal", "foreign_inputs", "describe_sources", "StoreInputsMismatch"]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
MANIFEST = "manifest.json"  # components.store.MANIFEST


class StoreInputsMismatch(WirescopeError):
    """Inputs from other folders than the store holds, without ``add``; the message says what to do."""


def _abs(path) -> str:
    """Absolute and normalised, symlinks kept (the name the user gave stays the name)."""
    return os.path.normpath(os.path.abspath(os.path.expanduser(str(path))))


def slug(text: str) -> str:
    """A store name from a folder or file name.

    >>> slug("KCNA — 2024"), slug("..")
    ('kcna-2024', 'store')
    """
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return s or "store"


def store_name(inputs) -> str:
    """The store name for ``inputs``: the folder's (or the file's) name; several inputs: the first path's
    name and a short hash of all the paths. The same inputs, in any order, always give the same name."""
    paths = sorted({_abs(i) for i in inputs})  # in any order, the same name
    if not paths:
        raise ValueError("no inputs")
    first = PurePath(paths[0])
    base = slug(first.name if Path(paths[0]).is_dir() else first.stem)
    if len(paths) == 1:
        return base
    digest = hashlib.sha256("\n".join(paths).encode()).hexdigest()[:6]
    return f"{base}-{digest}"


def valid_name(name) -> bool:
    """A store name a link may carry: letters, digits, ``-`` and ``_``, no path characters."""
    return isinstance(name, str) and _NAME.fullmatch(name) is not None


def store_path(root, name) -> Path | None:
    """``root/name`` when ``name`` is a valid name of a store folder directly inside ``root``
    (after following links), else None."""
    if not valid_name(name):
        return None
    root = Path(root)
    path = root / name
    try:
        real_root, real = root.resolve(strict=True), path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if real.parent != real_root or not real.is_dir():
        return None
    if not ((real / MANIFEST).is_file() or (real / ".previous" / MANIFEST).is_file()):
        return None
    return path


def list_stores(root) -> list[str]:
    """Names of the stores in ``root``, sorted."""
    try:
        entries = sorted(os.listdir(root))
    except OSError:
        return []
    return [n for n in entries if store_path(root, n) is not None]


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def source_table(given, inputs: dict) -> list[dict]:
    """The ``sources`` entry of a manifest: each given folder or file (absolute) with the files and
    articles of ``inputs`` (the manifest's per-file records) under it. Files marked missing are not counted.

    >>> source_table(["/a"], {"/a/1.txt": {"articles": 2}, "/a/2.txt": {"articles": 1, "missing": True},
    ...                       "/b/x.txt": {"articles": 4}})
    [{'path': '/a', 'kind': 'folder', 'files': 1, 'articles': 2}]
    """
    out = []
    for g in dict.fromkeys(_abs(x) for x in given):
        files = [rec for key, rec in inputs.items() if _under(_abs(key), g) and not rec.get("missing")]
        kind = "file" if os.path.isfile(g) or (len(files) == 1 and g in {_abs(k) for k in inputs}) else "folder"
        out.append({"path": g, "kind": kind, "files": len(files),
                    "articles": int(sum(int(r.get("articles", 0) or 0) for r in files))})
    return out


def sources(manifest: dict) -> list[dict]:
    """The folders and files a store was built from, with their files and articles.

    Stores written before the manifest kept ``sources`` get them from their input files' folders.
    """
    recorded = manifest.get("sources") if isinstance(manifest, dict) else None
    if isinstance(recorded, list) and recorded:
        return [s for s in recorded if isinstance(s, dict) and "path" in s]
    inputs = (manifest or {}).get("inputs") or {}
    folders = dict.fromkeys(os.path.dirname(_abs(k)) for k in inputs)
    return source_table(folders, inputs) if folders else []


def merged_sources(manifest: dict, given, inputs: dict) -> list[dict]:
    """The store's sources after a run on ``given``: the earlier ones and the new ones, recounted."""
    paths = [s["path"] for s in sources(manifest)] + [_abs(g) for g in given]
    return [s for s in source_table(paths, inputs) if s["files"] or s["path"] in {_abs(g) for g in given}]


def foreign_inputs(manifest: dict, given) -> list[str]:
    """The given inputs that are neither one of the store's sources nor inside one (absolute paths)."""
    held = [s["path"] for s in sources(manifest)]
    if not held:
        return []
    return [g for g in (_abs(x) for x in given) if not any(_under(g, h) for h in held)]


def describe_sources(srcs: list[dict]) -> str:
    """One line per source: ``/home/ana/articles (folder): 5 files, 5 articles``."""
    return "\n".join(f"{s['path']} ({s.get('kind', 'folder')}): {s.get('files', 0):,} file"
                     f"{'' if s.get('files', 0) == 1 else 's'}, {s.get('articles', 0):,} article"
                     f"{'' if s.get('articles', 0) == 1 else 's'}" for s in srcs)


def refusal(store, manifest: dict, foreign: list[str]) -> str:
    """What the pipeline says when it will not mix ``foreign`` inputs into ``store``."""
    held = "\n".join("    " + line for line in describe_sources(sources(manifest)).splitlines())
    return (f"The store {store} holds articles from\n{held}\n"
            f"and not from {', '.join(foreign)}. Nothing was added.\n"
            f"  To add them to this store: the same command with --add.\n"
            f"  To keep them apart, in a store of their own: --out {Path(store).parent / 'NEW-NAME'} "
            f"(./wirescope run: --name NEW-NAME).")


def main(argv: list[str] | None = None) -> int:
    """``python -m components.stores name INPUT...`` prints the store name ``./wirescope run`` uses."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) >= 2 and argv[0] == "name":
        print(store_name(argv[1:]))
        return 0
    print("usage: python -m components.stores name INPUT...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
