#!/usr/bin/env python3
"""End-to-end tests of the program server's API: run `threatpath serve` and talk HTTP and
WebSocket to it.

Usage: api_test.py PATH_TO_THREATPATH BACKEND   (BACKEND: sqlite or postgres; CTest passes both)

For postgres the database URL is read from the file named by TP_PG_URL_FILE (written by the CTest
fixture `pg`, scripts/pg-test.sh); without it the suite prints "skipped: ..." and exits 0. The
suite creates its own databases next to the one the URL names (CREATE DATABASE) and drops them
at the end, so it never touches that database's contents.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wsclient  # noqa: E402

TP = None
BACKEND = None
PG_URL = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "online-shop.yaml")
TMP = None

PASSWORD = "correct horse battery staple"
ROLES = ["viewer", "contributor", "security", "admin"]
RANK = {"viewer": 1, "contributor": 2, "security": 3, "admin": 4}

# A small native model: quick to analyse, with a few derived risks.
SMALL = """threatpath: 1
metadata:
  title: Small service
data_assets:
  user-data:
    confidentiality: confidential
    integrity: important
    availability: operational
components:
  user:
    type: external-entity
    technologies: [browser]
    used_as_client_by_human: true
    internet: true
  app:
    technologies: [web-application]
    custom_developed_parts: true
    data_processed: [user-data]
  db:
    type: datastore
    technologies: [database]
    data_stored: [user-data]
flows:
  user>app:
    from: user
    to: app
    protocol: https
    authentication: session-id
    data_sent: [user-data]
  app>db:
    from: app
    to: db
    protocol: jdbc-encrypted
    authentication: credentials
    authorization: technical-user
    data_sent: [user-data]
    data_received: [user-data]
"""

# SMALL plus one more datastore reached over an unencrypted protocol: new risks.
SMALL_PLUS = SMALL.replace(
    "flows:\n",
    """  files:
    type: datastore
    technologies: [file-server]
    data_stored: [user-data]
flows:
  app>files:
    from: app
    to: files
    protocol: ftp
    data_sent: [user-data]
""")

# Parses, but a flow names an unknown component (line 12 column 11 is "ghost").
INVALID = """threatpath: 1
components:
  app:
    technologies: [web-application]
  db:
    type: datastore
    technologies: [database]
flows:
  app>db:
    from: app
    to: db
  bad:
    from: ghost
    to: db
"""


# A small questionnaire in our format (docs/questionnaires.md); %s is its id.
SMALL_QUESTIONNAIRE = """id: %s
title: Small intake
items:
  - type: yesno
    id: internet
    text: Internet-facing?
    required: true
    yes: {points: 30, tier: self-service}
  - type: single
    id: data
    text: What data?
    choices:
      - {id: none, text: None}
      - {id: pii, text: PII, points: 60, tier: security-led}
"""


# --------------------------------------------------------------------------------------------
# Databases and servers


def psql(url, *commands):
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
    for c in commands:
        args += ["-c", c]
    subprocess.run(args, check=True, capture_output=True, text=True, timeout=60)


def pg_url_for(name):
    parts = urllib.parse.urlsplit(PG_URL)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


_databases = []


def fresh_db(tag):
    """A URL of an empty database for this run."""
    if BACKEND == "sqlite":
        return "sqlite:" + os.path.join(TMP, tag + ".db")
    name = "tp_api_%s_%d" % (tag, os.getpid())
    psql(PG_URL, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name, "CREATE DATABASE %s" % name)
    _databases.append(name)
    return pg_url_for(name)


def drop_databases():
    for name in _databases:
        try:
            psql(PG_URL, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        except Exception as e:  # cleanup only
            print("dropping %s failed: %s" % (name, e), file=sys.stderr)


def create_user_cli(db, name, admin=False):
    args = [TP, "admin", "create-user", name, "--password-stdin", "--db", db]
    if admin:
        args.append("--admin")
    p = subprocess.run(args, input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    assert p.stdout == "created %s %s\n" % ("administrator" if admin else "user", name), p.stdout


def admin_check(db):
    return subprocess.run([TP, "admin", "check", "--db", db], capture_output=True, text=True,
                          timeout=120)


class Server:
    """One `threatpath serve` process."""

    def __init__(self, db, tag):
        self.db = db
        self.tag = tag
        self.proc = None
        self.port = None
        self.starts = 0

    def start(self):
        self.starts += 1
        port_file = os.path.join(TMP, "%s-%d.port" % (self.tag, self.starts))
        self.log_path = os.path.join(TMP, "%s-%d.log" % (self.tag, self.starts))
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [TP, "serve", "--listen", "127.0.0.1:0", "--db", self.db, "--port-file", port_file,
             "--no-access-log"], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("the server exited with %d:\n%s" %
                                     (self.proc.returncode, self.output()))
            try:
                with open(port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    break
            except FileNotFoundError:
                pass
            time.sleep(0.05)
        else:
            raise AssertionError("the server did not start:\n" + self.output())
        return self

    def output(self):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.log.close()

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()

    def client(self, **kw):
        return Client(self.port, **kw)


# --------------------------------------------------------------------------------------------
# HTTP


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names
        self.body = body
        self._json = None

    def json(self):
        if self._json is None:
            try:
                self._json = json.loads(self.body.decode("utf-8"))
            except ValueError as e:
                raise AssertionError("not JSON (%s): %r" % (e, self.body[:300]))
        return self._json

    def error(self):
        j = self.json()
        assert isinstance(j, dict) and isinstance(j.get("error"), dict), j
        return j["error"]

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:400])


class Client:
    """A caller: anonymous, a session cookie (with its CSRF token) or a bearer token."""

    def __init__(self, port, token=None, name="anonymous"):
        self.port = port
        self.cookie = None
        self.csrf = None
        self.token = token
        self.name = name
        self.user = None

    def request(self, method, path, body=None, raw=None, content_type=None, headers=None,
                csrf=True, timeout=60):
        h = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if raw is not None:
            data = raw
            h["Content-Type"] = "application/json"
        if content_type is not None:
            h["Content-Type"] = content_type
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.cookie:
            h["Cookie"] = "tp_session=" + self.cookie
            if csrf and self.csrf and method not in ("GET", "HEAD", "OPTIONS"):
                h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def ok(self, method, path, body=None, status=None, **kw):
        r = self.request(method, path, body, **kw)
        if status is None:
            assert 200 <= r.status < 300, (self.name, method, path, r)
        else:
            assert r.status == status, (self.name, method, path, r)
        return r.json() if r.body and r.headers.get("content-type", "").startswith(
            "application/json") else r

    def login(self, username, password=PASSWORD):
        r = self.post("/api/v1/auth/login", {"username": username, "password": password})
        assert r.status == 200, r
        m = re.match(r"tp_session=([^;]*);", r.headers.get("set-cookie", ""))
        assert m and m.group(1), r.headers
        self.cookie = m.group(1)
        self.csrf = r.json()["csrf_token"]
        self.user = r.json()["user"]
        self.name = username
        return self


def raw_exchange(port, head, body, timeout=30):
    """Sends a request by hand (for bodies http.client would not send the way we want) and
    returns the status and the parsed JSON body, tolerating a server that answers and closes
    before it has read everything."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(head + body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                header, rest = data.split(b"\r\n\r\n", 1)
                m = re.search(rb"(?i)content-length:\s*(\d+)", header)
                if m and len(rest) >= int(m.group(1)):
                    break
    finally:
        s.close()
    assert data, "no answer"
    header, _, rest = data.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1])
    return status, json.loads(rest.decode("utf-8")) if rest else None


def note(text):
    print("  [" + text + "]", file=sys.stderr)


def assert_error(tc, r, status, code=None, field=None):
    tc.assertEqual(r.status, status, r)
    e = r.error()
    tc.assertEqual(e["status"], status, e)
    tc.assertIsInstance(e["message"], str)
    tc.assertTrue(e["message"], e)
    if code is not None:
        tc.assertEqual(e["code"], code, e)
    if field is not None:
        tc.assertEqual(e.get("field"), field, e)
    return e


# --------------------------------------------------------------------------------------------
# The shared fixture: one server, users for every role, a project, a model.


class World:
    pass


W = None


def build_world():
    w = World()
    w.db = fresh_db("main")
    create_user_cli(w.db, "root", admin=True)
    w.server = Server(w.db, "main").start()
    w.root = w.server.client().login("root")
    w.users = {}  # name -> user json
    for name in ["nonmember", "viewer", "contributor", "security", "padmin", "victim",
                 "limited", "listener", "racer"]:
        w.users[name] = w.root.ok("POST", "/api/v1/users",
                                  {"username": name, "password": PASSWORD}, status=201)
    w.users["root"] = w.root.user
    w.clients = {"anonymous": w.server.client(), "sadmin": w.root}
    for name in ["nonmember", "viewer", "contributor", "security", "padmin"]:
        w.clients[name] = w.server.client().login(name)
    w.team = w.root.ok("POST", "/api/v1/teams", {"name": "red"}, status=201)
    w.project = new_project(w, "main project")
    w.model = w.root.ok("POST", "/api/v1/projects/%d/models" % w.project["id"],
                        {"name": "small", "document": SMALL}, status=201)["model"]
    risks = w.root.ok("GET", "/api/v1/models/%d/revisions/latest/risks" % w.model["id"])
    w.risk_ids = [r["synthetic_id"] for r in risks]
    assert w.risk_ids, risks
    return w


def new_project(w, name):
    """A project with viewer, contributor, security and padmin as members in those roles."""
    p = w.root.ok("POST", "/api/v1/projects", {"name": name}, status=201)
    for user, role in [("viewer", "viewer"), ("contributor", "contributor"),
                       ("security", "security"), ("padmin", "admin")]:
        w.root.ok("PUT", "/api/v1/projects/%d/members/%d" % (p["id"], w.users[user]["id"]),
                  {"role": role}, status=200)
    return p


_counter = [0]


def unique(prefix):
    _counter[0] += 1
    return "%s-%d-%d" % (prefix, os.getpid(), _counter[0])


def setUpModule():
    global W
    W = build_world()


def tearDownModule():
    if W is not None:
        W.server.stop()


# --------------------------------------------------------------------------------------------
# 1. Basics


class BasicsTest(unittest.TestCase):
    def test_health_ready_metrics_openapi(self):
        c = W.server.client()
        r = c.get("/healthz")
        self.assertEqual((r.status, r.json()), (200, {"status": "ok"}))
        r = c.get("/readyz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["status"], "ready")
        self.assertEqual(r.json()["database"], "sqlite" if BACKEND == "sqlite" else "postgres")
        self.assertTrue(r.headers.get("x-request-id"), r.headers)
        r = c.get("/metrics")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["content-type"].startswith("text/plain"), r.headers)
        text = r.body.decode()
        self.assertIn("threatpath_database_up 1\n", text)
        self.assertIn("# TYPE threatpath_logins_total counter", text)
        for line in text.splitlines():
            if line and not line.startswith("#"):
                self.assertRegex(line, r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.e+-]+$')
        m = re.search(r'^threatpath_logins_total\{result="ok"\} (\d+)$', text, re.M)
        self.assertTrue(m and int(m.group(1)) >= 6, text)
        doc = c.get("/api/v1/openapi.json").json()
        self.assertTrue(doc["openapi"].startswith("3."))
        self.assertIn("/api/v1/projects", doc["paths"])
        self.assertIn("get", doc["paths"]["/api/v1/projects"])

    def test_unknown_route_is_json_404(self):
        r = W.root.get("/api/v1/nope")
        assert_error(self, r, 404)

    def test_login_logout_session(self):
        c = W.server.client()
        r = c.post("/api/v1/auth/login", {"username": "viewer", "password": "wrong password!"})
        e = assert_error(self, r, 401, "unauthenticated")
        self.assertEqual(e["message"], "wrong user name or password")
        self.assertTrue(e.get("request_id"), e)
        self.assertEqual(e["request_id"], r.headers.get("x-request-id"))
        r2 = c.post("/api/v1/auth/login", {"username": "no-such-user", "password": "x" * 12})
        self.assertEqual(r2.error()["message"], e["message"])  # no user enumeration
        self.assertNotIn("set-cookie", r.headers)
        assert_error(self, c.get("/api/v1/auth/session"), 401, "unauthenticated")

        c.login("viewer")
        self.assertIn("HttpOnly", c.request("POST", "/api/v1/auth/login", {
            "username": "viewer", "password": PASSWORD}).headers["set-cookie"])
        s = c.ok("GET", "/api/v1/auth/session")
        self.assertEqual(s["user"]["username"], "viewer")
        self.assertEqual(s["via"], "session")
        self.assertEqual(s["csrf_token"], c.csrf)
        r = c.post("/api/v1/auth/logout")
        self.assertEqual(r.status, 204, r)
        self.assertIn("Max-Age=0", r.headers.get("set-cookie", ""))
        r = c.get("/api/v1/auth/session")
        e = assert_error(self, r, 401, "unauthenticated")
        self.assertEqual(e["message"], "the session has ended; sign in again")

    def test_login_rate_limit(self):
        c = W.server.client()
        for i in range(5):
            r = c.post("/api/v1/auth/login", {"username": "limited", "password": "bad%d" % i})
            assert_error(self, r, 401, "unauthenticated")
        # Even the right password is refused now, with a time to wait.
        r = c.post("/api/v1/auth/login", {"username": "limited", "password": PASSWORD})
        assert_error(self, r, 429, "rate-limited")
        self.assertRegex(r.headers.get("retry-after", ""), r"^[1-9][0-9]*$")
        self.assertLessEqual(int(r.headers["retry-after"]), 300)
        # Other users are not affected.
        W.server.client().login("contributor")
        text = c.get("/metrics").body.decode()
        self.assertRegex(text, r'threatpath_logins_total\{result="rate_limited"\} [1-9]')

    def test_api_token_lifecycle(self):
        c = W.clients["contributor"]
        t = c.ok("POST", "/api/v1/tokens", {"name": "ci job"}, status=201)
        self.assertTrue(t["token"].startswith("tp_"), t)
        self.assertEqual(t["name"], "ci job")
        self.assertFalse(t["revoked"])
        listed = c.ok("GET", "/api/v1/tokens")["tokens"]
        mine = [x for x in listed if x["id"] == t["id"]]
        self.assertEqual(len(mine), 1)
        self.assertNotIn("token", mine[0])  # the secret is shown once only
        bearer = W.server.client(token=t["token"])
        s = bearer.ok("GET", "/api/v1/auth/session")
        self.assertEqual((s["user"]["username"], s["via"]), ("contributor", "token"))
        self.assertNotIn("csrf_token", s)
        # Another user cannot revoke it (404: ids do not leak).
        r = W.clients["viewer"].delete("/api/v1/tokens/%d" % t["id"])
        assert_error(self, r, 404, "not-found")
        r = bearer.delete("/api/v1/tokens/%d" % t["id"])
        self.assertEqual(r.status, 204, r)
        r = bearer.get("/api/v1/auth/session")
        assert_error(self, r, 401, "unauthenticated", "Authorization")
        revoked = [x for x in c.ok("GET", "/api/v1/tokens")["tokens"] if x["id"] == t["id"]]
        self.assertTrue(revoked[0]["revoked"])
        bad = W.server.client(token="tp_not-a-token")
        assert_error(self, bad.get("/api/v1/projects"), 401, "unauthenticated", "Authorization")
        r = W.server.client().get("/api/v1/projects", headers={"Authorization": "Basic eDp5"})
        assert_error(self, r, 401, "unauthenticated", "Authorization")


# --------------------------------------------------------------------------------------------
# 2. CSRF


class CsrfTest(unittest.TestCase):
    def names(self):
        return {p["name"] for p in W.root.ok("GET", "/api/v1/projects")["projects"]}

    def test_cookie_needs_csrf_header(self):
        c = W.clients["contributor"]
        name = unique("csrf")
        for headers in ({}, {"X-CSRF-Token": "wrong"}):
            r = c.request("POST", "/api/v1/projects", {"name": name}, csrf=False,
                          headers=headers)
            e = assert_error(self, r, 403, "permission-denied", "X-CSRF-Token")
            self.assertIn("X-CSRF-Token", e["message"])
        self.assertNotIn(name, self.names())
        # A destructive request without the header changes nothing either.
        p = new_project(W, unique("csrf-victim"))
        r = W.clients["padmin"].request("DELETE", "/api/v1/projects/%d?version=1" % p["id"],
                                        csrf=False)
        assert_error(self, r, 403, "permission-denied", "X-CSRF-Token")
        self.assertEqual(W.root.ok("GET", "/api/v1/projects/%d" % p["id"])["version"], 1)
        # Safe methods need no header.
        self.assertEqual(c.request("GET", "/api/v1/projects", csrf=False).status, 200)
        # With the header it works.
        r = c.post("/api/v1/projects", {"name": name})
        self.assertEqual(r.status, 201, r)

    def test_bearer_needs_no_csrf(self):
        t = W.clients["contributor"].ok("POST", "/api/v1/tokens", {"name": "csrf"}, status=201)
        b = W.server.client(token=t["token"])
        name = unique("bearer")
        r = b.post("/api/v1/projects", {"name": name})
        self.assertEqual(r.status, 201, r)
        self.assertIn(name, self.names())


# --------------------------------------------------------------------------------------------
# 3. The role matrix, driven by openapi.json's x-access


PRINCIPALS = ["anonymous", "nonmember", "viewer", "contributor", "security", "padmin", "sadmin"]


def project_scoped(path):
    return (path.startswith("/api/v1/projects/{id}") or path.startswith("/api/v1/models/{id}") or
            path.startswith("/api/v1/intakes/{id}") or path.startswith("/api/v1/sessions/{id}") or
            path.startswith("/api/v1/threats/{id}") or
            path.startswith("/api/v1/mitigations/{id}") or
            path.startswith("/api/v1/assumptions/{id}"))


def expected_status(access, path, who):
    """None when the call is allowed, else the status the x-access demands."""
    if access == "public":
        return None
    if who == "anonymous":
        return 401
    if access == "user":
        return None
    if who == "sadmin":
        return None
    if not project_scoped(path):
        assert access == "admin", (access, path)
        return 403
    if who == "nonmember":
        return 404
    role = "admin" if who == "padmin" else who
    return None if RANK[role] >= RANK[access] else 403


class Call:
    def __init__(self, path, body=None, after=None, via=None):
        self.path = path
        self.body = body
        self.after = after  # check after an allowed call
        self.via = via  # a client of the same user to send it with instead


def user_of(who):
    return W.users["viewer" if who == "anonymous" else "root" if who == "sadmin" else who]


def login_name(who):
    return "viewer" if who == "anonymous" else "root" if who == "sadmin" else who


def model_version(mid):
    return W.root.ok("GET", "/api/v1/models/%d" % mid)["version"]


def decision_version(mid, risk):
    for d in W.root.ok("GET", "/api/v1/models/%d/decisions" % mid)["decisions"]:
        if d["synthetic_id"] == risk:
            return d["version"]
    return 0


