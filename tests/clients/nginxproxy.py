"""nginx as a reverse proxy in front of Rill, on loopback, from a config written to a temp dir.

It runs in the foreground (`daemon off`, `master_process off`: one process that this test
owns and ends), with its pid, logs and temp files in the temp dir, so it needs no root and
touches nothing of a system nginx; as root it does not switch user either.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

from rillserver import end_process

CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            # The usual reverse-proxy lines; streams are not buffered because Rill
            # answers them with X-Accel-Buffering: no.
            proxy_pass {upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate {ca};
            proxy_ssl_name localhost;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NginxProxy:
    def __init__(self, nginx, upstream, ca):
        self.nginx = nginx
        self.upstream = upstream.rstrip("/")
        self.ca = ca
        self.dir = tempfile.mkdtemp(prefix="rill-nginx-")
        self.process = None
        self.url = None

    def start(self, timeout_s=5):
        """Starts nginx and waits until it accepts; a port taken meanwhile is tried again."""
        for _ in range(3):
            port = free_port()
            with open(os.path.join(self.dir, "nginx.conf"), "w") as config:
                config.write(CONFIG.format(dir=self.dir, port=port, upstream=self.upstream,
                                           ca=self.ca))
            # Its early messages (before it reads -e) go to the same log.
            with open(os.path.join(self.dir, "error.log"), "a") as early:
                self.process = subprocess.Popen(
                    [self.nginx, "-p", self.dir, "-e", os.path.join(self.dir, "error.log"),
                     "-c", os.path.join(self.dir, "nginx.conf")],
                    stdin=subprocess.DEVNULL, stdout=early, stderr=early)
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
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
        shutil.rmtree(self.dir, ignore_errors=True)
