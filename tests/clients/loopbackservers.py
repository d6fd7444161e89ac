"""The real third-party servers the tests and the benchmark start on loopback: nginx as a
reverse proxy and redis-server, each in a directory of its own with its own config, pid
file and logs, so that neither needs root nor touches a system one.

Used by tests/clients (nginx in front of one Rill, over HTTP or HTTPS), tests/cluster
(nginx in front of several `rill --serve --redis`, docs/deploy.md's lines) and
scripts/bench's "Redis and nginx" section.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

from rillserver import end_process

# nginx runs in the foreground (`daemon off`, `master_process off`: one process that its
# caller owns and ends), with its pid, logs and temp files in its directory; as root it
# does not switch user either.
CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile {nofile};
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections {connections}; }}
http {{
    access_log {access_log};
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{upstream}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {proxy_pass};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
{location}
        }}
    }}
}}
"""

# docs/deploy.md's lines (without TLS at nginx, which tests/clients covers).
DEPLOY_LOCATION = """\
            proxy_set_header Host $host;
            proxy_buffering off;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout;"""

# One upstream over TLS: streams are not buffered because Rill answers them with
# X-Accel-Buffering: no, which is what tests/clients checks (no proxy_buffering line).
TLS_LOCATION = """\
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate {ca};
            proxy_ssl_name localhost;
            proxy_read_timeout 30s;"""


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


def find_tool(name):
    """A program on PATH, or in /usr/sbin (where Debian puts nginx, off a user's PATH)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")


class Nginx:
    """nginx in front of either one upstream URL (`upstream`, e.g. Rill over HTTPS with
    the CA `ca`) or an `upstream` group of loopback ports (`ports`, least_conn, with
    docs/deploy.md's proxy lines). `connections` sizes it for as many client streams
    (each also holds an upstream connection)."""

    def __init__(self, upstream=None, ports=(), ca=None, directory=None, connections=64,
                 access_log=True, binary=None):
        self.binary = binary or find_tool("nginx")
        self.own_dir = directory is None
        self.dir = directory or tempfile.mkdtemp(prefix="rill-nginx-")
        os.makedirs(self.dir, exist_ok=True)
        self.upstream = upstream.rstrip("/") if upstream else None
        self.ports = list(ports)
        self.ca = ca
        self.connections = connections
        self.log_access = access_log
        self.process = None
        self.port = None
        self.url = None

    def _config(self, port):
        if self.ports:
            servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"
                                for p in self.ports)
            upstream = f"    upstream rill {{\n        least_conn;\n{servers}\n    }}"
            proxy_pass, location = "http://rill", DEPLOY_LOCATION
        else:
            upstream, proxy_pass = "", self.upstream
            location = TLS_LOCATION.format(ca=self.ca) if self.ca else ""
        return CONFIG.format(
            dir=self.dir, port=port, upstream=upstream, proxy_pass=proxy_pass, location=location,
            connections=self.connections, nofile=max(1024, 2 * self.connections + 64),
            access_log=f"{self.dir}/access.log" if self.log_access else "off")

    def start(self, timeout_s=5):
        """Starts nginx and waits until it accepts; a port taken meanwhile is tried again.
        Returns its URL."""
        for _ in range(3):
            port = free_port()
            with open(os.path.join(self.dir, "nginx.conf"), "w") as config:
                config.write(self._config(port))
            # Its early messages (before it reads -e) go to the same log.
            with open(os.path.join(self.dir, "error.log"), "a") as early:
                self.process = subprocess.Popen(
                    [self.binary, "-p", self.dir, "-e", os.path.join(self.dir, "error.log"),
                     "-c", os.path.join(self.dir, "nginx.conf")],
                    stdin=subprocess.DEVNULL, stdout=early, stderr=early)
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    self.port = port
                    self.url = f"http://127.0.0.1:{port}/"
                    return self.url
                except OSError:
                    time.sleep(0.02)
            error = self.error_log()
            self.stop()
            if "Address already in use" not in error:
                raise RuntimeError(f"nginx did not start:\n{error}")
        raise RuntimeError("nginx found no free port in 3 tries")

    def error_log(self):
        return self._read("error.log")

    def access_log(self):
        """Its one line per request: the status nginx gave its client is in it."""
        return self._read("access.log")

    def wait_for_access(self, text, timeout_s=3):
        """The access log once it holds `text`: nginx writes a request's line as the request
        ends, which may be just after its client saw the end of the body."""
        deadline = time.monotonic() + timeout_s
        while text not in self.access_log() and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.access_log()

    def _read(self, name):
        try:
            with open(os.path.join(self.dir, name)) as log:
                return log.read()
        except OSError:
            return ""

    def stop(self):
        end_process(self.process)

    def cleanup(self):
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    """redis-server on a unix socket in `work`/redis, with nothing saved to disk. It can
    be killed and started again on the same socket (a Redis restart, empty)."""

    def __init__(self, work):
        self.dir = os.path.join(work, "redis")
        os.makedirs(self.dir, exist_ok=True)
        self.socket = os.path.join(self.dir, "redis.sock")
        self.url = "unix://" + self.socket
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [find_tool("redis-server") or "redis-server", "--port", "0", "--unixsocket",
             self.socket, "--dir", self.dir, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: self.cli("PING") == "PONG", 10, "redis-server")
        return self

    @property
    def pid(self):
        return self.process.pid

    def cli(self, *args):
        result = subprocess.run(["redis-cli", "-s", self.socket, *args], capture_output=True,
                                text=True)
        return result.stdout.strip()

    def info(self, section):
        """INFO `section` as {field: text}."""
        fields = {}
        for line in self.cli("INFO", section).splitlines():
            if ":" in line and not line.startswith("#"):
                name, value = line.split(":", 1)
                fields[name] = value.strip()
        return fields

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
