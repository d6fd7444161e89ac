"""The real things a cluster test starts on loopback: redis-server, fake_openai.py, N
`rill --serve --redis` processes and nginx in front of them, each with a directory,
config and pid file of the test's own; and a small SSE client.

nginx's config is docs/deploy.md's, without TLS (the proxy lines are the same; TLS at
nginx is tested by tests/clients), written by the test with the instances' ports.
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
from rillserver import RillServer, end_process  # noqa: E402

SOURCE_DIR = os.environ.get("RILL_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))

NGINX_CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream rill {{
        least_conn;
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://rill;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_buffering off;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout_s, what):
    """Polls `condition` (a process or a port coming up: nothing to wait on but time)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


class Redis:
    def __init__(self, work):
        self.dir = os.path.join(work, "redis")
        os.makedirs(self.dir, exist_ok=True)
        self.socket = os.path.join(self.dir, "redis.sock")
        self.url = "unix://" + self.socket
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", self.socket, "--dir", self.dir,
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: self.cli("PING") == "PONG", 10, "redis-server")

    def cli(self, *args):
        result = subprocess.run(["redis-cli", "-s", self.socket, *args], capture_output=True,
                                text=True)
        return result.stdout.strip()

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


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


class Nginx:
    def __init__(self, work, ports):
        self.dir = os.path.join(work, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"
                            for p in ports)
        with open(os.path.join(self.dir, "nginx.conf"), "w") as config:
            config.write(NGINX_CONFIG.format(dir=self.dir, port=self.port, servers=servers))
        nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
        with open(os.path.join(self.dir, "error.log"), "a") as early:
            self.process = subprocess.Popen(
                [nginx, "-p", self.dir, "-e", os.path.join(self.dir, "error.log"),
                 "-c", os.path.join(self.dir, "nginx.conf")],
                stdin=subprocess.DEVNULL, stdout=early, stderr=early)

        def accepts():
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return True
            except OSError:
                return False
        wait_for(accepts, 5, "nginx")

    def stop(self):
        end_process(self.process)


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
        self.nginx = Nginx(self.work, ports)

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
