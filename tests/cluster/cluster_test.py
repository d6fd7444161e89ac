#!/usr/bin/env python3
"""Several real `rill --serve --redis` behind a real nginx, sharing a real redis-server
(issue 18). One scenario per run:

    RILL_BINARY=build/rill tests/cluster/cluster_test.py SCENARIO

`--list` prints them. Exit 0 passed, 1 failed, 77 skipped (redis-server or nginx missing;
a failure when CI is set). The agent is the OpenAI-compatible one against
tests/peers/fake_openai.py, whose answer lists the messages its request carried, so
that a turn's history can be read from the answer.
"""
import json
import os
import shutil
import sys
import time

from cluster import Cluster, Instance, Stream, request, wait_for

SKIP = 77
LEASE_S = 3
LONG_LEASE_S = 15  # where the lease must not be what ends the run
BINARY = os.environ.get("RILL_BINARY", "build/rill")


def seqs(events):
    return [seq for seq, _, _ in events]


def check_once_in_order(events, what):
    got = seqs(events)
    assert got == list(range(got[0], got[0] + len(got))), f"{what}: seqs {got}"
    assert events[-1][1]["type"] == "done", f"{what}: last event {events[-1][1]}"


def answer_text(events):
    return "".join(e[1].get("content", "") for e in events if e[1]["type"] == "delta")


def start_run(port, message, session=None):
    body = {"message": message}
    if session:
        body["sessionId"] = session
    stream = Stream(port, body=body)
    assert stream.status == 200, f"POST /chat: {stream.status} {stream.body()}"
    return stream


def scenario_resume_on_other(cluster):
    """A stream cut mid-run on one instance, resumed on the other: every event once."""
    a, b = cluster.instances
    first = start_run(a.port, "tell me a story")
    first.read_until(lambda e: e[0] >= 4)
    first.cut()
    resumed = Stream(b.port, method="GET", last_event_id=f"{first.session}:{first.events[-1][0]}")
    assert resumed.status == 200, resumed.status
    resumed.read_to_end()
    whole = first.events + resumed.events
    check_once_in_order(whole, "cut on A, resumed on B")
    assert whole[0][0] == 1
    print(f"ok - {len(first.events)} events on A, {len(resumed.events)} more on B, each once")
    # After done, any instance says 204.
    for instance in (a, b):
        status, _ = request("127.0.0.1", instance.port, "GET", "/chat",
                            headers={"Last-Event-ID": f"{first.session}:{whole[-1][0]}"})
        assert status == 204, f"resume after done: {status}"
    print("ok - a resume after done gets 204 on both instances")


def scenario_resume_through_nginx(cluster):
    """The same through nginx, whichever instance each request lands on."""
    port = cluster.nginx.port
    first = start_run(port, "through the proxy")
    first.read_until(lambda e: e[0] >= 3)
    first.cut()
    resumed = Stream(port, method="GET", last_event_id=f"{first.session}:{first.events[-1][0]}")
    assert resumed.status == 200, resumed.status
    resumed.read_to_end()
    check_once_in_order(first.events + resumed.events, "through nginx")
    print(f"ok - through nginx: {len(first.events) + len(resumed.events)} events, each once")


def scenario_busy_and_stop_on_other(cluster):
    """While A runs a session, B refuses its next turn (409) and stops it within 100 ms."""
    a, b = cluster.instances
    run = start_run(a.port, "a long answer")
    run.read_until(lambda e: e[0] >= 2)
    status, body = request("127.0.0.1", b.port, "POST", "/chat",
                           body=json.dumps({"sessionId": run.session, "message": "again"}),
                           headers={"Content-Type": "application/json"})
    assert status == 409, f"second run on B: {status} {body}"
    assert json.loads(body)["status"] == 409
    print("ok - the same session on B while A runs it: 409")
    asked = time.monotonic()
    status, _ = request("127.0.0.1", b.port, "DELETE", f"/chat?sessionId={run.session}")
    assert status == 204, f"DELETE on B: {status}"
    done = run.read_until(lambda e: e[1]["type"] == "done")
    assert done and done[1].get("state") == "cancelled", f"no cancelled done: {done}"
    took_ms = (done[2] - asked) * 1000
    print(f"ok - Stop through B ended A's run in {took_ms:.1f} ms")
    assert took_ms < 100, f"the run stopped {took_ms:.0f} ms after the Stop"


def scenario_next_turn_on_other(cluster):
    """A session's next turn on the other instance sees the first turn."""
    a, b = cluster.instances
    first = start_run(a.port, "first question")
    first.read_to_end()
    second = start_run(b.port, "second question", session=first.session)
    second.read_to_end()
    text = answer_text(second.events)
    assert "user: first question" in text and "user: second question" in text, text
    assert second.events[0][0] == first.events[-1][0] + 1, "seqs go on across instances"
    print("ok - the turn on B carried the turn on A, and its seqs went on from A's")


def scenario_kill_owner(cluster):
    """kill -9 of the instance running a session: the survivor ends the run with an
    error within the lease, and a resume through nginx gets it."""
    run = start_run(cluster.nginx.port, "killed midway")
    run.read_until(lambda e: e[0] >= 3)
    owner = cluster.owner_of_live_run()
    owner.kill9()
    killed = time.monotonic()
    run.read_to_end()  # cut by the kill
    resumed = Stream(cluster.nginx.port, method="GET",
                     last_event_id=f"{run.session}:{run.events[-1][0]}", timeout_s=LEASE_S + 10)
    assert resumed.status == 200, f"resume after the kill: {resumed.status} {resumed.body()}"
    resumed.read_to_end()
    kinds = [e[1]["type"] for e in resumed.events]
    assert kinds[-2:] == ["error", "done"], kinds
    took = resumed.events[-2][2] - killed
    print(f"ok - the survivor wrote the error {took:.2f} s after the kill (lease {LEASE_S} s)")
    assert took < LEASE_S + 2
    check_once_in_order(run.events + resumed.events, "across the kill")
    # Restart every instance: the session and its history survive.
    for instance in cluster.instances:
        instance.stop() if instance.alive() else None
        instance.start()
    again = start_run(cluster.nginx.port, "after the restart", session=run.session)
    again.read_to_end()
    assert "user: killed midway" in answer_text(again.events)
    print("ok - after every instance restarted, the next turn saw the history")