def matrix_calls():
    """For each operation: a function (who, client) -> Call with valid inputs for that caller;
    destructive operations get an object of their own for every call."""
    pid, mid = W.project["id"], W.model["id"]
    m = "/api/v1/models/%d" % mid
    risk = W.risk_ids[0]

    def fresh_session(who, client):
        if who == "anonymous":
            return Call("/api/v1/auth/logout")
        fresh = W.server.client().login(login_name(who))
        return Call("/api/v1/auth/logout", via=fresh,
                    after=lambda tc: assert_error(tc, fresh.get("/api/v1/auth/session"), 401))

    def own_token(who, client):
        owner = W.clients["viewer"] if who == "anonymous" else client
        t = owner.ok("POST", "/api/v1/tokens", {"name": "matrix"}, status=201)
        return Call("/api/v1/tokens/%d" % t["id"])

    def fresh_project(who, client):
        p = new_project(W, unique("doomed"))
        return Call("/api/v1/projects/%d?version=%d" % (p["id"], p["version"]),
                    after=lambda tc: assert_error(
                        tc, W.root.get("/api/v1/projects/%d" % p["id"]), 404))

    def fresh_model(who, client):
        md = W.root.ok("POST", "/api/v1/projects/%d/models" % pid,
                       {"name": unique("doomed"), "document": SMALL}, status=201)["model"]
        return Call("/api/v1/models/%d?version=1" % md["id"],
                    after=lambda tc: assert_error(tc, W.root.get("/api/v1/models/%d" % md["id"]),
                                                  404))

    def victim_member(who, client):
        W.root.ok("PUT", "/api/v1/projects/%d/members/%d" % (pid, W.users["victim"]["id"]),
                  {"role": "viewer"}, status=200)
        return Call("/api/v1/projects/%d/members/%d" % (pid, W.users["victim"]["id"]))

    def patch_project(who, client):
        v = W.root.ok("GET", "/api/v1/projects/%d" % pid)["version"]
        return Call("/api/v1/projects/%d" % pid, {"version": v, "description": "by " + who},
                    after=lambda tc: tc.assertEqual(
                        W.root.ok("GET", "/api/v1/projects/%d" % pid)["version"], v + 1))

    def upload(who, client):
        v = model_version(mid)
        return Call(m, {"version": v, "document": SMALL, "comment": who},
                    after=lambda tc: tc.assertEqual(model_version(mid), v + 1))

    def decide(who, client):
        v = decision_version(mid, risk)
        return Call(m + "/decisions/" + risk,
                    {"version": v, "status": "in-progress", "ticket": who},
                    after=lambda tc: tc.assertEqual(decision_version(mid, risk), v + 1))

    def fixed(path, body=None):
        return lambda who, client: Call(path, body)

    def new_intake():
        return W.root.ok("POST", "/api/v1/projects/%d/intakes" % pid,
                         {"title": unique("matrix intake"), "answers": PAVED_ANSWERS}, status=201)

    def triage_intake(who, client):
        i = new_intake()
        return Call("/api/v1/intakes/%d" % i["id"], {"version": 1, "status": "triaged"},
                    after=lambda tc: tc.assertEqual(
                        W.root.ok("GET", "/api/v1/intakes/%d" % i["id"])["status"], "triaged"))

    intake = new_intake()

    # Sessions: everyone in the main project takes part, so that each role's call is a
    # participant's (participation, not the role, is what a session write needs).
    parts = [W.users[n]["id"] for n in ["viewer", "contributor", "security", "padmin", "root"]]

    def new_session(facilitator, phase="discover"):
        s = W.root.ok("POST", m + "/sessions", {"title": unique("matrix session"),
                                                 "participants": parts,
                                                 "facilitator": facilitator}, status=201)
        for step in ["prioritize", "mitigate", "reflect"]:
            if s["phase"] == phase:
                break
            s = W.root.ok("PATCH", "/api/v1/sessions/%d" % s["id"],
                          {"version": s["version"], "phase": step}, status=200)
        return s

    session = new_session(W.users["root"]["id"])
    reflecting = new_session(W.users["root"]["id"], "reflect")
    threat = W.root.ok("POST", "/api/v1/sessions/%d/threats" % session["id"],
                       {"title": "matrix threat", "stride": "tampering"}, status=201)

    def phase_change(who, client):
        # The caller facilitates (a non-member cannot; its call is refused anyway).
        me = user_of(who)["id"]
        s = new_session(me if me in parts else W.users["root"]["id"])
        return Call("/api/v1/sessions/%d" % s["id"], {"version": 1, "phase": "prioritize"},
                    after=lambda tc: tc.assertEqual(
                        W.root.ok("GET", "/api/v1/sessions/%d" % s["id"])["phase"], "prioritize"))

    def respond(who, client):
        t = W.root.ok("POST", "/api/v1/sessions/%d/threats" % session["id"],
                      {"title": unique("matrix threat"), "stride": "spoofing"}, status=201)
        return Call("/api/v1/threats/%d" % t["id"], {"version": 1, "response": "mitigate"})

    def new_mitigation():
        return W.root.ok("POST", "/api/v1/sessions/%d/mitigations" % session["id"],
                         {"title": unique("matrix mitigation"), "threats": [threat["id"]]},
                         status=201)

    def new_assumption():
        return W.root.ok("POST", "/api/v1/sessions/%d/assumptions" % session["id"],
                         {"statement": unique("matrix assumption"), "threats": [threat["id"]]},
                         status=201)

    def patch_mitigation(who, client):
        mi = new_mitigation()
        return Call("/api/v1/mitigations/%d" % mi["id"], {"version": 1, "status": "planned"})

    def validate_assumption(who, client):
        a = new_assumption()
        return Call("/api/v1/assumptions/%d" % a["id"],
                    {"version": 1, "status": "confirmed", "evidence": "matrix"})

    def delete_mitigation(who, client):
        mi = new_mitigation()
        return Call("/api/v1/mitigations/%d?version=1" % mi["id"],
                    after=lambda tc: tc.assertNotIn(mi["id"], [x["id"] for x in W.root.ok(
                        "GET", "/api/v1/sessions/%d/mitigations" % session["id"])["mitigations"]]))

    def delete_assumption(who, client):
        a = new_assumption()
        return Call("/api/v1/assumptions/%d?version=1" % a["id"],
                    after=lambda tc: tc.assertNotIn(a["id"], [x["id"] for x in W.root.ok(
                        "GET", "/api/v1/sessions/%d/assumptions" % session["id"])["assumptions"]]))

    def store_questionnaire(who, client):
        qid = unique("matrix-q")
        return Call("/api/v1/questionnaires", {"text": SMALL_QUESTIONNAIRE % qid},
                    after=lambda tc: tc.assertEqual(
                        W.root.ok("GET", "/api/v1/questionnaires/" + qid)["id"], qid))

    return {
        ("get", "/healthz"): fixed("/healthz"),
        ("get", "/readyz"): fixed("/readyz"),
        ("get", "/metrics"): fixed("/metrics"),
        ("get", "/api/v1/openapi.json"): fixed("/api/v1/openapi.json"),
        ("post", "/api/v1/auth/login"): lambda who, c: Call(
            "/api/v1/auth/login", {"username": login_name(who), "password": PASSWORD}),
        ("post", "/api/v1/auth/logout"): fresh_session,
        ("get", "/api/v1/auth/session"): fixed("/api/v1/auth/session"),
        ("put", "/api/v1/auth/password"): fixed(
            "/api/v1/auth/password", {"current_password": PASSWORD, "new_password": PASSWORD}),
        ("get", "/api/v1/users"): fixed("/api/v1/users"),
        ("post", "/api/v1/users"): lambda who, c: Call(
            "/api/v1/users", {"username": unique("made-by-" + who), "password": PASSWORD}),
        ("get", "/api/v1/users/{id}"): lambda who, c: Call(
            "/api/v1/users/%d" % user_of(who)["id"]),
        ("get", "/api/v1/tokens"): fixed("/api/v1/tokens"),
        ("post", "/api/v1/tokens"): fixed("/api/v1/tokens", {"name": "matrix"}),
        ("delete", "/api/v1/tokens/{id}"): own_token,
        ("get", "/api/v1/teams"): fixed("/api/v1/teams"),
        ("post", "/api/v1/teams"): lambda who, c: Call("/api/v1/teams",
                                                       {"name": unique("team")}),
        ("get", "/api/v1/teams/{id}"): fixed("/api/v1/teams/%d" % W.team["id"]),
        ("get", "/api/v1/projects"): fixed("/api/v1/projects"),
        ("post", "/api/v1/projects"): lambda who, c: Call("/api/v1/projects",
                                                          {"name": unique("proj")}),
        ("get", "/api/v1/projects/{id}"): fixed("/api/v1/projects/%d" % pid),
        ("patch", "/api/v1/projects/{id}"): patch_project,
        ("delete", "/api/v1/projects/{id}"): fresh_project,
        ("get", "/api/v1/projects/{id}/members"): fixed("/api/v1/projects/%d/members" % pid),
        ("put", "/api/v1/projects/{id}/members/{user_id}"): fixed(
            "/api/v1/projects/%d/members/%d" % (pid, W.users["victim"]["id"]),
            {"role": "contributor"}),
        ("delete", "/api/v1/projects/{id}/members/{user_id}"): victim_member,
        ("get", "/api/v1/projects/{id}/audit"): fixed("/api/v1/projects/%d/audit?limit=5" % pid),
        ("get", "/api/v1/audit"): fixed("/api/v1/audit?limit=5"),
        ("get", "/api/v1/projects/{id}/models"): fixed("/api/v1/projects/%d/models" % pid),
        ("post", "/api/v1/projects/{id}/models"): lambda who, c: Call(
            "/api/v1/projects/%d/models" % pid, {"name": unique("model"), "document": SMALL}),
        ("get", "/api/v1/models/{id}"): fixed(m),
        ("put", "/api/v1/models/{id}"): upload,
        ("delete", "/api/v1/models/{id}"): fresh_model,
        ("get", "/api/v1/models/{id}/revisions"): fixed(m + "/revisions"),
        ("get", "/api/v1/models/{id}/revisions/{rev}"): fixed(m + "/revisions/1"),
        ("get", "/api/v1/models/{id}/revisions/{rev}/risks"): fixed(m + "/revisions/latest/risks"),
        ("get", "/api/v1/models/{id}/revisions/{rev}/stats"): fixed(m + "/revisions/1/stats"),
        ("get", "/api/v1/models/{id}/revisions/{rev}/attack-paths"): fixed(
            m + "/revisions/1/attack-paths"),
        ("get", "/api/v1/models/{id}/revisions/{rev}/technical-assets"): fixed(
            m + "/revisions/1/technical-assets"),
        ("get", "/api/v1/models/{id}/revisions/{rev}/diagram"): fixed(
            m + "/revisions/latest/diagram"),
        ("get", "/api/v1/models/{id}/revisions/{rev}/brief"): fixed(
            m + "/revisions/latest/brief?format=json"),
        ("get", "/api/v1/models/{id}/diff"): fixed(m + "/diff"),
        ("get", "/api/v1/models/{id}/decisions"): fixed(m + "/decisions"),
        ("put", "/api/v1/models/{id}/decisions/{risk}"): decide,
        ("get", "/api/v1/projects/{id}/intakes"): fixed("/api/v1/projects/%d/intakes" % pid),
        ("post", "/api/v1/projects/{id}/intakes"): lambda who, c: Call(
            "/api/v1/projects/%d/intakes" % pid, {"title": "by " + who, "answers": PAVED_ANSWERS}),
        ("get", "/api/v1/intakes/{id}"): fixed("/api/v1/intakes/%d" % intake["id"]),
        ("patch", "/api/v1/intakes/{id}"): triage_intake,
        ("get", "/api/v1/queue"): fixed("/api/v1/queue"),
        ("get", "/api/v1/metrics/program"): fixed("/api/v1/metrics/program"),
        ("get", "/api/v1/projects/{id}/findings"): fixed("/api/v1/projects/%d/findings" % pid),
        ("post", "/api/v1/projects/{id}/findings"): fixed(
            "/api/v1/projects/%d/findings" % pid,
            {"title": "matrix", "phase": "design", "severity": "low", "found_on": "2026-11-27"}),
        ("get", "/api/v1/models/{id}/sessions"): fixed(m + "/sessions"),
        ("post", "/api/v1/models/{id}/sessions"): fixed(
            m + "/sessions", {"title": "matrix", "participants": parts,
                              "facilitator": W.users["root"]["id"]}),
        ("get", "/api/v1/sessions/{id}"): fixed("/api/v1/sessions/%d" % session["id"]),
        ("patch", "/api/v1/sessions/{id}"): phase_change,
        ("post", "/api/v1/sessions/{id}/threats"): fixed(
            "/api/v1/sessions/%d/threats" % session["id"], {"title": "m", "stride": "repudiation"}),
        ("put", "/api/v1/sessions/{id}/reflection"): fixed(
            "/api/v1/sessions/%d/reflection" % reflecting["id"], {"good_enough": False}),
        ("put", "/api/v1/threats/{id}/rating"): fixed(
            "/api/v1/threats/%d/rating" % threat["id"], {"likelihood": 3, "impact": 2}),
        ("patch", "/api/v1/threats/{id}"): respond,
        ("post", "/api/v1/threats/{id}/comments"): fixed(
            "/api/v1/threats/%d/comments" % threat["id"], {"text": "matrix"}),
        ("get", "/api/v1/sessions/{id}/mitigations"): fixed(
            "/api/v1/sessions/%d/mitigations" % session["id"]),
        ("post", "/api/v1/sessions/{id}/mitigations"): fixed(
            "/api/v1/sessions/%d/mitigations" % session["id"],
            {"title": "matrix", "threats": [threat["id"]]}),
        ("patch", "/api/v1/mitigations/{id}"): patch_mitigation,
        ("get", "/api/v1/sessions/{id}/assumptions"): fixed(
            "/api/v1/sessions/%d/assumptions" % session["id"]),
        ("post", "/api/v1/sessions/{id}/assumptions"): fixed(
            "/api/v1/sessions/%d/assumptions" % session["id"], {"statement": "matrix"}),
        ("patch", "/api/v1/assumptions/{id}"): validate_assumption,
        ("delete", "/api/v1/mitigations/{id}"): delete_mitigation,
        ("delete", "/api/v1/assumptions/{id}"): delete_assumption,
        ("get", "/api/v1/models/{id}/revisions/{rev}/prompts"): fixed(
            m + "/revisions/latest/prompts"),
        ("get", "/api/v1/questionnaires"): fixed("/api/v1/questionnaires"),
        ("post", "/api/v1/questionnaires"): store_questionnaire,
        ("get", "/api/v1/questionnaires/{id}"): fixed("/api/v1/questionnaires/design-review"),
    }


class RoleMatrixTest(unittest.TestCase):
    def test_every_operation_for_every_role(self):
        doc = W.root.ok("GET", "/api/v1/openapi.json")
        calls = matrix_calls()
        ops = []
        for path, item in doc["paths"].items():
            for method, op in item.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                if op.get("x-websocket"):
                    continue
                self.assertIn(op.get("x-access"),
                              ["public", "user", "admin", "viewer", "contributor", "security"],
                              (method, path))
                self.assertIn((method, path), calls, "no matrix entry for %s %s" %
                              (method.upper(), path))
                ok = [int(s) for s in op["responses"] if s.startswith("2")]
                self.assertEqual(len(ok), 1, (method, path))
                ops.append((method, path, op["x-access"], ok[0]))
        self.assertEqual(len(ops), len(calls), "matrix entries for undocumented routes")
        checked = 0
        for method, path, access, ok_status in ops:
            for who in PRINCIPALS:
                client = W.clients[who]
                call = calls[(method, path)](who, client)
                r = (call.via or client).request(method.upper(), call.path, call.body)
                want = expected_status(access, path, who)
                where = "%s %s as %s (x-access %s)" % (method.upper(), call.path, who, access)
                if want is None:
                    self.assertEqual(r.status, ok_status, "%s: %r" % (where, r))
                    if call.after:
                        call.after(self)
                else:
                    code = {401: "unauthenticated", 403: "permission-denied",
                            404: "not-found"}[want]
                    self.assertEqual(r.status, want, "%s: %r" % (where, r))
                    self.assertEqual(r.error()["code"], code, where)
                checked += 1
        self.assertEqual(checked, len(ops) * len(PRINCIPALS))
        note("role matrix: %d operations x %d callers" % (len(ops), len(PRINCIPALS)))

    def test_security_role_for_accepting(self):
        mid = W.model["id"]
        risk = W.risk_ids[-1]
        body = {"version": decision_version(mid, risk), "status": "accepted",
                "justification": "compensating control", "owner": "team"}
        for who in ["viewer", "contributor"]:
            r = W.clients[who].put("/api/v1/models/%d/decisions/%s" % (mid, risk), body)
            assert_error(self, r, 403, "permission-denied")
        r = W.clients["security"].put("/api/v1/models/%d/decisions/%s" % (mid, risk), body)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["status"], "accepted")

    def test_other_users_and_unknown_ids(self):
        r = W.clients["viewer"].get("/api/v1/users/%d" % W.users["contributor"]["id"])
        assert_error(self, r, 403, "permission-denied")
        for path in ["/api/v1/projects/999999", "/api/v1/projects/abc", "/api/v1/models/999999",
                     "/api/v1/models/%d/revisions/999" % W.model["id"],
                     "/api/v1/models/%d/revisions/0" % W.model["id"]]:
            assert_error(self, W.root.get(path), 404, "not-found")
        r = W.root.put("/api/v1/models/%d/decisions/no-such-risk" % W.model["id"],
                       {"version": 0, "status": "mitigated"})
        assert_error(self, r, 404, "not-found")


# --------------------------------------------------------------------------------------------
# 4. Bad input


