"""Words that carry no topic in news: shared by the topic models (build) and the spike explanations (analysis)."""
from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["NEWS_STOP_WORDS"]

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
