"""Formats the results of run_benchmarks.py as docs/benchmarks.md."""

import datetime

NOTES = """## Notes

- **Noise.** The figures come from one run on whatever machine ran the command; on a
  machine shared with other work (see the load average above) the wall-clock figures
  (events/s, latency tails, time to first event) move from run to run, mostly in the
  tails, and for all three servers alike. *Server CPU per event* is the steadier measure
  of what each server costs. `rill-bench` runs on the same machine and takes CPU too;
  each server and `rill-bench` are pinned to CPUs of their own (see *CPUs* above).
- **What bounds throughput.** Every server here writes each event with its own `send()`
  the moment it is produced: that is the point of streaming (the seed's bug was the
  opposite). On loopback that call also runs the receiving side's TCP path and wakes the
  reader, in the sender's time, and it has a price no server can avoid: *The floor* above
  measures it with a server that does nothing but those `send()` calls. `perf` on Rill
  under the throughput load (pinned, 2026-12-02) put 65 % of its samples in the kernel,
  most of it that TCP path; the rest is spread thin over Rill's own work (JSON strings
  2.5 %, stamping and the resume buffer 1.7 %, allocation 3 %, Qt's event loop). The
  target of ten times FastAPI's events/s asks for less CPU per event than the floor
  spends, so it cannot be met while each event is flushed on its own; writing several
  events with one `send()` would meet it, and that is what Rill is built never to do.
- **Stolen time.** This machine is a virtual one: when its host gives a virtual CPU's
  turn to another guest, whatever runs on it stops, in slices of milliseconds, and an
  event sent or about to be read waits with it. `rill-bench` reads the machine's *steal*
  time (`/proc/stat`) over each round and the rows *each round* show it where it was not
  zero. The latency tails follow it: on 2026-12-02, three 15 s rounds of Rill alone with
  1 000 streams gave p99 2.8, 4.7 and 2.8 ms with 2.9, 7.5 and 1.7 % of the CPU stolen,
  where quiet rounds of the same binary an hour earlier gave 0.18 to 0.21 ms; the peers'
  tails rise with it in the same runs.
- **What bounds the latency tails.** With each process on its own CPU, the p99 stays under
  1 ms for all three servers with 1 and with 1 000 streams. Unpinned, the kernel moves
  `rill-bench` onto the server's CPU when the server wakes it, and it waits there for the
  server's time slice (up to ~4 ms) while the other core idles: Rill's 1 000-stream p99 was
  3.6 ms that way, FastAPI's 1.9 ms and Node's 1.4 ms (2026-11-26 02:23 run), the faster
  server keeping the CPU busier in each burst. Under the throughput load the tail is
  `rill-bench` itself: one process reading as fast as the server writes is nearly saturated
  (see its CPU in the JSON), so events wait in its socket buffers.
- **Fixed while measuring** (each found with callgrind, perf or strace): Rill's sockets
  now set TCP_NODELAY (Nagle held back small events until the previous one was
  acknowledged: tens of ms); the headless server uses Qt's own event dispatcher instead of
  GLib's, which wrote its wake-up eventfd three times per event; events go straight to
  the kernel while Qt's socket buffer is empty, so no 32 KiB buffer is kept per stream and
  the write notifier is not toggled per event; JSON strings are encoded in one pass, time
  stamps written by hand instead of `QDateTime::toString`; the heartbeat timer is no longer
  restarted by every write; the listen backlog is 1 024 instead of 50 (1 s SYN retries
  when 1 000 clients connect at once); message ids no longer come from the system random
  generator (Qt's asks the CPU's RDSEED instruction for every id, slow in a VM: removing
  it took the throughput load from 86 000 to 129 000 events/s). In the window, plan cards
  were laid out again for every row on every event (the list view asks all rows for their
  size): they are now cached per row, their text measured once and drawn from laid-out
  `QStaticText`, and only the visible lines are painted; the conversation is encoded and
  saved on a thread of its own after each turn (on the GUI thread it was the 27 ms
  stall), the CJK fallback font is loaded when the window opens rather than at the first
  plan (30 ms), and `QFont::key()` is taken once per card, not per line. The heartbeats of
  all streams share one timer per interval: with a timer per stream each heartbeat was a
  search through a 10 000-entry timer list, a third of a core for 10 000 idle streams.
- **What bounded idle CPU, and 1 000 streams.** Qt's own event dispatcher waits with
  `poll()` on every socket, so each pass of the loop cost time in proportion to the open
  streams, idle ones included. `rill --serve` now runs on an epoll dispatcher of its own
  (`server/eventloop/`), whose passes cost in proportion to the sockets that are ready:
  with 1 000 paced streams, events per server CPU-second went from 21 600 to 34 800, the
  same binary with `RILL_QT_EVENT_DISPATCHER=1` beside it (2026-12-02, pinned, on a
  machine shared with builds).
- **Memory of the throughput runs.** Rill keeps a finished run's events for 5 s, so that a
  client cut just before the end can still resume (`finishedRunReplay`); the peers keep
  nothing. At several hundred runs of 300 events a second that was a few hundred MB, so
  all finished runs' events together now share a budget (`--replay-mib`, 32 MiB by
  default), the oldest finished run's going first (`FinishedReplay`). With paced or idle
  streams Rill's memory is level with or below the peers'.
"""

