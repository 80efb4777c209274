#!/usr/bin/env python3
"""Verify a Tracker events.ndjson export with Python's standard library alone (and the openssl command for signatures).

Usage: python3 audit-verify.py events.ndjson [--partial] [--checkpoints checkpoints.jsonl --key key.pem]
--partial: the export was filtered by time or resumed (afterSeq), so a stream may start after version 1.
--checkpoints, --key: also check every signed checkpoint with the newsroom's public key, that every stream head it
  holds is in the export with the same hash, and that it holds every event recorded more than LATE before it was taken
  (use a full export for this).
Prints "ok" and exits 0 when everything holds; otherwise prints each problem and exits 1.
"""
import base64
import bisect
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile

GENESIS = "0" * 64
HASHED = ("tenant", "streamId", "streamType", "version", "eventId", "type", "recordedAt", "data", "metadata", "prevHash")
SIGNED = ("algorithm", "events", "keyFingerprint", "newsroom", "position", "root", "sequence", "streams", "takenAt")
# An append takes its time before its transaction, which may then wait (each command times out after 30 s) and commit
# after a checkpoint was taken; nodes' clocks differ by far less. An event recorded earlier than this before a checkpoint
# that does not hold it was put in afterwards.
LATE = datetime.timedelta(minutes=5)


def canonical(value):
    # RFC 8785 for integer-only JSON: keys sorted, no whitespace, only the escapes JSON requires, UTF-8.
    # Python sorts keys by code point, RFC 8785 by UTF-16 unit: the same for keys without characters beyond U+FFFF.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class DuplicateKey(ValueError):
    pass


def moment(text):
    # recordedAt and takenAt: UTC, six fractional digits, Z.
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def read_line(line, fields):
    """A line's JSON object with these fields, or ValueError saying what is wrong with it."""
    try:
        value = json.loads(line, object_pairs_hook=unique_keys)
    except DuplicateKey:
        raise
    except ValueError as bad:
        raise ValueError(f"not valid JSON: {bad}")
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    missing = [name for name in fields if name not in value]
    if missing:
        raise ValueError(f"{', '.join(missing)} missing")
    return value


def unique_keys(pairs):
    # json keeps the last of two equal keys and another reader may keep the first: such a line is refused.
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise DuplicateKey(f"duplicate key {key!r}: readers disagree on which value counts")
        seen.add(key)
    return dict(pairs)


def merkle_root(leaves):
    # RFC 9162 section 2.1.1: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right), split at the largest power of two below n.
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    split = 1
    while split * 2 < len(leaves):
        split *= 2
    return hashlib.sha256(b"\x01" + merkle_root(leaves[:split]) + merkle_root(leaves[split:])).digest()


def heads_root(heads):
    ordered = sorted(heads, key=lambda head: head["streamId"])
    return merkle_root([canonical({"hash": h["hash"], "streamId": h["streamId"], "version": h["version"]}) for h in ordered]).hex()


def fingerprint(pem):
    # SHA-256 of the DER SubjectPublicKeyInfo: the base64 between the PEM's BEGIN and END lines.
    body = pem.split("-----BEGIN PUBLIC KEY-----")[1].split("-----END PUBLIC KEY-----")[0]
    return hashlib.sha256(base64.b64decode("".join(body.split()))).hexdigest()


def signature_holds(key_path, statement, signature):
    with tempfile.TemporaryDirectory() as folder:
        message, sig = os.path.join(folder, "statement"), os.path.join(folder, "signature")
        with open(message, "wb") as out:
            out.write(statement)
        with open(sig, "wb") as out:
            out.write(base64.b64decode(signature))
        run = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", key_path, "-rawin", "-in", message, "-sigfile", sig],
                             capture_output=True)
        return run.returncode == 0


