#!/usr/bin/env python3
"""Writes the fuzz_chatrequest seeds: readable requests laid out the way the fuzz target's
FuzzedDataProvider reads them (strings from the front, each ended by a backslash and another
character; choices as bytes from the back, the first one read last in the file)."""
import os

CONTENT_TYPES = ["", "application/json", "application/json; charset=utf-8", " Application/JSON ",
                 "application/ld+json", "application/x-www-form-urlencoded",
                 "application/x-www-form-urlencoded;charset=UTF-8", "text/plain",
                 "multipart/form-data"]


def seed(post, content_type, query, body, last_event_id=None, accept_language="",
         limits=None):
    front, back = b"", []

    def string(s):
        return s.encode().replace(b"\\", b"\\\\") + b"\\e"

    back.append(1 if post else 0)
    if content_type in CONTENT_TYPES:
        back.append(CONTENT_TYPES.index(content_type))
    else:
        back.append(len(CONTENT_TYPES))
        front += string(content_type)
    front += string(query)
    back.append(1 if last_event_id is not None else 0)
    if last_event_id is not None:
        front += string(last_event_id)
    front += string(accept_language)
    back.append(1 if limits else 0)
    if limits:
        body_limit, message_limit = limits
        back += [body_limit >> 8, body_limit & 0xFF, message_limit]
    return front + body.encode() + bytes(reversed(back))


SEEDS = {
    "json-body": seed(True, "application/json", "",
                      '{"sessionId": "abc-123_X", "message": "我想听晴天"}', accept_language="zh-CN"),
    "json-null-fields": seed(True, "application/json; charset=utf-8", "sessionId=fromquery",
                             '{"sessionId": null, "message": "hi", "lang": "en"}'),
    "json-wrong-types": seed(True, "", "", '{"sessionId": 42, "message": ["x"]}'),
    "json-malformed": seed(True, "application/json", "", '{"message": "unterminated'),
    "json-array": seed(True, " Application/JSON ", "", '[1, 2, 3]'),
    "form-body": seed(True, "application/x-www-form-urlencoded", "",
                      "sessionId=s_1&message=hello+world%21&lang=en"),
    "query-get": seed(False, "", "sessionId=s-2&message=%E6%99%B4%E5%A4%A9&lastEventId=s-2:4",
                      "", accept_language="en-US,en;q=0.9"),
    "last-event-id": seed(False, "", "sessionId=s-3", "", last_event_id="s-3:7"),
    "bad-ids": seed(True, "application/json", "",
                    '{"sessionId": "../../etc/passwd\\r\\nX-Injected: 1", "message": "x"}'),
    "long-id": seed(False, "", "sessionId=" + "a" * 65, ""),
    "unicode-id": seed(True, "application/x-www-form-urlencoded", "", "sessionId=%C3%A9t%C3%A9"),
    "text-plain": seed(True, "text/plain", "", "hello"),
    "small-limits": seed(True, "application/json", "",
                         '{"message": "' + "x" * 40 + '"}', limits=(30, 16)),
    "whitespace-body": seed(True, "application/json", "message=from+query", " \r\n\t "),
}

if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz_chatrequest")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
