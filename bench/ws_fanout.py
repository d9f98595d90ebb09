#!/usr/bin/env python3
"""Live-event fan-out benchmark (docs/performance.md, "Server"): N WebSocket participants on one
server, spread over several projects (each a session's worth of people), and a writer that changes
a project's description E times per project. For every (event, participant that may see it) pair
it measures the time from the start of the write request to the participant's receipt of the
event, and prints p50/p90/p99/max and how many deliveries were missing (0 expected).

Usage: bench/ws_fanout.py THREATPATH [--clients 500] [--projects 10] [--events 20]
Not a test: figures depend on the machine; the suite checks correctness (test/e2e/api_test.py).
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "e2e"))
import wsclient  # noqa: E402


def request(port, method, path, body=None, cookie=None, csrf=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = "tp_session=" + cookie
    if csrf:
        headers["X-CSRF-Token"] = csrf
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    if resp.status >= 300:
        raise RuntimeError("%s %s: %d %s" % (method, path, resp.status, data[:200]))
    cookie_out = None
    for k, v in resp.getheaders():
        if k.lower() == "set-cookie" and v.startswith("tp_session="):
            cookie_out = v.split(";")[0].split("=", 1)[1]
    return (json.loads(data) if data else None), cookie_out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("threatpath")
    ap.add_argument("--clients", type=int, default=500)
    ap.add_argument("--projects", type=int, default=10)
    ap.add_argument("--events", type=int, default=20)
    args = ap.parse_args()

    tmp = tempfile.mkdtemp()
    port_file = os.path.join(tmp, "port")
    server = subprocess.Popen(
        [args.threatpath, "serve", "--listen", "127.0.0.1:0", "--db", "sqlite:" + tmp + "/db",
         "--port-file", port_file, "--no-access-log", "--demo"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        password = None
        for line in server.stdout:
            m = re.match(r"^\s{4}(\S+)\s*$", line)
            if m:
                password = m.group(1)
            if line.startswith("API:"):
                break
        for _ in range(100):  # the port file is written just after the banner
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        port = int(open(port_file).read())
        login, cookie = request(port, "POST", "/api/v1/auth/login",
                                {"username": "admin", "password": password})
        csrf = login["csrf_token"]
        projects = []
        for i in range(args.projects):
            p, _ = request(port, "POST", "/api/v1/projects", {"name": "fanout-%d" % i}, cookie, csrf)
            projects.append(p)
        # One participant account per project (a member sees only its project's events), each
        # with as many connections as the project's share of the clients.
        users = []
        for i, p in enumerate(projects):
            name = "fan%d" % i
            u, _ = request(port, "POST", "/api/v1/users",
                           {"username": name, "password": "fanout-password-%d" % i}, cookie, csrf)
            request(port, "PUT", "/api/v1/projects/%d/members/%d" % (p["id"], u["id"]),
                    {"role": "viewer"}, cookie, csrf)
            _, c = request(port, "POST", "/api/v1/auth/login",
                           {"username": name, "password": "fanout-password-%d" % i})
            users.append(c)

        received = {}  # (client index) -> {event payload marker: time}
        lock = threading.Lock()
        sockets = []
        for k in range(args.clients):
            pi = k % args.projects
            ws = wsclient.WebSocket(port, "/api/v1/events", {"Cookie": "tp_session=" + users[pi]})
            ws.recv_json()  # hello
            sockets.append((pi, ws))
            received[k] = {}
        stop = threading.Event()

        def reader(k, ws):
            while not stop.is_set():
                try:
                    e = ws.recv_json(timeout=0.5)
                except Exception:  # timeout or close
                    continue
                now = time.perf_counter()
                marker = e.get("payload", {}).get("description")
                if marker:
                    with lock:
                        received[k][marker] = now

        threads = [threading.Thread(target=reader, args=(k, ws), daemon=True)
                   for k, (_, ws) in enumerate(sockets)]
        for t in threads:
            t.start()
        time.sleep(1.0)

        sent = {}  # marker -> (project index, start time)
        versions = {p["id"]: p["version"] for p in projects}
        for n in range(args.events):
            for pi, p in enumerate(projects):
                marker = "e%d-p%d" % (n, pi)
                start = time.perf_counter()
                updated, _ = request(port, "PATCH", "/api/v1/projects/%d" % p["id"],
                                     {"version": versions[p["id"]], "description": marker},
                                     cookie, csrf)
                versions[p["id"]] = updated["version"]
                sent[marker] = (pi, start)
            time.sleep(0.05)
        time.sleep(2.0)
        stop.set()

        latencies, missing = [], 0
        for k, (pi, _) in enumerate(sockets):
            for marker, (mpi, start) in sent.items():
                if mpi != pi:
                    continue
                t = received[k].get(marker)
                if t is None:
                    missing += 1
                else:
                    latencies.append((t - start) * 1000.0)
        latencies.sort()

        def pct(q):
            return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else 0

        print("ws fan-out: %d clients over %d projects, %d events per project: %d deliveries, "
              "%d missing" % (args.clients, args.projects, args.events, len(latencies), missing))
        print("  latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f" %
              (pct(0.5), pct(0.9), pct(0.99), latencies[-1] if latencies else 0))
        for _, ws in sockets:
            try:
                ws.close()
            except Exception:
                pass
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
