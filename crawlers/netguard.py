"""Proof that a replay opens no socket: while :func:`no_network` is active, every attempt
of this process to resolve a name or open a connection raises :class:`NetworkForbidden`.

``d43 check --from-archive`` and the rule fixtures' replay run under it, so a check that
tried to reach the network during a replay would fail loudly instead of quietly fetching
(the test suite also replays the demo province in a process without network, ``unshare -n``).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import Any

_lock = threading.Lock()


class NetworkForbidden(RuntimeError):
    """A socket was about to be used where no network may be used."""


def _refuse(what: str):
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkForbidden(f"network use during an offline replay: {what}{args[1:2] if len(args) > 1 else ''}")
    return refuse


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Make name resolution and outgoing connections raise for the duration (process-wide)."""
    patched = [(socket.socket, "connect"), (socket.socket, "connect_ex"), (socket.socket, "sendto"),
               (socket, "getaddrinfo"), (socket, "create_connection"), (socket, "gethostbyname")]
    with _lock:
        saved = [(obj, name, getattr(obj, name)) for obj, name in patched]
        try:
            for obj, name in patched:
                setattr(obj, name, _refuse(name))
            yield
        finally:
            for obj, name, value in saved:
                setattr(obj, name, value)
