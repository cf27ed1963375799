"""The web server's protocol writes a response's header block together with its body
(services/launcher/httpproto.py): one write per ordinary answer, and nothing held that could hang."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from uvicorn.config import Config
from uvicorn.server import ServerState

from services.launcher.httpproto import CoalescingHttpToolsProtocol


class RecordingTransport(asyncio.Transport):
    """What the protocol writes, one entry per write call."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.closed_after = -1

    def write(self, data: Any) -> None:
        assert not self.closed, "written after close"
        self.writes.append(bytes(data))

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.closed_after = len(self.writes)

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def serve_one(
    app: Any, request: bytes, transport: RecordingTransport | None = None
) -> RecordingTransport:
    config = Config(app=app, http=CoalescingHttpToolsProtocol, lifespan="off", log_level="critical")
    config.load()
    state = ServerState()
    protocol = CoalescingHttpToolsProtocol(config=config, server_state=state, app_state={})
    transport = transport or RecordingTransport()
    protocol.connection_made(transport)
    protocol.data_received(request)
    for _ in range(100):
        if not state.tasks:
            break
        await asyncio.sleep(0.005)
    assert not state.tasks, "the response never completed"
    if protocol.timeout_keep_alive_task is not None:
        protocol.timeout_keep_alive_task.cancel()
    return transport


def plain(status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        length = [(b"content-length", str(len(body)).encode())] if status not in (204, 304) else []
        await send({"type": "http.response.start", "status": status, "headers": length + (headers or [])})
        await send({"type": "http.response.body", "body": body})

    return app


GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"


async def test_status_line_headers_and_body_go_out_in_one_write() -> None:
    transport = await serve_one(plain(200, b'{"ok":true}'), GET)
    assert len(transport.writes) == 1, transport.writes
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert transport.writes[0].endswith(b'\r\n\r\n{"ok":true}')
    assert not transport.closed  # kept alive


async def test_a_head_answer_has_no_body_write_and_is_still_sent() -> None:
    transport = await serve_one(plain(200, b"abc"), b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert len(transport.writes) == 1
    assert b"content-length: 3\r\n" in transport.writes[0]
    assert transport.writes[0].endswith(b"\r\n\r\n")


@pytest.mark.parametrize("status", [204, 304])
async def test_bodiless_answers_are_sent(status: int) -> None:
    transport = await serve_one(plain(status, b""), GET)
    assert b"".join(transport.writes).startswith(f"HTTP/1.1 {status} ".encode())


async def test_an_empty_body_with_a_length_of_zero_is_one_write() -> None:
    transport = await serve_one(plain(200, b""), GET)
    assert len(transport.writes) == 1
    assert b"content-length: 0\r\n" in transport.writes[0]


async def test_a_stream_without_a_length_gets_its_headers_at_once() -> None:
    """Chunked answers (exports, server-sent events) are not held: the client sees the headers before
    the first event, however long it takes."""
    sent_headers = asyncio.Event()
    release = asyncio.Event()
    seen_before_first_chunk: list[int] = []
    transport = RecordingTransport()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        start = {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/event-stream")],
        }
        await send(start)
        sent_headers.set()
        await release.wait()
        await send({"type": "http.response.body", "body": b"data: 1\n\n", "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def watch() -> None:
        await sent_headers.wait()
        await asyncio.sleep(0.01)
        seen_before_first_chunk.append(len(transport.writes))
        release.set()

    watcher = asyncio.create_task(watch())
    await serve_one(app, GET, transport)
    await watcher
    assert seen_before_first_chunk == [1]
    assert transport.writes[0].endswith(b"transfer-encoding: chunked\r\n\r\n")
    assert b"data: 1" in b"".join(transport.writes[1:])


async def test_connection_close_writes_everything_before_closing() -> None:
    transport = await serve_one(plain(200, b"bye"), b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert transport.closed
    assert transport.closed_after == len(transport.writes) == 1
    assert transport.writes[0].endswith(b"\r\n\r\nbye")


async def test_a_head_answer_on_a_closing_connection_is_flushed_before_the_close() -> None:
    transport = await serve_one(
        plain(200, b"abc"), b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert transport.closed and transport.closed_after == 1
    assert transport.writes[0].startswith(b"HTTP/1.1 200 OK\r\n")


async def test_two_keep_alive_requests_on_one_connection() -> None:
    transport = await serve_one(plain(200, b"x"), GET + GET)
    assert len(transport.writes) == 2
    assert all(w.endswith(b"\r\n\r\nx") for w in transport.writes)


async def test_100_continue_goes_out_before_the_body_is_sent() -> None:
    """A feed uploaded with `Expect: 100-continue` (curl's way with large bodies) gets its interim answer
    at once: the client waits for it before sending the body."""
    config = Config(app=None, http=CoalescingHttpToolsProtocol, lifespan="off", log_level="critical")
    received: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        received.append(message["body"])
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    config.app = app
    config.load()
    state = ServerState()
    protocol = CoalescingHttpToolsProtocol(config=config, server_state=state, app_state={})
    transport = RecordingTransport()
    protocol.connection_made(transport)
    protocol.data_received(
        b"POST /v1/feeds HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
    )
    for _ in range(50):
        if transport.writes:
            break
        await asyncio.sleep(0.005)
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    protocol.data_received(b"body")
    for _ in range(100):
        if not state.tasks:
            break
        await asyncio.sleep(0.005)
    assert received == [b"body"]
    assert len(transport.writes) == 2 and transport.writes[1].endswith(b"\r\n\r\nok")
    if protocol.timeout_keep_alive_task is not None:
        protocol.timeout_keep_alive_task.cancel()
