"""The targets of docs/benchmarks.md that set Rill against every peer measured in the
same run: on each load, latency p99 and max at or below every peer's and events per
server CPU-second at or above; peak RSS under the throughput load at or below Node's;
throughput at least 0.75 of the floor's."""

from report import NAMES, events_per_cpu_s, figure, fmt, met


def _verdict(rill, peers, better):
    """met when Rill's figure is at least as good as every peer's that was measured."""
    known = [value for value in peers.values() if value is not None]
    if rill is None or not known:
        return None
    return all(better(rill, value) for value in known)


def section(results, servers, loads):
    peers = [name for name in servers if name != "rill"]
    out = ["## Against every peer\n",
           "Each row compares Rill's figure with every peer's from the same run (the median "
           "round of each). *Best peer* is the peer with the best figure.\n",
           "| load | figure | Rill | best peer | |", "|---|---|---|---|---|"]
    rows = [
        ("latency p99 (ms)", lambda r: r["latency_ms"]["p99"], lambda a, b: a <= b, min, 3),
        ("latency max (ms)", lambda r: r["latency_ms"]["max"], lambda a, b: a <= b, min, 3),
        ("events per server CPU-second", events_per_cpu_s, lambda a, b: a >= b, max, 0),
    ]
    for key, title, *_ in loads:
        if key == "idle":
            continue  # no events to time after the greeting; its target is memory
        for label, getter, better, best, digits in rows:
            rill = figure(results, key, "rill", getter)
            values = {p: figure(results, key, p, getter) for p in peers}
            known = {p: v for p, v in values.items() if v is not None}
            best_name = best(known, key=known.get) if known else None
            best_text = (f"{fmt(known[best_name], digits)} ({NAMES[best_name]})"
                         if best_name else "–")
            out.append(f"| {title.split(' (')[0]} | {label} | {fmt(rill, digits)} | {best_text} "
                       f"| {met(_verdict(rill, values, better))} |")
    rss = lambda r: r["server_rss_kib"]
    rill_rss = figure(results, "throughput", "rill", rss)
    node_rss = figure(results, "throughput", "node", rss)
    out.append(f"| throughput | peak RSS (KiB) ≤ Node's | {fmt(rill_rss)} | {fmt(node_rss)} "
               f"(Node `http`) | {met(None if None in (rill_rss, node_rss) else rill_rss <= node_rss)} |")
    rate = lambda r: r["events_per_s"]
    rill_rate = figure(results, "throughput", "rill", rate)
    floor_rate = figure(results, "throughput", "floor", rate)
    share = None if None in (rill_rate, floor_rate) or not floor_rate else rill_rate / floor_rate
    out.append(f"| throughput | events/s ≥ 0.75 × the floor | {fmt(rill_rate)} | "
               f"{fmt(floor_rate)} (floor): {fmt(share, 2)}× | "
               f"{met(None if share is None else share >= 0.75)} |")
    out.append("")
    return "\n".join(out)


def sweep_section(data, images):
    """The sweep's figures as tables beside the plots (images: {sweep: file name})."""
    out = ["## How cost grows\n",
           "Each point is one short `rill-bench` run (see the README). The plots use "
           "logarithmic axes; where a line bends upwards, that server's cost stops growing "
           "in proportion.\n"]
    units = {"streams": "streams", "payload": "bytes of payload"}
    for sweep, image in images.items():
        series = data.get(sweep, {})
        if not series:
            continue
        out.append(f"![{sweep} sweep]({image})\n")
        xs = sorted({x for points in series.values() for x, _ in points})
        names = [n for n in ["rill", "go", "node", "fastapi"] if n in series]
        out.append(f"| {units[sweep]} | " + " | ".join(
            f"{NAMES[n]} events/s, p99 ms, µs CPU/event" for n in names) + " |")
        out.append("|---" * (1 + len(names)) + "|")
        for x in xs:
            cells = []
            for n in names:
                m = dict(series[n]).get(x)
                cells.append("–" if m is None else
                             f"{fmt(m['events_per_s'])}, {fmt(m['p99_ms'], 2)}, "
                             f"{fmt(m['cpu_us_per_event'], 1)}")
            out.append(f"| {x:,} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)
