"""The `pattern` of a text field, run on every citizen's answer: with RE2, a linear-time engine,
so no pattern a publisher writes can hold a server for seconds (Python's `re` backtracks: `^(a+)+$`
against 24 letters took 10 s). The same pattern goes to the browser as the input's `pattern`
attribute, so only what both RE2 and the browser's JavaScript read alike is accepted: no inline
flags or named groups (`(?i)`, `(?P<…>)`), no `\\A`, `\\z`, `\\C`, `\\Q…\\E` and no one-letter `\\pL`
classes. Lookarounds and back-references do not compile in RE2 and are refused too."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import re2

# What RE2 reads and JavaScript does not (or reads otherwise).
_NOT_PORTABLE = re.compile(r"\(\?(?!:)|\\[AzCQE]|\\[pP][^{]")
# Refusals are answered to the publisher, not written to the server's stderr.
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False


@lru_cache(maxsize=1024)
def compiled(pattern: str) -> Any:
    """The pattern compiled once per process (patterns are few: one per text field)."""
    return re2.compile(pattern, _OPTIONS)


def fullmatch(pattern: str, text: str) -> bool:
    """Whether the whole text matches, as HTML's `pattern` attribute checks it."""
    return compiled(pattern).fullmatch(text) is not None


def pattern_problem(pattern: str) -> str | None:
    """Why the pattern cannot be used (in English, as the engine says it), or None."""
    if _NOT_PORTABLE.search(pattern):
        return "it uses syntax that RE2 and browsers read differently"
    try:
        compiled(pattern)
    except re2.error as error:
        reason = error.args[0] if error.args else ""
        return reason.decode() if isinstance(reason, bytes) else str(reason) or "RE2 rejects it"
    return None
