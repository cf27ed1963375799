"""uvicorn's httptools protocol with a response's status line and headers written together with its body.

uvicorn writes a response in two `transport.write` calls, the header block when the app sends
`http.response.start` and the body when it sends `http.response.body`: two system calls, two TCP
segments and, on the client's side, two wake-ups for one answer. Sampled with py-spy --native, the alerts
service spent about a quarter of its transition CPU inside `write` (bench/results/profile-server.txt).
Here a header block that announces a Content-Length is held until the next write (the body, or its
first chunk), and goes out with it in one; a block without one (chunked streams, server-sent events,
101 Switching Protocols, 100 Continue) goes out at once, so a stream's headers never wait for its first
event. Held bytes are flushed when the response completes without a body write (HEAD), before the
transport closes, and dropped only with the connection.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_STATUS_LINE = b"HTTP/1.1 "
_END_OF_HEADERS = b"\r\n\r\n"
_CONTENT_LENGTH = b"\r\ncontent-length: "  # uvicorn writes the names in lower case


class HeldHeaders:
    """A transport that holds a response's header block for the write that follows it."""

    __slots__ = ("_held", "_transport")

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._held: bytes | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self._transport.write(held + bytes(data))
        elif (
            isinstance(data, bytes)
            and data.startswith(_STATUS_LINE)
            and data.endswith(_END_OF_HEADERS)
            and _CONTENT_LENGTH in data
        ):
            self._held = data
        else:
            self._transport.write(data)

    def writelines(self, chunks: Any) -> None:
        self.write(b"".join(chunks))

    def flush(self) -> None:
        """Write what is held (a response that ended without a body write: HEAD, 204, 304)."""
        held = self._held
        if held is not None:
            self._held = None
            if not self._transport.is_closing():
                self._transport.write(held)

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:  # the rest of the transport's interface, unchanged
        return getattr(self._transport, name)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol writing through `HeldHeaders` (the `http=` class of the web server)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(HeldHeaders(transport))  # type: ignore[arg-type]

    def on_response_complete(self) -> None:
        self.transport.flush()  # type: ignore[attr-defined]
        super().on_response_complete()
