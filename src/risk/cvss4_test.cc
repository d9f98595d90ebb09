#include "risk/cvss4.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace threatpath::risk {
namespace {

const std::string kTablesPath = std::string(TP_FIXTURES_DIR) + "/cvss4/cvss4_tables.json";

// FIRST's tables are third-party data kept outside the repository; without them the scoring
// tests cannot run, and say so.
class Cvss4Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kTablesPath)) {
      GTEST_SKIP() << "CVSS v4.0 tables not found at " << kTablesPath
                   << " (FIRST's data, not in the repository; see docs/cvss.md)";
    }
    auto tables = Cvss4Tables::Load(kTablesPath);
    ASSERT_TRUE(tables) << tables.error().message();
    tables_ = std::move(tables).value();
  }

  Cvss4Result Score(const std::string& text) {
    auto v = Cvss4Vector::Parse(text);
    EXPECT_TRUE(v) << v.error().message();
    if (!v) return {};
    auto r = ScoreCvss4(*v, tables_);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : Cvss4Result{};
  }

  Cvss4Tables tables_;
};

TEST_F(Cvss4Test, FixtureSanityVector) {
  // The tables' README: MacroVector 000200, distance 0, 9.3.
  const Cvss4Result r = Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  EXPECT_EQ(r.macro_vector, "000200");
  EXPECT_DOUBLE_EQ(r.score, 9.3);
}

struct Case {
  const char* vector;
  double score;
};

// FIRST, "Common Vulnerability Scoring System v4.0: Examples"
// (https://www.first.org/cvss/v4-0/examples): every example vector for which the page prints a
// score, with that score. (Found through a public test suite that transcribes the page.)
const std::vector<Case> kFirstExamples = {
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.7},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 5.2},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 8.3},
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/MAC:H/"
     "MVC:H/MVI:L/MVA:L",
     8.1},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L", 8.7},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L/E:U", 6.6},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N", 8.3},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/E:U", 5.6},
    {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/S:P", 8.6},
    {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/MSI:S/S:P", 9.7},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/V:C", 8.7},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H", 6.4},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H/E:U/MAV:A/R:U/V:C", 2.4},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/MAV:L/"
     "MAT:P",
     8.9},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5},
    {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/MVC:N/MVI:N/MVA:N", 0.0},
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 7.1},
};

TEST_F(Cvss4Test, FirstExamples) {
  for (const Case& c : kFirstExamples) {
    SCOPED_TRACE(c.vector);
    EXPECT_DOUBLE_EQ(Score(c.vector).score, c.score);
  }
}

// One vector per MacroVector for a few MacroVectors that exercise Safety (MSI:S), exploit
// maturity and lowered requirements, with the scores FIRST's reference calculator
// (FIRSTdotorg/cvss-v4-calculator) gives them, as recorded in a public test suite.
const std::vector<Case> kReferenceCalculator = {
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:H/IR:H/AR:H/MSI:S",
     10.0},  // 000000
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/CR:M/IR:M/AR:M/MSI:S",
     9.9},  // 000001
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:M/IR:M/AR:M/MSI:S",
     9.5},  // 000011
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:M/IR:M/AR:M/MSI:S",
     9.2},  // 000021
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U/CR:M/IR:M/AR:M",
     8.1},  // 000121
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:H/SC:L/SI:L/SA:L/E:U/CR:M/IR:M/AR:M",
     4.7},  // 001221
    {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U/CR:H/IR:H/AR:H",
     2.7},  // 002221
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:U/CR:M/IR:M/AR:M",
     5.3},  // 010221
    {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:H/SC:H/SI:H/SA:H/E:U/CR:M/IR:M/AR:M",
     5.8},  // 011121
};

TEST_F(Cvss4Test, ReferenceCalculator) {
  for (const Case& c : kReferenceCalculator) {
    SCOPED_TRACE(c.vector);
    EXPECT_DOUBLE_EQ(Score(c.vector).score, c.score);
  }
}

TEST_F(Cvss4Test, MacroVectors) {
  EXPECT_EQ(Score("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U/CR:L/IR:L/"
                  "AR:L")
                .macro_vector,
            "212221");
  EXPECT_EQ(Score("CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/MSA:S/E:P/CR:L")
                .macro_vector,
            "101011");
}

TEST_F(Cvss4Test, NoImpactIsZero) {
  const Cvss4Result r = Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N");
  EXPECT_EQ(r.score, 0.0);
}