NAMES = {"rill": "Rill", "fastapi": "FastAPI + uvicorn", "node": "Node `http`",
         "go": "Go `net/http`"}


def get(result, *path):
    value = result
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def fmt(value, digits=0):
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{value:,.0f}" if isinstance(value, (int, float)) else str(value)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def met(ok):
    return "–" if ok is None else ("**met**" if ok else "**not met**")


def events_per_cpu_s(result):
    """Events per second of the server's CPU time (steadier than per wall-clock second)."""
    return result["events"] / result["server_cpu_s"] if result.get("server_cpu_s") else None


def cpu_us_per_event(result):
    return result["server_cpu_s"] * 1e6 / result["events"] if result.get("events") else None


def round_figure(key, result):
    """What ranks the rounds of a load: events/s under the throughput load, the p99
    latency under the paced ones (the figure their targets are about)."""
    return result["events_per_s"] if key == "throughput" else result["latency_ms"]["p99"]


# (label, how to get the figure from a rill-bench result, digits)
def rows_for(key, streams):
    common = [
        ("events/s", lambda r: r["events_per_s"], 0),
        ("events per server CPU-second", events_per_cpu_s, 0),
        ("server CPU per event (µs)", cpu_us_per_event, 1),
        ("latency p50 (ms)", lambda r: r["latency_ms"]["p50"], 3),
        ("latency p99 (ms)", lambda r: r["latency_ms"]["p99"], 3),
        ("latency max (ms)", lambda r: r["latency_ms"]["max"], 3),
        ("time to first event p50 (ms)", lambda r: r["ttfe_ms"]["p50"], 3),
        ("time to first event p99 (ms)", lambda r: r["ttfe_ms"]["p99"], 3),
        ("streams held at once", lambda r: r["streams"], 0),
        ("streams opened", lambda r: r["runs"], 0),
        ("errors", lambda r: r["errors"], 0),
        ("server peak RSS (KiB)", lambda r: r["server_rss_kib"], 0),
    ]
    if key == "idle":
        return [
            ("streams held at once", lambda r: r["streams"], 0),
            ("streams open at the end", lambda r: r["streams_end"], 0),
            ("errors", lambda r: r["errors"], 0),
            ("time to first event p50 (ms)", lambda r: r["ttfe_ms"]["p50"], 3),
            ("time to first event p99 (ms)", lambda r: r["ttfe_ms"]["p99"], 3),
            ("server RSS before (KiB)", lambda r: r["server_rss_start_kib"], 0),
            ("server peak RSS (KiB)", lambda r: r["server_rss_kib"], 0),
            ("peak RSS per stream (KiB)", lambda r: r["server_rss_kib"] / streams, 1),
            ("RSS growth per stream (KiB)",
             lambda r: (r["server_rss_kib"] - r["server_rss_start_kib"]) / streams, 1),
            ("server CPU (s)", lambda r: r["server_cpu_s"], 2),
        ]
    return common


