"""JSON from outside (a file, a link, a kept copy), bounded in size and depth before it is parsed.

    from lab.core.safe_json import loads, JsonLimitError

    data = loads(text, max_chars=1_000_000, what="The dataset file")
    # JsonLimitError (a ValueError) when it is too long or nested too deep,
    # ValueError as json.loads raises when it is not JSON

Python's parser recurses once per level of nesting: a small file nested tens of
thousands deep overflows the interpreter's stack and ends Python for the whole
page, so the depth is counted first, by a scan that does not recurse.
Plain Python: no browser needed.
"""

import json
import re

MAX_DEPTH = 64  # far beyond any file the lab writes (a dataset nests 5 deep)

# a JSON string (skipped: brackets inside it do not nest), or one bracket
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class JsonLimitError(ValueError):
    """The text is beyond what the lab parses; the message says which limit and what to do."""


def depth(text: str) -> int:
    """How deep the arrays and objects in `text` nest (0 for a bare number or string)."""
    deepest = level = 0
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def loads(text: str, *, max_chars: int, max_depth: int = MAX_DEPTH, what: str = "The text"):
    """`json.loads(text)` once `text` is known to be at most `max_chars` long and to nest at most
    `max_depth` deep; JsonLimitError otherwise, before anything is parsed."""
    if not isinstance(text, str):
        raise JsonLimitError(f"{what} is not text.")
    if len(text) > max_chars:
        raise JsonLimitError(f"{what} is too big: {_size(len(text))}, at most {_size(max_chars)}.")
    nested = depth(text)
    if nested > max_depth:
        raise JsonLimitError(f"{what} nests {nested} levels deep, more than the {max_depth} "
                             "the lab reads: it was not made by the lab.")
    return json.loads(text)


def _size(chars: int) -> str:
    if chars >= 1_000_000:
        return f"{chars / 1e6:.1f} MB"
    return f"{chars / 1e3:.0f} KB" if chars >= 1000 else f"{chars} characters"