class BadInputTest(unittest.TestCase):
    def routes(self):
        """(method, path, valid body, {field: wrong-typed value}, required fields)"""
        pid, mid = W.project["id"], W.model["id"]
        intake = W.root.ok("POST", "/api/v1/projects/%d/intakes" % pid,
                           {"title": "bad input", "answers": PAVED_ANSWERS}, status=201)
        parts = [W.users[n]["id"] for n in ["viewer", "contributor", "security", "padmin", "root"]]
        root_id = W.users["root"]["id"]
        session = W.root.ok("POST", "/api/v1/models/%d/sessions" % mid,
                            {"title": "bad input", "participants": parts, "facilitator": root_id},
                            status=201)
        reflecting = W.root.ok("POST", "/api/v1/models/%d/sessions" % mid,
                               {"title": "bad input", "participants": parts,
                                "facilitator": root_id}, status=201)
        for v, step in enumerate(["prioritize", "mitigate", "reflect"], 1):
            W.root.ok("PATCH", "/api/v1/sessions/%d" % reflecting["id"],
                      {"version": v, "phase": step}, status=200)
        threat = W.root.ok("POST", "/api/v1/sessions/%d/threats" % session["id"],
                           {"title": "bad input", "stride": "tampering"}, status=201)
        mitigation = W.root.ok("POST", "/api/v1/sessions/%d/mitigations" % session["id"],
                               {"title": "bad input", "threats": [threat["id"]]}, status=201)
        assumption = W.root.ok("POST", "/api/v1/sessions/%d/assumptions" % session["id"],
                               {"statement": "bad input"}, status=201)
        return [
            ("POST", "/api/v1/auth/login", {"username": "viewer", "password": "nope"},
             {"username": 5, "password": ["x"]}, ["username", "password"]),
            ("PUT", "/api/v1/auth/password",
             {"current_password": PASSWORD, "new_password": "another long password"},
             {"current_password": 1, "new_password": True}, ["current_password", "new_password"]),
            ("POST", "/api/v1/users", {"username": "never-made", "password": PASSWORD},
             {"username": 1, "is_admin": "yes", "display_name": {}}, ["username", "password"]),
            ("POST", "/api/v1/tokens", {"name": "never"}, {"name": []}, ["name"]),
            ("POST", "/api/v1/teams", {"name": "never"}, {"name": 2}, ["name"]),
            ("POST", "/api/v1/projects", {"name": "never"},
             {"name": 1, "team_id": "1", "description": 3}, ["name"]),
            ("PATCH", "/api/v1/projects/%d" % pid, {"version": 1, "name": "never"},
             {"version": "1", "name": 5, "team_id": 1.5}, ["version"]),
            ("PUT", "/api/v1/projects/%d/members/%d" % (pid, W.users["victim"]["id"]),
             {"role": "viewer"}, {"role": 3}, ["role"]),
            ("POST", "/api/v1/projects/%d/models" % pid, {"name": "never", "document": SMALL},
             {"document": {}, "name": 1, "comment": False}, ["name", "document"]),
            ("PUT", "/api/v1/models/%d" % mid, {"version": 1, "document": SMALL},
             {"version": "2", "document": 7}, ["version", "document"]),
            ("PUT", "/api/v1/models/%d/decisions/%s" % (mid, W.risk_ids[0]),
             {"version": 1, "status": "mitigated"},
             {"version": 1.5, "status": 1, "owner": 2, "date": 20240101}, ["version", "status"]),
            ("POST", "/api/v1/projects/%d/intakes" % pid,
             {"title": "never", "answers": PAVED_ANSWERS},
             {"title": 1, "answers": "yes", "effort_hours": "2", "questionnaire": 5},
             ["title", "answers"]),
            ("PATCH", "/api/v1/intakes/%d" % intake["id"], {"version": 1, "status": "triaged"},
             {"version": "1", "status": 2, "reason": [], "scheduled_for": 20261201,
              "model_id": "1"}, ["version", "status"]),
            ("POST", "/api/v1/questionnaires",
             {"text": SMALL_QUESTIONNAIRE % "never-stored", "format": "threatpath"},
             {"text": 1, "format": 2, "id": 3, "extensions": "x"}, ["text"]),
            ("POST", "/api/v1/projects/%d/findings" % pid,
             {"title": "never", "phase": "design", "severity": "low", "found_on": "2026-11-27"},
             {"title": 1, "cost": "5", "model_id": "1", "cvss_vector": 3, "severity": 4,
              "found_on": 20261127}, ["title", "phase", "found_on"]),
            ("POST", "/api/v1/models/%d/sessions" % mid,
             {"title": "never", "participants": parts, "facilitator": root_id},
             {"title": 1, "participants": "all", "facilitator": "1", "revision": "1",
              "quorum_ratio": "half"}, ["title", "participants", "facilitator"]),
            ("PATCH", "/api/v1/sessions/%d" % session["id"], {"version": 1, "phase": "prioritize"},
             {"version": "1", "phase": 2}, ["version", "phase"]),
            ("POST", "/api/v1/sessions/%d/threats" % session["id"],
             {"title": "never", "stride": "spoofing"},
             {"title": 1, "stride": 2, "source": 3, "affected_assets": "app", "from_risk": 4},
             ["title", "stride"]),
            ("PUT", "/api/v1/sessions/%d/reflection" % reflecting["id"],
             {"good_enough": True, "comment": "never"}, {"good_enough": "yes", "comment": 1},
             ["good_enough"]),
            ("PUT", "/api/v1/threats/%d/rating" % threat["id"], {"likelihood": 3, "impact": 3},
             {"likelihood": "3", "impact": 1.5}, ["likelihood", "impact"]),
            ("PATCH", "/api/v1/threats/%d" % threat["id"], {"version": 1, "response": "mitigate"},
             {"version": "1", "response": 2, "owner": 3, "justification": []},
             ["version", "response"]),
            ("POST", "/api/v1/threats/%d/comments" % threat["id"], {"text": "never"}, {"text": 5},
             ["text"]),
            ("POST", "/api/v1/sessions/%d/mitigations" % session["id"],
             {"title": "never", "threats": [threat["id"]]},
             {"title": 1, "status": 2, "owner": 3, "ticket": [], "threats": "all",
              "description": {}}, ["title"]),
            ("PATCH", "/api/v1/mitigations/%d" % mitigation["id"],
             {"version": 1, "status": "planned"},
             {"version": "1", "status": 2, "owner": 3, "ticket": [], "threats": [0]},
             ["version"]),
            ("POST", "/api/v1/sessions/%d/assumptions" % session["id"],
             {"statement": "never", "threats": [threat["id"]]},
             {"statement": 1, "components": "app", "threats": ["1"], "mitigations": 5},
             ["statement"]),
            ("PATCH", "/api/v1/assumptions/%d" % assumption["id"],
             {"version": 1, "status": "confirmed", "evidence": "never"},
             {"version": "1", "status": 2, "evidence": 3}, ["version", "status"]),
        ]

    def snapshot(self):
        pid, mid = W.project["id"], W.model["id"]
        r = W.root
        return {
            "users": r.ok("GET", "/api/v1/users")["users"],
            "teams": r.ok("GET", "/api/v1/teams")["teams"],
            "projects": r.ok("GET", "/api/v1/projects")["projects"],
            "members": r.ok("GET", "/api/v1/projects/%d/members" % pid)["members"],
            "models": r.ok("GET", "/api/v1/projects/%d/models" % pid)["models"],
            "revisions": r.ok("GET", "/api/v1/models/%d/revisions" % mid)["revisions"],
            "decisions": r.ok("GET", "/api/v1/models/%d/decisions" % mid),
            "tokens": W.clients["security"].ok("GET", "/api/v1/tokens")["tokens"],
            "questionnaires": r.ok("GET", "/api/v1/questionnaires")["questionnaires"],
        }

    def alive(self):
        r = W.server.client().get("/healthz")
        self.assertEqual(r.status, 200)

    def test_bad_bodies_on_every_route(self):
        # The security user sends them all (a member with enough rights for every project route
        # but the admin-only ones, which go through root).
        before = self.snapshot()
        documented = set()
        doc = W.root.ok("GET", "/api/v1/openapi.json")
        for path, item in doc["paths"].items():
            for method, op in item.items():
                if isinstance(op, dict) and "requestBody" in op:
                    documented.add((method.upper(), path))
        routes = self.routes()
        self.assertEqual(len(routes), len(documented), documented)
        for method, path, valid, wrong, required in routes:
            # Admin-only routes go through a server admin, project-admin routes through the
            # project admin, the others through the security member.
            if path in ("/api/v1/users", "/api/v1/teams", "/api/v1/questionnaires"):
                c = W.root
            elif "/members/" in path or method == "PATCH":
                c = W.clients["padmin"]
            else:
                c = W.clients["security"]
            where = "%s %s" % (method, path)
            cases = []
            cases.append(("malformed", b'{"name": "x", ', 400, "body"))
            cases.append(("not an object", b'["a"]', 400, "body"))
            cases.append(("empty", b"", 400, None))
            cases.append(("trailing garbage", json.dumps(valid).encode() + b" x", 400, "body"))
            for field, value in wrong.items():
                body = dict(valid)
                body[field] = value
                cases.append(("wrong type " + field, json.dumps(body).encode(), 400, field))
            body = dict(valid)
            body["bogus_field"] = 1
            cases.append(("unknown field", json.dumps(body).encode(), 400, "bogus_field"))
            for field in required:
                body = {k: v for k, v in valid.items() if k != field}
                cases.append(("missing " + field, json.dumps(body).encode(), 400, field))
                body = dict(valid)
                body[field] = None
                cases.append(("null " + field, json.dumps(body).encode(), 400, field))
            # Invalid UTF-8 inside a JSON string.
            key = next((k for k, v in valid.items() if isinstance(v, str)), None)
            text = json.dumps(dict(valid)).encode()
            if key is None:  # no text field: the bad string goes into one of its own
                bad = text[:-1] + b', "note": "\xff\xfe\xc3("}'
            else:
                bad = text.replace(json.dumps(valid[key]).encode(), b'"\xff\xfe\xc3("', 1)
            cases.append(("bad UTF-8", bad, 400, "body"))
            nested = b'{"x": ' + b"[" * 100 + b"]" * 100 + b"}"
            cases.append(("nested 100 deep", nested, 400, "body"))
            for name, raw, status, field in cases:
                r = c.request(method, path, raw=raw)
                self.assertEqual(r.status, status, "%s %s: %r" % (where, name, r))
                e = r.error()
                self.assertEqual((e["status"], e["code"]), (status, "invalid-input"),
                                 (where, name))
                if field:
                    self.assertEqual(e.get("field"), field, (where, name, e))
                self.alive()
            r = c.request(method, path, raw=json.dumps(valid).encode(), content_type="text/plain")
            assert_error(self, r, 415, "unsupported", "Content-Type")
            r = c.request(method, path, raw=json.dumps(valid).encode(),
                          content_type="application/x-www-form-urlencoded")
            assert_error(self, r, 415, "unsupported", "Content-Type")
            self.alive()
            # Larger than the 8 MiB body limit.
            size = 8 * 1024 * 1024 + 1024
            head = ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Content-Length: %d\r\nX-CSRF-Token: %s\r\nCookie: tp_session=%s\r\n"
                    "Connection: close\r\n\r\n" % (method, path, size, c.csrf, c.cookie)).encode()
            status, body = raw_exchange(W.server.port, head,
                                        b'{"name": "' + b"a" * (size - 12) + b'"}')
            self.assertEqual(status, 413, (where, body))
            self.assertEqual(body["error"]["status"], 413, body)
            self.alive()
        self.assertEqual(self.snapshot(), before)

    def test_model_uploads(self):
        pid, mid = W.project["id"], W.model["id"]
        c = W.clients["contributor"]
        v = model_version(mid)
        revs = len(W.root.ok("GET", "/api/v1/models/%d/revisions" % mid)["revisions"])
        # A document that breaks the rules: 422 with diagnostics pointing into it.
        for method, path, body in [
                ("PUT", "/api/v1/models/%d" % mid, {"version": v, "document": INVALID}),
                ("POST", "/api/v1/projects/%d/models" % pid, {"name": "bad",
                                                              "document": INVALID})]:
            r = c.request(method, path, body)
            e = assert_error(self, r, 422, "invalid-input", "document")
            self.assertTrue(e["diagnostics"], e)
            ghost = [d for d in e["diagnostics"] if "ghost" in d["message"]]
            self.assertTrue(ghost, e["diagnostics"])
            self.assertEqual((ghost[0]["line"], ghost[0]["severity"]), (13, "error"), ghost)
            self.assertGreater(ghost[0]["column"], 0)
            self.assertIn("ghost", ghost[0]["text"])
        # YAML that does not parse, as application/yaml.
        r = c.request("PUT", "/api/v1/models/%d?version=%d" % (mid, v),
                      raw=b"threatpath: 1\ncomponents: [unclosed\n",
                      content_type="application/yaml")
        self.assertIn(r.status, (400, 422), r)
        self.assertEqual(r.error()["field"], "document")
        # Stale, missing or malformed versions on the YAML route.
        r = c.request("PUT", "/api/v1/models/%d?version=%d" % (mid, v + 5), raw=SMALL.encode(),
                      content_type="application/yaml")
        self.assertEqual(assert_error(self, r, 409, "conflict")["current_version"], v)
        r = c.request("PUT", "/api/v1/models/%d" % mid, raw=SMALL.encode(),
                      content_type="application/yaml")
        assert_error(self, r, 400, "invalid-input", "version")
        r = c.request("PUT", "/api/v1/models/%d?version=x" % mid, raw=SMALL.encode(),
                      content_type="application/yaml")
        assert_error(self, r, 400, "invalid-input", "version")
        r = c.request("POST", "/api/v1/projects/%d/models" % pid, raw=SMALL.encode(),
                      content_type="application/yaml")
        assert_error(self, r, 400, "invalid-input", "name")
        r = c.request("POST", "/api/v1/projects/%d/models" % pid,
                      {"name": "  ", "document": SMALL})
        assert_error(self, r, 400, "invalid-input", "name")
        r = c.request("POST", "/api/v1/projects/%d/models" % pid, {"name": "x", "document": ""})
        assert_error(self, r, 400, "invalid-input", "document")
        self.assertEqual(model_version(mid), v)
        self.assertEqual(len(W.root.ok("GET", "/api/v1/models/%d/revisions" % mid)["revisions"]),
                         revs)
        self.assertNotIn("bad", [x["name"] for x in W.root.ok(
            "GET", "/api/v1/projects/%d/models" % pid)["models"]])
        # The YAML route works with If-Match too, and a Threagile document is converted.
        r = c.request("PUT", "/api/v1/models/%d" % mid, raw=SMALL.encode(),
                      content_type="application/yaml", headers={"If-Match": '"%d"' % v})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["revision"], v + 1)
        self.assertEqual(r.json()["source_format"], "native")
        with open(os.path.join(ROOT, "..", "shared", "fixtures", "threagile",
                               "minimalist-v1.yaml"), encoding="utf-8") as f:
            threagile = f.read()
        r = c.request("POST", "/api/v1/projects/%d/models?name=%s" % (pid, unique("tg")),
                      raw=threagile.encode(), content_type="application/yaml")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["source_format"], "threagile")
        self.assertEqual(r.json()["revision"], 1)

    def test_decision_fields(self):
        mid = W.model["id"]
        path = "/api/v1/models/%d/decisions/%s" % (mid, W.risk_ids[1])
        c = W.clients["security"]
        dv = W.root.ok("GET", "/api/v1/models/%d" % mid)["decisions_version"]
        for body, field in [
                ({"status": "done"}, "status"),
                ({"status": "accepted", "owner": "me"}, "justification"),
                ({"status": "accepted", "justification": "why"}, "owner"),
                ({"status": "mitigated", "date": "2026-02-31"}, "date"),
                ({"status": "mitigated", "date": "2025-02-29"}, "date"),
                ({"status": "mitigated", "date": "2026-13-01"}, "date"),
                ({"status": "mitigated", "date": "26-01-01"}, "date"),
                ({"status": "mitigated", "owner": "x" * 201}, "owner"),
                ({"status": "mitigated", "version": -1}, "version")]:
            r = c.put(path, dict({"version": 0}, **body))
            assert_error(self, r, 400, "invalid-input", field)
        self.assertEqual(W.root.ok("GET", "/api/v1/models/%d" % mid)["decisions_version"], dv)
        d = c.ok("PUT", path, {"version": 0, "status": "mitigated", "date": "2024-02-29"},
                 status=200)
        self.assertEqual((d["date"], d["version"]), ("2024-02-29", 1))
        d = c.ok("PUT", path, {"version": 1, "status": "unchecked"}, status=200)
        self.assertRegex(d["date"], r"^\d{4}-\d\d-\d\d$")  # today

    def test_bad_query_parameters(self):
        mid = W.model["id"]
        for path, field in [("/api/v1/audit?limit=0", "limit"), ("/api/v1/audit?after=-1", "after"),
                            ("/api/v1/models/%d/diff?from=999" % mid, "from"),
                            ("/api/v1/models/%d/revisions/1?format=xml" % mid, "format"),
                            ("/api/v1/models/%d/revisions/1/diagram?kind=pie" % mid, "kind")]:
            r = W.root.get(path)
            self.assertEqual(r.status, 400, (path, r))
            self.assertEqual(r.error()["code"], "invalid-input", (path, r))
            if field != "kind":
                self.assertEqual(r.error().get("field"), field, (path, r))
        r = W.root.delete("/api/v1/models/%d" % mid)
        assert_error(self, r, 400, "invalid-input", "version")
        r = W.root.delete("/api/v1/models/%d?version=999" % mid)
        self.assertEqual(assert_error(self, r, 409, "conflict")["current_version"],
                         model_version(mid))
        self.assertEqual(W.root.get("/healthz").status, 200)


# --------------------------------------------------------------------------------------------
# 5. No lost updates


def run_parallel(n, fn):
    barrier = threading.Barrier(n)
    results = [None] * n
    errors = []

    def body(i):
        try:
            barrier.wait(timeout=60)
            results[i] = fn(i)
        except Exception as e:  # reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    return results


