#!/usr/bin/env python3
"""Runs Rill and the peer servers under the same loads with rill-bench and
writes docs/benchmarks.md. Started by scripts/bench, which builds first and
raises the file-descriptor limit; see the README's "Benchmarks" section."""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import sweep  # beside this file
from report import round_figure, write_report

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT / "tests" / "bench" / "peers"

# (key, title, server options, rill-bench options, full duration s, quick duration s)
LOADS = [
    ("one", "1 stream, paced (20 steps, 10 ms apart)",
     ["--steps", "20", "--step-delay", "10"], ["--streams", "1"], 10, 3),
    ("thousand", "1 000 streams, paced (20 steps, 100 ms apart)",
     ["--steps", "20", "--step-delay", "100"], ["--streams", "1000"], 20, 6),
    ("throughput", "throughput: 100 streams, step delay 0 (100 steps, 100-byte padding)",
     ["--steps", "100", "--step-delay", "0", "--payload", "100"], ["--streams", "100"], 10, 3),
    ("idle", "10 000 idle streams, heartbeat every 5 s",
     ["--idle-streams", "--heartbeat", "5"], ["--streams", "10000"], 60, 10),
]
QUICK_IDLE_STREAMS = "2000"


def pinned(command, cpu):
    """Runs `command` on one CPU. Unpinned, the kernel's wake-affine scheduling moves
    rill-bench onto the server's CPU whenever the server wakes it, and there it waits
    for the server's time slice to end (up to ~4 ms) while the other core idles: that
    wait, not the server, was the 1 000-stream latency tail (README, "Benchmarks")."""
    if cpu is None or not shutil.which("taskset"):
        return command
    return ["taskset", "--cpu-list", str(cpu)] + command


def cpu_pair(args):
    """One CPU for the server and another for rill-bench, or (None, None)."""
    cpus = sorted(os.sched_getaffinity(0))
    if args.no_pin or len(cpus) < 2:
        return None, None
    return cpus[0], cpus[1]


def server_command(name, build_dir, python):
    if name == "rill":
        return [str(build_dir / "rill"), "--serve", "--bench", "--port", "0"]
    if name == "fastapi":
        return [python, str(PEERS / "fastapi_peer.py"), "--port", "0"]
    if name == "floor":
        return [str(build_dir / "tests" / "bench" / "sendfloor"), "--port", "0"]
    if name == "go":
        return [str(build_dir / "tests" / "bench" / "go-peer"), "--port", "0"]
    return [shutil.which("node") or "node", str(PEERS / "node_peer.js"), "--port", "0"]


def start_server(command):
    """Starts a server and returns (process, port): Rill names its URL on stderr,
    the peers print LISTENING <port> on stdout."""
    env = dict(os.environ, QT_LOGGING_RULES="rill.http.requests=false")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, text=True)
    stream = process.stderr if "--bench" in command else process.stdout
    deadline = time.time() + 30
    while time.time() < deadline:
        line = stream.readline()
        if not line:
            break
        match = re.search(r"LISTENING (\d+)|serving on http://127\.0\.0\.1:(\d+)/", line)
        if match:
            return process, int(match.group(1) or match.group(2))
    process.kill()
    raise RuntimeError(f"{command[0]} did not start: {process.stderr.read()}")


