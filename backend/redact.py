"""Keep the server's file system out of API answers.

Errors that reach a client (a failed run's message in /meta, a snapshot that cannot be read)
often quote a path: ``Permission denied: '/srv/erp/landing/items/items.csv'``. The operator has
the full text in the run record and the logs; a client gets the file's name only.
"""

from __future__ import annotations

import re
from typing import Any

# An absolute POSIX path: a "/" not inside a word, a URL or a relative path, and at least one
# more segment ("/" alone, or "1/2" in a text, is not a path).
_ABSOLUTE_PATH = re.compile(
    r"(?<![\w.~:/\\-])/(?:[^\s'\"`,;:()\[\]{}<>|/]+/)+([^\s'\"`,;:()\[\]{}<>|/]*)"
)
_HIDDEN = "…/"


def redact_paths(text: str) -> str:
    """`text` with every absolute path reduced to its last part: ``…/items.csv``."""
    return _ABSOLUTE_PATH.sub(lambda found: _HIDDEN + found.group(1), text)


def redact(value: Any) -> Any:
    """The same value with every string in it (nested in dicts and lists) redacted."""
    if isinstance(value, str):
        return redact_paths(value)
    if isinstance(value, dict):
        return {key: redact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value
