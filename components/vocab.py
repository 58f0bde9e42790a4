"""Words that carry no topic in news: shared by the topic models (build) and the spike explanations (analysis)."""
from __future__ import annotations

__all__ = ["NEWS_STOP_WORDS"]


def _english_stop_words() -> frozenset:
    """scikit-learn's English stop words, read from its module file without importing scikit-learn: the
    dashboard needs the words when it opens a store, and ``import sklearn`` (with SciPy) took 1.9 s of the
    first page's wait.

    >>> from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    >>> _english_stop_words() == ENGLISH_STOP_WORDS
    True
    """
    import ast
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    path = Path(next(iter(spec.submodule_search_locations))) / "feature_extraction" / "_stop_words.py"
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "ENGLISH_STOP_WORDS":
            return frozenset(ast.literal_eval(node.value.args[0]))
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # the file changed shape: import it

    return ENGLISH_STOP_WORDS


ENGLISH_STOP_WORDS = _english_stop_words()

# Wire boilerplate, reporting verbs and calendar words carry no topic.
NEWS_STOP_WORDS = sorted(ENGLISH_STOP_WORDS | {
    "said", "says", "say", "told", "according", "reported", "report", "reports", "reuters", "kcna", "ap", "afp",
    "mln", "bln", "pct", "dlrs", "dlr", "cts", "vs", "shr", "net", "qtr", "avg", "inc", "corp", "co", "ltd",
    "year", "years", "week", "weeks", "month", "months", "day", "days", "today", "yesterday", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "also", "would", "could", "new", "one", "two", "three", "first", "last", "just",
    "like", "including", "time", "people", "called", "added", "made", "make", "use", "used", "percent",
    "state", "media", "statement", "officials", "official", "news", "agency", "week", "earlier", "later",
    "dispatch", "wire", "service", "ledger", "published",
})
