"""How cost grows: every server over a range of stream counts (paced) and of payload
sizes (no pace), one short rill-bench run per point, plotted by plots.py. Part of
scripts/bench (--no-sweep leaves it out); see the README's "Benchmarks" section."""

# Paced streams: 20 steps 100 ms apart, as the 1 000-stream load, at each count.
STREAM_COUNTS = [1, 10, 100, 1000, 10000]
QUICK_STREAM_COUNTS = [1, 10, 100, 1000]
PACED = ["--steps", "20", "--step-delay", "100"]
# No pace, 100 streams, 20 steps whose plan and step events carry this much padding.
PAYLOADS = [100, 1024, 4096, 16384, 65536]
UNPACED = ["--steps", "20", "--step-delay", "0"]
PAYLOAD_STREAMS = 100


def points(quick):
    """(sweep, x, server options, rill-bench options) of every point, in order."""
    out = []
    for streams in QUICK_STREAM_COUNTS if quick else STREAM_COUNTS:
        out.append(("streams", streams, PACED, ["--streams", str(streams)]))
    for payload in PAYLOADS:
        out.append(("payload", payload, UNPACED + ["--payload", str(payload)],
                    ["--streams", str(PAYLOAD_STREAMS)]))
    return out


def metrics(result, streams):
    """The four plotted figures of one rill-bench result."""
    events = result.get("events") or 0
    grown = (result.get("server_rss_kib") or 0) - (result.get("server_rss_start_kib") or 0)
    return {
        "events_per_s": result.get("events_per_s"),
        "p99_ms": (result.get("latency_ms") or {}).get("p99"),
        "cpu_us_per_event": (result["server_cpu_s"] * 1e6 / events
                             if events and result.get("server_cpu_s") else None),
        # What each held stream adds to the server: its RSS growth over the run.
        "rss_kib_per_stream": grown / max(1, result.get("streams") or streams),
        "errors": result.get("errors"),
        "streams": result.get("streams"),
    }


def run(servers, run_point, quick, seconds):
    """Runs every point for every server with run_point(name, server_opts, bench_opts),
    which returns a rill-bench result or raises. Returns {sweep: {name: [(x, metrics)]}}."""
    data = {"streams": {}, "payload": {}}
    for sweep, x, server_opts, bench_opts in points(quick):
        for name in servers:
            print(f"== sweep {sweep} = {x}: {name}", flush=True)
            try:
                result = run_point(name, server_opts, bench_opts + ["--duration", str(seconds)])
            except Exception as error:  # one failed point must not lose the others
                print(f"   failed: {error}", flush=True)
                continue
            streams = int(bench_opts[1])
            data[sweep].setdefault(name, []).append((x, metrics(result, streams)))
    return data
