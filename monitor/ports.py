"""Is a TCP port free to serve on? Asked before `demo` builds and before `serve` starts Datasette.

Datasette (uvicorn) binds with SO_REUSEADDR, so a port whose last connections linger in
TIME_WAIT (a demo stopped a moment ago) is free to it; the check binds the same way, or it
would send the user away from a port Datasette could use. On Linux a listener on 0.0.0.0 or
`::` makes the port busy for 127.0.0.1 too, as it does for Datasette. The answer holds only
for the moment it is asked: another program can take the port before Datasette binds it, and
Datasette then fails with its own "address already in use".
"""

from __future__ import annotations

import errno
import socket

SEARCH = 100  # ports tried after a busy one when suggesting another


class PortUnavailable(Exception):
    """The port cannot be served on; the message says why and, when busy, which port is free."""


def _addresses(host: str, port: int) -> list[tuple]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise PortUnavailable(f"cannot serve on {host}: {error.strerror}") from error
    return list(dict.fromkeys((info[0], info[4]) for info in infos))


def bind_error(host: str, port: int) -> OSError | None:
    """None when every address of `host` can bind `port` now, else the first error."""
    for family, address in _addresses(host, port):
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as error:
                return error
    return None


def free_port_after(host: str, port: int, search: int = SEARCH) -> int | None:
    """The first port above `port` that `host` can bind, or None within `search` tries."""
    for candidate in range(port + 1, min(port + 1 + search, 65536)):
        if bind_error(host, candidate) is None:
            return candidate
    return None


def check_port(host: str, port: int) -> None:
    """Raise PortUnavailable when Datasette could not listen on `host:port` now."""
    error = bind_error(host, port)
    if error is None:
        return
    if error.errno == errno.EADDRINUSE:
        free = free_port_after(host, port)
        advice = f"use --port {free}, which is free" if free else "choose another --port"
        raise PortUnavailable(f"port {port} on {host} is already in use; {advice}")
    if error.errno == errno.EACCES:
        raise PortUnavailable(
            f"not allowed to listen on port {port} (ports below 1024 need privileges); "
            "choose a --port above 1023"
        )
    raise PortUnavailable(f"cannot listen on {host}:{port}: {error.strerror or error}")
