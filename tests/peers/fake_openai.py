#!/usr/bin/env python3
"""A stand-in for an OpenAI-compatible LLM server (llama-server, Ollama, vLLM), standard
library only: POST /v1/chat/completions with "stream": true answers with the OpenAI
streaming format, one content chunk per --delay seconds, then [DONE].

  python3 tests/peers/fake_openai.py --port 0     # prints "LISTENING <port>"
  rill --agent openai --llm-url http://127.0.0.1:<port>

The answer is a short markdown text that quotes the last user message and says how
many messages the request carried, so that history can be checked by eye.
"""

import argparse
import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def answer_for(messages):
    last = next((m.get("content", "") for m in reversed(messages) if m.get("role") == "user"), "")
    return (f"You said **{last}**.\n\nThis request carried {len(messages)} messages:\n\n"
            + "\n".join(f"- {m.get('role')}: {str(m.get('content', ''))[:40]}" for m in messages)
            + "\n\n```python\nprint('streamed token by token')\n```\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = 0.05

    def log_message(self, fmt, *args):
        print("fake_openai: " + fmt % args, file=sys.stderr, flush=True)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            request = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self.fail(400, "the body is not JSON")
        if not self.path.rstrip("/").endswith("/v1/chat/completions"):
            return self.fail(404, f"no such endpoint: {self.path}")
        messages = request.get("messages") or []
        if not messages:
            return self.fail(400, "messages is required")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        model = request.get("model") or "fake"

        def chunk(delta, finish=None):
            data = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
            self.wfile.flush()

        chunk({"role": "assistant", "content": ""})
        # Words and the spaces or newlines after them, like an LLM's tokens.
        for piece in re.findall(r"\S+\s*|\s+", answer_for(messages)):
            time.sleep(self.delay)
            chunk({"content": piece})
        chunk({}, "stop")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True

    def fail(self, status, message):
        body = json.dumps({"error": {"message": message, "type": "invalid_request_error"}}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    Handler.delay = args.delay
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"LISTENING {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
