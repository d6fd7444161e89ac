"""Draws the sweep of sweep.py as PNG files with matplotlib (Debian's python3-matplotlib),
one figure per sweep with four panels: events/s, latency p99, server CPU per event and
RSS per stream, every server a line, both axes logarithmic, so that where a curve bends
shows at a glance."""

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402

PANELS = [
    ("events_per_s", "events/s"),
    ("p99_ms", "latency p99 (ms)"),
    ("cpu_us_per_event", "server CPU per event (µs)"),
    ("rss_kib_per_stream", "RSS growth per stream (KiB)"),
]
LABELS = {"rill": "Rill", "fastapi": "FastAPI + uvicorn", "node": "Node http",
          "go": "Go net/http", "floor": "floor (send() only)"}
TITLES = {
    "streams": ("paced streams (20 steps, 100 ms apart)", "streams"),
    "payload": ("100 streams, no pace, padded events", "payload per event (bytes)"),
}


def draw(data, sweep, path, subtitle):
    title, xlabel = TITLES[sweep]
    figure, axes = plt.subplots(2, 2, figsize=(11, 7.5), constrained_layout=True)
    figure.suptitle(f"How cost grows: {title}\n{subtitle}", fontsize=11)
    for axis, (key, label) in zip(axes.flat, PANELS):
        for name, series in sorted(data.get(sweep, {}).items()):
            xs = [x for x, m in series if m.get(key) is not None and m[key] > 0]
            ys = [m[key] for x, m in series if m.get(key) is not None and m[key] > 0]
            if xs:
                axis.plot(xs, ys, marker="o", label=LABELS.get(name, name),
                          linewidth=2.2 if name == "rill" else 1.4)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel(xlabel)
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
    axes.flat[0].legend(fontsize=8)
    figure.savefig(path, dpi=90)
    plt.close(figure)
