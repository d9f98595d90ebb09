#!/usr/bin/env python3
"""End-to-end tests: run the real threatpath binary and check its output and exit codes.

Usage: cli_test.py PATH_TO_THREATPATH (CTest passes it).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

TP = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "..", "shared", "fixtures", "threagile")
EXAMPLE = os.path.join(ROOT, "examples", "online-shop.yaml")


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
        self.assertIn("~ flow api-to-db", out)
        # The reverse change adds the risk back; the gate fails on it.
        code, out, err = run("diff", new, old, "--fail-on", "medium")
        self.assertEqual(code, 1, out + err)
        self.assertIn("+ ", out)
        code, out, err = run("diff", old, old)
        self.assertEqual(code, 0)
        self.assertEqual(out, "no changes\n")
        code, out, err = run("diff", old, new, "--format", "json")
        self.assertEqual(code, 0)
        self.assertTrue(json.loads(out)["risks_removed"])

    def test_analyze_writes_every_output_deterministically(self):
        model = self.write("m.yaml", self.MODEL)
        a, b = os.path.join(self.dir, "a"), os.path.join(self.dir, "b")
        code, out, err = run("analyze", model, "-o", a)
        self.assertEqual(code, 0, err)
        self.assertIn("risks (", out)
        names = sorted(os.listdir(a))
        self.assertEqual(names, sorted(["risks.json", "stats.json", "technical-assets.json",
                                        "attack-paths.json", "report.md", "risks.csv",
                                        "risks.sarif", "risks.xlsx"]))
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


if __name__ == "__main__":
    TP = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
