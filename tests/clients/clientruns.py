"""Runs one client against a stream URL and collects what it got, each piece time-stamped.

Every client gives the same record shapes (see clientout.py): the response head
`{"status", "httpVersion", "headers"}`, then either body lines `{"t", "line"}` or, for an
EventSource, whole events `{"t", "id", "data"}`; `t` is wall-clock microseconds at arrival.
"""
import json
import os
import subprocess
import threading
from dataclasses import dataclass, field

import clientout

TIMEOUT_S = 15


@dataclass
class ClientRun:
    command: list
    returncode: int = None
    stderr: str = ""
    head: dict = None
    records: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def run(client, runner, url, ca, here):
    if client.startswith("curl"):
        return _run_curl(runner, url, ca, http10=client == "curl-http1.0")
    env = dict(os.environ)
    if client == "eventsource":
        command = [runner, os.path.join(here, "eventsource_client.mjs"), url]
        if ca:
            env["NODE_EXTRA_CA_CERTS"] = ca
    else:
        script = "httpx_client.py" if client == "httpx" else "requests_client.py"
        command = [runner, os.path.join(here, script), url]
        if client == "requests-chunk-none":
            command += ["--chunk-size", "none"]
        if ca:
            command += ["--ca", ca]
    result = ClientRun(command)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)
    except subprocess.TimeoutExpired as timeout:
        result.problems.append(f"the client did not finish within {TIMEOUT_S} s")
        result.stderr = _text(timeout.stderr)
        _parse_records(result, _text(timeout.stdout))
        return result
    result.returncode = done.returncode
    result.stderr = done.stderr
    _parse_records(result, done.stdout)
    return result


def _text(data):
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def _parse_records(result, stdout):
    for text in stdout.splitlines():
        try:
            record = json.loads(text)
        except ValueError:
            result.problems.append(f"the client printed a line that is not JSON: {text!r}")
            continue
        if "status" in record and result.head is None:
            result.head = record
        else:
            result.records.append(record)


def _run_curl(curl, url, ca, http10):
    """curl -N -i: each line of its output is stamped here as curl writes it."""
    command = [curl, "-N", "-sS", "-i", "-X", "POST", "--max-time", str(TIMEOUT_S), url]
    if ca:
        command[1:1] = ["--cacert", ca]
    if http10:
        command[1:1] = ["--http1.0"]
    result = ClientRun(command)
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, bufsize=0)
    lines = []
    stderr = []
    readers = [threading.Thread(target=_read_lines, args=(process.stdout, lines)),
               threading.Thread(target=lambda: stderr.append(process.stderr.read()))]
    for reader in readers:
        reader.start()
    try:
        result.returncode = process.wait(TIMEOUT_S + 2)
    except subprocess.TimeoutExpired:
        process.kill()
        result.returncode = process.wait()
        result.problems.append(f"curl did not finish within {TIMEOUT_S} s")
    for reader in readers:
        reader.join(5)
    result.stderr = _text(b"".join(stderr))
    _split_head(result, lines)
    return result


def _read_lines(stream, lines):
    # Unbuffered, so a line is stamped when curl has written it, not when a buffer fills.
    while True:
        raw = stream.readline()
        if not raw:
            return
        lines.append((clientout.now_us(), raw))


def _split_head(result, lines):
    """curl -i prints the head, a blank line, then the body."""
    head_lines = []
    body_at = len(lines)
    for index, (_, raw) in enumerate(lines):
        text = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not text:
            body_at = index + 1
            break
        head_lines.append(text)
    if head_lines:
        status_line = head_lines[0].split(" ", 2)
        version = status_line[0].removeprefix("HTTP/")
        status = int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else None
        headers = {}
        for text in head_lines[1:]:
            name, _, value = text.partition(":")
            headers[name.strip().lower()] = value.strip()
        result.head = {"status": status, "httpVersion": version, "headers": headers,
                       "statusLine": head_lines[0]}
    for stamp, raw in lines[body_at:]:
        result.records.append({"t": stamp, "line": raw.decode("utf-8", "replace").rstrip("\r\n")})