class ConcurrencyTest(unittest.TestCase):
    N = 50
    MAX_TRIES = 200

    @classmethod
    def setUpClass(cls):
        cls.project = new_project(W, unique("race"))
        W.root.ok("PUT", "/api/v1/projects/%d/members/%d" % (cls.project["id"],
                                                            W.users["racer"]["id"]),
                  {"role": "contributor"}, status=200)
        racer = W.server.client().login("racer")
        cls.clients = [W.server.client(token=racer.ok("POST", "/api/v1/tokens",
                                                      {"name": "racer %d" % i},
                                                      status=201)["token"])
                       for i in range(cls.N)]

    def test_concurrent_model_creation(self):
        name = unique("same name")
        created = run_parallel(self.N, lambda i: self.clients[i].post(
            "/api/v1/projects/%d/models" % self.project["id"],
            {"name": name, "document": SMALL, "comment": "c%d" % i}))
        winners = [r for r in created if r.status == 201]
        self.assertEqual(len(winners), 1, [r for r in created if r.status not in (201, 409)])
        for r in created:
            if r.status != 201:
                assert_error(self, r, 409, "conflict", "name")
        models = [m for m in W.root.ok("GET", "/api/v1/projects/%d/models" %
                                       self.project["id"])["models"] if m["name"] == name]
        self.assertEqual([m["id"] for m in models], [winners[0].json()["model"]["id"]])

    def test_concurrent_revisions(self):
        model = W.root.ok("POST", "/api/v1/projects/%d/models" % self.project["id"],
                          {"name": "raced", "document": SMALL}, status=201)["model"]
        path = "/api/v1/models/%d" % model["id"]

        # Each client reads the version, uploads on top of it and, on 409, retries on top of
        # the current version the error names, until one upload of its own went through.
        def attempt(i):
            c = self.clients[i]
            out = []
            v = c.ok("GET", path)["version"]
            for k in range(self.MAX_TRIES):
                r = c.put(path, {"version": v, "document": SMALL, "comment": "c%d-%d" % (i, k)})
                out.append((v, r))
                if r.status != 409:
                    break
                v = r.error()["current_version"] if k % 2 else c.ok("GET", path)["version"]
            return out

        results = [x for per in run_parallel(self.N, attempt) for x in per]
        acked, conflicts = [], 0
        for based_on, r in results:
            if r.status == 200:
                j = r.json()
                self.assertEqual(j["revision"], based_on + 1, r)
                self.assertEqual(j["model"]["version"], based_on + 1, r)
                acked.append(j["revision"])
            else:
                e = assert_error(self, r, 409, "conflict")
                self.assertGreater(e["current_version"], based_on, e)
                conflicts += 1
        note("revisions: %d attempts, %d acknowledged, %d conflicts" %
             (len(results), len(acked), conflicts))
        self.assertEqual(len(acked) + conflicts, len(results))
        self.assertEqual(len(set(acked)), len(acked), sorted(acked))
        self.assertEqual(len(acked), self.N, "a client never got through")
        final = W.root.ok("GET", path)
        self.assertEqual(final["version"], 1 + len(acked))
        numbers = [x["number"] for x in W.root.ok("GET", path + "/revisions")["revisions"]]
        self.assertEqual(sorted(numbers), list(range(1, 2 + len(acked))))
        self.assertEqual(set(numbers) - {1}, set(acked))

    def test_concurrent_decisions(self):
        model = W.root.ok("POST", "/api/v1/projects/%d/models" % self.project["id"],
                          {"name": "decided", "document": SMALL}, status=201)["model"]
        mid = model["id"]
        risk = W.root.ok("GET", "/api/v1/models/%d/revisions/latest/risks" % mid)[0][
            "synthetic_id"]
        path = "/api/v1/models/%d/decisions/%s" % (mid, risk)
        # Everybody creates the decision at once (version 0): exactly one wins.
        created = run_parallel(self.N, lambda i: self.clients[i].put(
            path, {"version": 0, "status": "in-discussion", "owner": "o%d" % i}))
        winners = [r for r in created if r.status == 200]
        self.assertEqual(len(winners), 1, created)
        self.assertEqual(winners[0].json()["version"], 1)
        for r in created:
            if r.status != 200:
                self.assertEqual(assert_error(self, r, 409, "conflict")["current_version"], 1)
        d = W.root.ok("GET", "/api/v1/models/%d/decisions" % mid)["decisions"]
        self.assertEqual([(x["synthetic_id"], x["version"], x["owner"]) for x in d],
                         [(risk, 1, winners[0].json()["owner"])])
        dv0 = W.root.ok("GET", "/api/v1/models/%d" % mid)["decisions_version"]

        def attempt(i):
            c = self.clients[i]
            out = []
            for k in range(self.MAX_TRIES):
                v = [d for d in c.ok("GET", "/api/v1/models/%d/decisions" % mid)["decisions"]
                     if d["synthetic_id"] == risk][0]["version"]
                r = c.put(path, {"version": v, "status": "in-progress",
                                 "ticket": "T-%d-%d" % (i, k)})
                out.append((v, r))
                if r.status != 409:
                    break
            return out

        results = [x for per in run_parallel(self.N, attempt) for x in per]
        acked, conflicts = {}, 0
        for based_on, r in results:
            if r.status == 200:
                self.assertEqual(r.json()["version"], based_on + 1, r)
                acked[r.json()["version"]] = r.json()["ticket"]
            else:
                e = assert_error(self, r, 409, "conflict")
                self.assertGreater(e["current_version"], based_on, e)
                conflicts += 1
        successes = sum(1 for _, r in results if r.status == 200)
        note("decisions: %d attempts, %d acknowledged, %d conflicts" %
             (len(results), successes, conflicts))
        self.assertEqual(successes + conflicts, len(results))
        self.assertEqual(len(acked), successes, "two writes acknowledged the same version")
        self.assertEqual(successes, self.N, "a client never got through")
        final = W.root.ok("GET", "/api/v1/models/%d/decisions" % mid)
        d = [x for x in final["decisions"] if x["synthetic_id"] == risk][0]
        self.assertEqual(d["version"], 1 + successes)
        self.assertEqual(d["ticket"], acked[d["version"]])
        self.assertEqual(final["decisions_version"], dv0 + successes)
        self.assertEqual(sorted(acked), list(range(2, 2 + successes)))
        # Each acknowledged decision write is in the audit log, once.
        audit, after = [], 0
        while True:
            page = W.root.ok("GET", "/api/v1/projects/%d/audit?limit=1000&after=%d" % (
                self.project["id"], after))
            audit += page["entries"]
            if not page["entries"]:
                break
            after = page["next_after"]
        versions = sorted(e["version_after"] for e in audit
                          if e["action"] == "decision.update" and e["object_id"].endswith(risk))
        self.assertEqual(versions, list(range(2, 2 + successes)))


# --------------------------------------------------------------------------------------------
# 6. Crash safety


class CrashTest(unittest.TestCase):
    def test_kill_9_keeps_acknowledged_writes(self):
        db = fresh_db("crash")
        create_user_cli(db, "root", admin=True)
        server = Server(db, "crash").start()
        try:
            root = server.client().login("root")
            token = root.ok("POST", "/api/v1/tokens", {"name": "load"}, status=201)["token"]
            p = root.ok("POST", "/api/v1/projects", {"name": "crash"}, status=201)
            models = [root.ok("POST", "/api/v1/projects/%d/models" % p["id"],
                              {"name": "m%d" % i, "document": SMALL}, status=201)["model"]["id"]
                      for i in range(4)]
            risks = [r["synthetic_id"] for r in root.ok(
                "GET", "/api/v1/models/%d/revisions/latest/risks" % models[0])][:2]
            acked_revs = {m: [] for m in models}
            acked_decisions = {r: [] for r in risks}
            stop = threading.Event()

            def revisions(mid):
                c = server.client(token=token)
                v = 1
                while not stop.is_set():
                    try:
                        r = c.put("/api/v1/models/%d" % mid, {"version": v, "document": SMALL},
                                  timeout=10)
                    except OSError:
                        return
                    if r.status == 200:
                        v = r.json()["revision"]
                        acked_revs[mid].append(v)
                    else:
                        return

            def decisions(risk):
                c = server.client(token=token)
                v = 0
                while not stop.is_set():
                    try:
                        r = c.put("/api/v1/models/%d/decisions/%s" % (models[0], risk),
                                  {"version": v, "status": "in-progress"}, timeout=10)
                    except OSError:
                        return
                    if r.status == 200:
                        v = r.json()["version"]
                        acked_decisions[risk].append(v)
                    else:
                        return

            threads = [threading.Thread(target=revisions, args=(m,)) for m in models[1:]]
            threads += [threading.Thread(target=decisions, args=(r,)) for r in risks]
            for t in threads:
                t.start()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (
                    sum(map(len, acked_revs.values())) < 40 or
                    sum(map(len, acked_decisions.values())) < 20):
                time.sleep(0.05)
            server.kill9()
            stop.set()
            for t in threads:
                t.join(timeout=30)
            note("crash: killed after %d revisions and %d decision writes were acknowledged" %
                 (sum(map(len, acked_revs.values())), sum(map(len, acked_decisions.values()))))
            self.assertGreaterEqual(sum(map(len, acked_revs.values())), 40)
            self.assertGreaterEqual(sum(map(len, acked_decisions.values())), 20)

            check = admin_check(db)
            self.assertEqual(check.returncode, 0, check.stdout + check.stderr)

            server.start()
            root = server.client(token=token)
            for mid, acked in acked_revs.items():
                numbers = {x["number"] for x in root.ok(
                    "GET", "/api/v1/models/%d/revisions" % mid)["revisions"]}
                version = root.ok("GET", "/api/v1/models/%d" % mid)["version"]
                self.assertEqual(numbers, set(range(1, version + 1)))
                self.assertTrue(set(acked) <= numbers, (mid, acked, numbers))
                # At most the one write in flight at the kill may have committed unanswered.
                self.assertIn(version - (max(acked) if acked else 1), (0, 1))
            final = {d["synthetic_id"]: d["version"] for d in root.ok(
                "GET", "/api/v1/models/%d/decisions" % models[0])["decisions"]}
            for risk, acked in acked_decisions.items():
                if acked:
                    self.assertIn(final[risk] - max(acked), (0, 1), (risk, acked, final))
            # The restarted server writes on top.
            v = root.ok("GET", "/api/v1/models/%d" % models[1])["version"]
            r = root.put("/api/v1/models/%d" % models[1], {"version": v, "document": SMALL})
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["revision"], v + 1)
        finally:
            server.stop()
        check = admin_check(db)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)


# --------------------------------------------------------------------------------------------
# 7. Live events


def ws_connect(server, client, after=None):
    path = "/api/v1/events" + ("?after=%d" % after if after is not None else "")
    headers = {}
    if client.token:
        headers["Authorization"] = "Bearer " + client.token
    if client.cookie:
        headers["Cookie"] = "tp_session=" + client.cookie
    ws = wsclient.WebSocket(server.port, path, headers)
    hello = ws.recv_json()
    assert hello["type"] == "hello", hello
    return ws, hello


def read_until(ws, pred, timeout=15):
    """Events up to and including the first for which pred(event) holds."""
    out = []
    deadline = time.monotonic() + timeout
    while True:
        e = ws.recv_json(timeout=max(0.1, deadline - time.monotonic()))
        out.append(e)
        if pred(e):
            return out


class EventsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        w = W
        cls.p1 = w.root.ok("POST", "/api/v1/projects", {"name": unique("ev1")}, status=201)
        cls.p2 = w.root.ok("POST", "/api/v1/projects", {"name": unique("ev2")}, status=201)
        w.root.ok("PUT", "/api/v1/projects/%d/members/%d" % (cls.p1["id"],
                                                            w.users["listener"]["id"]),
                  {"role": "contributor"}, status=200)
        cls.m1 = w.root.ok("POST", "/api/v1/projects/%d/models" % cls.p1["id"],
                           {"name": "m1", "document": SMALL}, status=201)["model"]
        cls.m2 = w.root.ok("POST", "/api/v1/projects/%d/models" % cls.p2["id"],
                           {"name": "m2", "document": SMALL}, status=201)["model"]
        cls.risk = w.root.ok("GET", "/api/v1/models/%d/revisions/latest/risks" %
                             cls.m1["id"])[0]["synthetic_id"]
        cls.listener = w.server.client().login("listener")

    def upload(self, model, via=None):
        c = via or W.root
        path = "/api/v1/models/%d" % model["id"]
        v = c.ok("GET", path)["version"]
        return c.ok("PUT", path, {"version": v, "document": SMALL}, status=200)

    def decide(self, model, via=None):
        c = via or W.root
        v = 0
        for d in c.ok("GET", "/api/v1/models/%d/decisions" % model["id"])["decisions"]:
            if d["synthetic_id"] == self.risk:
                v = d["version"]
        return c.ok("PUT", "/api/v1/models/%d/decisions/%s" % (model["id"], self.risk),
                    {"version": v, "status": "in-progress"}, status=200)

    def sentinel(self, via=None):
        c = via or W.root
        p = c.ok("GET", "/api/v1/projects/%d" % self.p1["id"])
        marker = unique("sentinel")
        c.ok("PATCH", "/api/v1/projects/%d" % self.p1["id"],
             {"version": p["version"], "description": marker}, status=200)
        return lambda e: e["type"] == "project.update" and e["payload"].get(
            "description") == marker

    def test_refused_without_auth(self):
        with self.assertRaises(wsclient.HandshakeRefused) as cm:
            wsclient.WebSocket(W.server.port, "/api/v1/events")
        self.assertEqual(cm.exception.status, 401)
        self.assertEqual(json.loads(cm.exception.body)["error"]["code"], "unauthenticated")
        with self.assertRaises(wsclient.HandshakeRefused) as cm:
            wsclient.WebSocket(W.server.port, "/api/v1/events?after=x",
                               {"Cookie": "tp_session=" + self.listener.cookie})
        self.assertEqual(cm.exception.status, 400)
        with self.assertRaises(wsclient.HandshakeRefused) as cm:
            wsclient.WebSocket(W.server.port, "/api/v1/events",
                               {"Cookie": "tp_session=" + self.listener.cookie,
                                "Origin": "https://evil.example"})
        self.assertEqual(cm.exception.status, 403)
        # The endpoint asked for without the upgrade says what it expects.
        conn = http.client.HTTPConnection("127.0.0.1", W.server.port, timeout=10)
        conn.request("GET", "/api/v1/events", headers={"Cookie": "tp_session=" + self.listener.cookie})
        resp = conn.getresponse()
        body = json.loads(resp.read())
        conn.close()
        self.assertEqual(resp.status, 426)
        self.assertEqual(resp.getheader("Upgrade"), "websocket")
        self.assertEqual(body["error"]["code"], "upgrade-required")

    def test_member_sees_own_project_only_and_resumes(self):
        admin_ws, _ = ws_connect(W.server, W.root)
        ws, hello = ws_connect(W.server, self.listener)
        self.assertIsInstance(hello["last_event_id"], int)
        try:
            rev = self.upload(self.m1)["revision"]
            dec = self.decide(self.m1)
            self.upload(self.m2)
            self.decide(self.m2)
            done = self.sentinel()
            seen = read_until(ws, done)
            everything = read_until(admin_ws, done)
            self.assertEqual([e["type"] for e in seen],
                             ["model.revision", "decision.update", "project.update"], seen)
            self.assertEqual({e["project_id"] for e in seen}, {self.p1["id"]})
            self.assertEqual(seen[0]["payload"], {"model_id": self.m1["id"], "revision": rev})
            self.assertEqual(seen[1]["payload"]["model_id"], self.m1["id"])
            self.assertEqual(seen[1]["payload"]["decision"]["version"], dec["version"])
            self.assertEqual(seen[1]["payload"]["decision"]["synthetic_id"], self.risk)
            for e in seen:
                self.assertRegex(e["at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
                self.assertGreater(e["id"], hello["last_event_id"])
            self.assertIn(self.p2["id"], {e["project_id"] for e in everything})
            self.assertEqual(seen, [e for e in everything if e["project_id"] == self.p1["id"]])
            last = seen[-1]["id"]
            ws.close()

            # While the listener is away.
            self.upload(self.m1)
            self.upload(self.m2)
            self.decide(self.m1)
            self.sentinel()
            self.decide(self.m2)
            self.upload(self.m1)
            done = self.sentinel()
            everything = read_until(admin_ws, done)

            ws, hello = ws_connect(W.server, self.listener, after=last)
            self.assertEqual(hello["last_event_id"], last)
            caught_up = read_until(ws, done)
            ids = [e["id"] for e in caught_up]
            self.assertEqual(ids, sorted(set(ids)), "out of order or duplicated")
            self.assertEqual(caught_up,
                             [e for e in everything if e["project_id"] == self.p1["id"]])
            self.assertEqual([e["type"] for e in caught_up],
                             ["model.revision", "decision.update", "project.update",
                              "model.revision", "project.update"])
            # And live again afterwards.
            rev = self.upload(self.m1, via=self.listener)["revision"]
            e = ws.recv_json()
            self.assertEqual((e["type"], e["payload"]), ("model.revision",
                                                         {"model_id": self.m1["id"],
                                                          "revision": rev}))
            self.assertGreater(e["id"], caught_up[-1]["id"])
        finally:
            ws.close()
            admin_ws.close()

    def test_membership_change_reaches_new_member(self):
        # A user added to a project while connected starts seeing its events.
        ws, _ = ws_connect(W.server, self.listener)
        try:
            W.root.ok("PUT", "/api/v1/projects/%d/members/%d" % (self.p2["id"],
                                                                W.users["listener"]["id"]),
                      {"role": "viewer"}, status=200)
            rev = self.upload(self.m2)["revision"]
            got = read_until(ws, lambda e: e["type"] == "model.revision")
            self.assertEqual(got[-1]["payload"], {"model_id": self.m2["id"], "revision": rev})
            W.root.ok("DELETE", "/api/v1/projects/%d/members/%d" % (self.p2["id"],
                                                                   W.users["listener"]["id"]),
                      status=204)
            self.upload(self.m2)
            done = self.sentinel()
            got = read_until(ws, done)
            self.assertNotIn("model.revision", [e["type"] for e in got], got)
        finally:
            ws.close()

    def test_second_instance_sees_events(self):
        if BACKEND != "postgres":
            self.skipTest("two server processes share a database on PostgreSQL only")
        other = Server(W.db, "second").start()
        try:
            listener = other.client(token=W.clients["viewer"].ok(
                "POST", "/api/v1/tokens", {"name": "b"}, status=201)["token"])
            # The token was made through instance A and works on B.
            ws, _ = ws_connect(other, self.listener)
            admin_b, _ = ws_connect(other, W.root)
            try:
                rev = self.upload(self.m1)["revision"]  # through instance A
                got = read_until(ws, lambda e: e["type"] == "model.revision")
                self.assertEqual(got[-1]["payload"], {"model_id": self.m1["id"], "revision": rev})
                self.assertEqual(got[-1]["project_id"], self.p1["id"])
                # And the other way round: written through B, seen on A.
                a_ws, _ = ws_connect(W.server, self.listener)
                try:
                    b_listener = other.client().login("listener")
                    rev = self.upload(self.m1, via=b_listener)["revision"]
                    got = read_until(a_ws, lambda e: e["type"] == "model.revision")
                    self.assertEqual(got[-1]["payload"]["revision"], rev)
                    got_b = read_until(admin_b, lambda e: e["type"] == "model.revision" and
                                       e["payload"]["revision"] == rev)
                    self.assertEqual(got_b[-1]["id"], got[-1]["id"])
                finally:
                    a_ws.close()
                self.assertEqual(listener.ok("GET", "/api/v1/auth/session")["user"]["username"],
                                 "viewer")
            finally:
                ws.close()
                admin_b.close()
        finally:
            other.stop()


# --------------------------------------------------------------------------------------------
# 8. Decisions folded into the next revision; 9. diff and diagram


def tracking_block(document, key):
    """The lines of `key`'s entry under risk_tracking in a native YAML document."""
    lines = document.splitlines()
    try:
        start = lines.index("risk_tracking:")
    except ValueError:
        return None
    block = None
    for line in lines[start + 1:]:
        if line and not line.startswith(" "):
            break
        stripped = line.strip()
        if line.startswith("  ") and not line.startswith("   "):
            name = stripped[:-1] if stripped.endswith(":") else stripped
            name = name.strip("'\"")
            if block is not None:
                break
            if name == key:
                block = []
            continue
        if block is not None:
            block.append(stripped)
    return block


class DecisionFoldTest(unittest.TestCase):
    def test_decisions_become_part_of_the_next_revision(self):
        with open(EXAMPLE, encoding="utf-8") as f:
            shop = f.read()
        c = W.clients["contributor"]
        pid = W.project["id"]
        created = c.ok("POST", "/api/v1/projects/%d/models" % pid,
                       {"name": unique("shop"), "document": shop}, status=201)
        self.assertEqual(created["replaced_tracking"], [])
        mid = created["model"]["id"]
        path = "/api/v1/models/%d" % mid
        risks = {r["synthetic_id"]: r for r in c.ok("GET", path + "/revisions/latest/risks")}
        self.assertIn("missing-waf@order-service", risks)
        self.assertEqual(risks["missing-waf@order-service"]["risk_status"], "accepted")
        fresh = sorted(k for k, r in risks.items() if r["risk_status"] == "unchecked")[0]
        self.assertIsNone(tracking_block(
            c.ok("GET", path + "/revisions/1?format=yaml").body.decode(), fresh))

        d = c.ok("PUT", path + "/decisions/" + fresh,
                 {"version": 0, "status": "mitigated", "justification": "TLS added",
                  "ticket": "SHOP-1", "date": "2026-01-02"}, status=200)
        self.assertEqual((d["version"], d["status"], d["updated_by"]),
                         (1, "mitigated", W.users["contributor"]["id"]))
        d2 = c.ok("PUT", path + "/decisions/missing-waf@order-service",
                  {"version": 0, "status": "in-progress", "ticket": "SHOP-2"}, status=200)
        self.assertEqual(d2["version"], 1)
        # The latest revision's risks show the decisions at once.
        now = {r["synthetic_id"]: r for r in c.ok("GET", path + "/revisions/latest/risks")}
        self.assertEqual(now[fresh]["risk_status"], "mitigated")
        self.assertEqual(now["missing-waf@order-service"]["risk_status"], "in-progress")
        up = c.ok("PUT", path, {"version": 1, "document": shop}, status=200)
        self.assertEqual(up["revision"], 2)
        # The upload said "accepted" for missing-waf@order-service; the API decision won.
        self.assertEqual(up["replaced_tracking"], ["missing-waf@order-service"])
        r = c.get(path + "/revisions/2?format=yaml")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["content-type"].startswith("application/yaml"), r.headers)
        doc = r.body.decode()
        block = tracking_block(doc, fresh)
        self.assertIsNotNone(block, doc[doc.find("risk_tracking:"):])
        self.assertIn("status: mitigated", block)
        self.assertIn("ticket: SHOP-1", block)
        self.assertTrue(any(x.startswith("date:") and "2026-01-02" in x for x in block), block)
        waf = tracking_block(doc, "missing-waf@order-service")
        self.assertIn("status: in-progress", waf)
        self.assertEqual(c.ok("GET", path + "/revisions/2")["document"], doc)
        latest = {r["synthetic_id"]: r for r in c.ok("GET", path + "/revisions/latest/risks")}
        self.assertEqual(latest[fresh]["risk_status"], "mitigated")
        # Revision 1, no longer the latest, reads as it was uploaded.
        old = {r["synthetic_id"]: r for r in c.ok("GET", path + "/revisions/1/risks")}
        self.assertEqual(old[fresh]["risk_status"], "unchecked")
        self.assertEqual(old["missing-waf@order-service"]["risk_status"], "accepted")
        # Uploading the stored revision back replaces nothing: it already agrees.
        up = c.ok("PUT", path, {"version": 2, "document": doc}, status=200)
        self.assertEqual(up["replaced_tracking"], [])
        summary = c.ok("GET", path)["summary"]
        self.assertEqual(summary["risks"], len(latest))

    def test_diff_and_diagram(self):
        c = W.clients["viewer"]
        w = W.clients["contributor"]
        pid = W.project["id"]
        mid = w.ok("POST", "/api/v1/projects/%d/models" % pid,
                   {"name": unique("diffed"), "document": SMALL}, status=201)["model"]["id"]
        path = "/api/v1/models/%d" % mid
        w.ok("PUT", path, {"version": 1, "document": SMALL_PLUS}, status=200)
        before = {r["synthetic_id"] for r in c.ok("GET", path + "/revisions/1/risks")}
        after = {r["synthetic_id"] for r in c.ok("GET", path + "/revisions/2/risks")}
        self.assertTrue(after - before, "the added datastore brings no risk")
        d = c.ok("GET", path + "/diff")
        self.assertEqual(sorted(r["synthetic_id"] for r in d["risks_added"]),
                         sorted(after - before))
        self.assertEqual(sorted(r["synthetic_id"] for r in d["risks_removed"]),
                         sorted(before - after))
        self.assertIn({"kind": "component", "id": "files", "change": "added"},
                      [{k: e[k] for k in ("kind", "id", "change")} for e in d["elements"]])
        for e in d["elements"]:
            self.assertEqual("fields" in e, e["change"] == "changed", e)
        self.assertIsInstance(d["attack_paths_changed"], list)
        back = c.ok("GET", path + "/diff?from=2&to=1")
        self.assertEqual(sorted(r["synthetic_id"] for r in back["risks_removed"]),
                         sorted(after - before))
        self.assertEqual(back["risks_added"], d["risks_removed"])
        same = c.ok("GET", path + "/diff?from=2&to=2")
        self.assertEqual((same["risks_added"], same["risks_removed"]), ([], []))
        for q in ["", "?kind=dfd", "?kind=data"]:
            r = c.get(path + "/revisions/latest/diagram" + q)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.headers["content-type"].split(";")[0], "image/svg+xml")
            text = r.body.decode()
            self.assertTrue(text.startswith("<?xml") or text.startswith("<svg"), text[:100])
            self.assertIn("</svg>", text)
        self.assertIn("files", c.get(path + "/revisions/2/diagram").body.decode())
        self.assertNotIn(">files<", c.get(path + "/revisions/1/diagram").body.decode())
        # The pen-test brief, as the CLI writes it.
        brief = c.ok("GET", path + "/revisions/latest/brief?format=json&paths=1")
        self.assertIn("files", [x["id"] for x in brief["scope"]["components"]])
        self.assertLessEqual(len(brief["attack_paths"]), 1)
        md = c.get(path + "/revisions/1/brief")
        self.assertEqual(md.status, 200)
        self.assertEqual(md.headers["content-type"].split(";")[0], "text/markdown")
        self.assertTrue(md.body.decode().startswith("# Pen-test brief: "))
        bad = c.get(path + "/revisions/1/brief?format=pdf")
        self.assertEqual(bad.status, 400)
        self.assertEqual(json.loads(bad.body)["error"]["field"], "format")


