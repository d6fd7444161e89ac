#!/usr/bin/env python3
"""A stand-in for an OpenAI-compatible LLM server (llama-server, Ollama, vLLM), standard
library only: POST /v1/chat/completions with "stream": true answers with the OpenAI
streaming format, one content chunk per --delay seconds, then [DONE].

  python3 tests/peers/fake_openai.py --port 0     # prints "LISTENING <port>"
  python3 tests/peers/fake_openai.py --port 0 --rich --delay 0.005   # long rich answers
  rill --agent openai --llm-url http://127.0.0.1:<port>

The answer is a short markdown text that quotes the last user message and says how
many messages the request carried, so that history can be checked by eye.

  --mode MODE       what every answer does (default plain); a request whose "model" is the
                    name of a mode gets that mode instead, so one server serves every test:
    plain                  the answer as content deltas
    reasoning_content      thinking first as delta.reasoning_content (llama-server, DeepSeek)
    reasoning              thinking first as delta.reasoning (Ollama, vLLM, OpenRouter)
    think / thinking       <think>…</think> (or <thinking>) at the start of the content
    think-split-N          the same, each tag cut after its N-th character across two chunks
    think-chars            the same, one character per chunk
    lone-close             an ordinary answer that mentions a lone </think> halfway
    no-usage               like reasoning_content, but never a usage chunk
    error-context-llama    400, llama-server's exceed_context_size_error
    error-context-openai   400, OpenAI's context_length_exceeded
    error-model            404, OpenAI's model_not_found
    error-401, error-403   OpenAI's invalid_api_key / permission error
    error-503              503, llama-server's "Loading model"
    error-in-stream        200, then an {"error": …} chunk (llama-server, mid-stream)
  --models a,b,c    what GET /v1/models lists (default: every mode name); "" lists none
  --think-delay S   the pause between thinking chunks (default: --delay)

A usage chunk (choices [], usage {prompt_tokens, completion_tokens, total_tokens}) ends the
stream when the request asks for it with stream_options.include_usage, as llama-server and
OpenAI do. The answer names the model, temperature, top_p and max_tokens the request carried.

When the request offers `tools` (Rill with --mcp-config), two scripted conversations ask
for tool calls, their arguments streamed in fragments of a few characters:
  "list the files in DIR"   calls list_directory {"path": DIR}, then answers with its result;
  "two rounds in DIR"       calls read_text_file on DIR/missing.txt (which fails), then
                            list_directory on DIR, then answers naming both results;
  "summarize FILE"          calls read_text_file {"path": FILE}, then answers with its text;
  "read both FILE1 FILE2"   calls read_text_file on each, both in one round.
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
    summary = re.search(r"summari[sz]e (\S+)", text)
    both = re.search(r"read both (\S+) (\S+)", text)
    if summary and rounds == 0 and "read_text_file" in names:
        return [("read_text_file", {"path": summary.group(1)})]
    if both and rounds == 0 and "read_text_file" in names:
        return [("read_text_file", {"path": both.group(1)}),
                ("read_text_file", {"path": both.group(2)})]
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


THINKING = ("Let me think about this. The user wrote a message; I should answer it "
            "**briefly** and say what the request carried.")

MODES = ["plain", "reasoning_content", "reasoning", "think", "thinking", "think-chars",
         "lone-close", "no-usage", "error-context-llama", "error-context-openai", "error-model",
         "error-401", "error-403", "error-503", "error-in-stream"] + [
         f"think-split-{n}" for n in range(1, 11)]

ERRORS = {
    "error-context-llama": (400, {"error": {
        "code": 400, "message": "the request exceeds the available context size, try increasing "
        "it", "type": "exceed_context_size_error", "n_prompt_tokens": 5000, "n_ctx": 4096}}),
    "error-context-openai": (400, {"error": {
        "message": "This model's maximum context length is 4097 tokens. However, your messages "
        "resulted in 5000 tokens. Please reduce the length of the messages.",
        "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}),
    "error-model": (404, {"error": {
        "message": "The model `error-model` does not exist or you do not have access to it.",
        "type": "invalid_request_error", "param": None, "code": "model_not_found"}}),
    "error-401": (401, {"error": {
        "message": "Incorrect API key provided: sk-wrong. You can find your API key at "
        "https://platform.openai.com/account/api-keys.", "type": "invalid_request_error",
        "param": None, "code": "invalid_api_key"}}),
    "error-403": (403, {"error": {
        "message": "You are not allowed to use this model.", "type": "permission_error",
        "param": None, "code": "unsupported_country_region_territory"}}),
    "error-503": (503, {"error": {
        "code": 503, "message": "Loading model", "type": "unavailable_error"}}),
}


def split_tags(tokens, tags, at):
    """Cuts each tag token after its at-th character: the head joins the token before it,
    the tail the token after it, as a tokenizer may do, so the tag spans two chunks."""
    out, carry = [], ""
    for token in tokens:
        if token in tags and 0 < at < len(token):
            if carry:
                out.append(carry)
            if out:
                out[-1] += token[:at]
            else:
                out.append(token[:at])
            carry = token[at:]
        else:
            out.append(carry + token)
            carry = ""
    if carry:
        out.append(carry)
    return out


def words(text):
    # Words and the spaces or newlines after them, like an LLM's tokens.
    return re.findall(r"\S+\s*|\s+", text)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    delay = 0.05
    think_delay = None
    rich = False
    mode = "plain"
    models = None

    def do_GET(self):
        if self.path.rstrip("/").split("?")[0] != "/v1/models":
            return self.fail(404, f"no such endpoint: {self.path}")
        names = MODES if self.models is None else self.models
        body = json.dumps({"object": "list", "data": [
            {"id": name, "object": "model", "created": 0, "owned_by": "fake_openai"}
            for name in names]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

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
        model = request.get("model") or "fake"
        mode = model if model in MODES else self.mode
        if mode in ERRORS:
            status, body = ERRORS[mode]
            return self.send_json(status, body)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        sent = 0

        def chunk(delta, finish=None):
            nonlocal sent
            data = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            self.write_event(data)
            sent += 1 if any(delta.get(k) for k in ("content", "reasoning_content",
                                                    "reasoning")) else 0

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
        answer = tool_answer(messages) or (
            rich_answer_for(messages) if self.rich else answer_for(messages))
        answer += (f"\nmodel={model} temperature={request.get('temperature')} "
                   f"top_p={request.get('top_p')} max_tokens={request.get('max_tokens')}\n")
        think_delay = self.delay if self.think_delay is None else self.think_delay
        if mode == "error-in-stream":
            chunk({"content": "Partial"})
            self.write_event({"error": {"code": 500, "message": "the model crashed",
                                        "type": "server_error"}})
            self.close_connection = True
            return
        if mode in ("reasoning_content", "reasoning", "no-usage"):
            key = "reasoning" if mode == "reasoning" else "reasoning_content"
            for piece in words(THINKING):
                time.sleep(think_delay)
                chunk({key: piece, "content": None})
            pieces = words(answer)
        elif mode.startswith("think") and mode != "think-chars":
            tag = "thinking" if mode == "thinking" else "think"
            tokens = [f"<{tag}>", "\n"] + words(THINKING) + [f"</{tag}>", "\n\n"] + words(answer)
            if mode.startswith("think-split-"):
                tokens = split_tags(tokens, {f"<{tag}>", f"</{tag}>"}, int(mode.rsplit("-", 1)[1]))
            pieces = tokens
        elif mode == "think-chars":
            pieces = list(f"<think>{THINKING}</think>\n\n{answer}")
        elif mode == "lone-close":
            pieces = words("An ordinary answer that mentions a lone ") + ["</", "think>"] + words(
                " tag halfway, and goes on.\n\n" + answer)
        else:
            pieces = words(answer)
        for piece in pieces:
            time.sleep(self.delay)
            chunk({"content": piece})
        chunk({}, "stop")
        include_usage = (request.get("stream_options") or {}).get("include_usage")
        if include_usage and mode != "no-usage":
            prompt = sum(len(str(m.get("content", "")).split()) for m in messages)
            self.write_event({"id": "chatcmpl-fake", "object": "chat.completion.chunk",
                              "model": model, "choices": [],
                              "usage": {"prompt_tokens": prompt, "completion_tokens": sent,
                                        "total_tokens": prompt + sent}})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True

    def write_event(self, data):
        self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
        self.wfile.flush()

    def send_json(self, status, data):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def fail(self, status, message):
        self.send_json(status, {"error": {"message": message, "type": "invalid_request_error"}})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--rich", action="store_true",
                        help="a long Markdown answer with code, a table, a list and HTML tags")
    parser.add_argument("--mode", default="plain", choices=MODES)
    parser.add_argument("--models", help="comma-separated names for GET /v1/models")
    parser.add_argument("--think-delay", type=float)
    args = parser.parse_args()
    Handler.delay = args.delay
    Handler.think_delay = args.think_delay
    Handler.rich = args.rich
    Handler.mode = args.mode
    if args.models is not None:
        Handler.models = [m for m in args.models.split(",") if m]
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"LISTENING {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
