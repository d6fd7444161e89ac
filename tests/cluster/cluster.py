"""The real things a cluster test starts on loopback: redis-server, fake_openai.py, N
`rill --serve --redis` processes and nginx in front of them, each with a directory,
config and pid file of the test's own; and a small SSE client.

nginx and redis-server come from tests/clients/loopbackservers.py: nginx's config is
docs/deploy.md's, without TLS (the proxy lines are the same; TLS at nginx is tested by
tests/clients), written by the test with the instances' ports.
"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "clients"))
from loopbackservers import Nginx, Redis, free_port, wait_for  # noqa: E402,F401
from rillserver import RillServer, end_process  # noqa: E402

SOURCE_DIR = os.environ.get("RILL_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))

class Instance:
    """One `rill --serve --redis` on a port chosen here, so that it can be started again
    on the same port (nginx keeps its upstream)."""

    def __init__(self, binary, redis_url, llm_url, port, lease_s):
        self.args = [binary, "--serve", "--port", str(port), "--redis", redis_url,
                     "--redis-lease", str(lease_s), "--heartbeat", "2",
                     "--agent", "openai", "--llm-url", llm_url, "--model", "plain"]
        self.port = port
        self.server = None
        self.logs = ""

    def start(self):
        self.server = RillServer(self.args[0], 0, extra_args=self.args[1:])
        self.server.wait_ready()
        return self

    def health(self):
        status, body = request("127.0.0.1", self.port, "GET", "/health")
        return json.loads(body) if status == 200 else None

    def kill9(self):
        self.server.process.kill()
        self.server.process.wait(5)
        self.logs += self.server.log

    def stop(self):
        if self.server:
            self.server.stop()
            self.logs += self.server.log

    def alive(self):
        return self.server.process.poll() is None


class FakeLlm:
    def __init__(self, delay_s):
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(SOURCE_DIR, "tests", "peers", "fake_openai.py"),
             "--port", "0", "--delay", str(delay_s)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"

    def stop(self):
        end_process(self.process)


def request(host, port, method, path, body=None, headers=None, timeout_s=5):
    connection = http.client.HTTPConnection(host, port, timeout=timeout_s)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Stream:
    """One SSE response read line by line: its status and headers, then its events as
    (seq, JSON) in arrival order, each with the monotonic time it arrived."""

    def __init__(self, port, method="POST", path="/chat", body=None, last_event_id=None,
                 timeout_s=10):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
        headers = {"Accept": "text/event-stream"}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        self.connection.request(method, path, body=body, headers=headers)
        self.sock = self.connection.sock  # the response takes it over
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.headers = dict(self.response.getheaders())
        self.events = []
        self.session = None
        self.ended = False
        self._id = None

    def body(self):
        return self.response.read()

    def next_event(self):
        """The next event, or None once the stream has ended."""
        while not self.ended:
            line = self.response.readline()
            if not line:
                self.ended = True
                return None
            line = line.decode().rstrip("\n")
            if line.startswith("id: "):
                self._id = line[4:]
            elif line.startswith("data: "):
                session, seq = self._id.rsplit(":", 1)
                self.session = session
                event = (int(seq), json.loads(line[6:]), time.monotonic())
                self.events.append(event)
                return event
        return None

    def read_until(self, predicate):
        while True:
            event = self.next_event()
            if event is None or predicate(event):
                return event

    def read_to_end(self):
        while self.next_event() is not None:
            pass
        return self.events

    def cut(self):
        """Drops the connection as a proxy or a network would, mid-stream."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.response.close()
        self.ended = True


class Cluster:
    def __init__(self, binary, instances=2, lease_s=3, llm_delay_s=0.05, start_redis=True):
        self.work = tempfile.mkdtemp(prefix="rill-cluster-")
        self.redis = Redis(self.work)
        if start_redis:
            self.redis.start()
        self.llm = FakeLlm(llm_delay_s)
        ports = [free_port() for _ in range(instances)]
        self.instances = [Instance(binary, self.redis.url, self.llm.url, port, lease_s).start()
                          for port in ports]
        self.nginx = Nginx(ports=ports, directory=os.path.join(self.work, "nginx"),
                           connections=256)
        self.nginx.start()

    def owner_of_live_run(self):
        """The instance whose /health counts a live run."""
        return wait_for(lambda: next((i for i in self.instances if i.alive()
                                      and (i.health() or {}).get("activeRuns")), None),
                        5, "an instance with a live run")

    def logs(self):
        return "\n".join(i.logs + (i.server.log if i.server else "") for i in self.instances)

    def close(self):
        self.nginx.stop()
        for instance in self.instances:
            instance.stop()
        self.llm.stop()
        self.redis.kill()
        shutil.rmtree(self.work, ignore_errors=True)
