#!/usr/bin/env python3
"""The seed's music assistant as a Rill process agent (Python 3 standard library only).

Rill starts this script once per run (`rill --agent process --agent-command
'python3 examples/agents/music_agent.py'`), writes the request as one JSON line on
its stdin, and relays every JSON line printed here as an event, the moment it is
printed. See README.md, section "Agents", for the protocol.

Options:
  --delay SECONDS   pause between events (default 0.3)
  --fail-at STEP    make that step fail (also: write "#fail" in the message, step 2)
"""

import argparse
import json
import re
import sys
import time

TEXT = {
    "zh": {
        "question": "请问您想听什么曲子？",
        "ack": "好的，我来为您准备《{song}》。",
        "plan": ["下载歌曲", "分析歌曲", "解析参数"],
        "running": ["正在下载歌曲…", "正在分析歌曲…", "正在解析参数…"],
        "done": ["已下载《{song}》（{minutes}:{seconds:02d}）", "节奏 {bpm} BPM，{key} 调",
                 "音量 {volume}%，均衡器：{eq}"],
        "failed": "失败：音频文件已损坏",
        "reason": "第 {step} 步失败：音频文件已损坏",
        "some_song": "随机推荐",
        "answer": "**《{song}》** 已准备好：\n\n- 时长 {minutes}:{seconds:02d}\n"
                  "- 节奏 {bpm} BPM，{key} 调\n- 音量 {volume}%，均衡器：{eq}\n\n祝您聆听愉快！",
        "eqs": ["流行", "摇滚", "古典"],
    },
    "en": {
        "question": "What would you like to listen to?",
        "ack": "Sure, let me get \"{song}\" ready for you.",
        "plan": ["Download the song", "Analyse the song", "Resolve the parameters"],
        "running": ["Downloading the song…", "Analysing the song…", "Resolving the parameters…"],
        "done": ["Downloaded \"{song}\" ({minutes}:{seconds:02d})", "Tempo {bpm} BPM, key of {key}",
                 "Volume {volume}%, equaliser: {eq}"],
        "failed": "Failed: the audio file is corrupt",
        "reason": "Step {step} failed: the audio file is corrupt",
        "some_song": "a surprise pick",
        "answer": "**\"{song}\"** is ready:\n\n- length {minutes}:{seconds:02d}\n"
                  "- tempo {bpm} BPM, key of {key}\n- volume {volume}%, equaliser: {eq}\n\nEnjoy!",
        "eqs": ["pop", "rock", "classical"],
    },
}

REQUEST = re.compile(r"^(?:我想听|我要听|想听|请播放|播放|放一首|来一首|"
                     r"(?:(?:please\s+)?play|i(?:'d| would) like to hear|i want to hear|"
                     r"i want to listen to|put on)\b)\s*", re.IGNORECASE)
WRAPPING = re.compile(r"^[\s\"'“”‘’《「]+|[\s\"'“”‘’》」。.!！?？,，]+$")


def song_from(message):
    return WRAPPING.sub("", REQUEST.sub("", message.strip()))[:60]


def facts_for(song, text):
    total = 0
    for ch in song:
        total = (total * 31 + ord(ch)) & 0xFFFFFFFF
    return {"minutes": 3 + total % 3, "seconds": total // 7 % 60, "bpm": 70 + total % 80,
            "volume": 50 + total // 3 % 40, "key": "CDEFGAB"[total // 11 % 7],
            "eq": text["eqs"][total // 13 % 3]}


def emit(event):
    # One JSON object per line, flushed at once: Rill relays it as it arrives.
    print(json.dumps(event, ensure_ascii=False), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.3)
    parser.add_argument("--fail-at", type=int, default=0)
    args = parser.parse_args()

    line = sys.stdin.readline()
    request = json.loads(line) if line.strip() else {}
    message = request.get("message") or ""
    text = TEXT["en" if str(request.get("language", "")).startswith("en") else "zh"]
    fail_at = 2 if "#fail" in message.lower() else args.fail_at
    print(f"music_agent: session {request.get('sessionId')}, "
          f"{len(request.get('history') or [])} earlier turns", file=sys.stderr, flush=True)

    song = song_from(message)
    emit({"type": "assistant", "content": text["ack"].format(song=song) if song
          else text["question"], "status": 200})
    for step, title in enumerate(text["plan"], start=1):
        time.sleep(args.delay)
        emit({"type": "planning", "content": f"{step}. {title}", "status": None, "step": step})

    title = song or text["some_song"]
    facts = facts_for(title, text)
    for step in range(1, 4):
        time.sleep(args.delay)
        emit({"type": "step", "content": text["running"][step - 1], "status": None,
              "step": step, "state": "running"})
        time.sleep(args.delay)
        if step == fail_at:
            emit({"type": "step", "content": text["failed"], "status": None,
                  "step": step, "state": "failed"})
            emit({"type": "error", "content": text["reason"].format(step=step), "status": 500})
            emit({"type": "done"})
            return
        emit({"type": "step", "content": text["done"][step - 1].format(song=title, **facts),
              "status": None, "step": step, "state": "done"})

    time.sleep(args.delay)
    emit({"type": "assistant", "content": text["answer"].format(song=title, **facts),
          "status": 200})
    emit({"type": "done"})


if __name__ == "__main__":
    try:
        main()
    except (BrokenPipeError, KeyboardInterrupt):
        pass  # Rill stopped the run: the user left or pressed Stop
