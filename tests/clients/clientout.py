"""What a client script prints, one JSON object a line, for client_matrix.py to read.

The first line is the response's head; then one line per line (or event) of the body,
stamped with the wall-clock microseconds at which the client got it. The stamp is taken
by the client itself, on the same clock as the server's `sentUs`.
"""
import json
import sys
import time


def now_us():
    return time.time_ns() // 1000


def head(status, headers, http_version=None):
    emit({"status": status, "httpVersion": http_version,
          "headers": {name.lower(): value for name, value in headers.items()}})


def line(text):
    emit({"t": now_us(), "line": text})


def emit(record):
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()