def read_checkpoints(path, key_path):
    """Checkpoints whose signature and heads hold, and a problem for each one that does not."""
    with open(key_path, encoding="ascii") as pem:
        key = fingerprint(pem.read())
    valid, problems, sequences = [], [], {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                c = read_line(line, SIGNED + ("heads", "signature"))
                moment(c["takenAt"])
                if not isinstance(c["heads"], list) or not all(isinstance(h, dict) and {"streamId", "version", "hash"} <= h.keys() for h in c["heads"]):
                    raise ValueError("a head lacks its streamId, version or hash")
            except ValueError as bad:
                problems.append(f"checkpoints line {number}: unreadable: {bad}")
                continue
            sequences.setdefault(c["newsroom"], []).append(c["sequence"])
            where = f"checkpoint {c['sequence']} ({c['newsroom']})"
            if c["algorithm"] != "ed25519" or c["keyFingerprint"] != key:
                problems.append(f"{where}: signature: signed by key {c['keyFingerprint'][:16]}, not by this key {key[:16]}")
            elif not signature_holds(key_path, canonical({name: c[name] for name in SIGNED}), c["signature"]):
                problems.append(f"{where}: signature: does not verify, the checkpoint was changed after it was signed")
            elif len(c["heads"]) != c["streams"] or heads_root(c["heads"]) != c["root"]:
                problems.append(f"{where}: heads: its heads do not give its signed root")
            else:
                valid.append(c)
    for newsroom, numbers in sequences.items():
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if missing:
            problems.append(f"checkpoints of {newsroom}: sequence_gap: {', '.join(map(str, missing))} missing")
    return valid, problems


def verify(path, partial=False, checkpoints=None, key_path=None):
    valid, problems = read_checkpoints(checkpoints, key_path) if checkpoints else ([], [])
    # Only the checkpointed (tenant, stream, version) hashes are kept while reading, so memory follows the checkpoints, not the export.
    wanted = {(c["newsroom"], h["streamId"], h["version"]): None for c in valid for h in c["heads"]}
    # Per newsroom, its checkpoints by the time they were taken, each with the version it holds of every stream.
    taken = {}
    for c in sorted(valid, key=lambda c: moment(c["takenAt"])):
        times, held = taken.setdefault(c["newsroom"], ([], []))
        times.append(moment(c["takenAt"]))
        held.append((c["sequence"], {h["streamId"]: h["version"] for h in c["heads"]}))
    heads, failures, events, last_seq = {}, [], 0, 0  # heads: (tenant, streamId) -> (version, hash) of the last event seen
    backdated = set()  # each stream once, at its first event a checkpoint should hold and does not
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            events += 1
            try:
                event = read_line(line, HASHED + ("hash", "seq"))
                recorded = moment(event["recordedAt"])
            except ValueError as bad:
                failures.append((number, None, None, str(bad)))
                continue
            stream = (event["tenant"], event["streamId"])
            version = event["version"]
            # seq is not hashed; it orders the file and resumes downloads, so it must still rise line by line.
            if not isinstance(event["seq"], int) or event["seq"] <= last_seq:
                failures.append((number, stream, version, f"seq {event['seq']} does not follow seq {last_seq}"))
            else:
                last_seq = event["seq"]
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
            if (*stream, version) in wanted:
                wanted[(*stream, version)] = event["hash"]
            # The first checkpoint taken more than LATE after the event was recorded must hold it (later ones then do too).
            times, held = taken.get(stream[0], ([], []))
            first = bisect.bisect_right(times, recorded + LATE)
            if first < len(times) and held[first][1].get(stream[1], 0) < version and stream not in backdated:
                backdated.add(stream)
                failures.append((number, stream, version, f"backdated: recorded {event['recordedAt']}, more than {LATE.seconds // 60} minutes "
                                                          f"before checkpoint {held[first][0]} was taken, which does not hold it"))
    if events == 0 and not partial:
        failures.append((0, None, None, "the file holds no events: a full export starts with its newsroom's newsroom_opened event"))
    for number, stream, version, problem in failures:
        where = f"stream {stream[1]} ({stream[0]}) version {version}: " if stream else ""
        print(f"line {number}: {where}{problem}" if number else problem)
    reported = set()  # each stream once, against the newest checkpoint that shows its problem
    for c in sorted(valid, key=lambda c: c["sequence"], reverse=True):
        for h in c["heads"]:
            stream, version = (c["newsroom"], h["streamId"]), h["version"]
            if stream in reported:
                continue
            if stream not in heads:
                kind = "missing: the export has no event of this stream"
            elif heads[stream][0] < version:
                kind = f"truncated: the stream now ends at version {heads[stream][0]}"
            elif wanted[(*stream, version)] != h["hash"]:
                kind = f"rewritten: the checkpoint holds hash {h['hash'][:16]}, the export {str(wanted[(*stream, version)])[:16]}"
            else:
                continue
            reported.add(stream)
            problems.append(f"checkpoint {c['sequence']} ({c['newsroom']}): stream {h['streamId']} version {version}: {kind}")
    for problem in problems:
        print(problem)
    bad = len(failures) + len(problems)
    counts = f"({events} events, {len(heads)} streams" + (f", {len(valid)} valid checkpoints)" if checkpoints else ")")
    print("ok" if not bad else f"FAILED: {bad} problems", counts)
    return not bad


def option(name):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None


if __name__ == "__main__":
    checkpoints_file, key_file = option("--checkpoints"), option("--key")
    if bool(checkpoints_file) != bool(key_file):
        sys.exit("--checkpoints and --key go together")
    sys.exit(0 if verify(sys.argv[1], "--partial" in sys.argv[2:], checkpoints_file, key_file) else 1)
