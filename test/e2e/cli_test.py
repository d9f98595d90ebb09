#!/usr/bin/env python3
"""End-to-end tests: run the real threatpath binary and check its output and exit codes.

Usage: cli_test.py PATH_TO_THREATPATH (CTest passes it).
"""
import html as htmllib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

TP = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "..", "shared", "fixtures", "threagile")
EXAMPLE = os.path.join(ROOT, "examples", "online-shop.yaml")


def svg_ids(path, cls):
    """How often each id occurs among an SVG's <g class="node|edge|cluster"> groups."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    ids = {}
    for m in re.finditer(r'<g id="([^"]*)" class="%s">' % cls, text):
        key = htmllib.unescape(m.group(1))
        ids[key] = ids.get(key, 0) + 1
    return ids


def png_rows(data, rows):
    """Width, height and the first `rows` rows of an 8-bit RGB or RGBA PNG as lists of pixel
    tuples, decoded with zlib and PNG's row filters (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "no PNG signature"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompressobj().decompress(idat, (stride + 1) * rows)
    out, prev = [], bytearray(stride)
    for y in range(min(rows, height)):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        out.append([tuple(line[x:x + bpp]) for x in range(0, stride, bpp)])
        prev = line
    return width, height, out


def run(*args, stdin=None, cwd=None):
    p = subprocess.run([TP, *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout, p.stderr


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        return self.path(name)

    def test_version_and_help(self):
        code, out, _ = run("--version")
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith("threatpath "))
        code, out, _ = run("--help")
        self.assertEqual(code, 0)
        for word in ("init", "validate", "convert", "Exit codes"):
            self.assertIn(word, out)
        code, out, _ = run("convert", "--help")
        self.assertEqual(code, 0)
        self.assertIn("--threagile-dialect", out)

    def test_costly_libraries_are_loaded_on_demand(self):
        # Graphviz (with Pango and cairo), libxlsxwriter (with OpenSSL's libcrypto) and libpq are
        # opened with dlopen when first needed, so they must not be linked: every run would pay
        # for loading them (docs/performance.md).
        readelf = shutil.which("readelf")
        if readelf is None:
            self.skipTest("readelf (binutils) not found")
        out = subprocess.run([readelf, "-d", TP], capture_output=True, text=True, check=True)
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out.stdout)
        self.assertTrue(needed, out.stdout)
        for lib in ("libgvc", "libcgraph", "libxlsxwriter", "libcrypto", "libpq"):
            self.assertFalse([n for n in needed if n.startswith(lib)], needed)

    def test_usage_errors_exit_2(self):
        code, _, err = run()
        self.assertEqual(code, 2)
        code, _, err = run("frobnicate")
        self.assertEqual(code, 2)
        code, _, err = run("convert", EXAMPLE, "-o", self.path("x.yaml"), "--to", "pytm")
        self.assertEqual(code, 2)

    def test_init_then_validate(self):
        model = self.path("threatmodel.yaml")
        code, out, err = run("init", model)
        self.assertEqual(code, 0, err)
        code, out, err = run("validate", model)
        self.assertEqual(code, 0, err)
        self.assertIn(": ok (native,", out)
        code, out, err = run("init", model)
        self.assertEqual(code, 2)
        self.assertIn("already exists; use --force", err)
        self.assertEqual(run("init", model, "--force")[0], 0)
        code, out, _ = run("init", "-")
        self.assertEqual(code, 0)
        self.assertIn("threatpath: 1", out)

    def test_example_validates(self):
        code, out, err = run("validate", EXAMPLE)
        self.assertEqual(code, 0, err)

    def test_missing_file(self):
        code, out, err = run("validate", self.path("nope.yaml"))
        self.assertEqual(code, 2)
        self.assertIn("nope.yaml: no such file", err)

    def test_errors_point_into_the_file_and_all_are_reported(self):
        bad = self.write("bad.yaml", "threatpath: 1\n"
                         "components:\n"
                         "  api:\n"
                         "    type: process\n"
                         "  web:\n"
                         "    type: proces\n"
                         "flows:\n"
                         "  web-to-api:\n"
                         "    from: web\n"
                         "    to: apii\n")
        code, out, err = run("validate", bad)
        self.assertEqual(code, 2)
        self.assertIn(bad + ":6:11: error:", err)
        self.assertIn("'proces'", err)

    def test_reference_errors(self):
        bad = self.write("ref.yaml", "threatpath: 1\n"
                         "components:\n"
                         "  api: {}\n"
                         "  web: {}\n"
                         "flows:\n"
                         "  web-to-api:\n"
                         "    from: web\n"
                         "    to: apii\n")
        code, out, err = run("validate", bad)
        self.assertEqual(code, 2)
        self.assertIn(bad + ":8:9: error: flow 'web-to-api' names unknown component 'apii' in to "
                      "(did you mean 'api'?)", err)

    def test_validate_json_output(self):
        bad = self.write("dup.yaml", "threatpath: 1\ncomponents:\n  a: {}\n  a: {}\n")
        code, out, err = run("validate", "--format", "json", bad, EXAMPLE)
        self.assertEqual(code, 2)
        report = json.loads(out)
        self.assertEqual(len(report), 2)
        self.assertFalse(report[0]["valid"])
        self.assertEqual(report[0]["errors"][0]["line"], 4)
        self.assertIn("duplicate key 'a'", report[0]["errors"][0]["message"])
        self.assertTrue(report[1]["valid"])

    def test_convert_failure_writes_nothing(self):
        bad = self.write("bad.yaml", "threatpath: 1\ncomponents: [\n")
        out = self.path("out.yaml")
        code, _, err = run("convert", bad, "-o", out)
        self.assertEqual(code, 2)
        self.assertFalse(os.path.exists(out))

    def test_output_is_deterministic(self):
        a, b = self.path("a.json"), self.path("b.json")
        self.assertEqual(run("convert", EXAMPLE, "-o", a)[0], 0)
        self.assertEqual(run("convert", EXAMPLE, "-o", b)[0], 0)
        with open(a, "rb") as fa, open(b, "rb") as fb:
            self.assertEqual(fa.read(), fb.read())

    def test_native_round_trip_through_threagile(self):
        t = self.path("shop.threagile.yaml")
        code, _, err = run("convert", EXAMPLE, "-o", t, "--to", "threagile")
        self.assertEqual(code, 0, err)
        code, out, err = run("validate", t)
        self.assertEqual(code, 0, err)
        self.assertIn("(threagile,", out)

    def test_threagile_fixtures_convert_and_back(self):
        if not os.path.isdir(FIXTURES):
            self.skipTest("shared fixtures not found at " + FIXTURES)
        for name in ("example-v1.yaml", "example-master.yaml", "stub-master.yaml",
                     "minimalist-v1.yaml", "all-master-custom-risk-categories.yaml",
                     os.path.join("includes-split", "main.yaml")):
            src = os.path.join(FIXTURES, name)
            with self.subTest(name=name):
                code, out, err = run("validate", src)
                self.assertEqual(code, 0, err)
                native = self.path("n.yaml")
                back = self.path("t.yaml")
                self.assertEqual(run("convert", src, "-o", native)[0], 0)
                code, out, err = run("convert", native, "-o", back, "--to", "threagile")
                self.assertEqual(code, 0, err)
                code, _, err = run("validate", back)
                self.assertEqual(code, 0, err)
                # The native form of the round-tripped file equals the first native form.
                native2 = self.path("n2.yaml")
                self.assertEqual(run("convert", back, "-o", native2)[0], 0)
                # (A merged model is written as one file, so the list of includes it came from
                # is not carried over.)
                strip = lambda t: re.sub(r"\n  includes:\n(  - .*\n)+", "\n", t)
                with open(native) as f1, open(native2) as f2:
                    self.assertEqual(strip(f1.read()), strip(f2.read()))

    def test_custom_technology_catalogue(self):
        cat = self.write("tech.yaml", "attributes:\n  web_application: serves pages\n"
                         "technologies:\n  - id: quantum-box\n    description: x\n")
        model = self.write("m.yaml", "threatpath: 1\ncomponents:\n  a:\n    technologies: [web-server]\n")
        code, out, err = run("--technologies", cat, "validate", model)
        self.assertEqual(code, 2)
        self.assertIn("unknown technology 'web-server'", err)


