"""Checks what one client got from a Rill stream: head, every event in order, and timing."""
import json
import re
import statistics

EVENT_ID = re.compile(r"^([A-Za-z0-9_-]{1,64}):(\d+)$")


def events_of(records):
    """The events in a client's records: EventSource events as they are, and body lines
    read as SSE (Rill sends each event as an `id:` line and one `data:` line), each event
    stamped when its `data:` line arrived. Lines that are neither, nor `retry:`, a comment
    or blank, are returned apart: stray bytes in the stream."""
    events = []
    stray = []
    last_id = None
    for record in records:
        if "data" in record:
            events.append(record)
            continue
        line = record["line"]
        if line.startswith("id: "):
            last_id = line[4:]
        elif line.startswith("data: "):
            events.append({"t": record["t"], "id": last_id, "data": line[6:]})
        elif line and not line.startswith("retry: ") and not line.startswith(":"):
            stray.append(line)
    return events, stray


class Checks:
    def __init__(self):
        self.failures = []

    def __call__(self, condition, what):
        if condition:
            print(f"ok - {what}")
        else:
            self.failures.append(what)
        return condition


def check(run, max_latency_ms, server_events, via_proxy=False, http10=False):
    """Prints what passed and returns what failed (a list of sentences)."""
    ok = Checks()
    print(f"# client: {' '.join(run.command)}")
    for problem in run.problems:
        ok(False, problem)
    stderr = run.stderr.strip()
    # The end of a traceback, or curl's one line, says why.
    said = " | ".join(stderr.splitlines()[-2:])
    ok(run.returncode == 0,
       f"the client exited 0 (exit {run.returncode}{'; it said: ' + said if said else ''})")
    ok("HTTP/0.9" not in stderr, "the client did not see HTTP/0.9")
    head = run.head or {}
    print(f"# head: {json.dumps(head, ensure_ascii=False)}")
    ok(head.get("status") == 200, f"status 200 (got {head.get('status')}, "
                                  f"status line {head.get('statusLine', 'n/a')!r})")
    content_type = head.get("headers", {}).get("content-type", "")
    ok(content_type.startswith("text/event-stream"),
       f"Content-Type text/event-stream (got {content_type!r})")
    if not via_proxy:
        ok(head.get("headers", {}).get("x-accel-buffering") == "no", "X-Accel-Buffering: no")
    if http10:
        # An HTTP/1.0 client knows no chunks: its body must end with the connection.
        ok("transfer-encoding" not in head.get("headers", {}),
           f"no Transfer-Encoding to an HTTP/1.0 request "
           f"(got {head.get('headers', {}).get('transfer-encoding')!r})")

    events, stray = events_of(run.records)
    ok(not stray, f"no stray lines in the body (got {stray[:3]!r})")
    ids = [EVENT_ID.match(event["id"] or "") for event in events]
    ok(events and all(ids), f"every event has an id <session>:<seq> "
                            f"(ids {[event['id'] for event in events][:3]!r}...)")
    if not events or not all(ids):
        return ok.failures
    sessions = {match.group(1) for match in ids}
    seqs = [int(match.group(2)) for match in ids]
    ok(len(sessions) == 1, f"one session ({len(sessions)} seen)")
    ok(seqs == list(range(1, len(seqs) + 1)), f"seqs count up from 1 (got {seqs})")
    ok(len(events) == server_events,
       f"every event arrived: {len(events)} of the {server_events} in rill's log line "
       f"for the stream (\"... run of N events ...\"; None: no such line)")
    data = []
    for event in events:
        try:
            data.append(json.loads(event["data"]))
        except ValueError:
            data.append({})
    types = [item.get("type") for item in data]
    ok(types[-1] == "done" and types.count("done") == 1, f"one done, at the end (types {types})")
    ok(all(item.get("sessionId") in sessions for item in data),
       "each event's sessionId is its id's session")

    latencies_ms = []
    for event, item in zip(events, data):
        sent = item.get("sentUs")
        latencies_ms.append(None if not isinstance(sent, int) else (event["t"] - sent) / 1000)
    if not ok(None not in latencies_ms, "each event carries sentUs (rill --bench)"):
        return ok.failures
    rounded = [round(latency, 2) for latency in latencies_ms]
    print(f"# latency per event (ms, client arrival - server write): {rounded}")
    print(f"# latency min {min(rounded)} median {round(statistics.median(latencies_ms), 2)} "
          f"max {max(rounded)} ms over {len(rounded)} events")
    late = [(event["id"].split(":")[1], latency) for event, latency in zip(events, rounded)
            if latency > max_latency_ms]
    ok(not late, f"each event arrived within {max_latency_ms} ms of its write "
                 f"(late, as seq and ms: {late})")
    gaps = [round((b["t"] - a["t"]) / 1000, 1) for a, b in zip(events, events[1:])]
    print(f"# gaps between arrivals (ms): {gaps}")
    return ok.failures