# --------------------------------------------------------------------------------------------
# 8. Intakes, the queue and findings


# examples/intake/paved-internal.yaml: tier none, priority 8.
PAVED_ANSWERS = {
    "summary": "A scheduled job that aggregates CI build durations into a dashboard.",
    "change_kind": "new_system", "data_kinds": ["none"], "internet_facing": "no",
    "multi_tenant": "no", "new_authn": "no", "new_authz": "no", "new_crypto": "no",
    "third_party": "no", "service_template": "yes", "standard_auth": "yes",
    "secrets_store": "yes", "standard_logging": "yes"}

# examples/intake/exposed-pii-off-path.yaml: security-led, priority 74 (yes/no as JSON booleans).
EXPOSED_ANSWERS = {
    "summary": "A public web form and API where partners register and upload contact lists.",
    "change_kind": "new_system", "data_kinds": ["pii", "credentials"], "data_volume": "medium",
    "data_leaves": True, "internet_facing": True, "anonymous_access": True,
    "multi_tenant": True, "new_authn": True, "new_authz": True, "new_crypto": False,
    "third_party": True,
    "third_party_names": "An e-mail delivery service receives partner contact addresses.",
    "service_template": False, "standard_auth": False, "secrets_store": True,
    "standard_logging": True}

# An internal page listing customers' e-mail addresses: security-led, priority 32.
INTERNAL_PII_ANSWERS = {
    "summary": "An internal admin page listing customer e-mail addresses.",
    "change_kind": "new_system", "data_kinds": ["pii"], "data_volume": "small",
    "data_leaves": "no", "internet_facing": "no", "multi_tenant": "no", "new_authn": "no",
    "new_authz": "yes", "new_crypto": "no", "third_party": "no", "service_template": "yes",
    "standard_auth": "yes", "secrets_store": "yes", "standard_logging": "yes"}


def add_business_days(start, days):
    """The documented SLA rule: `days` business days after `start` (weekends skipped)."""
    import datetime
    t = datetime.datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ")
    while days > 0:
        t += datetime.timedelta(days=1)
        if t.weekday() < 5:
            days -= 1
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class IntakeTest(unittest.TestCase):
    """Three teams' projects file intakes; the security team triages them and ranks the queue."""

    @classmethod
    def setUpClass(cls):
        cls.names = {}
        for role in ["filer", "triager", "looker"]:
            name = unique("intake-" + role)
            cls.names[role] = name
            W.root.ok("POST", "/api/v1/users", {"username": name, "password": PASSWORD},
                      status=201)
        users = {u["username"]: u for u in W.root.ok("GET", "/api/v1/users")["users"]}
        cls.projects = []
        for i in range(3):
            team = W.root.ok("POST", "/api/v1/teams", {"name": unique("intake-team")}, status=201)
            p = W.root.ok("POST", "/api/v1/projects",
                          {"name": unique("intake-project"), "team_id": team["id"]}, status=201)
            for role, project_role in [("filer", "contributor"), ("triager", "security"),
                                       ("looker", "viewer")]:
                W.root.ok("PUT", "/api/v1/projects/%d/members/%d" %
                          (p["id"], users[cls.names[role]]["id"]), {"role": project_role},
                          status=200)
            cls.projects.append(p)
        # The shared fixture's project admin runs the first project too.
        W.root.ok("PUT", "/api/v1/projects/%d/members/%d" %
                  (cls.projects[0]["id"], W.users["padmin"]["id"]), {"role": "admin"},
                  status=200)
        cls.filer = W.server.client().login(cls.names["filer"])
        cls.triager = W.server.client().login(cls.names["triager"])
        cls.looker = W.server.client().login(cls.names["looker"])

    def file(self, project, title, answers, client=None, status=201, **extra):
        body = dict({"title": title, "answers": answers}, **extra)
        return (client or self.filer).ok("POST", "/api/v1/projects/%d/intakes" % project["id"],
                                         body, status=status)

    def patch(self, intake, body, client=None):
        return (client or self.triager).patch("/api/v1/intakes/%d" % intake["id"], body)

    def queue(self, client=None, query="hours=20"):
        return (client or self.triager).ok("GET", "/api/v1/queue?" + query)

    def test_triage_and_queue_across_teams(self):
        a, b, c = self.projects
        exposed = self.file(a, "Partner sign-up portal", EXPOSED_ANSWERS,
                            questionnaire="design-review")
        internal = self.file(b, "Customer e-mail admin page", INTERNAL_PII_ANSWERS)
        paved = self.file(c, "Weekly build-time report", PAVED_ANSWERS)

        self.assertEqual((exposed["tier"], exposed["priority"]), ("security-led", 74))
        self.assertEqual((internal["tier"], internal["priority"]), ("security-led", 32))
        self.assertEqual((paved["tier"], paved["priority"]), ("none", 8))
        self.assertEqual(exposed["reasons"][0],
                         {"source": "exposed_sensitive_off_path",
                          "answer": exposed["reasons"][0]["answer"], "points": 30})
        self.assertTrue(exposed["reasons"][0]["answer"].startswith("when "), exposed["reasons"])
        self.assertEqual(paved["reasons"],
                         [{"source": "change_kind", "answer": "new_system", "points": 5}])
        self.assertEqual(len(exposed["findings"]), 7)
        self.assertEqual(exposed["findings"][0]["id"], "intake-exposed-sensitive-off-path")
        self.assertEqual(exposed["findings"][0]["severity"], "critical")
        self.assertEqual(paved["findings"], [])
        for i in (exposed, internal, paved):
            self.assertEqual((i["status"], i["version"], i["questionnaire"]),
                             ("new", 1, "design-review"))
            self.assertEqual(i["created_by"], self.filer.user["id"])
            self.assertEqual(i["warnings"], [])
        self.assertEqual(exposed["answers"], EXPOSED_ANSWERS)
        # The SLA: 2 business days for security-led with priority >= 70, 5 for other
        # security-led ones, 10 for tier none.
        self.assertEqual(exposed["due_at"], add_business_days(exposed["created_at"], 2))
        self.assertEqual(internal["due_at"], add_business_days(internal["created_at"], 5))
        self.assertEqual(paved["due_at"], add_business_days(paved["created_at"], 10))

        # Reading: viewers list and read; someone outside the project gets 404.
        listed = self.looker.ok("GET", "/api/v1/projects/%d/intakes" % c["id"])["intakes"]
        self.assertEqual([(i["id"], i["project_id"]) for i in listed], [(paved["id"], c["id"])])
        got = self.looker.ok("GET", "/api/v1/intakes/%d" % exposed["id"])
        self.assertEqual(got["reasons"], exposed["reasons"])
        self.assertNotIn("warnings", got)
        assert_error(self, W.clients["nonmember"].get("/api/v1/intakes/%d" % exposed["id"]), 404,
                     "not-found")
        assert_error(self, W.clients["nonmember"].get("/api/v1/projects/%d/intakes" % a["id"]),
                     404, "not-found")

        # 20 hours: the exposed portal (16 h) fits, the internal page (16 h) waits, the paved
        # report costs nothing.
        q = self.queue()
        self.assertEqual([(e["intake"]["id"], e["rank"], e["decision"], e["fits_this_week"],
                           e["hours"]) for e in q["intakes"]],
                         [(exposed["id"], 1, "this-week", True, 16),
                          (internal["id"], 2, "waits", False, 16),
                          (paved["id"], 3, "no-work", True, 0)])
        self.assertEqual((q["hours_per_week"], q["hours_used"], q["hours_left"]), (20, 16, 4))
        self.assertEqual((q["this_week"], q["waiting"], q["no_work"]), (1, 1, 1))
        self.assertEqual(q["effort_hours"], {"none": 0, "self-service": 2, "security-led": 16})
        # A full week takes both; cheaper security-led reviews also fit in 20 hours.
        q = self.queue(query="hours=40")
        self.assertEqual([e["decision"] for e in q["intakes"]], ["this-week", "this-week",
                                                                 "no-work"])
        self.assertEqual(q["hours_used"], 32)
        q = self.queue(query="hours=20&effort_security_led=10&effort_none=1")
        self.assertEqual([e["hours"] for e in q["intakes"]], [10, 10, 1])
        self.assertEqual((q["hours_used"], q["this_week"], q["waiting"]), (20, 2, 1))
        # An intake's own estimate replaces its tier's effort.
        small = self.file(b, "Small internal page", INTERNAL_PII_ANSWERS, effort_hours=3)
        self.assertEqual(small["effort_hours"], 3)
        q = self.queue()
        self.assertEqual([(e["intake"]["id"], e["decision"]) for e in q["intakes"]],
                         [(exposed["id"], "this-week"), (internal["id"], "waits"),
                          (small["id"], "this-week"), (paved["id"], "no-work")])
        self.assertEqual(q["hours_used"], 19)
        # Any signed-in user sees the intakes of the projects they can view.
        self.assertEqual(len(self.queue(self.looker)["intakes"]), 4)
        mine = {e["intake"]["id"] for e in self.queue(W.clients["nonmember"])["intakes"]}
        self.assertFalse(mine & {exposed["id"], internal["id"], paved["id"]})
        everything = {e["intake"]["id"] for e in self.queue(W.root)["intakes"]}
        self.assertTrue({exposed["id"], internal["id"], paved["id"]} <= everything)
        assert_error(self, self.triager.get("/api/v1/queue?hours=-1"), 400, "invalid-input",
                     "hours")
        assert_error(self, self.triager.get("/api/v1/queue?effort_security_led=x"), 400,
                     "invalid-input", "effort_security_led")
        assert_error(self, W.clients["anonymous"].get("/api/v1/queue"), 401, "unauthenticated")

        # In progress goes first; done leaves the queue.
        v = internal["version"]
        for status, extra in [("triaged", {}), ("scheduled", {"scheduled_for": "2026-12-07"}),
                              ("in-progress", {})]:
            r = self.patch(internal, dict({"version": v, "status": status}, **extra))
            self.assertEqual(r.status, 200, r)
            v = r.json()["version"]
        self.assertEqual(r.json()["scheduled_for"], "2026-12-07")
        q = self.queue()
        self.assertEqual(q["intakes"][0]["intake"]["id"], internal["id"])
        self.assertEqual(q["intakes"][1]["decision"], "waits")
        r = self.patch(internal, {"version": v, "status": "done"})
        self.assertEqual(r.status, 200, r)
        self.assertNotIn(internal["id"], [e["intake"]["id"] for e in self.queue()["intakes"]])

    def test_lifecycle_roles_and_versions(self):
        a = self.projects[0]
        ws, _ = ws_connect(W.server, self.looker)
        try:
            intake = self.file(a, "Lifecycle", EXPOSED_ANSWERS)
            path = "/api/v1/intakes/%d" % intake["id"]
            # Viewers cannot file; contributors cannot triage; outsiders see nothing.
            r = self.looker.post("/api/v1/projects/%d/intakes" % a["id"],
                                 {"title": "x", "answers": PAVED_ANSWERS})
            assert_error(self, r, 403, "permission-denied")
            assert_error(self, self.patch(intake, {"version": 1, "status": "triaged"},
                                          self.filer), 403, "permission-denied")
            assert_error(self, self.patch(intake, {"version": 1, "status": "triaged"},
                                          W.clients["nonmember"]), 404, "not-found")
            assert_error(self, self.patch({"id": 999999}, {"version": 1, "status": "triaged"}),
                         404, "not-found")

            r = self.patch(intake, {"version": 1, "status": "triaged"})
            self.assertEqual(r.status, 200, r)
            self.assertEqual((r.json()["status"], r.json()["version"]), ("triaged", 2))
            self.assertEqual(r.json()["updated_by"], self.triager.user["id"])
            # A stale version: 409 with the current one, nothing changes.
            e = assert_error(self, self.patch(intake, {"version": 1, "status": "scheduled"}),
                             409, "conflict")
            self.assertEqual(e["current_version"], 2)
            # An illegal transition: 400 naming status.
            e = assert_error(self, self.patch(intake, {"version": 2, "status": "done"}), 400,
                             "invalid-input", "status")
            self.assertEqual(e["message"], "intake %d is triaged and cannot become done (next: "
                             "scheduled or declined)" % intake["id"])
            assert_error(self, self.patch(intake, {"version": 2, "status": "finished"}), 400,
                         "invalid-input", "status")
            assert_error(self, self.patch(intake, {"version": 2, "status": "triaged",
                                                   "scheduled_for": "2026-12-01"}), 400,
                         "invalid-input", "status")
            assert_error(self, self.patch(intake, {"version": 2, "status": "scheduled",
                                                   "scheduled_for": "2026-02-30"}), 400,
                         "invalid-input", "scheduled_for")
            # Declining needs a reason.
            assert_error(self, self.patch(intake, {"version": 2, "status": "declined"}), 400,
                         "invalid-input", "reason")
            assert_error(self, self.patch(intake, {"version": 2, "status": "declined",
                                                   "reason": "  "}), 400, "invalid-input",
                         "reason")
            self.assertEqual(self.looker.ok("GET", path)["version"], 2)
            # The project admin may decide too.
            r = self.patch(intake, {"version": 2, "status": "declined",
                                    "reason": "covered by the platform review"},
                           W.clients["padmin"])
            self.assertEqual(r.status, 200, r)
            self.assertEqual((r.json()["status"], r.json()["status_reason"], r.json()["version"]),
                             ("declined", "covered by the platform review", 3))
            e = assert_error(self, self.patch(intake, {"version": 3, "status": "triaged"}), 400,
                             "invalid-input", "status")
            self.assertIn("it is final", e["message"])

            got = read_until(ws, lambda ev: ev["type"] == "intake.update" and
                             ev["payload"]["status"] == "declined")
            types = [(ev["type"], ev["payload"].get("status")) for ev in got
                     if ev["type"].startswith("intake.") and ev["payload"]["id"] == intake["id"]]
            self.assertEqual(types, [("intake.create", "new"), ("intake.update", "triaged"),
                                     ("intake.update", "declined")])
        finally:
            ws.close()
        audit = W.root.ok("GET", "/api/v1/projects/%d/audit?limit=1000" % a["id"])["entries"]
        entries = [e for e in audit if e["object_type"] == "intake" and
                   e["object_id"] == str(intake["id"])]
        mine = [(e["action"], e["version_before"], e["version_after"], e["actor"])
                for e in entries]
        self.assertEqual(mine, [("intake.create", 0, 1, self.names["filer"]),
                                ("intake.update", 1, 2, self.names["triager"]),
                                ("intake.update", 2, 3, "padmin")])
        self.assertEqual(entries[-1]["detail"], {"from": "triaged", "to": "declined",
                                               "reason": "covered by the platform review"})

    def test_bad_answers_name_the_question(self):
        a = self.projects[1]
        path = "/api/v1/projects/%d/intakes" % a["id"]
        before = len(self.looker.ok("GET", path)["intakes"])
        # examples/intake/invalid.yaml's mistakes: 422, a diagnostic each, the first as field.
        bad = dict(PAVED_ANSWERS, data_kinds=["pii", "phi_data"], internet_facing="maybe")
        r = self.filer.post(path, {"title": "broken", "answers": bad})
        e = assert_error(self, r, 422, "invalid-input", "answers.data_kinds")
        messages = [d["message"] for d in e["diagnostics"]]
        self.assertEqual(len(messages), 2, e)
        self.assertIn("question 'data_kinds' has no choice 'phi_data'", messages[0])
        self.assertEqual(messages[1], "question 'internet_facing' takes yes or no, found 'maybe'")
        r = self.filer.post(path, {"title": "x", "answers": dict(PAVED_ANSWERS, nope="yes")})
        e = assert_error(self, r, 422, "invalid-input", "answers.nope")
        self.assertIn("unknown question 'nope'", e["diagnostics"][0]["message"])
        r = self.filer.post(path, {"title": "x", "answers": dict(PAVED_ANSWERS,
                                                                 internet_facing=["yes"])})
        assert_error(self, r, 422, "invalid-input", "answers.internet_facing")
        # Wrong shapes are 400 naming the field.
        for body, field in [({"title": "x", "answers": ["yes"]}, "answers"),
                            ({"title": "x"}, "answers"),
                            ({"title": " ", "answers": PAVED_ANSWERS}, "title"),
                            ({"title": "x", "answers": PAVED_ANSWERS, "questionnaire": "vsaq"},
                             "questionnaire"),
                            ({"title": "x", "answers": PAVED_ANSWERS, "effort_hours": 0},
                             "effort_hours"),
                            ({"title": "x", "answers": PAVED_ANSWERS, "extra": 1}, "extra")]:
            assert_error(self, self.filer.post(path, body), 400, "invalid-input", field)
        self.assertEqual(len(self.looker.ok("GET", path)["intakes"]), before)

    def test_findings(self):
        a, b = self.projects[0], self.projects[1]
        path = "/api/v1/projects/%d/findings" % a["id"]
        vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        model = W.root.ok("POST", "/api/v1/projects/%d/models" % a["id"],
                          {"name": "findings-model", "document": SMALL}, status=201)["model"]
        other = W.root.ok("POST", "/api/v1/projects/%d/models" % b["id"],
                          {"name": "findings-model", "document": SMALL}, status=201)["model"]
        f = self.triager.ok("POST", path, {"title": "SQL injection in search",
                                           "phase": "pen-test",
                                           "cvss_vector": "CVSS:3.1/C:H/I:H/A:H/AV:N/AC:L/PR:N/"
                                                          "UI:N/S:U",
                                           "cost": 12000, "found_on": "2026-11-20",
                                           "model_id": model["id"]}, status=201)
        self.assertEqual((f["score"], f["severity"], f["cvss_version"], f["cvss_vector"]),
                         (9.8, "critical", "3.1", vector))
        self.assertEqual((f["cost"], f["model_id"], f["phase"]), (12000, model["id"], "pen-test"))
        plain = self.triager.ok("POST", path, {"title": "Verbose errors", "phase": "bug-bounty",
                                               "severity": "low", "found_on": "2026-11-21"},
                                status=201)
        self.assertEqual((plain["score"], plain["cvss_vector"], plain["severity"],
                          plain["cost"], plain["model_id"]), (None, None, "low", None, None))
        # v4.0 needs FIRST's tables: scored when the server has them, else refused clearly.
        v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
        r = self.triager.post(path, {"title": "RCE", "phase": "incident", "cvss_vector": v4,
                                     "found_on": "2026-11-22"})
        if r.status == 201:
            self.assertEqual((r.json()["score"], r.json()["severity"], r.json()["cvss_version"]),
                             (9.3, "critical", "4.0"))
        else:
            e = assert_error(self, r, 400, "invalid-input", "cvss_vector")
            self.assertIn("tables", e["message"])
        listed = self.looker.ok("GET", path)["findings"]
        self.assertEqual([x["id"] for x in listed][-2:], [plain["id"], f["id"]])

        good = {"title": "t", "phase": "design", "found_on": "2026-11-01"}
        for change, field in [({"cvss_vector": "CVSS:3.1/AV:N/AC:L"}, "cvss_vector"),
                              ({"cvss_vector": "not a vector"}, "cvss_vector"),
                              ({"cvss_vector": "CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C"},
                               "cvss_vector"),
                              ({}, "severity"),
                              ({"severity": "severe"}, "severity"),
                              ({"cvss_vector": vector, "severity": "low"}, "severity"),
                              ({"severity": "low", "phase": "audit"}, "phase"),
                              ({"severity": "low", "found_on": "2026-13-01"}, "found_on"),
                              ({"severity": "low", "cost": -1}, "cost"),
                              ({"severity": "low", "model_id": other["id"]}, "model_id"),
                              ({"severity": "low", "title": ""}, "title")]:
            r = self.triager.post(path, dict(good, **change))
            assert_error(self, r, 400, "invalid-input", field)
        r = self.triager.post(path, dict(good, cvss_vector="CVSS:3.1/AV:N/AC:L"))
        self.assertIn("PR", r.error()["message"])
        # Contributors and viewers cannot record findings; outsiders see nothing.
        for who in (self.filer, self.looker):
            assert_error(self, who.post(path, dict(good, severity="low")), 403,
                         "permission-denied")
        assert_error(self, W.clients["nonmember"].get(path), 404, "not-found")
        self.assertEqual(len(self.looker.ok("GET", path)["findings"]), len(listed))
        audit = W.root.ok("GET", "/api/v1/projects/%d/audit?limit=1000" % a["id"])["entries"]
        created = [e for e in audit if e["action"] == "finding.create"]
        self.assertEqual(created[0]["detail"], {"title": "SQL injection in search",
                                                "phase": "pen-test", "severity": "critical",
                                                "cvss_vector": vector})