TEST_F(Cvss4Test, SupplementalMetricsDoNotChangeTheScore) {
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  EXPECT_DOUBLE_EQ(Score(base + "/S:P/AU:Y/R:I/V:C/RE:H/U:Red").score, 9.3);
}

TEST_F(Cvss4Test, DefaultFindsTheEnvironmentVariableFirst) {
  ::setenv("THREATPATH_CVSS4_TABLES", kTablesPath.c_str(), 1);
  const std::vector<std::string> paths = Cvss4Tables::DefaultSearchPaths();
  ::unsetenv("THREATPATH_CVSS4_TABLES");
  ASSERT_GE(paths.size(), 3u);
  EXPECT_EQ(paths[0], kTablesPath);
  EXPECT_TRUE(paths[1].ends_with("/../share/threatpath/cvss4_tables.json")) << paths[1];
  EXPECT_TRUE(paths[2].ends_with("/../shared/fixtures/cvss4/cvss4_tables.json")) << paths[2];
  // The tests run from the source tree, next to ../shared: Default() finds the fixture.
  auto tables = Cvss4Tables::Default();
  ASSERT_TRUE(tables) << tables.error().message();
  EXPECT_TRUE((*tables)->source().ends_with("cvss4_tables.json"));
}

TEST(Cvss4VectorTest, ParsesAndNormalizes) {
  auto v = Cvss4Vector::Parse(
      "CVSS:4.0/VC:H/AV:N/AC:L/AT:N/PR:N/UI:N/VI:H/VA:H/SC:N/SI:N/SA:N/U:Amber/E:X/MSI:S/CR:L");
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->ToString(),
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/MSI:S/U:Amber");
  EXPECT_FALSE(v->HasThreat());
  EXPECT_TRUE(v->HasEnvironmental());
  EXPECT_EQ(v->BaseOnly().ToString(),
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:Amber");
}

TEST(Cvss4VectorTest, Errors) {
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
       "invalid CVSS vector at column 59: missing base metric 'AT'"},
      {base + "/SI:H",
       "invalid CVSS vector at column 65: duplicate metric 'SI' (first given at "
       "column 55)"},
      {base + "/MSC:S",
       "invalid CVSS vector at column 69: invalid value 'S' for metric 'MSC' (expected X, H, L or "
       "N)"},
      {base + "/U:red",
       "invalid CVSS vector at column 67: invalid value 'red' for metric 'U' (expected X, Clear, "
       "Green, Amber or Red)"},
      {base + "/SI:S",
       "invalid CVSS vector at column 65: duplicate metric 'SI' (first given at column 55)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
       "invalid CVSS vector at column 33: invalid value 'R' for metric 'UI' (expected N, P or A)"},
      {base + "/S:U",
       "invalid CVSS vector at column 67: invalid value 'U' for metric 'S' (expected "
       "X, N or P)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
       "invalid CVSS vector at column 58: invalid value 'S' for metric 'SI' (expected H, L or N)"},
      {"CVSS:3.1/AV:N", "invalid CVSS vector at column 1: expected the prefix 'CVSS:4.0/'"},
  };
  for (const auto& [vector, message] : cases) {
    SCOPED_TRACE(vector);
    auto v = Cvss4Vector::Parse(vector);
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code(), base::Error::Code::kInvalidInput);
    EXPECT_EQ(v.error().message(), message);
  }
}

TEST(Cvss4TablesTest, RejectsMalformedTables) {
  EXPECT_EQ(Cvss4Tables::Parse("[1]", "t.json").error().message(), "t.json: not a JSON object");
  EXPECT_EQ(Cvss4Tables::Parse("{}", "t.json").error().message(),
            "t.json: macrovector_scores: missing or not an object");
  EXPECT_EQ(
      Cvss4Tables::Parse(R"({"macrovector_scores": {"002200": 1}})", "t.json").error().message(),
      "t.json: macrovector_scores.002200: not a MacroVector");
  EXPECT_EQ(
      Cvss4Tables::Parse(R"({"macrovector_scores": {"000000": 11}})", "t.json").error().message(),
      "t.json: macrovector_scores.000000: expected a score from 0 to 10");
  EXPECT_EQ(
      Cvss4Tables::Parse(R"({"macrovector_scores": {"000000": 9.9}})", "t.json").error().message(),
      "t.json: macrovector_scores: expected 270 MacroVectors, found 1");
  auto missing = Cvss4Tables::Load("/nonexistent/cvss4_tables.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), base::Error::Code::kNotFound);
}

}  // namespace
}  // namespace threatpath::risk
