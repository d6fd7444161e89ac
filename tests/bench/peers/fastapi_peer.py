#!/usr/bin/env python3
"""The seed's stack for benchmarks: FastAPI + uvicorn StreamingResponse.

Streams the same events as `rill --serve --bench` (the demo music agent: greeting,
plan, each step running then done, answer, done), with `id: <session>:<seq>`
lines, a `retry: 1000` first and a `sentUs` stamp (wall-clock microseconds since
the Unix epoch, taken when the event is encoded) on every event. Written the way
the seed's fix guide says: one `data:` line per event, control given back to the
event loop after every event, heartbeats while idle.

    GET or POST /chat

Options (the same as rill's benchmark switches):
    --port N            0 picks a free port (default 0)
    --steps N           plan length (default 3)
    --payload BYTES     padding appended to each plan and step event (default 0)
    --step-delay MS     milliseconds between events; 0 only yields (default 300)
    --idle-streams      send the greeting, then only heartbeats until the client leaves
    --heartbeat S       seconds of silence before `: ping` (default 15)

Prints `LISTENING <port>` on stdout once it accepts connections; binds
127.0.0.1 only; exits when its parent does. Run it with Debian's python
(/usr/bin/python3 with python3-fastapi and python3-uvicorn).
"""

import argparse
import asyncio
import json
import os
import socket
import sys
import time
import uuid
from datetime import datetime, timezone

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

GREETING = "请问您想听什么曲子？"
PLAN = ["下载歌曲", "分析歌曲", "解析参数"]
RUNNING = ["正在下载歌曲…", "正在分析歌曲…", "正在解析参数…"]
DONE = ["已下载《随机推荐》（5:58）", "节奏 137 BPM，E 调", "音量 85%，均衡器：流行"]
ANSWER = ("**《随机推荐》** 已准备好：\n\n- 时长 5:58\n- 节奏 137 BPM，E 调\n"
          "- 音量 85%，均衡器：流行\n\n祝您聆听愉快！")


def script(steps: int, payload: int):
    """(type, content, status, extra) of one run, as Rill's demo agent has it."""
    pad = "x" * payload
    yield "assistant", GREETING, 200, {}
    for step in range(1, steps + 1):
        yield "planning", f"{step}. {PLAN[(step - 1) % 3]}{pad}", None, {"step": step}
    for step in range(1, steps + 1):
        yield "step", RUNNING[(step - 1) % 3] + pad, None, {"state": "running", "step": step}
        yield "step", DONE[(step - 1) % 3] + pad, None, {"state": "done", "step": step}
    yield "assistant", ANSWER, 200, {}


def frame(session_id: str, seq: int, type_: str, content: str, status, extra: dict) -> bytes:
    event = {
        "type": type_,
        "id": str(uuid.uuid4()),
        "sessionId": session_id,
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
        "content": content,
        "status": status,
        "sentUs": time.time_ns() // 1000,
    }
    event.update(extra)
    data = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    return f"id: {session_id}:{seq}\ndata: {data}\n\n".encode("utf-8")


def make_app(args) -> FastAPI:
    app = FastAPI()
    delay = args.step_delay / 1000.0

    async def run(session_id: str):
        yield b"retry: 1000\n\n"
        seq = 0
        for index, (type_, content, status, extra) in enumerate(script(args.steps, args.payload)):
            if index > 0:
                await asyncio.sleep(delay)  # 0 still gives control back to the loop
            seq += 1
            yield frame(session_id, seq, type_, content, status, extra)
            if args.idle_streams:
                while True:
                    await asyncio.sleep(args.heartbeat)
                    yield b": ping\n\n"
        seq += 1
        yield frame(session_id, seq, "done", "完成", None, {})

    @app.api_route("/chat", methods=["GET", "POST"])
    async def chat(request: Request):
        await request.body()
        session_id = request.query_params.get("sessionId") or str(uuid.uuid4())
        return StreamingResponse(
            run(session_id),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return app


async def watch_parent(server: uvicorn.Server, parent: int) -> None:
    while not server.should_exit:
        if os.getppid() != parent:
            server.should_exit = True
            return
        await asyncio.sleep(0.5)


async def serve(server: uvicorn.Server, sock: socket.socket) -> int:
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
            return 1
        await asyncio.sleep(0.01)
    print(f"LISTENING {sock.getsockname()[1]}", flush=True)
    watcher = asyncio.create_task(watch_parent(server, os.getppid()))
    await task
    watcher.cancel()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--payload", type=int, default=0)
    parser.add_argument("--step-delay", type=float, default=300)
    parser.add_argument("--idle-streams", action="store_true")
    parser.add_argument("--heartbeat", type=float, default=15)
    parser.add_argument("--bench", action="store_true", help="accepted; sentUs is always on")
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(2048)
    sock.set_inheritable(True)

    config = uvicorn.Config(
        make_app(args),
        log_level="warning",
        access_log=False,
        timeout_keep_alive=120,
        ws="none",
        lifespan="off",
    )
    return asyncio.run(serve(uvicorn.Server(config), sock))


if __name__ == "__main__":
    sys.exit(main())
