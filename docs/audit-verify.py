#!/usr/bin/env python3
"""Verify a Tracker events.ndjson export with Python's standard library alone.

Usage: python3 audit-verify.py events.ndjson [--partial]
--partial: the export was filtered by time or resumed (afterSeq), so a stream may start after version 1.
Prints "ok" and exits 0 when every hash chain holds; otherwise prints each break and exits 1.
"""
import hashlib
import json
import sys

GENESIS = "0" * 64
HASHED = ("tenant", "streamId", "streamType", "version", "eventId", "type", "recordedAt", "data", "metadata", "prevHash")


def canonical(value):
    # RFC 8785 for integer-only JSON: keys sorted, no whitespace, only the escapes JSON requires, UTF-8.
    # Python sorts keys by code point, RFC 8785 by UTF-16 unit: the same for keys without characters beyond U+FFFF.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class DuplicateKey(ValueError):
    pass


def unique_keys(pairs):
    # json keeps the last of two equal keys and another reader may keep the first: such a line is refused.
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise DuplicateKey(f"duplicate key {key!r}: readers disagree on which value counts")
        seen.add(key)
    return dict(pairs)


def verify(path, partial=False):
    heads, failures, events = {}, [], 0  # heads: (tenant, streamId) -> (version, hash) of the last event seen
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            events += 1
            try:
                event = json.loads(line, object_pairs_hook=unique_keys)
            except DuplicateKey as duplicate:
                failures.append((number, None, None, str(duplicate)))
                continue
            stream = (event["tenant"], event["streamId"])
            version = event["version"]
            if stream in heads:
                want_version, want_prev = heads[stream][0] + 1, heads[stream][1]
            elif partial:
                want_version, want_prev = version, event["prevHash"]
            else:
                want_version, want_prev = 1, GENESIS
            digest = hashlib.sha256(canonical({key: event[key] for key in HASHED})).hexdigest()
            if version != want_version:
                failures.append((number, stream, version, f"expected version {want_version}"))
            elif event["prevHash"] != want_prev:
                failures.append((number, stream, version, "prevHash does not match the previous event's hash"))
            if digest != event["hash"]:
                failures.append((number, stream, version, "hash does not match the event's contents"))
            heads[stream] = (version, event["hash"])
    for number, stream, version, problem in failures:
        where = f"stream {stream[1]} ({stream[0]}) version {version}: " if stream else ""
        print(f"line {number}: {where}{problem}")
    print("ok" if not failures else f"FAILED: {len(failures)} problems", f"({events} events, {len(heads)} streams)")
    return not failures


if __name__ == "__main__":
    sys.exit(0 if verify(sys.argv[1], "--partial" in sys.argv[2:]) else 1)
