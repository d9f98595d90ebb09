#include "risk/cvss3.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace threatpath::risk {
namespace {

struct BaseCase {
  const char* cve;
  const char* vector;
  double base;
  const char* severity;
};

// FIRST, "Common Vulnerability Scoring System v3.1: Examples"
// (https://www.first.org/cvss/v3.1/examples): the vector and base score FIRST gives for each CVE.
const std::vector<BaseCase> kFirstExamples = {
    {"CVE-2013-1937 phpMyAdmin reflected XSS", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1,
     "Medium"},
    {"CVE-2013-0375 MySQL stored SQL injection", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N",
     6.4, "Medium"},
    {"CVE-2014-3566 SSLv3 POODLE", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, "Low"},
    {"CVE-2012-1516 VMware guest to host escape", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H",
     9.9, "Critical"},
    {"CVE-2009-0783 Apache Tomcat XML parser", "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2,
     "Medium"},
    {"CVE-2015-1098 Apple iWork denial of service", "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
     7.8, "High"},
    {"CVE-2014-0160 OpenSSL Heartbleed", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5,
     "High"},
    {"CVE-2014-6271 GNU Bash Shellshock", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8,
     "Critical"},
    {"CVE-2008-1447 DNS Kaminsky cache poisoning", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N",
     6.8, "Medium"},
    {"CVE-2014-2005 Sophos login screen bypass", "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
     6.8, "Medium"},
    {"CVE-2010-0467 Joomla directory traversal", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N",
     5.8, "Medium"},
    {"CVE-2012-1342 Cisco access control bypass", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N",
     5.8, "Medium"},
    {"CVE-2014-9253 DokuWiki reflected XSS", "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4,
     "Medium"},
    {"CVE-2011-1265 Microsoft Windows Bluetooth RCE",
     "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8, "High"},
    {"CVE-2016-1645 Google Chrome PDFium JPEG 2000 RCE",
     "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8, "High"},
    {"CVE-2016-0128 Windows SAM/LSAD downgrade (Badlock)",
     "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", 6.8, "Medium"},
};

TEST(Cvss3Test, FirstExamplesBaseScores) {
  for (const BaseCase& c : kFirstExamples) {
    SCOPED_TRACE(c.cve);
    auto v = Cvss3Vector::Parse(c.vector);
    ASSERT_TRUE(v) << v.error().message();
    const Cvss3Scores s = ScoreCvss3(*v);
    EXPECT_DOUBLE_EQ(s.base, c.base);
    EXPECT_DOUBLE_EQ(s.temporal, c.base);
    EXPECT_DOUBLE_EQ(s.environmental, c.base);
    EXPECT_EQ(CvssSeverity(s.base), c.severity);
    EXPECT_EQ(v->ToString(), c.vector);
  }
}

TEST(Cvss3Test, Cvss30PrefixIsAccepted) {
  auto v = Cvss3Vector::Parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version(), "3.0");
  EXPECT_DOUBLE_EQ(ScoreCvss3(*v).base, 7.5);
  EXPECT_EQ(v->ToString(), "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");
}

TEST(Cvss3Test, SubScores) {
  auto v = Cvss3Vector::Parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  ASSERT_TRUE(v);
  const Cvss3Scores s = ScoreCvss3(*v);
  // 6.42 x (1 - 0.44^3) = 5.873; 8.22 x 0.85 x 0.77 x 0.85 x 0.85 = 3.887.
  EXPECT_NEAR(s.impact, 5.873, 0.0005);
  EXPECT_NEAR(s.exploitability, 3.887, 0.0005);
}

TEST(Cvss3Test, NoImpactScoresZero) {
  auto v = Cvss3Vector::Parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N");
  ASSERT_TRUE(v);
  EXPECT_EQ(ScoreCvss3(*v).base, 0.0);
  EXPECT_EQ(CvssSeverity(0.0), "None");
}

TEST(Cvss3Test, MaximumIsCappedAtTen) {
  // Scope changed: 1.08 x (6.05 + 3.887) = 10.73, capped at 10.
  auto v = Cvss3Vector::Parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(ScoreCvss3(*v).base, 10.0);
}

struct FullCase {
  const char* vector;
  double base, temporal, environmental;
  const char* why;
};

// Worked by hand from the v3.1 specification, section 7 (weights in 7.4).
const std::vector<FullCase> kTemporalEnvironmental = {
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U", 9.8, 7.8, 7.8,
     "temporal: 9.8 x 0.91 x 0.95 x 0.92 = 7.794 -> 7.8; no environmental metric, so = temporal"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:T/RC:R", 9.8, 8.5, 8.5,
     "temporal: 9.8 x 0.94 x 0.96 x 0.96 = 8.4897 -> 8.5"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:F/RL:W/RC:C", 6.1, 5.8, 5.8,
     "temporal: 6.1 x 0.97 x 0.97 x 1 = 5.739 -> 5.8"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/CR:H/IR:L/AR:L", 7.5, 7.5, 9.3,
     "MISS = 1 - (1 - 1.5 x 0.56) = 0.84; 6.42 x 0.84 = 5.393; + 3.887 = 9.280 -> 9.3"},
    {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/MS:C/MPR:H", 8.8, 8.8, 9.1,
     "MS:C: MISS = 0.9148; 7.52 x 0.8858 - 3.25 x (0.9148 x 0.9731 - 0.02)^13 = 6.128; "
     "exploitability with MPR:H, scope changed = 8.22 x .85 x .77 x .5 x .85 = 2.2865; "
     "1.08 x 8.4145 = 9.088 -> 9.1"},
    {"CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N/CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:N/MUI:N/MS:C/"
     "MC:H/MI:H/MA:H",
     1.8, 1.8, 10.0, "every modified metric at its worst: MISS capped at 0.915, capped at 10"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MC:N/MI:N/MA:N", 9.8, 9.8, 0.0,
     "modified impact 0 -> environmental 0"},
    {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/CR:L/MAV:A/E:U", 6.1, 5.6, 4.1,
     "temporal 6.1 x 0.91 = 5.551 -> 5.6; MISS = 1 - (1 - .5 x .22)(1 - .22) = 0.3058; "
     "7.52 x 0.2768 - 3.25 x (0.2776)^13 = 2.0815; exploitability 8.22 x .62 x .77 x .85 x .62 "
     "= 2.0681; 1.08 x 4.1496 = 4.4816 -> 4.5; x 0.91 = 4.095 -> 4.1"},
    // Published cross-check (RustSec cvss crate tests, "test_full_vec"): 4.8 / 4.8 / 5.4.
    {"CVSS:3.1/AV:A/AC:H/PR:H/UI:R/S:C/C:L/I:L/A:L/CR:M/IR:H/AR:M/MAV:X/MAC:X/MPR:N/MUI:N/MS:C/"
     "MC:N/MI:X/MA:X",
     4.8, 4.8, 5.4, "scope changed in both base and environmental"},
};

TEST(Cvss3Test, TemporalAndEnvironmental) {
  for (const FullCase& c : kTemporalEnvironmental) {
    SCOPED_TRACE(c.vector);
    SCOPED_TRACE(c.why);
    auto v = Cvss3Vector::Parse(c.vector);
    ASSERT_TRUE(v) << v.error().message();
    const Cvss3Scores s = ScoreCvss3(*v);
    EXPECT_DOUBLE_EQ(s.base, c.base);
    EXPECT_DOUBLE_EQ(s.temporal, c.temporal);
    EXPECT_DOUBLE_EQ(s.environmental, c.environmental);
  }
}

TEST(Cvss3Test, Version30UsesItsOwnModifiedImpactFormula) {
  // v3.0: 7.52 x (MISS - 0.029) - 3.25 x (MISS - 0.02)^15; v3.1 changed the last term to
  // (MISS x 0.9731 - 0.02)^13. All impacts and requirements high cap MISS at 0.915, so
  // 7.52 x 0.886 = 6.6627, and with exploitability 8.22 x 0.2 x 0.44 x 0.5 x 0.62 = 0.2242:
  //   3.0: 6.6627 - 3.25 x 0.895^15 (0.6155) = 6.0472; 1.08 x 6.2715 = 6.773 -> 6.8
  //   3.1: 6.6627 - 3.25 x 0.8704^13 (0.5347) = 6.1280; 1.08 x 6.3522 = 6.860 -> 6.9
  const std::string metrics = "/AV:P/AC:H/PR:H/UI:R/S:C/C:H/I:H/A:H/CR:H/IR:H/AR:H/MS:C";
  auto v30 = Cvss3Vector::Parse("CVSS:3.0" + metrics);
  auto v31 = Cvss3Vector::Parse("CVSS:3.1" + metrics);
  ASSERT_TRUE(v30);
  ASSERT_TRUE(v31);
  EXPECT_DOUBLE_EQ(ScoreCvss3(*v30).environmental, 6.8);
  EXPECT_DOUBLE_EQ(ScoreCvss3(*v31).environmental, 6.9);
}

TEST(Cvss3Test, RoundupEdgeCases) {
  // Appendix A: plain ceil(x * 10) / 10 would give 4.1 for the floating-point noise of 4.0.
  EXPECT_DOUBLE_EQ(Roundup(4.000000000000001), 4.0);
  EXPECT_DOUBLE_EQ(Roundup(4.0), 4.0);
  EXPECT_DOUBLE_EQ(Roundup(4.02), 4.1);
  EXPECT_DOUBLE_EQ(Roundup(4.00001), 4.1);
  EXPECT_DOUBLE_EQ(Roundup(0.1 + 0.2), 0.3);  // 0.30000000000000004
  EXPECT_DOUBLE_EQ(Roundup(9.99), 10.0);
  EXPECT_DOUBLE_EQ(Roundup(0.0), 0.0);
  EXPECT_DOUBLE_EQ(Roundup(2.9999999), 3.0);
  EXPECT_DOUBLE_EQ(Roundup(5.32), 5.4);
}

TEST(Cvss3Test, SeverityBands) {
  EXPECT_EQ(CvssSeverity(0.0), "None");
  EXPECT_EQ(CvssSeverity(0.1), "Low");
  EXPECT_EQ(CvssSeverity(3.9), "Low");
  EXPECT_EQ(CvssSeverity(4.0), "Medium");
  EXPECT_EQ(CvssSeverity(6.9), "Medium");
  EXPECT_EQ(CvssSeverity(7.0), "High");
  EXPECT_EQ(CvssSeverity(8.9), "High");
  EXPECT_EQ(CvssSeverity(9.0), "Critical");
  EXPECT_EQ(CvssSeverity(10.0), "Critical");
}

TEST(Cvss3Test, NormalizesOrderAndDropsX) {
  auto v = Cvss3Vector::Parse("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:X/MA:L/RL:O/CR:X");
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->ToString(), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/RL:O/MA:L");
  EXPECT_TRUE(v->HasTemporal());
  EXPECT_TRUE(v->HasEnvironmental());
}

struct ErrorCase {
  const char* vector;
  const char* message;
};

TEST(Cvss3Test, Errors) {
  const std::vector<ErrorCase> cases = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y",
       "invalid CVSS vector at column 46: unknown metric 'XX'"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L",
       "invalid CVSS vector at column 46: duplicate metric 'AV' (first given at column 10)"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
       "invalid CVSS vector at column 41: missing base metric 'A'"},
      {"CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
       "invalid CVSS vector at column 13: invalid value 'Q' for metric 'AV' (expected N, A, L or "
       "P)"},
      {"CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
       "invalid CVSS vector at column 13: invalid value 'X' for metric 'AV' (expected N, A, L or "
       "P)"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Z",
       "invalid CVSS vector at column 48: invalid value 'Z' for metric 'E' (expected X, H, F, P "
       "or U)"},
      {"CVSS:3.1/AV:N//AC:L",
       "invalid CVSS vector at column 15: empty metric (expected NAME:VALUE)"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
       "invalid CVSS vector at column 46: empty metric (expected NAME:VALUE)"},
      {"CVSS:3.1/AVN", "invalid CVSS vector at column 10: expected NAME:VALUE, found 'AVN'"},
      {"CVSS:3.1/av:n", "invalid CVSS vector at column 10: unknown metric 'av'"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N",
       "invalid CVSS vector at column 46: unknown metric 'AT'"},
      {"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
       "invalid CVSS vector at column 1: expected the prefix 'CVSS:3.1/' or 'CVSS:3.0/'"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.vector);
    auto v = Cvss3Vector::Parse(c.vector);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code(), base::Error::Code::kInvalidInput);
    EXPECT_EQ(v.error().message(), c.message);
  }
}

}  // namespace
}  // namespace threatpath::risk
