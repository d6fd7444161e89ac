"""Reads a Rill stream with Python requests, the way the seed guide's test script does.

    requests_client.py URL [--ca FILE] [--chunk-size default|none]

`default` is the seed's own loop, `requests.post(url, stream=True)` then
`iter_lines()` with its default chunk_size (512): a close-delimited body is read in
512-byte pieces, so it is live only if each event comes in its own chunk. `none` passes
chunk_size=None, which reads whatever each chunk (or, without chunks, the whole body) is.
"""
import argparse

import requests

import clientout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--ca", help="CA file that signs the server's certificate")
    parser.add_argument("--chunk-size", choices=["default", "none"], default="default")
    args = parser.parse_args()

    response = requests.post(args.url, stream=True, verify=args.ca or True, timeout=10)
    version = {10: "1.0", 11: "1.1"}.get(response.raw.version)
    clientout.head(response.status_code, response.headers, version)
    if args.chunk_size == "default":
        lines = response.iter_lines()
    else:
        lines = response.iter_lines(chunk_size=None)
    for line in lines:
        if line:
            clientout.line(line.decode("utf-8"))


if __name__ == "__main__":
    main()