def stop_server(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_load(name, load, args):
    key, _, server_opts, bench_opts, full_s, quick_s = load
    bench_opts = list(bench_opts)
    if args.quick and key == "idle":
        bench_opts[1] = QUICK_IDLE_STREAMS
    return run_point(name, server_opts,
                     bench_opts + ["--duration", str(quick_s if args.quick else full_s)], args)


def run_point(name, server_opts, bench_opts, args):
    """One server under one load: its rill-bench result."""
    server_cpu, bench_cpu = args.cpus
    process, port = start_server(
        pinned(server_command(name, args.build_dir, args.python) + server_opts, server_cpu))
    try:
        command = pinned([str(args.build_dir / "rill-bench"), "--url", f"http://127.0.0.1:{port}/chat",
                          "--json", "--pid", str(process.pid)] + bench_opts, bench_cpu)
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        print(out, end="", flush=True)
        return json.loads(out.strip().splitlines()[-1])
    finally:
        stop_server(process)


def draw_plots(data, args):
    """The sweep's PNG files beside the report; {sweep: file name relative to it}."""
    try:
        import plots
    except ImportError:
        print("   no plots: python3-matplotlib is not installed", file=sys.stderr)
        return {}
    images = {}
    subtitle = f"scripts/bench, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
    for name in ("streams", "payload"):
        path = args.output.parent / f"bench-{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        plots.draw(data, name, path, subtitle)
        images[name] = path.name
    return images


def median_run(key, runs):
    """The round with the median figure (the upper one of an even count)."""
    return sorted(runs, key=lambda run: round_figure(key, run))[len(runs) // 2]


def run_json_tool(path, extra=()):
    """A benchmark executable whose last stdout line is a JSON object."""
    if not path.exists():
        return None
    out = subprocess.run([str(path), *extra], capture_output=True, text=True,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen")).stdout
    print(out, end="", flush=True)
    for line in reversed(out.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return None


def capture(command):
    try:
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "not found"


def machine(args):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    ram_kib = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
    versions = capture([args.python, "-c",
                        "import sys, fastapi, uvicorn; print(sys.version.split()[0], "
                        "fastapi.__version__, uvicorn.__version__)"]).split()
    qt = capture(["dpkg-query", "-W", "-f=${Version}", "libqt6core6"]) or "unknown"
    return {
        "cpus": os.cpu_count(), "cpu": cpu, "ram_gib": round(ram_kib / 1048576, 1),
        "kernel": platform.release(), "qt": qt,
        "python": versions[0] if versions else "?", "fastapi": versions[1:2] or ["?"],
        "uvicorn": versions[2:3] or ["?"], "node": capture(["node", "--version"]),
        "go": capture(["go", "version"]).replace("go version ", "") or "not found",
        "load": " / ".join(f"{v:.1f}" for v in os.getloadavg()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build")
    parser.add_argument("--python", default="/usr/bin/python3")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=["rill", "fastapi", "node", "go", "floor"], action="append",
                        help="run only this server (repeatable); floor is the send()-only "
                             "server, run under the throughput load")
    parser.add_argument("--load", choices=[load[0] for load in LOADS], action="append",
                        help="run only this load (repeatable); the parser and window "
                             "benchmarks then only run when no --load is given")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of each load but the idle one (default 3; 1 with "
                             "--quick); the report shows the median round and all of them")
    parser.add_argument("--no-sweep", action="store_true",
                        help="leave out the sweep over stream counts and payload sizes "
                             "(it also only runs when no --load is given)")
    parser.add_argument("--no-pin", action="store_true",
                        help="let the kernel place the server and rill-bench on any CPU")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--command", default="scripts/bench")
    args = parser.parse_args()
    args.build_dir = args.build_dir.resolve()

    args.cpus = cpu_pair(args)
    before = machine(args)
    servers = [name for name in args.only or ["rill", "fastapi", "node", "go"] if name != "floor"]
    run_floor = not args.only or "floor" in args.only
    rounds = 1 if args.quick else max(1, args.repeat)
    results, all_runs = {}, {}
    for load in LOADS:
        if args.load and load[0] not in args.load:
            continue
        # The floor (one send() per event, nothing else) has no pace: throughput only.
        names = servers + (["floor"] if run_floor and load[0] == "throughput" else [])
        # Rounds interleave the servers, so a noisy minute of a shared machine falls on
        # all of them rather than on one; 10 000 idle streams take a minute: once.
        load_rounds = 1 if load[0] == "idle" else rounds
        runs = {name: [] for name in names}
        for round_index in range(load_rounds):
            for name in names:
                suffix = f" (round {round_index + 1} of {load_rounds})" if load_rounds > 1 else ""
                print(f"== {load[1]}: {name}{suffix}", flush=True)
                try:
                    runs[name].append(run_load(name, load, args))
                except (RuntimeError, subprocess.CalledProcessError, ValueError) as error:
                    print(f"   failed: {error}", file=sys.stderr)
        for name, got in runs.items():
            if got:
                results[(load[0], name)] = median_run(load[0], got)
                all_runs[(load[0], name)] = got
    parser_result = ui_result = search_result = None
    if not args.load:
        print("== SSE parser", flush=True)
        parser_result = run_json_tool(args.build_dir / "tests" / "bench" / "bench_sseparser",
                                      ["-iterations", "5"])
        print("== window under load", flush=True)
        ui_result = run_json_tool(args.build_dir / "tests" / "bench" / "bench_ui")
        print("== 10 000 kept conversations", flush=True)
        search_result = run_json_tool(args.build_dir / "tests" / "bench" / "bench_search")
    sweep_data, images = None, {}
    if not args.load and not args.no_sweep:
        sweep_data = sweep.run(servers, lambda name, server_opts, bench_opts:
                               run_point(name, server_opts, bench_opts, args),
                               args.quick, 1 if args.quick else 3)
        images = draw_plots(sweep_data, args)
    after_load = " / ".join(f"{v:.1f}" for v in os.getloadavg())

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(write_report(results, all_runs, servers, parser_result, ui_result,
                                        before, after_load, args, LOADS, QUICK_IDLE_STREAMS,
                                        sweep_data, images, search_result))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