def figure(results, key, name, getter):
    result = results.get((key, name))
    if result is None:
        return None
    try:
        return getter(result)
    except (KeyError, TypeError, ZeroDivisionError):
        return None


def floor_section(results, all_runs, servers):
    """The send()-only server under the throughput load: what one send() per event costs
    on this machine, so what any server that flushes every event can reach at most."""
    floor = results.get(("throughput", "floor"))
    out = ["## The floor: one `send()` per event, nothing else\n"]
    if not floor:
        out.append("Not run.\n")
        return "\n".join(out)
    out.append(
        "`tests/bench/floor/sendfloor.cpp` writes the same events (same script, same sizes) "
        "under the throughput load, each with its own `send()` as every server here does, "
        "and does nothing else: no JSON, ids, time stamps, resume buffer or HTTP parsing, one "
        "epoll loop, only the sequence number and `sentUs` filled in per event. What it "
        "reaches is the kernel's price of a `send()` on loopback (which also runs the "
        "receiver's TCP path), the ceiling for any server that keeps the rule.\n")
    out.append("| | the floor | " + " | ".join(NAMES[s] for s in servers) + " |")
    out.append("|---" * (2 + len(servers)) + "|")
    rows = [("events/s", lambda r: r["events_per_s"], 0),
            ("events per server CPU-second", events_per_cpu_s, 0),
            ("server CPU per event (µs)", cpu_us_per_event, 2),
            ("latency p99 (ms)", lambda r: r["latency_ms"]["p99"], 3)]
    for label, getter, digits in rows:
        values = [figure(results, "throughput", s, getter) for s in ["floor"] + servers]
        out.append(f"| {label} | " + " | ".join(fmt(v, digits) for v in values) + " |")
    if len(all_runs.get(("throughput", "floor")) or []) > 1:
        out.append("| events/s, each round | " + " | ".join(
            each_round(all_runs, "throughput", s) for s in ["floor"] + servers) + " |")
    floor_rate = floor.get("events_per_s")
    fastapi = get(results.get(("throughput", "fastapi")), "events_per_s")
    rill = get(results.get(("throughput", "rill")), "events_per_s")
    if floor_rate and fastapi:
        out.append("")
        out.append(
            f"Ten times FastAPI would be {fmt(10 * fastapi)} events/s; the floor itself reaches "
            f"{fmt(floor_rate)} ({ratio(floor_rate, fastapi)} FastAPI)"
            + (f", and Rill {ratio(rill, floor_rate)} of the floor." if rill else ".")
            + " Where the floor is under ten times FastAPI, no server that writes each event "
              "as it is produced can meet that target on this machine; only writing several "
              "events per `send()` could, which is the seed's bug in small.")
    out.append("")
    return "\n".join(out)


def each_round(all_runs, key, name):
    """The ranking figure of every round of a load, in the order they ran."""
    runs = all_runs.get((key, name)) or []

    def one(run):
        text = fmt(round_figure(key, run), 0 if key == "throughput" else 3)
        steal = run.get("steal_percent")
        return f"{text} ({steal:.1f} % stolen)" if steal else text

    return " / ".join(one(run) for run in runs) or "–"


SEARCH_QUERIES = [
    ("rare", "a word in one conversation"),
    ("one_in_100", "a word in one conversation in a hundred"),
    ("common", "a word in every conversation"),
    ("two_words", "two common words"),
    ("short", "two letters found at once (LIKE, FTS5 cannot look them up)"),
    ("short_none", "two letters found nowhere (LIKE reads every row)"),
    ("no_match", "a word found nowhere"),
]


