"""Starts the real `rill --serve` on a kernel-picked loopback port and stops it."""
import re
import subprocess
import threading


def end_process(process):
    """SIGTERM, then SIGKILL after 3 s: no test leaves a process behind."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(3)


SERVING = re.compile(r"serving on (https?://127\.0\.0\.1:\d+/)")


class RillServer:
    """`rill --serve --port 0 --bench`, its URL read from its log line ("serving on URL")."""

    def __init__(self, binary, step_delay_ms, tls=None, extra_args=None):
        self.log = ""
        self.url = None
        self._ready = threading.Event()
        self._logged = threading.Condition()
        args = [binary, "--serve", "--port", "0", "--bench", "--step-delay", str(step_delay_ms)]
        if tls:
            args += ["--tls-cert", tls[0], "--tls-key", tls[1]]
        if extra_args:
            # The last --port (and any other option given twice) wins.
            args += extra_args
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read_log(self):
        for text in self.process.stderr:
            with self._logged:
                self.log += text
                self._logged.notify_all()
            match = SERVING.search(text)
            if match and not self.url:
                self.url = match.group(1)
                self._ready.set()
        self._ready.set()  # ended: wait_ready sees no URL

    def wait_ready(self, timeout_s=10):
        """The server's URL, or raises with its log if it printed none in time."""
        self._ready.wait(timeout_s)
        if not self.url:
            ended = self.process.poll()
            when = f"and exited with {ended}" if ended is not None else f"within {timeout_s} s"
            raise RuntimeError(f"rill printed no URL {when}:\n{self.log}")
        return self.url

    def wait_for_log(self, pattern, timeout_s=3):
        """The first match of `pattern` in the log, waiting for it at most `timeout_s`."""
        regex = re.compile(pattern)
        with self._logged:
            self._logged.wait_for(lambda: regex.search(self.log) or self.process.poll() is not None,
                                  timeout_s)
            return regex.search(self.log)

    def stop(self):
        end_process(self.process)