def scenario_stop_owner(cluster):
    """SIGTERM of the instance running a session (a restart): it hands the run's lease
    back as it goes, so the survivor ends the run at once, not after the lease."""
    run = start_run(cluster.nginx.port, "stopped midway")
    run.read_until(lambda e: e[0] >= 3)
    owner = cluster.owner_of_live_run()
    owner.stop()
    stopped = time.monotonic()
    run.read_to_end()
    resumed = Stream(cluster.nginx.port, method="GET",
                     last_event_id=f"{run.session}:{run.events[-1][0]}", timeout_s=30)
    assert resumed.status == 200, f"resume after the stop: {resumed.status} {resumed.body()}"
    resumed.read_to_end()
    assert [e[1]["type"] for e in resumed.events][-2:] == ["error", "done"], resumed.events
    took = resumed.events[-2][2] - stopped
    print(f"ok - the survivor wrote the error {took:.2f} s after the stop (lease {LONG_LEASE_S} s)")
    assert took < 3, f"{took:.1f} s: the lease was not handed back"
    check_once_in_order(run.events + resumed.events, "across the stop")
    owner.start()


def scenario_redis_restart(cluster):
    """Redis restarted (empty) mid-run: the run goes on for its client, nothing twice,
    no crash; the owner writes the run back to Redis, and new runs work again."""
    a, b = cluster.instances
    run = start_run(a.port, "while redis restarts")
    run.read_until(lambda e: e[0] >= 3)
    cluster.redis.kill()
    run.read_until(lambda e: e[0] >= 8)
    status, body = request("127.0.0.1", b.port, "POST", "/chat", body=json.dumps({"message": "x"}),
                           headers={"Content-Type": "application/json"})
    assert status == 503, f"a new stream while Redis is down: {status}"
    cluster.redis.start()
    run.read_to_end()
    check_once_in_order(run.events, "the run across the restart")
    print(f"ok - the run's {len(run.events)} events reached its client once each")
    assert a.alive() and b.alive(), "an instance died"
    # The log was written back: a resume on B from the start replays the run.
    def replayed():
        status, body = request("127.0.0.1", b.port, "GET", "/chat",
                               headers={"Last-Event-ID": f"{run.session}:1"})
        return status == 200 and body.count(b"data: ") == len(run.events) - 1 and body
    wait_for(replayed, 5, "the run's events in Redis again")
    print("ok - after Redis came back, B replays the whole run from Redis")
    wait_for(lambda: request("127.0.0.1", b.port, "GET", "/health")[0] == 200, 5, "health")
    fresh = start_run(b.port, "after redis is back")
    fresh.read_to_end()
    check_once_in_order(fresh.events, "a new run after the restart")
    print("ok - a new run works again")
    # One line per change of state: A's two connections (commands, Stops) each lost
    # Redis once and came back once, however many attempts that took.
    log = a.server.log
    assert log.count("lost the connection") == 2, log
    assert log.count("again") == 2, log
    assert "written to Redis after it came back" in log, log
    print("ok - A logged each connection's loss and return once, and wrote the run back")


def scenario_redis_absent(cluster):
    """No Redis at start: a new stream gets 503 with Retry-After and a JSON error."""
    a = cluster.instances[0]
    stream = Stream(a.port, body={"message": "hello"})
    body = json.loads(stream.body())
    assert stream.status == 503, stream.status
    assert stream.headers.get("Retry-After"), stream.headers
    assert body["status"] == 503 and "Redis" in body["error"], body
    print(f"ok - 503, Retry-After {stream.headers['Retry-After']}: {body['error']}")
    cluster.redis.start()
    wait_for(lambda: Stream(a.port, body={"message": "now"}).status == 200, 10,
             "a run once Redis is up")
    print("ok - once Redis is up, runs start")


SCENARIOS = {name[len("scenario_"):]: fn for name, fn in globals().items()
             if name.startswith("scenario_")}


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(SCENARIOS))
        return 0
    name = sys.argv[1]
    for tool in ("redis-server", "redis-cli", "nginx"):
        if not (shutil.which(tool) or shutil.which(tool, path="/usr/sbin")):
            print(f"SKIP: {tool} is not installed")
            return 1 if os.environ.get("CI") else SKIP
    lease = LONG_LEASE_S if name == "stop_owner" else LEASE_S
    cluster = Cluster(BINARY, lease_s=lease, start_redis=name != "redis_absent")
    try:
        SCENARIOS[name](cluster)
        for instance in cluster.instances:
            assert instance.alive(), f"instance on {instance.port} died:\n{cluster.logs()}"
        if os.environ.get("RILL_CLUSTER_VERBOSE"):
            print(f"--- instance logs ---\n{cluster.logs()}")
        return 0
    except AssertionError as failure:
        print(f"FAIL: {failure}\n--- instance logs ---\n{cluster.logs()}")
        return 1
    finally:
        cluster.close()


if __name__ == "__main__":
    sys.exit(main())