def search_section(result):
    """The kept-conversations benchmark (tests/bench/bench_search)."""
    text = ["## Many kept conversations\n"]
    if not result:
        text.append("Not built.\n")
        return "\n".join(text)
    text.append(
        f"`tests/bench/bench_search`: {fmt(get(result, 'conversations'))} conversations "
        f"({fmt(get(result, 'text_mb'), 1)} MB of text) as JSON files. The window's first frame "
        f"(the store listing them, the sidebar drawn): **{fmt(get(result, 'warm_first_frame_ms'))} "
        f"ms** with the search index ({fmt(get(result, 'warm_store_ms'))} ms of it the store), "
        f"{fmt(get(result, 'cold_first_frame_ms'))} ms without one (every file's header read; "
        f"the index is then built in the background in {fmt(get(result, 'index_build_s'), 1)} s, "
        f"{fmt(get(result, 'index_mb'), 1)} MB). Target: under 1,000 ms.\n")
    text.append("| search (50 results at most) | median (ms) | max of 21 (ms) | results |")
    text.append("|---|---|---|---|")
    for key, label in SEARCH_QUERIES:
        text.append(f"| {label} | {fmt(get(result, 'search', key, 'median_ms'), 2)} | "
                    f"{fmt(get(result, 'search', key, 'max_ms'), 2)} | "
                    f"{fmt(get(result, 'search', key, 'results'))} |")
    text.append(
        f"\nTyped in the sidebar until the results are drawn: "
        f"{fmt(get(result, 'sidebar_rare_ms'), 1)} ms for the rare word, "
        f"{fmt(get(result, 'sidebar_common_ms'), 1)} ms for the common one. Target: under 50 ms.\n")
    return "\n".join(text)