# --------------------------------------------------------------------------------------------
# 9. Collaborative threat-modeling sessions


class SessionsTest(unittest.TestCase):
    """Five participants add, rate and decide threats, then close the session by a poll; a
    member who does not take part watches."""

    @classmethod
    def setUpClass(cls):
        cls.project = W.root.ok("POST", "/api/v1/projects", {"name": unique("sessions")},
                                status=201)
        pid = cls.project["id"]
        cls.clients, cls.ids = [], []
        for i in range(5):
            name = unique("part%d" % i)
            u = W.root.ok("POST", "/api/v1/users", {"username": name, "password": PASSWORD},
                          status=201)
            W.root.ok("PUT", "/api/v1/projects/%d/members/%d" % (pid, u["id"]),
                      {"role": "contributor"}, status=200)
            cls.clients.append(W.server.client().login(name))
            cls.ids.append(u["id"])
        name = unique("watcher")
        u = W.root.ok("POST", "/api/v1/users", {"username": name, "password": PASSWORD},
                      status=201)
        W.root.ok("PUT", "/api/v1/projects/%d/members/%d" % (pid, u["id"]),
                  {"role": "security"}, status=200)
        cls.watcher = W.server.client().login(name)
        cls.model = W.root.ok("POST", "/api/v1/projects/%d/models" % pid,
                              {"name": "shop", "document": SMALL}, status=201)["model"]
        cls.risks = W.root.ok("GET", "/api/v1/models/%d/revisions/latest/risks" %
                              cls.model["id"])

    def start(self, facilitator=0, **extra):
        body = {"title": unique("review"), "participants": self.ids,
                "facilitator": self.ids[facilitator]}
        body.update(extra)
        return self.clients[facilitator].ok(
            "POST", "/api/v1/models/%d/sessions" % self.model["id"], body, status=201)

    def test_five_participants_decide_and_close_by_majority(self):
        p = self.clients
        # p[1] watches on a second connection of its own.
        ws, hello = ws_connect(W.server, W.server.client().login(p[1].name))
        expected = []  # event types of this session, in order
        try:
            s = self.start()
            expected.append("session.create")
            sid = s["id"]
            path = "/api/v1/sessions/%d" % sid
            self.assertEqual((s["phase"], s["version"], s["revision"], s["facilitator_id"]),
                             ("discover", 1, self.model["version"], self.ids[0]))
            self.assertEqual(s["participants"], sorted(self.ids))
            self.assertEqual((s["poll"]["yes"], s["poll"]["no"], s["poll"]["pending"],
                              s["poll"]["needed"]), (0, 0, 5, 3))

            # Threats, one from an engine risk with affected assets.
            risk = self.risks[0]["synthetic_id"]
            a = p[0].ok("POST", path + "/threats",
                        {"title": "Session hijack", "stride": "spoofing", "source": "attacker",
                         "prerequisites": "stolen cookie", "action": "replays it",
                         "impact": "account takeover", "affected_assets": ["app", "user-data"],
                         "from_risk": risk}, status=201)
            expected.append("threat.create")
            self.assertEqual((a["created_by"], a["from_risk"], a["affected_assets"], a["rating"]),
                             (self.ids[0], risk, ["app", "user-data"], None))
            b = p[2].ok("POST", path + "/threats",
                        {"title": "Log wipe", "stride": "repudiation"}, status=201)
            expected.append("threat.create")
            self.assertEqual(b["created_by"], self.ids[2])
            assert_error(self, p[0].post(path + "/threats", {"title": "x", "stride": "phishing"}),
                         400, "invalid-input", "stride")
            assert_error(self, p[0].post(path + "/threats", {"title": "x", "stride": "spoofing",
                                                             "from_risk": "no-such-risk"}),
                         400, "invalid-input", "from_risk")
            assert_error(self, p[0].post(path + "/threats", {"title": "x", "stride": "spoofing",
                                                             "affected_assets": ["nope"]}),
                         400, "invalid-input", "affected_assets")

            # Ratings 1..5: median 3, spread 4; impact 5,5,4,1,2: median 4, spread 4.
            for i, (lk, im) in enumerate([(1, 5), (2, 5), (3, 4), (4, 1), (5, 2)]):
                t = p[i].ok("PUT", "/api/v1/threats/%d/rating" % a["id"],
                            {"likelihood": lk, "impact": im}, status=200)
                expected.append("threat.rating")
            self.assertEqual(t["rating"]["count"], 5)
            self.assertEqual((t["rating"]["likelihood"]["median"],
                              t["rating"]["likelihood"]["spread"]), (3, 4))
            self.assertEqual((t["rating"]["impact"]["median"], t["rating"]["impact"]["spread"]),
                             (4, 4))
            # A participant changes its mind: still one rating each (1,2,3,4,1 -> 2, spread 3).
            t = p[4].ok("PUT", "/api/v1/threats/%d/rating" % a["id"],
                        {"likelihood": 1, "impact": 2}, status=200)
            expected.append("threat.rating")
            self.assertEqual(len(t["ratings"]), 5)
            self.assertEqual((t["rating"]["likelihood"]["median"],
                              t["rating"]["likelihood"]["spread"]), (2, 3))
            # An even count: the mean of the middle two.
            for i, lk in enumerate([2, 3, 4, 5]):
                t = p[i].ok("PUT", "/api/v1/threats/%d/rating" % b["id"],
                            {"likelihood": lk, "impact": 1}, status=200)
                expected.append("threat.rating")
            self.assertEqual(t["rating"]["likelihood"]["median"], 3.5)
            self.assertEqual(t["rating"]["impact"]["spread"], 0)
            assert_error(self, p[0].put("/api/v1/threats/%d/rating" % a["id"],
                                        {"likelihood": 6, "impact": 1}),
                         400, "invalid-input", "likelihood")
            c = p[3].ok("POST", "/api/v1/threats/%d/comments" % a["id"],
                        {"text": "we saw this in the pen test"}, status=201)
            expected.append("comment.create")
            self.assertEqual(c["user_id"], self.ids[3])

            # Non-participants read but do not write; non-members see nothing.
            seen = self.watcher.ok("GET", path)
            self.assertEqual([t["id"] for t in seen["threats"]], [a["id"], b["id"]])
            self.assertEqual(seen["threats"][0]["comments"][0]["text"],
                             "we saw this in the pen test")
            for method, url, body in [
                    ("POST", path + "/threats", {"title": "x", "stride": "tampering"}),
                    ("PUT", "/api/v1/threats/%d/rating" % a["id"], {"likelihood": 1, "impact": 1}),
                    ("POST", "/api/v1/threats/%d/comments" % a["id"], {"text": "x"}),
                    ("PATCH", "/api/v1/threats/%d" % a["id"],
                     {"version": 1, "response": "mitigate"})]:
                assert_error(self, self.watcher.request(method, url, body), 403,
                             "permission-denied")
            assert_error(self, W.clients["nonmember"].get(path), 404, "not-found")
            assert_error(self, W.clients["nonmember"].put("/api/v1/threats/%d/rating" % a["id"],
                                                          {"likelihood": 1, "impact": 1}),
                         404, "not-found")

            # Responses: accepting needs an owner and a justification.
            e = assert_error(self, p[1].patch("/api/v1/threats/%d" % a["id"],
                                              {"version": 1, "response": "accept",
                                               "justification": "low value"}),
                             400, "invalid-input", "owner")
            self.assertIn("owner", e["message"])
            assert_error(self, p[1].patch("/api/v1/threats/%d" % a["id"],
                                          {"version": 1, "response": "accept", "owner": "ops"}),
                         400, "invalid-input", "justification")
            t = p[1].ok("PATCH", "/api/v1/threats/%d" % a["id"],
                        {"version": 1, "response": "accept", "justification": "low value",
                         "owner": "ops"}, status=200)
            expected.append("threat.update")
            self.assertEqual((t["response"], t["owner"], t["version"]), ("accept", "ops", 2))
            e = assert_error(self, p[2].patch("/api/v1/threats/%d" % a["id"],
                                              {"version": 1, "response": "mitigate"}),
                             409, "conflict")
            self.assertEqual(e["current_version"], 2)
            p[2].ok("PATCH", "/api/v1/threats/%d" % b["id"],
                    {"version": 1, "response": "mitigate"}, status=200)
            expected.append("threat.update")

            # Phases: no vote before reflect; only the facilitator, only the next phase, only
            # from the current version.
            assert_error(self, p[0].put(path + "/reflection", {"good_enough": True}),
                         400, "invalid-input", "phase")
            assert_error(self, p[1].patch(path, {"version": 1, "phase": "prioritize"}),
                         403, "permission-denied")
            e = assert_error(self, p[0].patch(path, {"version": 1, "phase": "mitigate"}),
                             400, "invalid-input", "phase")
            self.assertEqual(e["message"], "the next phase after discover is prioritize, not "
                             "mitigate")
            version = 1
            for step in ["prioritize", "mitigate", "reflect"]:
                s = p[0].ok("PATCH", path, {"version": version, "phase": step}, status=200)
                expected.append("session.phase")
                self.assertEqual((s["phase"], s["version"]), (step, version + 1))
                version = s["version"]
            e = assert_error(self, p[0].patch(path, {"version": 1, "phase": "closed"}),
                             409, "conflict")
            self.assertEqual(e["current_version"], version)

            # The poll: 2 yes and 1 no do not close it; the third yes of five does.
            for i, yes in [(0, True), (1, True), (2, False)]:
                s = p[i].ok("PUT", path + "/reflection",
                            {"good_enough": yes, "comment": "vote %d" % i}, status=200)
                expected.append("reflection.vote")
            s = self.watcher.ok("GET", path)
            self.assertEqual(s["phase"], "reflect")
            self.assertEqual((s["poll"]["yes"], s["poll"]["no"], s["poll"]["pending"],
                              s["poll"]["closed_at"]), (2, 1, 2, None))
            assert_error(self, self.watcher.put(path + "/reflection", {"good_enough": True}),
                         403, "permission-denied")
            s = p[3].ok("PUT", path + "/reflection", {"good_enough": True}, status=200)
            expected += ["reflection.vote", "session.close"]
            self.assertEqual(s["phase"], "closed")
            self.assertEqual((s["poll"]["yes"], s["poll"]["no"], s["poll"]["pending"]), (3, 1, 1))
            self.assertRegex(s["poll"]["closed_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            self.assertEqual(self.watcher.ok("GET", path)["poll"], s["poll"])
            # A closed session takes no more changes.
            assert_error(self, p[4].put(path + "/reflection", {"good_enough": True}),
                         400, "invalid-input", "phase")
            assert_error(self, p[4].post(path + "/threats",
                                         {"title": "late", "stride": "tampering"}),
                         400, "invalid-input", "phase")

            # The second connection saw every event of the session, in order.
            events = [e for e in read_until(ws, lambda e: e["type"] == "session.close")
                      if e["project_id"] == self.project["id"]]
            self.assertEqual([e["type"] for e in events], expected)
            ids = [e["id"] for e in events]
            self.assertEqual(ids, sorted(ids))
            self.assertEqual(events[1]["payload"]["threat"]["id"], a["id"])
            self.assertEqual(events[-1]["payload"]["poll"]["yes"], 3)
        finally:
            ws.close()

        # Every change is in the audit log.
        audit = W.root.ok("GET", "/api/v1/projects/%d/audit?limit=500" % self.project["id"])
        actions = [e["action"] for e in audit["entries"]]
        for action in ["session.create", "threat.create", "threat.rating", "threat.update",
                       "comment.create", "session.phase", "reflection.vote", "session.close"]:
            self.assertIn(action, actions)
        listed = p[2].ok("GET", "/api/v1/models/%d/sessions" % self.model["id"])["sessions"]
        self.assertIn(sid, [x["id"] for x in listed])

    def test_quorum_ratio_and_creation_checks(self):
        s = self.start(quorum_ratio=0.6)  # more than 60 % of 5: 4 yes
        self.assertEqual((s["quorum_ratio"], s["poll"]["needed"]), (0.6, 4))
        e = assert_error(self, self.clients[0].post(
            "/api/v1/models/%d/sessions" % self.model["id"],
            {"title": "x", "participants": self.ids + [W.users["nonmember"]["id"]],
             "facilitator": self.ids[0]}), 400, "invalid-input", "participants")
        self.assertIn("is not a member of project", e["message"])
        assert_error(self, self.clients[0].post(
            "/api/v1/models/%d/sessions" % self.model["id"],
            {"title": "x", "participants": self.ids[1:], "facilitator": self.ids[0]}),
            400, "invalid-input", "facilitator")
        assert_error(self, self.clients[0].post(
            "/api/v1/models/%d/sessions" % self.model["id"],
            {"title": "x", "participants": self.ids, "facilitator": self.ids[0],
             "quorum_ratio": 1}), 400, "invalid-input", "quorum_ratio")
        # A project admin may move the phase for the facilitator.
        s = W.root.ok("PATCH", "/api/v1/sessions/%d" % s["id"],
                      {"version": 1, "phase": "prioritize"}, status=200)
        self.assertEqual(s["phase"], "prioritize")


# --------------------------------------------------------------------------------------------
# Mitigations and assumptions


class AssumptionsTest(unittest.TestCase):
    """Participants add threats, mitigations and assumptions; a pen tester (security role)
    confirms one assumption and refutes another, which reopens what rested on it."""

    @classmethod
    def setUpClass(cls):
        cls.project = W.root.ok("POST", "/api/v1/projects", {"name": unique("assumptions")},
                                status=201)
        pid = cls.project["id"]
        cls.clients, cls.ids = {}, {}
        for key, role in [("author", "contributor"), ("pen", "security")]:
            name = unique(key)
            u = W.root.ok("POST", "/api/v1/users", {"username": name, "password": PASSWORD},
                          status=201)
            W.root.ok("PUT", "/api/v1/projects/%d/members/%d" % (pid, u["id"]),
                      {"role": role}, status=200)
            cls.clients[key] = W.server.client().login(name)
            cls.ids[key] = u["id"]
        cls.model = W.root.ok("POST", "/api/v1/projects/%d/models" % pid,
                              {"name": "shop", "document": SMALL}, status=201)["model"]
        cls.session = cls.clients["author"].ok(
            "POST", "/api/v1/models/%d/sessions" % cls.model["id"],
            {"title": unique("review"), "participants": [cls.ids["author"], cls.ids["pen"]],
             "facilitator": cls.ids["author"]}, status=201)

    def test_refuting_reopens_linked_threats_and_mitigations(self):
        author, pen = self.clients["author"], self.clients["pen"]
        sid = self.session["id"]
        base = "/api/v1/sessions/%d" % sid
        threats = []
        for title in ["Forged callback", "Stolen cookie", "Replayed order"]:
            t = author.ok("POST", base + "/threats", {"title": title, "stride": "spoofing"},
                          status=201)
            threats.append(t)
        for t in threats[:2]:
            author.ok("PATCH", "/api/v1/threats/%d" % t["id"],
                      {"version": 1, "response": "mitigate"}, status=200)
        t1, t2, t3 = (t["id"] for t in threats)
        m1 = author.ok("POST", base + "/mitigations",
                       {"title": "Sign callbacks", "status": "implemented", "owner": "ops",
                        "ticket": "SEC-1", "threats": [t1]}, status=201)
        self.assertEqual((m1["status"], m1["threats"], m1["version"]), ("implemented", [t1], 1))
        m2 = author.ok("POST", base + "/mitigations",
                       {"title": "HttpOnly cookies", "threats": [t2]}, status=201)
        self.assertEqual(m2["status"], "proposed")
        m2 = author.ok("PATCH", "/api/v1/mitigations/%d" % m2["id"],
                       {"version": 1, "status": "verified"}, status=200)
        self.assertEqual((m2["status"], m2["version"]), ("verified", 2))
        r = author.request("PATCH", "/api/v1/mitigations/%d" % m2["id"],
                           {"version": 1, "status": "planned"})
        self.assertEqual(assert_error(self, r, 409, "conflict")["current_version"], 2)

        def residual():
            out = author.ok("GET", base + "/mitigations")
            return {t["threat_id"]: (t["residual"], t["mitigations"]) for t in out["threats"]}

        self.assertEqual(residual(), {t1: ("mitigated", [m1["id"]]),
                                      t2: ("mitigated", [m2["id"]]), t3: ("open", [])})

        a1 = author.ok("POST", base + "/assumptions",
                       {"statement": "The provider signs its callbacks", "components": ["app"],
                        "threats": [t1], "mitigations": [m1["id"]]}, status=201)
        self.assertEqual((a1["status"], a1["version"], a1["validated_by"], a1["components"]),
                         ("unvalidated", 1, None, ["app"]))
        a2 = author.ok("POST", base + "/assumptions",
                       {"statement": "Browsers honour HttpOnly", "threats": [t2],
                        "mitigations": [m2["id"]]}, status=201)

        # Only the security role or a project admin validates; confirmed needs evidence.
        r = author.request("PATCH", "/api/v1/assumptions/%d" % a1["id"],
                           {"version": 1, "status": "confirmed", "evidence": "I checked"})
        assert_error(self, r, 403, "permission-denied")
        r = pen.request("PATCH", "/api/v1/assumptions/%d" % a1["id"],
                        {"version": 1, "status": "confirmed"})
        e = assert_error(self, r, 400, "invalid-input", "evidence")
        self.assertIn("evidence", e["message"])
        ok = pen.ok("PATCH", "/api/v1/assumptions/%d" % a1["id"],
                    {"version": 1, "status": "confirmed", "evidence": "signature checked"},
                    status=200)
        self.assertEqual((ok["status"], ok["evidence"], ok["validated_by"], ok["version"]),
                         ("confirmed", "signature checked", self.ids["pen"], 2))
        self.assertTrue(ok["validated_at"])
        self.assertEqual(ok["reopened"], {"threats": [], "mitigations": []})

        r = pen.request("PATCH", "/api/v1/assumptions/%d" % a2["id"],
                        {"version": 4, "status": "refuted", "evidence": "pen test 12"})
        self.assertEqual(assert_error(self, r, 409, "conflict")["current_version"], 1)
        no = pen.ok("PATCH", "/api/v1/assumptions/%d" % a2["id"],
                    {"version": 1, "status": "refuted", "evidence": "pen test 12: XSS reads it"},
                    status=200)
        self.assertEqual(no["status"], "refuted")
        self.assertEqual(no["reopened"], {"threats": [t2], "mitigations": [m2["id"]]})

        # Exactly the linked threat and mitigation reopened.
        s = author.ok("GET", base)
        responses = {t["id"]: t["response"] for t in s["threats"]}
        self.assertEqual(responses, {t1: "mitigate", t2: None, t3: None})
        self.assertEqual({t["id"]: (t["residual"], t["mitigations"]) for t in s["threats"]},
                         {t1: ("mitigated", [m1["id"]]), t2: ("open", [m2["id"]]),
                          t3: ("open", [])})
        ms = {m["id"]: m["status"] for m in author.ok("GET", base + "/mitigations")["mitigations"]
              if m["id"] in (m1["id"], m2["id"])}
        self.assertEqual(ms, {m1["id"]: "implemented", m2["id"]: "proposed"})
        self.assertEqual(residual()[t2], ("open", [m2["id"]]))
        self.assertEqual(residual()[t1], ("mitigated", [m1["id"]]))
        listed = author.ok("GET", base + "/assumptions")["assumptions"]
        self.assertEqual([(a["id"], a["status"]) for a in listed],
                         [(a1["id"], "confirmed"), (a2["id"], "refuted")])

        audit = W.root.ok("GET", "/api/v1/projects/%d/audit?limit=1000" %
                          self.project["id"])["entries"]
        reopen = [(e["action"], e["object_id"], e["detail"]["assumption_id"], e["actor_id"])
                  for e in audit if e["action"].endswith(".reopen")]
        self.assertEqual(reopen, [("threat.reopen", str(t2), a2["id"], self.ids["pen"]),
                                  ("mitigation.reopen", str(m2["id"]), a2["id"],
                                   self.ids["pen"])])
        own = [e for e in audit if e["action"] == "assumption.update"]
        self.assertEqual([(e["object_id"], e["detail"]["status"]) for e in own],
                         [(str(a1["id"]), "confirmed"), (str(a2["id"]), "refuted")])

    def test_bad_links_name_the_field(self):
        author = self.clients["author"]
        base = "/api/v1/sessions/%d" % self.session["id"]
        other = W.root.ok("POST", "/api/v1/models/%d/sessions" % self.model["id"],
                          {"title": unique("other"), "participants": [self.ids["author"]],
                           "facilitator": self.ids["author"]}, status=201)
        foreign = author.ok("POST", "/api/v1/sessions/%d/threats" % other["id"],
                            {"title": "elsewhere", "stride": "tampering"}, status=201)
        foreign_m = author.ok("POST", "/api/v1/sessions/%d/mitigations" % other["id"],
                              {"title": "elsewhere"}, status=201)
        cases = [
            ("/mitigations", {"title": "x", "threats": [foreign["id"]]}, "threats"),
            ("/mitigations", {"title": "x", "threats": [999999]}, "threats"),
            ("/mitigations", {"title": "x", "threats": ["1"]}, "threats"),
            ("/mitigations", {"title": "x", "status": "done"}, "status"),
            ("/assumptions", {"statement": "x", "threats": [999999]}, "threats"),
            ("/assumptions", {"statement": "x", "mitigations": [foreign_m["id"]]}, "mitigations"),
            ("/assumptions", {"statement": "x", "components": ["no-such-component"]},
             "components"),
            ("/assumptions", {"statement": " "}, "statement"),
        ]
        before = author.ok("GET", base + "/assumptions")["assumptions"]
        for suffix, body, field in cases:
            r = author.request("POST", base + suffix, body)
            assert_error(self, r, 400, "invalid-input", field)
        self.assertEqual(author.ok("GET", base + "/assumptions")["assumptions"], before)
        m = author.ok("POST", base + "/mitigations", {"title": "ok"}, status=201)
        r = author.request("PATCH", "/api/v1/mitigations/%d" % m["id"],
                           {"version": 1, "threats": [foreign["id"]]})
        assert_error(self, r, 400, "invalid-input", "threats")
        self.assertEqual(author.ok("GET", base + "/mitigations")["mitigations"][-1]["version"], 1)


# --------------------------------------------------------------------------------------------
# The rest of the program workflow: STRIDE prompts, stored questionnaires, deleting mitigations
# and assumptions


VSAQ_DIR = os.path.join(ROOT, "..", "shared", "fixtures", "questionnaires", "vsaq")


class WorkflowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.project = new_project(W, unique("workflow"))
        cls.model = W.root.ok("POST", "/api/v1/projects/%d/models" % cls.project["id"],
                              {"name": "small", "document": SMALL}, status=201)["model"]

    def test_prompts_to_start_a_session_from(self):
        m = "/api/v1/models/%d" % self.model["id"]
        p = W.clients["viewer"].ok("GET", m + "/revisions/latest/prompts")
        self.assertEqual((p["model_id"], p["revision"]), (self.model["id"], 1))
        self.assertEqual(p["count"], len(p["prompts"]))
        self.assertTrue(p["prompts"])
        # SMALL: the external entity user (S, R), processes app (S, T, R, I, D, E), data store db
        # (T, I, D), and the flow user>app, which crosses from the internet (T, I, D).
        by_element = {}
        for x in p["prompts"]:
            by_element.setdefault((x["element_id"], x["element_kind"]), []).append(x["stride"])
        self.assertEqual(by_element[("user", "external-entity")], ["spoofing", "repudiation"])
        self.assertEqual(by_element[("app", "process")],
                         ["spoofing", "tampering", "repudiation", "information-disclosure",
                          "denial-of-service", "elevation-of-privilege"])
        self.assertEqual(by_element[("db", "data-store")],
                         ["tampering", "information-disclosure", "denial-of-service"])
        assert_error(self, W.clients["nonmember"].get(m + "/revisions/latest/prompts"), 404)
        assert_error(self, W.root.get(m + "/revisions/9/prompts"), 404, "not-found")
        # A session points at its revision's prompts and risks; a threat starts from a prompt.
        me = W.users["viewer"]["id"]
        s = W.root.ok("POST", m + "/sessions", {"title": "from prompts", "participants": [me],
                                                "facilitator": me}, status=201)
        read = W.clients["viewer"].ok("GET", "/api/v1/sessions/%d" % s["id"])
        self.assertEqual(read["starting_points"],
                         {"risks": m + "/revisions/1/risks", "prompts": m + "/revisions/1/prompts"})
        prompt = W.clients["viewer"].ok("GET", read["starting_points"]["prompts"])["prompts"][0]
        t = W.clients["viewer"].ok("POST", "/api/v1/sessions/%d/threats" % s["id"],
                                   {"title": prompt["question"][:300], "stride": prompt["stride"],
                                    "affected_assets": [prompt["element_id"]]}, status=201)
        self.assertEqual(t["stride"], prompt["stride"])

    def test_questionnaires_and_intakes_that_name_them(self):
        pid = self.project["id"]
        qid = unique("small-q")
        q = W.root.ok("POST", "/api/v1/questionnaires", {"text": SMALL_QUESTIONNAIRE % qid},
                      status=201)
        self.assertEqual((q["id"], q["format"], q["question_count"], q["builtin"]),
                         (qid, "threatpath", 2, False))
        # Refused: non-admins, a taken id, a broken file (422 with diagnostics), bad fields.
        r = W.clients["padmin"].post("/api/v1/questionnaires", {"text": SMALL_QUESTIONNAIRE % "x"})
        assert_error(self, r, 403, "permission-denied")
        assert_error(self, W.root.post("/api/v1/questionnaires",
                                       {"text": SMALL_QUESTIONNAIRE % qid}), 409, "conflict", "id")
        broken = SMALL_QUESTIONNAIRE.replace("required: true",
                                             "required: true\n    visible_if: ghost")
        e = assert_error(self, W.root.post("/api/v1/questionnaires", {"text": broken % "broken"}),
                         422, "invalid-input", "text")
        self.assertTrue(any("ghost" in d["message"] and d["line"] == 8 for d in e["diagnostics"]),
                        e)
        for body, field in [({"text": SMALL_QUESTIONNAIRE % "y", "format": "csv"}, "format"),
                            ({"text": "{}", "format": "vsaq"}, "id"),
                            ({"text": SMALL_QUESTIONNAIRE % "y", "id": "z"}, "id"),
                            ({"text": SMALL_QUESTIONNAIRE % "y", "extensions": ["{}"]},
                             "extensions")]:
            assert_error(self, W.root.post("/api/v1/questionnaires", body), 400, "invalid-input",
                         field)
        listed = [x["id"] for x in W.clients["nonmember"].ok(
            "GET", "/api/v1/questionnaires")["questionnaires"]]
        self.assertEqual(listed[0], "design-review")
        self.assertIn(qid, listed)
        self.assertNotIn("broken", listed)
        self.assertNotIn("y", listed)
        self.assertEqual(listed[1:], sorted(listed[1:]))

        i = W.clients["contributor"].ok("POST", "/api/v1/projects/%d/intakes" % pid,
                                        {"title": "small", "questionnaire": qid,
                                         "answers": {"internet": True, "data": "pii"}},
                                        status=201)
        self.assertEqual((i["questionnaire"], i["tier"], i["priority"]),
                         (qid, "security-led", 60))
        r = W.clients["contributor"].post("/api/v1/projects/%d/intakes" % pid,
                                          {"title": "x", "questionnaire": qid,
                                           "answers": {"internet": "maybe"}})
        assert_error(self, r, 422, "invalid-input", "answers.internet")
        r = W.clients["contributor"].post("/api/v1/projects/%d/intakes" % pid,
                                          {"title": "x", "questionnaire": "no-such",
                                           "answers": {}})
        e = assert_error(self, r, 400, "invalid-input", "questionnaire")
        self.assertIn("design-review, ", e["message"])

        # A Google VSAQ questionnaire, with an extension, from the shared fixtures.
        if not os.path.exists(os.path.join(VSAQ_DIR, "webapp.json")):
            note("skipped the VSAQ import: no fixtures at " + VSAQ_DIR)
            return
        with open(os.path.join(VSAQ_DIR, "test_template.json"), encoding="utf-8") as f:
            template = f.read()
        with open(os.path.join(VSAQ_DIR, "test_template_extension.json"), encoding="utf-8") as f:
            extension = f.read()
        vid = unique("vsaq")
        v = W.root.ok("POST", "/api/v1/questionnaires",
                      {"format": "vsaq", "id": vid, "text": template, "extensions": [extension]},
                      status=201)
        self.assertEqual((v["format"], v["question_count"], v["rule_count"]), ("vsaq", 4, 1))
        detail = W.clients["viewer"].ok("GET", "/api/v1/questionnaires/" + vid)
        self.assertEqual(detail["extensions"], [extension])
        self.assertIn("company_specific", [x["id"] for x in detail["questions"]])
        i = W.clients["contributor"].ok("POST", "/api/v1/projects/%d/intakes" % pid,
                                        {"title": "vsaq", "questionnaire": vid,
                                         "answers": {"data_warning": "yes"}}, status=201)
        self.assertEqual((i["tier"], [x["id"] for x in i["findings"]]),
                         ("security-led", ["data_tip"]))
        with open(os.path.join(VSAQ_DIR, "webapp.json"), encoding="utf-8") as f:
            webapp = W.root.ok("POST", "/api/v1/questionnaires",
                               {"format": "vsaq", "id": unique("webapp"), "text": f.read()},
                               status=201)
        self.assertEqual((webapp["title"], webapp["question_count"]),
                         ("Web Application Security Questionnaire", 73))

    def test_deleting_mitigations_and_assumptions(self):
        me = W.users["contributor"]["id"]
        c = W.clients["contributor"]
        s = c.ok("POST", "/api/v1/models/%d/sessions" % self.model["id"],
                 {"title": unique("deletions"), "participants": [me], "facilitator": me},
                 status=201)
        base = "/api/v1/sessions/%d" % s["id"]
        t = c.ok("POST", base + "/threats", {"title": "Replay", "stride": "spoofing"}, status=201)
        mi = c.ok("POST", base + "/mitigations", {"title": "Nonces", "threats": [t["id"]]},
                  status=201)
        a = c.ok("POST", base + "/assumptions",
                 {"statement": "Clocks agree", "mitigations": [mi["id"]]}, status=201)
        mi = c.ok("PATCH", "/api/v1/mitigations/%d" % mi["id"],
                  {"version": 1, "status": "planned"}, status=200)
        path = "/api/v1/mitigations/%d" % mi["id"]
        assert_error(self, c.delete(path), 400, "invalid-input", "version")
        assert_error(self, c.delete(path + "?version=x"), 400, "invalid-input", "version")
        e = assert_error(self, c.delete(path + "?version=1"), 409, "conflict")
        self.assertEqual(e["current_version"], 2)
        assert_error(self, W.clients["viewer"].delete(path + "?version=2"), 403,
                     "permission-denied")
        assert_error(self, W.clients["nonmember"].delete(path + "?version=2"), 404, "not-found")
        self.assertEqual(len(c.ok("GET", base + "/mitigations")["mitigations"]), 1)
        r = c.delete(path + "?version=2")
        self.assertEqual(r.status, 204, r)
        out = c.ok("GET", base + "/mitigations")
        self.assertEqual(out["mitigations"], [])
        self.assertEqual(out["threats"][0]["mitigations"], [])
        self.assertEqual(c.ok("GET", base + "/assumptions")["assumptions"][0]["mitigations"], [])
        r = c.delete("/api/v1/assumptions/%d?version=1" % a["id"])
        self.assertEqual(r.status, 204, r)
        self.assertEqual(c.ok("GET", base + "/assumptions")["assumptions"], [])
        self.assertEqual([x["id"] for x in c.ok("GET", base)["threats"]], [t["id"]])
        audit = W.root.ok("GET", "/api/v1/projects/%d/audit?limit=1000" %
                          self.project["id"])["entries"]
        deletes = [(x["action"], x["object_id"], x["version_before"], x["version_after"])
                   for x in audit if x["action"].endswith(".delete")]
        self.assertEqual(deletes, [("mitigation.delete", str(mi["id"]), 2, 0),
                                   ("assumption.delete", str(a["id"]), 1, 0)])
        # A closed session refuses deletions.
        m2 = c.ok("POST", base + "/mitigations", {"title": "Later"}, status=201)
        v = s["version"]
        for phase in ["prioritize", "mitigate", "reflect", "closed"]:
            v = c.ok("PATCH", base, {"version": v, "phase": phase}, status=200)["version"]
        assert_error(self, c.delete("/api/v1/mitigations/%d?version=1" % m2["id"]), 400,
                     "invalid-input", "phase")


# --------------------------------------------------------------------------------------------
# Program metrics


def previous_month(month):
    y, m = int(month[:4]), int(month[5:7])
    return "%04d-%02d" % ((y, m - 1) if m > 1 else (y - 1, 12))


class MetricsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.team = W.root.ok("POST", "/api/v1/teams", {"name": unique("metrics team")},
                             status=201)
        p = new_project(W, unique("metrics"))
        p = W.root.ok("PATCH", "/api/v1/projects/%d" % p["id"],
                      {"version": p["version"], "team_id": cls.team["id"]}, status=200)
        cls.pid = p["id"]
        base = "/api/v1/projects/%d" % cls.pid
        cls.intakes = [W.root.ok("POST", base + "/intakes", {"title": t, "answers": a},
                                 status=201)
                       for t, a in [("paved", PAVED_ANSWERS), ("internal", INTERNAL_PII_ANSWERS),
                                    ("exposed", EXPOSED_ANSWERS)]]
        cls.month = cls.intakes[0]["created_at"][:7]
        cls.prev = previous_month(cls.month)
        W.root.ok("PATCH", "/api/v1/intakes/%d" % cls.intakes[1]["id"],
                  {"version": 1, "status": "triaged"}, status=200)
        # The model made for the two intakes that need one, linked to them: they are covered.
        model = W.root.ok("POST", base + "/models", {"name": "metrics model", "document": SMALL},
                          status=201)["model"]
        for intake, version in [(cls.intakes[1], 2), (cls.intakes[2], 1)]:
            W.root.ok("PATCH", "/api/v1/intakes/%d" % intake["id"],
                      {"version": version, "model_id": model["id"]}, status=200)
        # Two sessions: one the reflection poll closes, one left open.
        me = W.users["root"]["id"]
        for close in [True, False]:
            sess = W.root.ok("POST", "/api/v1/models/%d/sessions" % model["id"],
                             {"title": "metrics", "participants": [me], "facilitator": me},
                             status=201)
            if close:
                for step in ["prioritize", "mitigate", "reflect"]:
                    sess = W.root.ok("PATCH", "/api/v1/sessions/%d" % sess["id"],
                                     {"version": sess["version"], "phase": step}, status=200)
                W.root.ok("PUT", "/api/v1/sessions/%d/reflection" % sess["id"],
                          {"good_enough": True}, status=200)
        for phase, severity, on in [("design", "critical", cls.month + "-01"),
                                    ("pen-test", "high", cls.month + "-02"),
                                    ("design", "low", cls.prev + "-28"),
                                    ("incident", "medium", "2001-01-01")]:
            W.root.ok("POST", base + "/findings", {"title": "f", "phase": phase,
                                                    "severity": severity, "found_on": on},
                      status=201)

    def query(self, client=None, extra=""):
        return "/api/v1/metrics/program?team=%d&from=%s&to=%s%s" % (
            self.team["id"], self.prev, self.month, extra)

    def test_json_numbers(self):
        tiers = [i["tier"] for i in self.intakes]
        self.assertEqual(tiers, ["none", "security-led", "security-led"])
        r = W.root.ok("GET", self.query())
        self.assertEqual(r["months"], [self.prev, self.month])
        self.assertEqual([t["team_id"] for t in r["teams"]], [self.team["id"]])
        t = r["teams"][0]
        self.assertEqual(t["team"], self.team["name"])
        now = t["by_month"][self.month]
        self.assertEqual((now["intakes"], now["needing_model"], now["covered"], now["coverage"]),
                         (3, 2, 2, 1.0))
        self.assertEqual(now["triaged"], 1)
        self.assertGreaterEqual(now["triage_median_hours"], 0)
        self.assertLess(now["triage_median_hours"], 1)
        self.assertEqual(now["triage_median_hours"], now["triage_p90_hours"])
        self.assertEqual((now["self_service"], now["security_led"], now["self_service_rate"]),
                         (0, 2, 0))
        self.assertEqual(now["findings"]["design"]["critical"], 1)
        self.assertEqual(now["findings"]["pen-test"]["high"], 1)
        self.assertEqual(now["findings"]["incident"]["medium"], 0)
        self.assertEqual(now["cost_avoided"], 10 * 29)
        before = t["by_month"][self.prev]
        self.assertEqual((before["intakes"], before["coverage"], before["triage_p90_hours"]),
                         (0, 0, 0))
        self.assertEqual(before["findings"]["design"]["low"], 1)
        total = t["total"]
        self.assertEqual((total["findings_total"], total["design_findings"]), (3, 2))
        self.assertAlmostEqual(total["design_share"], 2 / 3)
        self.assertEqual(total["cost_avoided"], 11 * 29)
        self.assertEqual((total["models"]["count"], total["models"]["stale"]), (1, 0))
        self.assertEqual(now["sessions"], {"closed_by_poll": 1, "closed_otherwise": 0,
                                           "open": 1})
        self.assertEqual(total["sessions"], now["sessions"])
        self.assertEqual(r["overall"]["intakes"], 3)
        self.assertIn("coverage", r["definitions"])
        self.assertEqual(r["definitions"]["cost_base"]["critical"], 10)
        # The multipliers are parameters.
        r = W.root.ok("GET", self.query(extra="&design_multiplier=2&later_multiplier=10"))
        self.assertEqual(r["teams"][0]["total"]["cost_avoided"], 11 * 8)

    def test_only_projects_the_caller_can_view(self):
        r = W.clients["viewer"].ok("GET", self.query())
        self.assertEqual(r["teams"][0]["total"]["intakes"], 3)
        r = W.clients["nonmember"].ok("GET", self.query())
        self.assertEqual(r["overall"]["intakes"], 0)
        self.assertEqual(r["overall"]["findings_total"], 0)

    def test_csv(self):
        r = W.root.get(self.query(extra="&format=csv"))
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers["content-type"].startswith("text/csv"), r.headers)
        import csv
        import io
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8"), newline="")))
        header = rows[0]
        self.assertEqual(header[:4], ["team_id", "team", "month", "intakes"])
        keys = [(row[0], row[2]) for row in rows[1:]]
        tid = str(self.team["id"])
        self.assertEqual(keys, [(tid, self.prev), (tid, self.month), (tid, "total"),
                                ("", self.prev), ("", self.month), ("", "total")])
        now = dict(zip(header, rows[2]))
        self.assertEqual(now["team"], self.team["name"])
        self.assertEqual((now["intakes"], now["needing_model"], now["covered"], now["coverage"]),
                         ("3", "2", "2", "1"))
        self.assertEqual(now["findings_design_critical"], "1")
        self.assertEqual(now["cost_avoided"], "290")
        self.assertEqual((now["sessions_closed_by_poll"], now["sessions_open"]), ("1", "1"))
        total = dict(zip(header, rows[3]))
        self.assertEqual((total["findings_total"], total["design_share"], total["cost_avoided"]),
                         ("3", "0.6667", "319"))
        self.assertTrue(r.body.endswith(b"\r\n"))

    def test_bad_query_values(self):
        for extra, field in [("&format=xml", "format"), ("&from=2026-13", "from"),
                             ("&to=tomorrow", "to"), ("&team=abc", "team"),
                             ("&later_multiplier=-1", "later_multiplier")]:
            path = "/api/v1/metrics/program?" + extra[1:]
            assert_error(self, W.root.get(path), 400, "invalid-input", field)
        e = assert_error(self, W.root.get("/api/v1/metrics/program?from=2026-05&to=2026-04"), 400,
                         "invalid-input", "from")
        self.assertEqual(e["message"], "query parameter 'from' (2026-05) is after 'to' (2026-04)")
        e = assert_error(self, W.root.get("/api/v1/metrics/program?format=xml"), 400)
        self.assertEqual(e["message"], "query parameter 'format' must be json or csv, not 'xml'")
        assert_error(self, W.root.get("/api/v1/metrics/program?team=999999"), 404, "not-found")
        assert_error(self, W.clients["anonymous"].get("/api/v1/metrics/program"), 401)


class ScenarioTest(unittest.TestCase):
    """The program end to end, as a new user would try it: three teams file intakes; the queue
    ranks them; the riskiest design gets a model and a session with five participants who add,
    rate and decide threats while one of them watches every event on a second connection; the
    reflection poll closes on a majority; a pen-test brief is produced; a refuted assumption
    reopens its threat and mitigation; the metrics reflect it all."""

    def test_the_program_end_to_end(self):
        root = W.root
        # Three teams, each with a project, an engineer who files and a security engineer.
        month = time.strftime("%Y-%m", time.gmtime())
        sec_name = unique("appsec")
        sec_user = root.ok("POST", "/api/v1/users", {"username": sec_name, "password": PASSWORD},
                           status=201)
        sec = W.server.client().login(sec_name)
        teams, projects, filers = [], [], []
        for i, answers in enumerate([PAVED_ANSWERS, EXPOSED_ANSWERS, INTERNAL_PII_ANSWERS]):
            team = root.ok("POST", "/api/v1/teams", {"name": unique("scenario-team")}, status=201)
            p = root.ok("POST", "/api/v1/projects",
                        {"name": unique("scenario"), "team_id": team["id"]}, status=201)
            name = unique("engineer%d" % i)
            u = root.ok("POST", "/api/v1/users", {"username": name, "password": PASSWORD},
                        status=201)
            root.ok("PUT", "/api/v1/projects/%d/members/%d" % (p["id"], u["id"]),
                    {"role": "contributor"}, status=200)
            root.ok("PUT", "/api/v1/projects/%d/members/%d" % (p["id"], sec_user["id"]),
                    {"role": "security"}, status=200)
            teams.append(team)
            projects.append(p)
            filers.append(W.server.client().login(name))
        intakes = [filers[i].ok("POST", "/api/v1/projects/%d/intakes" % projects[i]["id"],
                                {"title": "design %d" % i, "answers": a}, status=201)
                   for i, a in enumerate([PAVED_ANSWERS, EXPOSED_ANSWERS, INTERNAL_PII_ANSWERS])]
        self.assertEqual([i["tier"] for i in intakes], ["none", "security-led", "security-led"])

        # The queue (the security engineer sees these three projects only): riskiest first; at
        # 16 hours a week the exposed design fits this week and the internal one waits.
        q = sec.ok("GET", "/api/v1/queue?hours=16")
        ranked = [e["intake"]["id"] for e in q["intakes"]]
        self.assertEqual(ranked, [intakes[1]["id"], intakes[2]["id"], intakes[0]["id"]])
        self.assertEqual([e["decision"] for e in q["intakes"]], ["this-week", "waits", "no-work"])
        exposed = intakes[1]
        for version, status in [(1, "triaged"), (2, "scheduled"), (3, "in-progress")]:
            body = {"version": version, "status": status}
            if status == "scheduled":
                body["scheduled_for"] = time.strftime("%Y-%m-%d", time.gmtime())
            exposed = sec.ok("PATCH", "/api/v1/intakes/%d" % exposed["id"], body, status=200)
        self.assertEqual(exposed["status"], "in-progress")

        # The team models its design and runs a session with five participants; the security
        # engineer links the intake to the model made for it.
        pid = projects[1]["id"]
        model = filers[1].ok("POST", "/api/v1/projects/%d/models" % pid,
                             {"name": "partner portal", "document": SMALL},
                             status=201)["model"]
        exposed = sec.ok("PATCH", "/api/v1/intakes/%d" % exposed["id"],
                         {"version": exposed["version"], "model_id": model["id"]}, status=200)
        self.assertEqual((exposed["model_id"], exposed["status"]), (model["id"], "in-progress"))
        people, ids = [filers[1]], [filers[1].user["id"]]
        for i in range(4):
            name = unique("participant%d" % i)
            u = root.ok("POST", "/api/v1/users", {"username": name, "password": PASSWORD},
                        status=201)
            root.ok("PUT", "/api/v1/projects/%d/members/%d" % (pid, u["id"]),
                    {"role": "contributor"}, status=200)
            people.append(W.server.client().login(name))
            ids.append(u["id"])
        watcher = W.server.client().login(people[4].name)
        ws, _ = ws_connect(W.server, watcher)
        try:
            s = people[0].ok("POST", "/api/v1/models/%d/sessions" % model["id"],
                             {"title": "design review", "participants": ids,
                              "facilitator": ids[0]}, status=201)
            path = "/api/v1/sessions/%d" % s["id"]
            risk = root.ok("GET", "/api/v1/models/%d/revisions/latest/risks" %
                           model["id"])[0]["synthetic_id"]
            t1 = people[1].ok("POST", path + "/threats",
                              {"title": "Token replay", "stride": "spoofing",
                               "from_risk": risk}, status=201)
            t2 = people[2].ok("POST", path + "/threats",
                              {"title": "Bulk export", "stride": "information-disclosure"},
                              status=201)
            for i, (likelihood, impact) in enumerate([(1, 2), (2, 3), (3, 3), (4, 4), (5, 5)]):
                people[i].ok("PUT", "/api/v1/threats/%d/rating" % t1["id"],
                             {"likelihood": likelihood, "impact": impact}, status=200)
            rated = people[0].ok("GET", path)["threats"][0]
            self.assertEqual(rated["id"], t1["id"])
            self.assertEqual((rated["rating"]["likelihood"]["median"],
                              rated["rating"]["likelihood"]["spread"]), (3, 4))
            self.assertEqual((rated["rating"]["impact"]["median"],
                              rated["rating"]["impact"]["spread"]), (3, 3))
            people[3].ok("PATCH", "/api/v1/threats/%d" % t1["id"],
                         {"version": 1, "response": "mitigate"}, status=200)
            people[3].ok("PATCH", "/api/v1/threats/%d" % t2["id"],
                         {"version": 1, "response": "mitigate"}, status=200)
            m = people[0].ok("POST", path + "/mitigations",
                             {"title": "Bind tokens to the client", "status": "planned",
                              "owner": "platform", "threats": [t1["id"]]}, status=201)
            a = people[0].ok("POST", path + "/assumptions",
                             {"statement": "Tokens expire within five minutes",
                              "threats": [t1["id"]], "mitigations": [m["id"]]}, status=201)
            version = 1
            for phase in ["prioritize", "mitigate", "reflect"]:
                version = people[0].ok("PATCH", path, {"version": version, "phase": phase},
                                       status=200)["version"]
            for i, yes in [(0, True), (1, False), (2, True)]:
                people[i].ok("PUT", path + "/reflection", {"good_enough": yes}, status=200)
            self.assertEqual(people[0].ok("GET", path)["phase"], "reflect")
            closed = people[3].ok("PUT", path + "/reflection", {"good_enough": True}, status=200)
            self.assertEqual(closed["phase"], "closed")
            events = read_until(ws, lambda e: e["type"] == "session.close")
            seen = [e["type"] for e in events if e["project_id"] == pid]
            for kind, count in [("session.create", 1), ("threat.create", 2), ("threat.rating", 5),
                                ("threat.update", 2), ("mitigation.create", 1),
                                ("assumption.create", 1), ("session.phase", 3),
                                ("reflection.vote", 4), ("session.close", 1)]:
                self.assertEqual(seen.count(kind), count, (kind, seen))
        finally:
            ws.close()

        # The pen-test brief, then the pen tester refutes the assumption: the threat and the
        # mitigation that rested on it reopen.
        brief = sec.ok("GET", "/api/v1/models/%d/revisions/latest/brief?format=json" %
                       model["id"])
        self.assertTrue(brief["scope"]["components"])
        self.assertEqual([(x["id"], x["status"], x["created_by"])
                          for x in brief["recorded_assumptions"]],
                         [(a["id"], "unvalidated", people[0].name)])
        refuted = sec.ok("PATCH", "/api/v1/assumptions/%d" % a["id"],
                         {"version": 1, "status": "refuted",
                          "evidence": "tokens lived for 24 h in the test"}, status=200)
        self.assertEqual(refuted["reopened"], {"threats": [t1["id"]], "mitigations": [m["id"]]})
        after = {t["id"]: t["response"] for t in people[0].ok("GET", path)["threats"]}
        self.assertEqual(after, {t1["id"]: None, t2["id"]: "mitigate"})
        brief = sec.ok("GET", "/api/v1/models/%d/revisions/latest/brief?format=json" %
                       model["id"])["recorded_assumptions"]
        self.assertEqual([(x["status"], x["validated_by"], x["evidence"]) for x in brief],
                         [("refuted", sec_name, "tokens lived for 24 h in the test")])
        self.assertEqual(brief[0]["threats"],
                         [{"id": t1["id"], "title": "Token replay", "response": None}])
        md = sec.get("/api/v1/models/%d/revisions/latest/brief" % model["id"]).body.decode()
        self.assertIn("**#%d** (**refuted** by %s, " % (a["id"], sec_name), md)
        actions = [e["action"] for e in
                   root.ok("GET", "/api/v1/projects/%d/audit?limit=1000" % pid)["entries"]]
        self.assertIn("threat.reopen", actions)
        self.assertIn("mitigation.reopen", actions)

        # A pen-test finding, the intake done, and the metrics of the three teams.
        sec.ok("POST", "/api/v1/projects/%d/findings" % pid,
               {"title": "Token replay", "phase": "pen-test",
                "cvss_vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N",
                "found_on": time.strftime("%Y-%m-%d", time.gmtime())}, status=201)
        sec.ok("PATCH", "/api/v1/intakes/%d" % exposed["id"],
               {"version": exposed["version"], "status": "done"}, status=200)
        metrics = sec.ok("GET", "/api/v1/metrics/program?from=%s&to=%s" % (month, month))
        by_team = {t["team_id"]: t["total"] for t in metrics["teams"]}
        self.assertEqual(sorted(by_team), sorted(t["id"] for t in teams))
        self.assertEqual(sum(t["intakes"] for t in by_team.values()), 3)
        exposed_team = by_team[teams[1]["id"]]
        self.assertEqual((exposed_team["intakes"], exposed_team["needing_model"],
                          exposed_team["covered"], exposed_team["triaged"]), (1, 1, 1, 1))
        self.assertEqual(exposed_team["findings"]["pen-test"]["critical"], 1)  # CVSS 9.1
        self.assertEqual(exposed_team["sessions"],
                         {"closed_by_poll": 1, "closed_otherwise": 0, "open": 0})
        self.assertEqual(metrics["overall"]["intakes"], 3)
        self.assertEqual(metrics["overall"]["security_led"], 2)


def main():
    global TP, BACKEND, PG_URL, TMP
    if len(sys.argv) < 3 or sys.argv[2] not in ("sqlite", "postgres"):
        print("usage: api_test.py THREATPATH sqlite|postgres [unittest args]", file=sys.stderr)
        return 2
    TP = os.path.abspath(sys.argv[1])
    BACKEND = sys.argv[2]
    if BACKEND == "postgres":
        url_file = os.environ.get("TP_PG_URL_FILE", "")
        url = ""
        if url_file and os.path.exists(url_file):
            with open(url_file) as f:
                url = f.read().strip()
        if not url:
            print("skipped: no PostgreSQL URL (TP_PG_URL_FILE %r is missing or empty)" % url_file)
            return 0
        PG_URL = url
    TMP = tempfile.mkdtemp(prefix="tp-api-")
    try:
        prog = unittest.main(argv=[sys.argv[0]] + sys.argv[3:], exit=False, verbosity=2)
        ok = prog.result.wasSuccessful()
    finally:
        if BACKEND == "postgres":
            drop_databases()
    if ok:
        import shutil
        shutil.rmtree(TMP, ignore_errors=True)
    else:
        print("server logs kept in " + TMP, file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
