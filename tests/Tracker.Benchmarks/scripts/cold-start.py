#!/usr/bin/env python3
"""Cold start: process start to the first 200 on an authenticated API route (GET /api/me with the admin token),
with an already-initialised data folder (embedded PostgreSQL included: the app starts it). Usage:
    dotnet build -c Release src/Tracker && python3 tests/Tracker.Benchmarks/scripts/cold-start.py [repetitions]
"""
import os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request, urllib.error, statistics

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
app = os.path.join(root, "src", "Tracker", "bin", "Release", "net10.0", "tracker.dll")
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
data = tempfile.mkdtemp(prefix="tracker-coldstart-")

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def start_and_wait(token_needed):
    port = free_port()
    env = dict(os.environ)
    env.pop("ConnectionStrings__Tracker", None)
    began = time.monotonic()
    proc = subprocess.Popen(["dotnet", app, f"--data={data}", f"--urls=http://127.0.0.1:{port}"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    token = None
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited with {proc.returncode}")
        if token is None:
            try:
                token = open(os.path.join(data, "admin-token")).read().strip()
            except OSError:
                time.sleep(0.01)
                continue
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/me", headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                if r.status == 200:
                    elapsed = time.monotonic() - began
                    break
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    return elapsed

first = start_and_wait(True)
print(f"first start (initialises the data folder): {first:.2f} s")
times = [start_and_wait(False) for _ in range(reps)]
print("cold starts: " + ", ".join(f"{t:.2f}" for t in times) + " s")
print(f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s over {reps}")
shutil.rmtree(data, ignore_errors=True)