def write_report(results, all_runs, servers, parser_result, ui_result, machine, after_load, args,
                 loads, quick_idle_streams, sweep_data=None, images=None, search_result=None):
    import peertargets  # beside this file; it imports this module's helpers

    idle_streams = int(quick_idle_streams if args.quick else 10000)
    r = lambda key, *path: get(results.get((key, "rill")), *path)
    tput = {name: get(results.get(("throughput", name)), "events_per_s") for name in servers}
    idle = results.get(("idle", "rill"))
    idle_per_stream = (idle["server_rss_kib"] / idle_streams) if idle else None
    idle_ok = None if not idle else (idle["streams"] >= idle_streams
                                     and idle["streams_end"] >= idle_streams
                                     and idle["errors"] == 0 and idle_per_stream < 20)
    lat1, lat1000 = r("one", "latency_ms", "p99"), r("thousand", "latency_ms", "p99")
    parser_mbs = get(parser_result, "mb_per_s")
    ui_stall = get(ui_result, "stall_ms", "max")
    ui_ok = None if ui_result is None else (ui_stall < 16 and ui_result.get("rss_bounded"))

    def cmp(other, factor):
        a, b = tput.get("rill"), tput.get(other)
        return None if a is None or b is None else a >= factor * b

    out = []
    w = out.append
    w("# Benchmarks\n")
    w("Rill against the seed's own stack (FastAPI + uvicorn `StreamingResponse`) and a bare "
      "Node.js `http` server, all three streaming the same demo-agent events with a `sentUs` "
      "stamp, measured in the same run by `rill-bench` (one process, epoll, Rill's SSE "
      "parser). Written by `scripts/bench`; see the README's \"Benchmarks\" section.\n")
    w(f"- **Command:** `{args.command.strip()}`" + (" (quick: shorter, smaller loads)"
                                                     if args.quick else ""))
    w(f"- **Date:** {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    w(f"- **Machine:** {machine['cpus']} CPUs ({machine['cpu']}), {machine['ram_gib']} GiB RAM, "
      f"Linux {machine['kernel']}")
    w(f"- **Versions:** Qt {machine['qt']}, Python {machine['python']}, FastAPI "
      f"{machine['fastapi'][0]}, uvicorn {machine['uvicorn'][0]}, Node {machine['node']}, "
      f"Go {machine.get('go', '?')}")
    server_cpu, bench_cpu = args.cpus
    if server_cpu is None:
        w("- **CPUs:** not pinned; the kernel places each server and `rill-bench` where it "
          "likes (latency tails then include the scheduler's wake-affine waits, see Notes)")
    else:
        w(f"- **CPUs:** each server pinned to CPU {server_cpu}, `rill-bench` to CPU "
          f"{bench_cpu} (`taskset`), the same for all three servers")
    w(f"- **Load average** (1/5/15 min) before: {machine['load']}; after: {after_load}. A load "
      f"above the CPU count means other work shared the cores: wall-clock figures "
      f"(events/s, latency) are then noisy and low, while *events per server CPU-second* "
      f"stays comparable.\n")

    w("## Targets\n")
    w("| target | figure | |")
    w("|---|---|---|")
    w(f"| per-event latency p99 < 1 ms, 1 stream | {fmt(lat1, 3)} ms | "
      f"{met(None if lat1 is None else lat1 < 1)} |")
    w(f"| per-event latency p99 < 1 ms, 1 000 streams | {fmt(lat1000, 3)} ms | "
      f"{met(None if lat1000 is None else lat1000 < 1)} |")
    w(f"| {idle_streams:,} streams with heartbeats held "
      f"{loads[3][5] if args.quick else loads[3][4]} s, server RSS < 20 KiB per stream | "
      f"{fmt(get(idle, 'streams_end'))} held, {fmt(get(idle, 'errors'))} errors, "
      f"{fmt(idle_per_stream, 1)} KiB per stream | {met(idle_ok)} |")
    w(f"| events/s ≥ 10× FastAPI + uvicorn (throughput load) | {ratio(tput.get('rill'), tput.get('fastapi'))} "
      f"| {met(cmp('fastapi', 10))} |")
    floor = get(results.get(("throughput", "floor")), "events_per_s")
    if floor is not None:
        w(f"| (the floor: one `send()` per event and nothing else, same load: vs FastAPI; "
          f"Rill's share of it) | {ratio(floor, tput.get('fastapi'))}; "
          f"{ratio(tput.get('rill'), floor)} | |")
    w(f"| events/s ≥ Node `http` (throughput load) | {ratio(tput.get('rill'), tput.get('node'))} "
      f"| {met(cmp('node', 1))} |")
    cpu = {name: figure(results, "throughput", name, events_per_cpu_s) for name in servers}
    w(f"| (same, per server CPU-second: vs FastAPI, vs Node) | "
      f"{ratio(cpu.get('rill'), cpu.get('fastapi'))}, {ratio(cpu.get('rill'), cpu.get('node'))} "
      f"| |")
    w(f"| SSE parser ≥ 500 MB/s | {fmt(parser_mbs, 0)} MB/s | "
      f"{met(None if parser_mbs is None else parser_mbs >= 500)} |")
    w(f"| window at 1 000 events/s for 10 s: every frame < 16 ms, memory bounded | "
      f"max stall {fmt(ui_stall, 2)} ms, p99 {fmt(get(ui_result, 'stall_ms', 'p99'), 2)} ms, "
      f"RSS {fmt(get(ui_result, 'rss_start_kib'))} → {fmt(get(ui_result, 'rss_end_kib'))} KiB "
      f"| {met(ui_ok)} |\n")
    w(peertargets.section(results, servers, loads))
    if sweep_data:
        w(peertargets.sweep_section(sweep_data, images or {}))

    for key, title, server_opts, bench_opts, full_s, quick_s in loads:
        streams = idle_streams if key == "idle" else int(bench_opts[1])
        w(f"## {title}\n")
        rounds = max((len(all_runs.get((key, name)) or []) for name in servers), default=0)
        ranked_by = "events/s" if key == "throughput" else "latency p99"
        w(f"Servers run with `{' '.join(server_opts)}`; `rill-bench --streams {streams} "
          f"--duration {quick_s if args.quick else full_s}`."
          + (f" {rounds} rounds, the servers taking turns in each; the table shows each "
             f"server's median round by {ranked_by}, the last row every round's."
             if rounds > 1 else "") + "\n")
        header = "| | " + " | ".join(NAMES[s] for s in servers)
        peers = [s for s in servers if s != "rill"] if "rill" in servers else []
        header += "".join(f" | Rill ÷ {NAMES[p]}" for p in peers) + " |"
        w(header)
        w("|---" * (1 + len(servers) + len(peers)) + "|")
        for label, getter, digits in rows_for(key, streams):
            values = {s: figure(results, key, s, getter) for s in servers}
            line = f"| {label} | " + " | ".join(fmt(values[s], digits) for s in servers)
            line += "".join(f" | {ratio(values['rill'], values[p])}" for p in peers) + " |"
            w(line)
        if rounds > 1:
            w(f"| {ranked_by}{' (ms)' if key != 'throughput' else ''}, each round | "
              + " | ".join(each_round(all_runs, key, s) for s in servers)
              + " | –" * len(peers) + " |")
        w("")

    w(floor_section(results, all_runs, servers))
    w("## SSE parser\n")
    if parser_result:
        w(f"`tests/bench/bench_sseparser` (QBENCHMARK): {fmt(parser_result.get('mb', 0))} MB of "
          f"events fed in {fmt(parser_result.get('chunk', 0))}-byte chunks: "
          f"**{fmt(parser_mbs)} MB/s** ({fmt(get(parser_result, 'events_per_s'))} events/s).\n")
    else:
        w("Not built.\n")
    w("## The window under load\n")
    if ui_result:
        blocked_total = (ui_stall or 0) + 1.0  # the timer's own 1 ms plus its lateness
        blocked = max(0.0, blocked_total - (get(ui_result, "worst_stall_cpu_ms") or 0)
                      - (get(ui_result, "worst_stall_wait_ms") or 0))
        w(f"`tests/bench/bench_ui`: the MainWindow (offscreen) reading a paced stream of the "
          f"demo agent's events (50-step plans, each run followed at once by the next) at "
          f"{fmt(get(ui_result, 'target_events_per_s'))} events/s for "
          f"{fmt(get(ui_result, 'seconds'), 1)} s ({fmt(get(ui_result, 'events'))} events "
          f"received); event-loop stalls measured as the lateness of a 1 ms timer: "
          f"p50 {fmt(get(ui_result, 'stall_ms', 'p50'), 2)} ms, p99 "
          f"{fmt(get(ui_result, 'stall_ms', 'p99'), 2)} ms, max {fmt(ui_stall, 2)} ms; "
          f"{fmt(get(ui_result, 'frames_over_16ms'))} frames of 16 ms or more. In the worst "
          f"stall ({fmt(blocked_total, 2)} ms between two ticks) the GUI thread ran "
          f"{fmt(get(ui_result, 'worst_stall_cpu_ms'), 2)} ms, waited "
          f"{fmt(get(ui_result, 'worst_stall_wait_ms'), 2)} ms for a CPU (the paced server is a "
          f"thread of the same process, on the same two cores) and was blocked, neither running "
          f"nor waiting to run, for the other {fmt(blocked, 2)} ms (where stack samples caught "
          f"such waits, it was Qt's raster engine waiting for its fill threads); its longest "
          f"run between two ticks was "
          f"{fmt(get(ui_result, 'max_gui_cpu_ms'), 2)} ms. "
          f"RSS {fmt(get(ui_result, 'rss_start_kib'))} KiB at the start, "
          f"{fmt(get(ui_result, 'rss_mid_kib'))} halfway, {fmt(get(ui_result, 'rss_end_kib'))} "
          f"at the end.\n")
    else:
        w("Not built.\n")
    w(search_section(search_result))
    w(NOTES)
    return "\n".join(out) + "\n"
