#!/usr/bin/env python3
"""A small MCP stdio server that misbehaves on purpose, for Rill's tests.

Each tool is one way a real server can go wrong:
  echo {text}     answers "echo: <text>"
  fail            answers with isError: true
  die             exits (status 3) in the middle of the call
  garbage         writes a line that is not JSON-RPC instead of an answer
  huge            writes a single line of 1.5 MiB
  hang            never answers (but still answers pings)
  freeze          never answers, and stops reading its stdin (pings go unanswered)
  slow {seconds}  answers after a while, unless notifications/cancelled comes first

Options:
  --exit-at-start      writes a reason on stderr and exits 2 before reading anything
  --protocol VERSION   the protocolVersion it answers (default: the client's)
  --page-size N        tools/list gives N tools per page, with nextCursor
  --ask-client         after notifications/initialized, sends the client a
                       roots/list request and a ping, and logs their answers
  --log FILE           appends every message it receives, one JSON line each
Standard library only.
"""
import argparse
import json
import sys
import threading
import time

TOOLS = [
    {"name": "echo", "description": "Echoes its text.",
     "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}},
                     "required": ["text"]}},
    {"name": "fail", "description": "Always fails.", "inputSchema": {"type": "object"}},
    {"name": "die", "description": "Exits mid-call.", "inputSchema": {"type": "object"}},
    {"name": "garbage", "description": "Writes garbage.", "inputSchema": {"type": "object"}},
    {"name": "huge", "description": "Writes a line over 1 MiB.", "inputSchema": {"type": "object"}},
    {"name": "hang", "description": "Never answers.", "inputSchema": {"type": "object"}},
    {"name": "freeze", "description": "Never answers anything again.",
     "inputSchema": {"type": "object"}},
    {"name": "slow", "description": "Answers after a while.",
     "inputSchema": {"type": "object", "properties": {"seconds": {"type": "number"}}}},
]

lock = threading.Lock()
cancelled = set()


def write(message):
    with lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


def result(request_id, value):
    write({"jsonrpc": "2.0", "id": request_id, "result": value})


def text(value, is_error=False):
    answer = {"content": [{"type": "text", "text": value}]}
    if is_error:
        answer["isError"] = True
    return answer


def call_tool(request_id, params):
    name = params.get("name")
    arguments = params.get("arguments") or {}
    if name == "echo":
        result(request_id, text("echo: " + str(arguments.get("text", ""))))
    elif name == "fail":
        result(request_id, text("this tool always fails", is_error=True))
    elif name == "die":
        sys.stderr.write("fake server: dying in the middle of a call\n")
        sys.stderr.flush()
        sys.exit(3)
    elif name == "garbage":
        with lock:
            sys.stdout.write("this is not json-rpc\n")
            sys.stdout.flush()
    elif name == "huge":
        result(request_id, text("x" * (3 * 512 * 1024)))
    elif name == "hang":
        pass
    elif name == "freeze":
        time.sleep(3600)
    elif name == "slow":
        def later():
            deadline = time.monotonic() + float(arguments.get("seconds", 1))
            while time.monotonic() < deadline:
                if request_id in cancelled:
                    return
                time.sleep(0.01)
            result(request_id, text("slow: done"))
        threading.Thread(target=later, daemon=True).start()
    else:
        write({"jsonrpc": "2.0", "id": request_id,
               "error": {"code": -32602, "message": "Unknown tool: %s" % name}})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exit-at-start", action="store_true")
    parser.add_argument("--protocol")
    parser.add_argument("--page-size", type=int, default=0)
    parser.add_argument("--ask-client", action="store_true")
    parser.add_argument("--log")
    options = parser.parse_args()
    if options.exit_at_start:
        sys.stderr.write("fake server: refusing to start\n")
        sys.exit(2)
    log = open(options.log, "a", buffering=1) if options.log else None
    for line in sys.stdin:
        message = json.loads(line)
        if log:
            log.write(json.dumps(message) + "\n")
        method = message.get("method")
        request_id = message.get("id")
        params = message.get("params") or {}
        if method == "initialize":
            result(request_id, {
                "protocolVersion": options.protocol or params.get("protocolVersion"),
                "capabilities": {"tools": {"listChanged": True}},
                "serverInfo": {"name": "fake", "version": "1"}})
        elif method == "notifications/initialized" and options.ask_client:
            write({"jsonrpc": "2.0", "id": "ask-roots", "method": "roots/list"})
            write({"jsonrpc": "2.0", "id": "ask-ping", "method": "ping"})
            write({"jsonrpc": "2.0", "method": "notifications/message",
                   "params": {"level": "info", "data": "hello"}})
        elif method == "tools/list":
            start = int(params.get("cursor", "0"))
            size = options.page_size or len(TOOLS)
            page = {"tools": TOOLS[start:start + size]}
            if start + size < len(TOOLS):
                page["nextCursor"] = str(start + size)
            result(request_id, page)
        elif method == "tools/call":
            call_tool(request_id, params)
        elif method == "ping":
            result(request_id, {})
        elif method == "notifications/cancelled":
            cancelled.add(params.get("requestId"))
        elif request_id is not None and method is not None:
            write({"jsonrpc": "2.0", "id": request_id,
                   "error": {"code": -32601, "message": "Method not found"}})


if __name__ == "__main__":
    main()
