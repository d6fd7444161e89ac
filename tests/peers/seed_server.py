#!/usr/bin/env python3
"""The seed's FastAPI music-agent server, done right (see ../../../shared/seed/).

A small stand-in for the Python server Rill grew out of, with the fixes of the
seed's guide applied: `data: <json>\\n\\n` framing, control given back to the
event loop after every event (so each one is flushed as it is produced), the
request body read as a plain optional parameter, a `done` event at the end and
a long keep-alive. Its events carry no `id:` lines, exactly like the seed's.

    POST /chat               (no body, or {"message": "...", "sessionId": "..."})

Options:
    --port N                 0 picks a free port (default 0)
    --delay S                seconds between events (default 0.2)
    --mode stream|buffered   buffered reproduces the seed's original bug: every
                             event is produced first, then all are sent at once
    --no-done                end the stream without the `done` event

Once it accepts connections it prints exactly one line, `LISTENING <port>`, on
stdout. It binds 127.0.0.1 only. Tests start it with QProcess
(tests/integration/tst_chatclient.cpp).
"""

import argparse
import asyncio
import json
import os
import socket
import sys
import uuid
from datetime import datetime, timezone

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

GREETING = "请问您想听什么曲子？"
PLAN = ["1. 下载歌曲", "2. 分析歌曲", "3. 解析参数"]


def timestamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def message(session_id: str, type_: str, content: str, status) -> dict:
    # The seed's key order: type, id, sessionId, timestamp, content, status.
    return {
        "type": type_,
        "id": str(uuid.uuid4()),
        "sessionId": session_id,
        "timestamp": timestamp(),
        "content": content,
        "status": status,
    }


def frame(payload: dict) -> bytes:
    # Guide, cause 1: SSE framing, one `data:` line and a blank line per event.
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"data: {data}\n\n".encode("utf-8")


def make_app(delay: float, mode: str, send_done: bool) -> FastAPI:
    app = FastAPI()

    async def produce(session_id: str):
        """The run: one message per step, `delay` apart."""
        events = [("assistant", GREETING, 200)] + [("planning", step, None) for step in PLAN]
        for index, (type_, content, status) in enumerate(events):
            if index > 0:
                # Guide, cause 2: give control back to the event loop between
                # events, so each one is flushed the moment it is produced.
                await asyncio.sleep(delay)
            yield message(session_id, type_, content, status)
        if send_done:
            await asyncio.sleep(delay)
            # As the guide suggests: only type and content.
            yield {"type": "done", "content": "完成"}

    async def streamed(session_id: str):
        async for event in produce(session_id):
            yield frame(event)

    async def buffered(session_id: str):
        # The seed's bug: the whole run is produced first, then sent in one go.
        chunks = [frame(event) async for event in produce(session_id)]
        yield b"".join(chunks)

    # Guide, cause 3: the request is a plain parameter, the body optional.
    @app.post("/chat")
    async def chat(request: Request):
        raw = await request.body()
        body = {}
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                return JSONResponse({"error": "malformed JSON", "status": 400}, status_code=400)
            if not isinstance(body, dict):
                return JSONResponse({"error": "JSON body must be an object", "status": 400},
                                    status_code=400)
        session_id = body.get("sessionId") or str(uuid.uuid4())
        if not isinstance(session_id, str):
            return JSONResponse({"error": "sessionId must be a string", "status": 400},
                                status_code=400)
        generator = buffered if mode == "buffered" else streamed
        return StreamingResponse(
            generator(session_id),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return app


async def watch_parent(server: uvicorn.Server, parent: int) -> None:
    # Never outlive the test that started us, even if it crashed.
    while not server.should_exit:
        if os.getppid() != parent:
            server.should_exit = True
            return
        await asyncio.sleep(0.5)


async def serve(server: uvicorn.Server, sock: socket.socket) -> int:
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()  # raises what stopped the start-up
            return 1
        await asyncio.sleep(0.01)
    print(f"LISTENING {sock.getsockname()[1]}", flush=True)
    watcher = asyncio.create_task(watch_parent(server, os.getppid()))
    await task
    watcher.cancel()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds between events")
    parser.add_argument("--mode", choices=["stream", "buffered"], default="stream")
    parser.add_argument("--no-done", action="store_true", help="omit the final done event")
    args = parser.parse_args()

    # Bound here, on loopback only, so the port is known before anyone connects.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(128)
    sock.set_inheritable(True)

    config = uvicorn.Config(
        make_app(args.delay, args.mode, not args.no_done),
        log_level="warning",
        timeout_keep_alive=120,  # as the guide says
        ws="none",  # no WebSocket pings to time out
        lifespan="off",
    )
    server = uvicorn.Server(config)
    return asyncio.run(serve(server, sock))


if __name__ == "__main__":
    sys.exit(main())
