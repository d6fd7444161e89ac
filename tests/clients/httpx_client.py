"""Reads a Rill stream with httpx's streaming API.

    httpx_client.py URL [--ca FILE]
"""
import argparse

import httpx

import clientout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--ca", help="CA file that signs the server's certificate")
    args = parser.parse_args()

    with httpx.stream("POST", args.url, verify=args.ca or True, timeout=10) as response:
        version = response.http_version.removeprefix("HTTP/")
        clientout.head(response.status_code, response.headers, version)
        for line in response.iter_lines():
            # httpx 0.23 leaves each line's ending on it; later versions strip it.
            clientout.line(line.rstrip("\r\n"))


if __name__ == "__main__":
    main()
