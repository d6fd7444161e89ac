#!/usr/bin/env python3
"""One case of the third-party client matrix: a real SSE client against a real `rill --serve`.

    RILL_BINARY=build/rill tests/clients/client_matrix.py CLIENT:SERVER

CLIENT is curl, curl-http1.0 (curl --http1.0), requests-seed, requests-chunk-none, httpx
or eventsource; SERVER is http, https (Rill with the test certificate), nginx-http or
nginx-https (nginx on loopback in front, with `proxy_pass http://` or `proxy_pass
https://`). `--list` prints every case.

The server runs with `--bench`, so each event carries `sentUs`, the wall-clock time at
which Rill wrote it; each client stamps each event as it gets it, on the same clock. The
case passes when the client gets a 200 `text/event-stream`, every event of the run in
order (ids `<session>:<seq>` counting up, one `done` at the end), and each event within
MAX_LATENCY_MS of its write: events held back and delivered in pairs, or at the end, fail.

Exit 0: passed. 1: failed. 77: skipped because a client or nginx is missing; with CI set
in the environment, a missing piece is a failure instead.
"""
import os
import re
import subprocess
import sys

import clientruns
import streamcheck
from loopbackservers import Nginx, find_tool
from rillserver import RillServer

SKIP = 77
STEP_DELAY_MS = 100
MAX_LATENCY_MS = 20
SANITIZER_REPORT = re.compile(r"ERROR: (Address|Leak)Sanitizer|runtime error:")
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("RILL_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
CERT = os.path.join(SOURCE_DIR, "tests", "data", "tls", "test-cert.pem")
KEY = os.path.join(SOURCE_DIR, "tests", "data", "tls", "test-key.pem")

CLIENTS = ["curl", "curl-http1.0", "requests-seed", "requests-chunk-none", "httpx", "eventsource"]
# Every client straight to Rill, and the command-line and seed clients through nginx.
CASES = [f"{client}:{server}" for client in CLIENTS for server in ("http", "https")] + [
    f"{client}:{server}" for client in ("curl", "requests-seed")
    for server in ("nginx-http", "nginx-https")]


def skip(reason):
    if os.environ.get("CI"):
        print(f"FAIL: {reason} (CI is set, so this is not skipped)")
        sys.exit(1)
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def client_python():
    """Debian's python3, whose python3-requests and python3-httpx the clients import."""
    return os.environ.get("RILL_CLIENT_PYTHON", "/usr/bin/python3")


def require_client(client):
    """Skips (or, under CI, fails) when `client` cannot run here; returns what runs it."""
    if client.startswith("curl"):
        return find_tool("curl") or skip("curl is not installed (apt-get install curl)")
    if client == "eventsource":
        node = find_tool("node") or find_tool("nodejs") or skip("node is not installed")
        if not os.path.isdir(os.path.join(HERE, "node_modules", "eventsource")):
            skip("the eventsource package is not installed (npm ci --prefix tests/clients)")
        return node
    module = "httpx" if client == "httpx" else "requests"
    python = client_python()
    if not os.access(python, os.X_OK):
        skip(f"no python3 at {python} (apt-get install python3, or set RILL_CLIENT_PYTHON)")
    probe = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
    if probe.returncode != 0:
        skip(f"{python} cannot import {module} (apt-get install python3-{module})")
    return python


def check_proxy_status(access_log):
    """nginx's own word on the status it gave: its access log line for the stream."""
    statuses = re.findall(r'"POST /chat HTTP/1\.1" (\d{3}) ', access_log)
    if statuses == ["200"]:
        print("ok - nginx logged one POST /chat answered 200")
        return []
    return [f"nginx logged one POST /chat answered 200 (statuses {statuses})"]


def run_case(case):
    client, server_kind = case.split(":")
    runner = require_client(client)
    nginx = None
    if server_kind.startswith("nginx"):
        nginx = find_tool("nginx") or skip("nginx is not installed (apt-get install nginx)")
    binary = os.environ.get("RILL_BINARY")
    if not binary or not os.access(binary, os.X_OK):
        skip(f"RILL_BINARY ({binary}) is not a rill binary")

    tls = (CERT, KEY) if server_kind in ("https", "nginx-https") else None
    server = RillServer(binary, STEP_DELAY_MS, tls)
    proxy = None
    proxy_log = ""
    try:
        base = server.wait_ready()
        print(f"# rill serving on {base}")
        if nginx:
            proxy = Nginx(upstream=base, ca=CERT, binary=nginx)
            base = proxy.start()
            print(f"# nginx on {base}, proxy_pass {proxy.upstream}")
        ca = CERT if server_kind == "https" else None
        run = clientruns.run(client, runner, base + "chat", ca, HERE)
        # Rill logs each finished stream: "POST /chat 200 1004ms run of 12 events completed"
        # (the eventsource client's warm-up stream is "cancelled").
        logged = server.wait_for_log(r"/chat 200 \d+ms run of (\d+) events completed")
        failures = streamcheck.check(run, MAX_LATENCY_MS, int(logged.group(1)) if logged else None,
                                     via_proxy=bool(nginx), http10=client == "curl-http1.0")
        if proxy:
            failures += check_proxy_status(proxy.wait_for_access('"POST /chat '))
    except RuntimeError as error:  # rill or nginx did not start
        failures = [str(error)]
    finally:
        if proxy:
            proxy_log = proxy.access_log() + proxy.error_log()
            proxy.cleanup()
        server.stop()
    # Under scripts/test-sanitized, this is where ASan and UBSan speak.
    if server.process.returncode != 0 or SANITIZER_REPORT.search(server.log):
        failures.append(f"rill ended cleanly on SIGTERM (exit {server.process.returncode}, "
                        "no sanitizer report)")
    else:
        print("ok - rill ended cleanly on SIGTERM")
    if failures:
        print(f"# rill's log:\n{server.log.rstrip()}")
        if proxy_log:
            print(f"# nginx's access and error logs:\n{proxy_log.rstrip()}")
        for failure in failures:
            print(f"not ok - {failure}")
        print(f"FAIL: {case}")
        return 1
    print(f"PASS: {case}")
    return 0


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES + ["--list"]:
        print(__doc__.strip().split("\n\n")[1].strip(), file=sys.stderr)
        print("cases: " + " ".join(CASES), file=sys.stderr)
        return 2
    if sys.argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    return run_case(sys.argv[1])


if __name__ == "__main__":
    sys.exit(main())
