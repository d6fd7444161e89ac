#!/usr/bin/env python3
"""A stand-in for an OpenAI-compatible LLM server (llama-server, Ollama, vLLM), standard
library only: POST /v1/chat/completions with "stream": true answers with the OpenAI
streaming format, one content chunk per --delay seconds, then [DONE].

  python3 tests/peers/fake_openai.py --port 0     # prints "LISTENING <port>"
  python3 tests/peers/fake_openai.py --port 0 --rich --delay 0.005   # long rich answers
  rill --agent openai --llm-url http://127.0.0.1:<port>

The answer is a short markdown text that quotes the last user message and says how
many messages the request carried, so that history can be checked by eye.

When the request offers `tools` (Rill with --mcp-config), two scripted conversations ask
for tool calls, their arguments streamed in fragments of a few characters:
  "list the files in DIR"   calls list_directory {"path": DIR}, then answers with its result;
  "two rounds in DIR"       calls read_text_file on DIR/missing.txt (which fails), then
                            list_directory on DIR, then answers naming both results.
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


def rich_answer_for(messages):
    """A long answer as a model writes one: headings, two code blocks (one with a long
    line), a table, a 40-item list, and HTML a model might quote, which must show as text."""
    last = next((m.get("content", "") for m in reversed(messages) if m.get("role") == "user"), "")
    items = "\n".join(f"{i}. Item {i} of the list, with a few words to read" for i in range(1, 41))
    return (f"<think>The user said {last!r}; answer at length.</think>\n\n"
            f"# Answer {len(messages) // 2 + 1}\n\nYou said **{last}**. Tags stay text: "
            "<b>bold?</b> <img src=x> <img src=\"file:///etc/passwd\"> "
            "<script>alert(1)</script> <a href=\"javascript:alert(1)\">link</a>\n\n"
            "## Code\n\n```python\ndef greet(name):\n    return f'hello {name}'\n```\n\n"
            "```sh\ncurl -N -H 'Accept: text/event-stream' "
            + "--data '{\"message\": \"a very long line\"}' " * 4
            + "http://127.0.0.1:8000/chat\n```\n\n"
            "## Table\n\n| Server | p50 (ms) | Notes |\n|---|---:|---|\n"
            "| rill | 1.2 | 晴天 |\n| seed | 3.4 | buffered |\n\n"
            f"## List\n\n{items}\n\nThe very last line of answer {len(messages) // 2 + 1}.\n")


def tool_script(messages, tools):
    """The tool calls the scripted conversation asks for next, or None to answer."""
    names = {t.get("function", {}).get("name") for t in tools}
    last_user = max(i for i, m in enumerate(messages) if m.get("role") == "user")
    text = str(messages[last_user].get("content", ""))
    rounds = sum(1 for m in messages[last_user:] if m.get("role") == "assistant")
    listing = re.search(r"list the files in (\S+)", text)
    two = re.search(r"two rounds in (\S+)", text)
    if listing and rounds == 0 and "list_directory" in names:
        return [("list_directory", {"path": listing.group(1)})]
    if two and "list_directory" in names:
        folder = two.group(1)
        if rounds == 0:
            return [("read_text_file", {"path": folder.rstrip("/") + "/missing.txt"})]
        if rounds == 1:
            return [("list_directory", {"path": folder})]
    return None


def tool_answer(messages):
    last_user = max(i for i, m in enumerate(messages) if m.get("role") == "user")
    results = [str(m.get("content", "")) for m in messages[last_user:] if m.get("role") == "tool"]
    if not results:
        return None
    return "Here is what the tools said:\n\n" + "\n\n".join(
        f"{i}. {r}" for i, r in enumerate(results, 1)) + "\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = 0.05
    rich = False

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
        calls = tool_script(messages, request.get("tools") or [])
        if calls:
            for index, (name, arguments) in enumerate(calls):
                call_id = f"call_{len(messages)}_{index}"
                chunk({"tool_calls": [{"index": index, "id": call_id, "type": "function",
                                       "function": {"name": name, "arguments": ""}}]})
                text = json.dumps(arguments)
                for start in range(0, len(text), 4):
                    time.sleep(self.delay)
                    chunk({"tool_calls": [{"index": index,
                                           "function": {"arguments": text[start:start + 4]}}]})
            chunk({}, "tool_calls")
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True
            return
        # Words and the spaces or newlines after them, like an LLM's tokens.
        answer = tool_answer(messages) or (
            rich_answer_for(messages) if self.rich else answer_for(messages))
        for piece in re.findall(r"\S+\s*|\s+", answer):
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
    parser.add_argument("--rich", action="store_true",
                        help="a long Markdown answer with code, a table, a list and HTML tags")
    args = parser.parse_args()
    Handler.delay = args.delay
    Handler.rich = args.rich
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"LISTENING {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
