"""Test-only: record every network address this Python process resolves, connects or binds to.

The smoke test puts this folder first on PYTHONPATH of each service it starts, so Python imports
it at start-up (the `site` module's sitecustomize hook). With NETAUDIT_LOG set, an audit hook
(PEP 578) appends one JSON line per `socket.getaddrinfo`, `socket.connect`, `socket.sendto` and
`socket.bind` event to that file, tagged with NETAUDIT_NAME. Lines are short and appended with
O_APPEND, so several processes can share a file.
"""

from __future__ import annotations

import json
import os
import sys

_LOG = os.environ.get("NETAUDIT_LOG")
_NAME = os.environ.get("NETAUDIT_NAME", "?")
_EVENTS = {"socket.getaddrinfo", "socket.connect", "socket.sendto", "socket.bind"}


def _address(value: object) -> object:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, tuple):
        return [_address(part) for part in value]
    return value if value is None or isinstance(value, (str, int)) else repr(value)


def _hook(event: str, args: tuple) -> None:
    if event not in _EVENTS:
        return
    if event == "socket.getaddrinfo":
        family, address = None, [_address(args[0]), _address(args[1])]
    else:
        family, address = int(getattr(args[0], "family", 0)), _address(args[1])
    line = json.dumps({"name": _NAME, "event": event, "family": family, "address": address})
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)  # type: ignore[arg-type]
    try:
        os.write(fd, line.encode() + b"\n")
    finally:
        os.close(fd)


if _LOG:
    sys.addaudithook(_hook)
