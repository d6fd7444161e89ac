#!/usr/bin/env python3
"""A process agent that misbehaves on purpose, for Rill's tests (standard library only).

  --mode echo         answers with the request it read, as JSON in the content
  --mode reasoning    two reasoning lines, a delta, the answer with stats
  --mode crash        one event, then dies of SIGKILL
  --mode exit         one event, a line on stderr, then exit status 3
  --mode garbage      one event, then a line that is not JSON
  --mode hang         one event, then silence (sleeps forever)
  --mode ignore-term  like hang, but ignores SIGTERM (only SIGKILL ends it)
  --mode no-done      two events and a clean exit without a done line
  --mode flood        events every 50 ms until stopped
  --mode spawn        starts a helper process (one that ignores SIGTERM with
                      --stubborn-helper), names its pid in a step event, then hangs
  --mode leave-helper the same, then finishes cleanly, leaving the helper running
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time


def emit(event):
    print(json.dumps(event, ensure_ascii=False), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True)
    parser.add_argument("--stubborn-helper", action="store_true")
    args = parser.parse_args()
    if args.mode == "ignore-term":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    request = json.loads(sys.stdin.readline())
    # Stdin is closed after the request line: reading on must end at once.
    rest = sys.stdin.read()

    if args.mode == "echo":
        emit({"type": "assistant", "content": json.dumps(request, ensure_ascii=False),
              "status": 200, "restOfStdin": rest, "custom": {"kept": True}})
        emit({"type": "done"})
        return
    if args.mode == "reasoning":
        emit({"type": "reasoning", "content": "First I weigh it, "})
        emit({"type": "reasoning", "content": "then **decide**."})
        emit({"type": "delta", "content": "Yes."})
        emit({"type": "assistant", "content": "Yes.", "status": 200,
              "stats": {"ttftMs": 5, "thinkingMs": 2, "generationMs": 4, "tokens": 3,
                        "tokensPerSecond": 750, "estimated": True}})
        emit({"type": "done"})
        return
    emit({"type": "planning", "content": "1. first", "step": 1})
    if args.mode == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    elif args.mode == "exit":
        print("test_agent: the model file is missing", file=sys.stderr, flush=True)
        sys.exit(3)
    elif args.mode == "garbage":
        print("this is not JSON", flush=True)
        time.sleep(30)
    elif args.mode in ("hang", "ignore-term"):
        while True:
            time.sleep(1)
    elif args.mode == "no-done":
        sys.stdout.write(json.dumps({"type": "assistant", "content": "bye"}))  # no newline
    elif args.mode in ("spawn", "leave-helper"):
        ignore = "signal.signal(signal.SIGTERM, signal.SIG_IGN); " if args.stubborn_helper else ""
        # The helper says when it is ready (its SIGTERM handler set), then sleeps.
        helper = subprocess.Popen(
            [sys.executable, "-c", f"import os, signal, sys, time; {ignore}"
             "print('ready', flush=True); os.close(1); time.sleep(600)"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        helper.stdout.readline()
        helper.stdout.close()
        emit({"type": "step", "content": str(helper.pid), "step": 1, "state": "running"})
        if args.mode == "leave-helper":
            emit({"type": "done"})
            return
        while True:
            time.sleep(1)
    elif args.mode == "flood":
        while True:
            time.sleep(0.05)
            emit({"type": "step", "content": "tick", "step": 1, "state": "running"})


if __name__ == "__main__":
    main()