class GateTest(unittest.TestCase):
    """check, diff and rules, used the way a CI script would."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    MODEL = ("threatpath: 1\n"
             "data_assets:\n  orders:\n    confidentiality: confidential\n    integrity: critical\n"
             "components:\n"
             "  browser:\n    type: external-entity\n    used_as_client_by_human: true\n"
             "    technologies: [browser]\n"
             "  api:\n    technologies: [web-service-rest]\n    custom_developed_parts: true\n"
             "    data_processed: [orders]\n"
             "  db:\n    type: datastore\n    technologies: [database]\n    data_stored: [orders]\n"
             "flows:\n"
             "  browser-to-api:\n    from: browser\n    to: api\n    protocol: https\n"
             "    authentication: session-id\n    authorization: end-user-identity-propagation\n"
             "    data_sent: [orders]\n"
             "  api-to-db:\n    from: api\n    to: db\n    protocol: jdbc\n    authentication: none\n"
             "    data_sent: [orders]\n"
             "boundaries:\n  dc:\n    type: network-on-prem\n    components: [api, db]\n")

    def test_check_gates_on_severity(self):
        model = self.write("m.yaml", self.MODEL)
        code, out, err = run("check", model, "--fail-on", "critical")
        self.assertEqual(code, 0, out + err)
        self.assertIn("passed", out)
        code, out, err = run("check", model, "--fail-on", "low")
        self.assertEqual(code, 1, out + err)
        self.assertIn("SEVERITY", out)
        self.assertIn("missing-authentication", out)
        self.assertIn("failed:", out)
        code, _, err = run("check", model, "--fail-on", "urgent")
        self.assertEqual(code, 2)

    def test_check_respects_tracking_and_accepted(self):
        model = self.write("m.yaml", self.MODEL)
        code, out, _ = run("check", model, "--fail-on", "low")
        ids = [line.split()[-1] for line in out.splitlines()[1:-1]]
        self.assertTrue(ids)
        tracking = "risk_tracking:\n" + "".join(
            "  '%s':\n    status: accepted\n    justification: ok\n" % i for i in ids)
        tracked = self.write("t.yaml", self.MODEL + tracking)
        code, out, err = run("check", tracked, "--fail-on", "low")
        self.assertEqual(code, 0, out + err)
        code, out, err = run("check", tracked, "--fail-on", "low", "--include-accepted")
        self.assertEqual(code, 1, out + err)

    def test_check_on_threagile_example(self):
        if not os.path.isdir(FIXTURES):
            self.skipTest("shared fixtures not found at " + FIXTURES)
        code, out, err = run("check", os.path.join(FIXTURES, "example-v1.yaml"), "--fail-on", "high")
        self.assertEqual(code, 1, err)
        self.assertIn("3 open risks at or above high (1 critical, 2 high)", out)

    def test_diff_shows_what_a_change_does(self):
        old = self.write("old.yaml", self.MODEL)
        new = self.write("new.yaml", self.MODEL.replace("    authentication: none\n",
                                                        "    authentication: credentials\n"))
        code, out, err = run("diff", old, new)
        self.assertEqual(code, 0, err)
        self.assertIn("risks removed", out)
        # The changed field, old and new (`none` is the default, so the old model leaves it out).
        self.assertIn("~ flow api-to-db: authentication (default) -> credentials\n", out)
        # The reverse change adds the risk back; the gate fails on it.
        code, out, err = run("diff", new, old, "--fail-on", "medium")
        self.assertEqual(code, 1, out + err)
        self.assertIn("+ ", out)
        code, out, err = run("diff", old, old)
        self.assertEqual(code, 0)
        self.assertEqual(out, "no changes\n")
        code, out, err = run("diff", old, new, "--format", "json")
        self.assertEqual(code, 0)
        d = json.loads(out)
        self.assertTrue(d["risks_removed"])
        self.assertIn({"field": "authentication", "before": None, "after": "credentials"},
                      d["elements"][0]["fields"])

    def test_diff_reads_the_old_model_from_a_pipe(self):
        # The CI idiom: compare with the committed version without a temporary file.
        old = self.write("old.yaml", self.MODEL)
        new = self.write("new.yaml", self.MODEL.replace("    authentication: none\n",
                                                        "    authentication: credentials\n"))
        script = '"$0" diff <(cat "$1") "$2" && "$0" check <(cat "$2") --fail-on critical'
        p = subprocess.run(["bash", "-c", script, TP, old, new], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("~ flow api-to-db: authentication (default) -> credentials", p.stdout)
        self.assertIn("passed: no open risk at or above critical", p.stdout)

    def test_diff_shows_a_route_that_got_weaker(self):
        # Plain HTTP without authentication from the browser: the routes to the data stay the
        # same but get cheaper for an attacker, which diff reports as changed attack paths.
        old = self.write("old.yaml", self.MODEL)
        weak = self.MODEL.replace("    protocol: https\n    authentication: session-id\n",
                                  "    protocol: http\n")
        self.assertNotEqual(weak, self.MODEL)
        new = self.write("new.yaml", weak)
        code, out, err = run("diff", old, new)
        self.assertEqual(code, 0, err)
        self.assertIn("attack paths changed (", out)
        self.assertIn(", weaker)\n", out)
        self.assertIn("hop without authentication", out)
        # The gate for routes: the change makes the orders easier to reach.
        code, out, err = run("diff", old, new, "--fail-on-weaker-paths")
        self.assertEqual(code, 1, out + err)
        self.assertIn("! orders: weakest attack path costs ", out)
        self.assertIn("failed: 1 sensitive asset easier to reach\n", out)
        code, out, err = run("diff", new, old, "--fail-on-weaker-paths")
        self.assertEqual(code, 0, out + err)
        self.assertIn("passed: 0 sensitive assets easier to reach\n", out)
        code, out, err = run("diff", old, new, "--format", "json", "--fail-on-weaker-paths")
        self.assertEqual(code, 1, out + err)
        self.assertEqual(json.loads(out)["failing_assets"], 1)
        self.assertEqual(json.loads(out)["weaker_assets"][0]["asset"], "orders")
        code, out, err = run("diff", old, new, "--format", "json")
        changed = json.loads(out)["attack_paths_changed"]
        self.assertTrue(changed)
        for c in changed:
            self.assertEqual(c["before"]["flows"], c["after"]["flows"])
            self.assertLess(c["after"]["cost"], c["before"]["cost"])

    def test_analyze_writes_every_output_deterministically(self):
        model = self.write("m.yaml", self.MODEL)
        a, b = os.path.join(self.dir, "a"), os.path.join(self.dir, "b")
        code, out, err = run("analyze", model, "-o", a)
        self.assertEqual(code, 0, err)
        self.assertIn("risks (", out)
        with open(os.path.join(a, "attack-paths.json"), encoding="utf-8") as f:
            paths = len(json.load(f)["paths"])
        self.assertGreater(paths, 0)
        figures = ["data-flow-diagram.svg", "data-asset-diagram.svg"] + [
            "attack-path-%d.svg" % n for n in range(1, min(paths, 10) + 1)]
        self.assertIn("and %d diagrams (SVG) for report.md" % len(figures), out)
        names = sorted(os.listdir(a))
        self.assertEqual(names, sorted(["risks.json", "stats.json", "technical-assets.json",
                                        "attack-paths.json", "report.md", "risks.csv",
                                        "risks.sarif", "risks.xlsx"] + figures))
        with open(os.path.join(a, "report.md"), encoding="utf-8") as f:
            md = f.read()
        # Every figure is shown in report.md, in the right section.
        self.assertIn("## Data-flow diagram\n\n![Data-flow diagram](data-flow-diagram.svg)\n", md)
        self.assertIn("## Data-asset diagram\n\n![Data-asset diagram](data-asset-diagram.svg)\n", md)
        attack = md[md.index("## Attack paths"):md.index("## STRIDE review prompts")]
        for n in range(1, min(paths, 10) + 1):
            self.assertRegex(attack, r"\n  !\[Attack path %d: [^\n]*\]\(attack-path-%d\.svg\)\n" % (n, n))
        for name in figures:
            with open(os.path.join(a, name), encoding="utf-8") as f:
                self.assertTrue(f.read().startswith("<?xml"), name)
        for component in ("browser", "api", "db"):
            self.assertEqual(svg_ids(os.path.join(a, "data-flow-diagram.svg"), "node")
                             .get("component:" + component), 1, component)
        self.assertEqual(run("analyze", model, "-o", b)[0], 0)
        for name in names:
            with open(os.path.join(a, name), "rb") as fa, open(os.path.join(b, name), "rb") as fb:
                self.assertEqual(fa.read(), fb.read(), name + " differs between two runs")
        with open(os.path.join(a, "risks.json"), encoding="utf-8") as f:
            risks = json.load(f)
        self.assertTrue(any(r["category"] == "missing-authentication" for r in risks))
        with open(os.path.join(a, "risks.sarif"), encoding="utf-8") as f:
            sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertEqual(len(sarif["runs"][0]["results"]), len(risks))
        code, out, err = run("analyze", model, "-o", os.path.join(self.dir, "c"), "--format", "json,sarif")
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(os.listdir(os.path.join(self.dir, "c"))), ["risks.json", "risks.sarif"])
        # File names work too, and a name without its extension when only one file has it.
        code, out, err = run("analyze", model, "-o", os.path.join(self.dir, "c2"), "--format",
                             "attack-paths,risks.csv")
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(os.listdir(os.path.join(self.dir, "c2"))),
                         ["attack-paths.json", "risks.csv"])
        code, out, err = run("analyze", model, "-o", os.path.join(self.dir, "c3"), "--format", "risks")
        self.assertEqual(code, 2)
        self.assertIn("unknown output format 'risks'", err)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "c3")))
        # The diagrams go with report.md.
        code, out, err = run("analyze", model, "-o", os.path.join(self.dir, "d"), "--format", "md")
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(os.listdir(os.path.join(self.dir, "d"))), sorted(["report.md"] + figures))
        # --no-diagrams: the eight files, and report.md without figures.
        code, out, err = run("analyze", model, "-o", os.path.join(self.dir, "e"), "--no-diagrams")
        self.assertEqual(code, 0, err)
        self.assertEqual(sorted(os.listdir(os.path.join(self.dir, "e"))),
                         sorted(n for n in names if not n.endswith(".svg")))
        self.assertNotIn("diagram", out)
        with open(os.path.join(self.dir, "e", "report.md"), encoding="utf-8") as f:
            plain = f.read()
        self.assertNotIn("](", plain)
        self.assertNotIn("## Data-flow diagram", plain)

    def test_analyze_splits_the_data_flow_diagram_above_the_threshold(self):
        """305 components in 5 boundaries exceed the default threshold of 300: the data-flow
        diagram becomes the overview plus one diagram per boundary, linked from report.md."""
        lines = ["threatpath: 1", "components:"]
        for b in range(5):
            for i in range(61):
                lines += ["  c%d-%d:" % (b, i), "    technologies: [web-service-rest]"]
        lines += ["  visitor:", "    type: external-entity", "    internet: true", "flows:"]
        for b in range(5):
            lines += ["  in-%d:" % b, "    from: visitor", "    to: c%d-0" % b, "    protocol: https"]
            for i in range(60):
                lines += ["  f%d-%d:" % (b, i), "    from: c%d-%d" % (b, i),
                          "    to: c%d-%d" % (b, i + 1), "    protocol: https"]
        lines += ["boundaries:"]
        for b in range(5):
            lines += ["  Zone_%d:" % b, "    title: Zone %d" % b, "    type: network-on-prem",
                      "    components: [%s]" % ", ".join("c%d-%d" % (b, i) for i in range(61))]
        model = self.write("big.yaml", "\n".join(lines) + "\n")
        out_dir = os.path.join(self.dir, "out")
        code, out, err = run("analyze", model, "-o", out_dir, "--format", "md")
        self.assertEqual(code, 0, err)
        parts = ["data-flow-boundary-zone-%d.svg" % b for b in range(5)] + [
            "data-flow-outside-boundaries.svg"]
        names = os.listdir(out_dir)
        for name in ["report.md", "data-flow-diagram.svg", "data-asset-diagram.svg"] + parts:
            self.assertIn(name, names)
        overview = svg_ids(os.path.join(out_dir, "data-flow-diagram.svg"), "node")
        self.assertEqual(sorted(overview), ["boundary:Zone_%d" % b for b in range(5)] + ["outside"])
        for b in range(5):
            nodes = svg_ids(os.path.join(out_dir, "data-flow-boundary-zone-%d.svg" % b), "node")
            self.assertEqual(nodes, dict([("component:c%d-%d" % (b, i), 1) for i in range(61)] +
                                         [("stub:visitor", 1)]))
        with open(os.path.join(out_dir, "report.md"), encoding="utf-8") as f:
            md = f.read()
        self.assertIn("![Data-flow diagram: overview](data-flow-diagram.svg)", md)
        for b in range(5):
            self.assertIn("- [Zone %d](data-flow-boundary-zone-%d.svg) `Zone_%d`: 61 components\n"
                          % (b, b, b), md)
        # --collapse-above 0 never splits.
        whole = os.path.join(self.dir, "whole")
        code, out, err = run("analyze", model, "-o", whole, "--format", "md", "--collapse-above", "0")
        self.assertEqual(code, 0, err)
        self.assertFalse(any(n.startswith("data-flow-boundary") for n in os.listdir(whole)))
        self.assertEqual(len(svg_ids(os.path.join(whole, "data-flow-diagram.svg"), "node")), 306)

    def test_analyze_reports_orphaned_tracking(self):
        model = self.write("m.yaml", self.MODEL + "risk_tracking:\n  missing-waf@nowhere:\n"
                           "    status: accepted\n    justification: stale\n")
        out_dir = os.path.join(self.dir, "out")
        code, out, err = run("analyze", model, "-o", out_dir)
        self.assertEqual(code, 0, err)
        self.assertIn("1 risk-tracking entry matches no risk: missing-waf@nowhere", out)
        with open(os.path.join(out_dir, "report.md"), encoding="utf-8") as f:
            md = f.read()
        self.assertIn("Risk-tracking entries that match no risk", md)
        self.assertIn("missing-waf@nowhere", md)

    def test_analyze_bad_model_writes_nothing(self):
        bad = self.write("bad.yaml", self.MODEL.replace("to: db", "to: dbb"))
        out_dir = os.path.join(self.dir, "out")
        code, _, err = run("analyze", bad, "-o", out_dir)
        self.assertEqual(code, 2)
        self.assertIn("names unknown component 'dbb'", err)
        self.assertFalse(os.path.exists(out_dir))

    def test_diagrams_are_identical_from_run_to_run(self):
        # Graphviz orders clusters by object id; its default ids are heap addresses, which
        # differ between processes, so one model used to give differently ordered SVG.
        runs = []
        for n in range(3):
            out_dir = os.path.join(self.dir, "run%d" % n)
            code, _, err = run("analyze", EXAMPLE, "-o", out_dir)
            self.assertEqual(code, 0, err)
            runs.append(out_dir)
        names = sorted(os.listdir(runs[0]))
        self.assertIn("data-flow-diagram.svg", names)
        for other in runs[1:]:
            self.assertEqual(sorted(os.listdir(other)), names)
            for name in names:
                with open(os.path.join(runs[0], name), "rb") as fa, \
                        open(os.path.join(other, name), "rb") as fb:
                    self.assertEqual(fa.read(), fb.read(), name + " differs between runs")
        # The clusters come out in the model's order of trust boundaries.
        with open(EXAMPLE, encoding="utf-8") as f:
            model = f.read()
        with open(os.path.join(runs[0], "data-flow-diagram.svg"), encoding="utf-8") as f:
            svg = f.read()
        drawn = re.findall(r'<g id="boundary:([^"]+)" class="cluster">', svg)
        self.assertGreater(len(drawn), 2)
        positions = [model.index("\n  %s:\n" % b.replace("&#45;", "-")) for b in drawn]
        self.assertEqual(positions, sorted(positions), drawn)

    def threagile_example(self):
        """The text of Threagile's example model; skips the test when the fixtures are absent."""
        if not os.path.isdir(FIXTURES):
            self.skipTest("shared fixtures not found at " + FIXTURES)
        with open(os.path.join(FIXTURES, "example-v1.yaml"), encoding="utf-8") as f:
            return f.read()

    def test_threagile_keys_threagile_ignores_are_warnings(self):
        text = self.threagile_example()
        model = self.write("typo.yaml", text.replace("\ntitle: ", "\ntitel: ", 1))
        code, out, err = run("check", model, "--fail-on", "critical")
        self.assertEqual(code, 1, err)  # analysed like Threagile: its one critical risk
        self.assertRegex(err, r"typo\.yaml:\d+:1: warning: the model: unknown key 'titel' is "
                              r"ignored \(did you mean 'title'\?\)")
        code, out, err = run("validate", model, "--format", "json")
        self.assertEqual(code, 0, err)
        self.assertIn("unknown key 'titel'", json.loads(out)[0]["warnings"][0]["message"])
        code, out, err = run("--quiet", "check", model, "--fail-on", "critical")
        self.assertNotIn("warning", err)

    def test_threagile_ids_are_per_kind(self):
        # Threagile keeps one id space per kind: a data asset may share its id with a
        # technical asset. Threagile's example with its data asset 'customer-accounts' renamed
        # to the id of a technical asset gives the same risks.
        text = self.threagile_example()
        self.assertIn("\n    id: sql-database\n", text)
        model = self.write("shared.yaml", text.replace("customer-accounts", "sql-database"))
        out_dir = os.path.join(self.dir, "out")
        code, out, err = run("analyze", model, "-o", out_dir, "--no-diagrams")
        self.assertEqual(code, 0, err)
        self.assertIn("84 risks (1 critical, 2 high, 29 elevated, 44 medium, 8 low)", out)
        with open(os.path.join(out_dir, "attack-paths.json"), encoding="utf-8") as f:
            assets = {a["data_asset"]: a["title"] for a in json.load(f)["assets"]}
        self.assertEqual(assets["sql-database"], "Customer Accounts")
        with open(os.path.join(out_dir, "risks.json"), encoding="utf-8") as f:
            risks = json.load(f)
        hardening = [r for r in risks if r["synthetic_id"] == "missing-hardening@sql-database"]
        self.assertEqual(len(hardening), 1)
        self.assertIn("Component 'Customer Contract Database'", hardening[0]["explanation"])

    def test_threagile_boundary_nested_in_two_parents(self):
        # Threagile accepts a trust boundary nested in two parents (and picks one); real models
        # do this. Threagile's example with 'auth-env' nested in 'dev-network' as well: the first
        # parent in the file stays 'application-network', so the risks are the example's.
        text = self.threagile_example()
        nested = "trust_boundaries_nested: # sequence of IDs to reference\n"
        at = text.index(nested, text.index("\n  Dev Network:\n")) + len(nested)
        model = self.write("two-parents.yaml", text[:at] + "      - auth-env\n" + text[at:])
        code, out, err = run("check", model, "--fail-on", "critical")
        self.assertEqual(code, 1, err)
        self.assertIn("failed: 1 open risk at or above critical", out)
        out_dir = os.path.join(self.dir, "out")
        code, out, err = run("analyze", model, "-o", out_dir, "--no-diagrams")
        self.assertEqual(code, 0, err)
        self.assertIn("84 risks (1 critical, 2 high, 29 elevated, 44 medium, 8 low)", out)

    def test_threagile_links_whose_titles_give_one_id(self):
        # Threagile derives a link's id from its title and keeps two links whose titles give
        # the same id. Threagile's example with a copy of 'Customer Traffic' titled 'customer
        # traffic!': a warning, then the risks of both links, under one id, as Threagile has them.
        text = self.threagile_example()
        start = text.index("      Customer Traffic:\n")
        end = text.index("        #diagram_tweak_constraint: false\n", start)
        end += len("        #diagram_tweak_constraint: false\n")
        copy = text[start:end].replace("Customer Traffic:", "customer traffic!:")
        model = self.write("same-id.yaml", text[:end] + copy + text[end:])
        out_dir = os.path.join(self.dir, "out")
        code, out, err = run("analyze", model, "-o", out_dir)
        self.assertEqual(code, 0, err)
        self.assertRegex(err, r"same-id\.yaml:\d+:7: warning: communication link 'customer "
                              r"traffic!' of technical asset 'Customer Web Client' gets the id "
                              r"'customer-client>customer-traffic', as communication link "
                              r"'Customer Traffic' of technical asset 'Customer Web Client' at ")
        with open(os.path.join(out_dir, "risks.json"), encoding="utf-8") as f:
            risks = json.load(f)
        dos = [r for r in risks if r["synthetic_id"] ==
               "dos-risky-access-across-trust-boundary@apache-webserver@customer-client@"
               "customer-client>customer-traffic"]
        self.assertEqual(len(dos), 2)  # one per link
        self.assertEqual(len(risks), 87)
        # The native format keys flows by id: converting renames the second, with a warning,
        # and the file reads back.
        native = os.path.join(self.dir, "same-id-native.yaml")
        code, out, err = run("convert", model, "-o", native)
        self.assertEqual(code, 0, err)
        self.assertIn("warning: flows: id 'customer-client>customer-traffic' is used twice "
                      "('customer traffic!'); written as 'customer-client>customer-traffic~2'",
                      err)
        code, out, err = run("validate", native)
        self.assertEqual(code, 0, err)
        self.assertIn("21 flows", out)

    def test_analyze_threagile_example_gives_threagiles_counts(self):
        if not os.path.isdir(FIXTURES):
            self.skipTest("shared fixtures not found at " + FIXTURES)
        out_dir = os.path.join(self.dir, "out")
        code, out, err = run("analyze", os.path.join(FIXTURES, "example-v1.yaml"), "-o", out_dir)
        self.assertEqual(code, 0, err)
        self.assertIn("84 risks (1 critical, 2 high, 29 elevated, 44 medium, 8 low)", out)

    def test_diagram_renders_svg_png_and_dot(self):
        model = self.write("m.yaml", self.MODEL)
        svg = os.path.join(self.dir, "d.svg")
        code, out, err = run("diagram", model, "-o", svg)
        self.assertEqual(code, 0, err)
        with open(svg, encoding="utf-8") as f:
            text = f.read()
        for component in ("browser", "api", "db"):
            self.assertEqual(text.count('id="component:%s"' % component), 1, component)
        png = os.path.join(self.dir, "p.png")
        self.assertEqual(run("diagram", model, "--kind", "path", "--asset", "orders", "-o", png)[0], 0)
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        code, _, err = run("diagram", model, "--kind", "path", "--asset", "nope", "-o", png + "2")
        self.assertEqual(code, 2)
        self.assertFalse(os.path.exists(png + "2"))

    def test_svg_does_not_depend_on_the_installed_fonts(self):
        # SVG is laid out with Graphviz's own font metrics: a machine with other fonts (here:
        # none at all) gets the same bytes. PNG still goes through cairo and Pango.
        a, b = os.path.join(self.dir, "a.svg"), os.path.join(self.dir, "b.svg")
        self.assertEqual(run("diagram", EXAMPLE, "-o", a)[0], 0)
        conf = self.write("fonts.conf", '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir>'
                          '<cachedir>%s</cachedir></fontconfig>\n'
                          % (os.path.join(self.dir, "no-fonts"), os.path.join(self.dir, "fc")))
        p = subprocess.run([TP, "diagram", EXAMPLE, "-o", b], capture_output=True, text=True,
                           timeout=120, env=dict(os.environ, FONTCONFIG_FILE=conf))
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(a, "rb") as fa, open(b, "rb") as fb:
            self.assertEqual(fa.read(), fb.read())
        png = os.path.join(self.dir, "c.png")
        self.assertEqual(run("diagram", EXAMPLE, "-o", png)[0], 0)
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_diagram_split_by_boundary(self):
        model = self.write("m.yaml", self.MODEL)
        out_dir = os.path.join(self.dir, "split")
        code, out, err = run("diagram", model, "--split-by-boundary", "-o", out_dir)
        self.assertEqual(code, 0, err)
        self.assertEqual(out, "wrote to %s/: index.md, data-flow-diagram.svg (overview) and 2 parts, "
                         "listed in index.md\n" % out_dir)
        self.assertEqual(sorted(os.listdir(out_dir)),
                         ["data-flow-boundary-dc.svg", "data-flow-diagram.svg",
                          "data-flow-outside-boundaries.svg", "index.md"])
        self.assertEqual(svg_ids(os.path.join(out_dir, "data-flow-diagram.svg"), "node"),
                         {"boundary:dc": 1, "outside": 1})
        dc = os.path.join(out_dir, "data-flow-boundary-dc.svg")
        self.assertEqual(svg_ids(dc, "node"), {"component:api": 1, "component:db": 1, "stub:browser": 1})
        self.assertEqual(svg_ids(dc, "edge"), {"flow:browser-to-api": 1, "flow:api-to-db": 1})
        self.assertEqual(svg_ids(dc, "cluster"), {"boundary:dc": 1})
        outside = os.path.join(out_dir, "data-flow-outside-boundaries.svg")
        self.assertEqual(svg_ids(outside, "node"), {"component:browser": 1, "stub:api": 1})
        with open(outside, encoding="utf-8") as f:
            self.assertIn('xlink:href="data-flow-boundary-dc.svg"', f.read())
        with open(os.path.join(out_dir, "index.md"), encoding="utf-8") as f:
            index = f.read()
        self.assertIn("![Overview](data-flow-diagram.svg)", index)
        self.assertIn("- [dc](data-flow-boundary-dc.svg) `dc`: 2 components, 1 stub\n", index)
        # Deterministic, and PNG works too.
        again = os.path.join(self.dir, "again")
        self.assertEqual(run("diagram", model, "--split-by-boundary", "-o", again)[0], 0)
        for name in os.listdir(out_dir):
            with open(os.path.join(out_dir, name), "rb") as fa, open(os.path.join(again, name), "rb") as fb:
                self.assertEqual(fa.read(), fb.read(), name)
        png = os.path.join(self.dir, "png")
        self.assertEqual(run("diagram", model, "--split-by-boundary", "--format", "png", "-o", png)[0], 0)
        with open(os.path.join(png, "data-flow-boundary-dc.png"), "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        code, _, err = run("diagram", model, "--kind", "data", "--split-by-boundary", "-o", png + "2")
        self.assertEqual(code, 2)
        self.assertIn("use it with --kind dfd", err)
        self.assertFalse(os.path.exists(png + "2"))

    def test_diagram_split_drills_down_below_the_threshold(self):
        """--collapse-above 3: 'cloud' holds 1 + 2 x 2 components, so its part draws its own
        component and each nested network as a summary node, and the networks get their own
        parts, listed indented in index.md."""
        model = self.write("nested.yaml", "\n".join([
            "threatpath: 1",
            "components:",
            "  gw: {technologies: [reverse-proxy]}",
            "  a1: {technologies: [web-service-rest]}",
            "  a2: {technologies: [web-service-rest]}",
            "  b1: {technologies: [web-service-rest]}",
            "  b2: {technologies: [database], type: datastore}",
            "flows:",
            "  gw-a1: {from: gw, to: a1, protocol: https}",
            "  a1-a2: {from: a1, to: a2, protocol: https}",
            "  a2-b2: {from: a2, to: b2, protocol: jdbc}",
            "  b1-b2: {from: b1, to: b2, protocol: jdbc}",
            "boundaries:",
            "  cloud: {type: network-cloud-provider, components: [gw], nested: [net-a, net-b]}",
            "  net-a: {type: network-virtual-lan, components: [a1, a2]}",
            "  net-b: {type: network-virtual-lan, components: [b1, b2]}",
        ]) + "\n")
        out_dir = os.path.join(self.dir, "drill")
        code, out, err = run("diagram", model, "--split-by-boundary", "--collapse-above", "3",
                             "-o", out_dir)
        self.assertEqual(code, 0, err)
        self.assertIn("and 3 parts", out)
        self.assertEqual(sorted(os.listdir(out_dir)),
                         ["data-flow-boundary-cloud.svg", "data-flow-boundary-net-a.svg",
                          "data-flow-boundary-net-b.svg", "data-flow-diagram.svg", "index.md"])
        cloud = os.path.join(out_dir, "data-flow-boundary-cloud.svg")
        self.assertEqual(svg_ids(cloud, "node"),
                         {"component:gw": 1, "boundary:net-a": 1, "boundary:net-b": 1})
        with open(cloud, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('xlink:href="data-flow-boundary-net-a.svg"', text)
        self.assertIn("2 nested boundaries collapsed into one node each", text)
        net_a = os.path.join(out_dir, "data-flow-boundary-net-a.svg")
        self.assertEqual(svg_ids(net_a, "node"),
                         {"component:a1": 1, "component:a2": 1, "stub:gw": 1, "stub:b2": 1})
        with open(os.path.join(out_dir, "index.md"), encoding="utf-8") as f:
            index = f.read()
        self.assertIn("- [cloud](data-flow-boundary-cloud.svg) `cloud`: 1 component, 2 nested "
                      "boundaries collapsed\n"
                      "  - [net-a](data-flow-boundary-net-a.svg) `net-a`: 2 components, 2 stubs\n"
                      "  - [net-b](data-flow-boundary-net-b.svg) `net-b`: 2 components, 1 stub\n",
                      index)

    def test_report_html_is_self_contained(self):
        model = self.write("m.yaml", self.MODEL.replace("threatpath: 1\n",
                                                        "threatpath: 1\nmetadata:\n  title: '<script>x()</script>'\n"))
        html = os.path.join(self.dir, "r.html")
        code, out, err = run("report", model, "-o", html)
        self.assertEqual(code, 0, err)
        with open(html, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("<svg", text)
        self.assertIn("&lt;script&gt;x()&lt;/script&gt;", text)
        self.assertNotIn("<script>x()", text)
        self.assertNotRegex(text, r'(src|href)="https?://')
        html2 = os.path.join(self.dir, "r2.html")
        self.assertEqual(run("report", model, "-o", html2)[0], 0)
        with open(html2, encoding="utf-8") as f:
            self.assertEqual(f.read(), text)

    def test_report_in_headless_chromium(self):
        """Opens report.html in Debian's headless Chromium: no console errors, and the filters
        (set through the link fragment) hide the right rows."""
        chromium = shutil.which("chromium")
        if chromium is None:
            self.skipTest("chromium is not installed (scripts/setup.sh installs it)")
        model = self.write("m.yaml", self.MODEL)
        html = os.path.join(self.dir, "r.html")
        out_dir = os.path.join(self.dir, "out")
        self.assertEqual(run("report", model, "-o", html)[0], 0)
        self.assertEqual(run("analyze", model, "-o", out_dir, "--format", "json")[0], 0)
        with open(os.path.join(out_dir, "risks.json"), encoding="utf-8") as f:
            risks = json.load(f)
        profile = os.path.join(self.dir, "profile")
        cases = [("", len(risks))]
        for severity in sorted({r["severity"] for r in risks}):
            cases.append(("#severity=" + severity, sum(r["severity"] == severity for r in risks)))
        cases.append(("#category=missing-authentication",
                      sum(r["category"] == "missing-authentication" for r in risks)))
        for fragment, expected in cases:
            with self.subTest(fragment=fragment):
                p = subprocess.run(
                    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr",
                     "--v=0", "--dump-dom", "file://" + html + fragment],
                    capture_output=True, text=True, timeout=120)
                self.assertEqual(p.returncode, 0, p.stderr[-2000:])
                console = [l for l in p.stderr.splitlines() if ":CONSOLE" in l]
                self.assertEqual(console, [], "console output from the report's script")
                m = re.search(r'id="risk-count"[^>]*>(\d+) of (\d+) risks shown<', p.stdout)
                self.assertIsNotNone(m, "the script did not run")
                self.assertEqual((int(m.group(1)), int(m.group(2))), (expected, len(risks)))

    def chromium_args(self, chromium):
        return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + os.path.join(self.dir, "profile")]

    def test_report_screenshot_in_headless_chromium(self):
        """A screenshot of report.html at the requested size that is not a blank page."""
        chromium = shutil.which("chromium")
        if chromium is None:
            self.skipTest("chromium is not installed (scripts/setup.sh installs it)")
        model = self.write("m.yaml", self.MODEL)
        html = os.path.join(self.dir, "r.html")
        self.assertEqual(run("report", model, "-o", html)[0], 0)
        png = os.path.join(self.dir, "shot.png")
        p = subprocess.run(self.chromium_args(chromium) + [
            "--hide-scrollbars", "--screenshot=" + png, "--window-size=1280,2000", "file://" + html],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        self.assertTrue(os.path.exists(png), p.stderr[-2000:])
        with open(png, "rb") as f:
            data = f.read()
        width, height, rows = png_rows(data, 240)
        self.assertEqual((width, height), (1280, 2000))
        colours = set()
        for row in rows:
            colours.update(row)
        self.assertGreater(len(colours), 1, "the top of the screenshot is one flat colour")

    def test_report_sorts_by_column_in_headless_chromium(self):
        """Clicks column headings of the risk table in a real browser and compares the order of
        the rows with risks.json. A copy of report.html gets a script after the report's own
        that clicks and writes the resulting orders into the page, which --dump-dom prints."""
        chromium = shutil.which("chromium")
        if chromium is None:
            self.skipTest("chromium is not installed (scripts/setup.sh installs it)")
        model = self.write("m.yaml", self.MODEL)
        html = os.path.join(self.dir, "r.html")
        out_dir = os.path.join(self.dir, "out")
        self.assertEqual(run("report", model, "-o", html)[0], 0)
        self.assertEqual(run("analyze", model, "-o", out_dir, "--format", "json")[0], 0)
        with open(os.path.join(out_dir, "risks.json"), encoding="utf-8") as f:
            risks = json.load(f)
        with open(html, encoding="utf-8") as f:
            page = f.read()
        probe = """<script>
(function () {
  var table = document.getElementById('risk-table');
  var buttons = table.tHead.rows[0].querySelectorAll('button');
  function column(name) {
    for (var i = 0; i < buttons.length; i++) if (buttons[i].textContent === name) return buttons[i];
  }
  function order() {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) {
      return r.cells[r.cells.length - 1].textContent;
    });
  }
  var result = {initial: order()};
  column('Severity').click();
  result.severity_ascending = order();
  result.severity_sort = column('Severity').parentNode.getAttribute('aria-sort');
  column('Severity').click();
  result.severity_descending = order();
  result.severity_sort_again = column('Severity').parentNode.getAttribute('aria-sort');
  column('Category').click();
  result.category_ascending = order();
  var pre = document.createElement('pre');
  pre.id = 'sort-result';
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
})();
</script>
"""
        self.assertEqual(page.count("</body>"), 1)
        probed = os.path.join(self.dir, "probed.html")
        with open(probed, "w", encoding="utf-8") as f:
            f.write(page.replace("</body>", probe + "</body>"))
        p = subprocess.run(self.chromium_args(chromium) + ["--dump-dom", "file://" + probed],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        m = re.search(r'<pre id="sort-result">(.*?)</pre>', p.stdout, re.S)
        self.assertIsNotNone(m, "the probe did not run")
        result = json.loads(htmllib.unescape(m.group(1)))
        rank = {s: i for i, s in enumerate(["low", "medium", "elevated", "high", "critical"])}
        ids = [r["synthetic_id"] for r in risks]
        self.assertEqual(result["initial"], ids)
        # Stable sorts: ties keep the order of risks.json.
        by_index = list(range(len(risks)))
        self.assertEqual(result["severity_ascending"],
                         [ids[i] for i in sorted(by_index, key=lambda i: (rank[risks[i]["severity"]], i))])
        self.assertEqual(result["severity_sort"], "ascending")
        self.assertEqual(result["severity_descending"],
                         [ids[i] for i in sorted(by_index, key=lambda i: (-rank[risks[i]["severity"]], i))])
        self.assertEqual(result["severity_sort_again"], "descending")
        self.assertNotEqual(result["severity_ascending"], result["severity_descending"])
        self.assertEqual(result["category_ascending"],
                         [ids[i] for i in sorted(by_index, key=lambda i: (risks[i]["category"], i))])

    def test_report_pdf_needs_chromium(self):
        model = self.write("m.yaml", self.MODEL)
        pdf = os.path.join(self.dir, "r.pdf")
        code, out, err = run("report", model, "-o", pdf)
        if shutil.which("chromium") is None:
            self.assertEqual(code, 2)
            self.assertIn("not installed", err)
            self.assertFalse(os.path.exists(pdf))
        else:
            self.assertEqual(code, 0, err)
            with open(pdf, "rb") as f:
                self.assertEqual(f.read(5), b"%PDF-")

    def test_rules_list_and_explain(self):
        code, out, _ = run("rules")
        self.assertEqual(code, 0)
        self.assertIn("42 rules", out)
        code, out, _ = run("rules", "--format", "json")
        self.assertEqual(len(json.loads(out)), 42)
        code, out, _ = run("rules", "explain", "missing-authentication")
        self.assertEqual(code, 0)
        self.assertIn("CWE: 306", out)
        code, out, _ = run("rules", "--format", "markdown")
        with open(os.path.join(ROOT, "docs", "rules.md"), encoding="utf-8") as f:
            self.assertEqual(out, f.read(),
                             "docs/rules.md is stale: build/bin/threatpath rules --format markdown > docs/rules.md")
        code, _, err = run("rules", "explain", "missing-authentcation")
        self.assertEqual(code, 2)
        self.assertIn("did you mean 'missing-authentication'", err)


class TriageTest(unittest.TestCase):
    """threatpath triage on the example answer files (examples/intake/)."""

    def example(self, name):
        return os.path.join(ROOT, "examples", "intake", name)

    def triage_json(self, *args):
        code, out, err = run("triage", *args, "--format", "json")
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def test_paved_path_without_sensitive_data(self):
        t = self.triage_json(self.example("paved-internal.yaml"))
        self.assertIn(t["tier"], ("none", "self-service"))
        self.assertLess(t["priority"], 30)
        self.assertEqual(t["findings"], [])
        self.assertEqual(t["team"], "developer-productivity")

    def test_exposed_pii_off_paved_path(self):
        t = self.triage_json(self.example("exposed-pii-off-path.yaml"))
        self.assertEqual(t["tier"], "security-led")
        self.assertGreaterEqual(t["priority"], 70)
        paved = self.triage_json(self.example("paved-internal.yaml"))
        self.assertGreater(t["priority"], paved["priority"])
        self.assertEqual(t["findings"][0]["id"], "intake-exposed-sensitive-off-path")
        self.assertEqual(t["findings"][0]["severity"], "critical")
        self.assertIn({"question": "internet_facing", "answer": "yes", "points": 15}, t["reasons"])
        self.assertEqual(sum(r["points"] for r in t["reasons"]), t["points"])
        code, out, _ = run("triage", self.example("exposed-pii-off-path.yaml"))
        self.assertEqual(code, 0)
        self.assertIn("tier: security-led", out)
        self.assertIn("priority: %d/100" % t["priority"], out)

    def test_invalid_answers_exit_2_with_location(self):
        path = self.example("invalid.yaml")
        code, out, err = run("triage", path)
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn("%s:8:20: error: question 'internet_facing' takes yes or no, found 'maybe'" % path, err)
        self.assertIn("%s:6:21: error: question 'data_kinds' has no choice 'phi_data'" % path, err)
        code, _, err = run("triage", self.example("missing.yaml"))
        self.assertEqual(code, 2)

    def test_vsaq_questionnaire(self):
        vsaq = os.path.join(ROOT, "..", "shared", "fixtures", "questionnaires", "vsaq")
        if not os.path.exists(os.path.join(vsaq, "test_template.json")):
            self.skipTest("VSAQ fixtures not found at " + vsaq)
        with tempfile.TemporaryDirectory() as d:
            answers = os.path.join(d, "a.yaml")
            with open(answers, "w", encoding="utf-8") as f:
                f.write("questionnaire: test_template\nanswers:\n  data_warning: yes\n  company_specific: hi\n")
            t = self.triage_json(answers, "--questionnaire", "vsaq:" + os.path.join(vsaq, "test_template.json"),
                                 "--vsaq-extension", os.path.join(vsaq, "test_template_extension.json"))
            self.assertEqual(t["tier"], "security-led")
            self.assertEqual([f["id"] for f in t["findings"]], ["data_tip"])


class BriefTest(unittest.TestCase):
    """threatpath brief: the pen-test brief of the example model."""

    def test_json_and_markdown(self):
        model = os.path.join(ROOT, "examples", "online-shop.yaml")
        code, out, err = run("brief", model, "--format", "json", "--paths", "3")
        self.assertEqual(code, 0, err)
        b = json.loads(out)
        self.assertEqual(b["model"], "Online shop")
        self.assertEqual(len(b["attack_paths"]), 3)
        statuses = [a["status"] for a in b["assumptions"]]
        self.assertEqual(statuses, sorted(statuses, key=lambda s: ["unvalidated", "refuted",
                                                                    "confirmed"].index(s)))
        self.assertIn("invoice-bucket-private", [a["id"] for a in b["assumptions"]])
        self.assertTrue(all(r["severity"] in ("high", "critical") for r in b["open_risks"]))
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "brief.md")
            code, out, err = run("brief", model, "-o", target)
            self.assertEqual(code, 0, err)
            with open(target, encoding="utf-8") as f:
                md = f.read()
        self.assertTrue(md.startswith("# Pen-test brief: Online shop\n"))
        self.assertIn("## Assumptions to validate", md)
        code, _, err = run("brief", model, "--min-severity", "severe")
        self.assertEqual(code, 2)


if __name__ == "__main__":
    TP = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
