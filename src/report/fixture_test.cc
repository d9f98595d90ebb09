// Runs every writer on Threagile's example model (the shared fixture example-v1.yaml) and on the
// repository's examples, and checks the outputs against each other and against what Threagile
// reports for the example (84 risks). Skips the fixture part when the fixtures are absent.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "app/load.h"
#include "core/derive.h"
#include "report/report.h"

namespace threatpath::report {
namespace {

using Json = nlohmann::json;

struct Outputs {
  core::Model model;
  engine::AnalysisResult analysis;
  graph::AttackPathReport paths;
  std::vector<graph::StridePrompt> prompts;
  std::vector<OutputFile> files;

  const std::string& Get(const std::string& name) const {
    for (const OutputFile& f : files) {
      if (f.name == name) return f.bytes;
    }
    static const std::string kNone;
    ADD_FAILURE() << "no output " << name;
    return kNone;
  }
};

// Loads, derives (for Threagile models), analyses and writes everything, as the CLI will.
void Produce(const std::string& path, bool threagile, Outputs& out) {
  auto loaded = app::LoadModel(path);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  out.model = std::move(loaded->model);
  if (threagile) core::DeriveThreagile(out.model);
  out.analysis = engine::Analyze(out.model, catalog::Catalog::Builtin());
  graph::FlowGraph g(out.model);
  out.paths = graph::FindAttackPaths(g);
  out.prompts = graph::StridePrompts(g);
  AnalysisBundle bundle{out.model, out.analysis, out.paths, out.prompts,
                        catalog::Catalog::Builtin()};
  auto files = WriteAll(bundle);
  ASSERT_TRUE(files) << files.error().ToString();
  out.files = std::move(files).value();
  // Byte-identical when written again.
  auto again = WriteAll(bundle);
  ASSERT_TRUE(again);
  for (size_t i = 0; i < out.files.size(); ++i) {
    EXPECT_TRUE(out.files[i].bytes == (*again)[i].bytes) << out.files[i].name;
  }
}

void CheckConsistent(const Outputs& o) {
  size_t n = o.analysis.risks.size();
  Json risks = Json::parse(o.Get("risks.json"));
  ASSERT_EQ(risks.size(), n);
  std::set<std::string> ids;
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(risks[i]["synthetic_id"], o.analysis.risks[i].synthetic_id);
    ids.insert(risks[i]["synthetic_id"].get<std::string>());
    // Every risk of these models is about an element that has a position in the file.
    EXPECT_TRUE(risks[i]["location"].is_object()) << risks[i]["synthetic_id"];
  }

  Json stats = Json::parse(o.Get("stats.json"));
  int total = 0;
  for (const auto& [sev, statuses] : stats["risks"].items()) {
    for (const auto& [st, count] : statuses.items()) total += count.get<int>();
  }
  EXPECT_EQ(total, static_cast<int>(n));

  Json assets = Json::parse(o.Get("technical-assets.json"));
  EXPECT_EQ(assets.size(), o.model.components.size());
  for (const auto& [id, asset] : assets.items()) {
    EXPECT_EQ(asset["Id"], id);
    EXPECT_TRUE(asset["RAA"].is_number());
  }

  Json paths = Json::parse(o.Get("attack-paths.json"));
  EXPECT_EQ(paths["paths"].size(), o.paths.paths.size());
  EXPECT_EQ(paths["exposures"].size(), o.paths.exposures.size());

  Json sarif = Json::parse(o.Get("risks.sarif"));
  EXPECT_EQ(sarif["runs"][0]["results"].size(), n);

  // One CSV record per risk plus the header; records end in CRLF.
  const std::string& csv = o.Get("risks.csv");
  size_t records = 0;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '"') quoted = !quoted;
    if (!quoted && csv[i] == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++records;
  }
  EXPECT_EQ(records, n + 1);

  EXPECT_EQ(o.Get("risks.xlsx").substr(0, 2), "PK");
  const std::string& md = o.Get("report.md");
  EXPECT_NE(md.find("## Summary"), std::string::npos);
  EXPECT_NE(md.find("## Risks by category"), std::string::npos);
}

TEST(ReportFixtureTest, ThreagileExampleV1) {
  std::string path = std::string(TP_FIXTURES_DIR) + "/threagile/example-v1.yaml";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "Threagile fixtures not found at " << path;
  }
  Outputs o;
  Produce(path, true, o);
  if (HasFatalFailure()) return;
  CheckConsistent(o);
  EXPECT_EQ(o.analysis.risks.size(), 84u);  // what Threagile 0.9.x reports

  Json stats = Json::parse(o.Get("stats.json"));
  auto count = [&](const std::string& sev) {
    int c = 0;
    for (const auto& [st, n] : stats["risks"][sev].items()) c += n.get<int>();
    return c;
  };
  EXPECT_EQ(count("critical"), 1);
  EXPECT_EQ(count("high"), 2);
  EXPECT_EQ(count("elevated"), 29);
  EXPECT_EQ(count("medium"), 44);
  EXPECT_EQ(count("low"), 8);

  // The custom risk category of the example has its metadata in the SARIF rules.
  Json sarif = Json::parse(o.Get("risks.sarif"));
  bool custom_rule = false;
  for (const Json& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) {
    if (rule["id"] == "something-strange") custom_rule = true;
  }
  EXPECT_TRUE(custom_rule);

  Json assets = Json::parse(o.Get("technical-assets.json"));
  ASSERT_TRUE(assets.contains("sql-database"));
  EXPECT_EQ(assets["sql-database"]["Type"], 2);        // datastore
  EXPECT_EQ(assets["sql-database"]["Technology"], 9);  // database
  EXPECT_GT(assets["sql-database"]["RAA"].get<double>(), 0.0);
}

TEST(ReportFixtureTest, OnlineShopExample) {
  Outputs o;
  Produce(std::string(TP_SOURCE_DIR) + "/examples/online-shop.yaml", false, o);
  if (HasFatalFailure()) return;
  CheckConsistent(o);
  const std::string& md = o.Get("report.md");
  EXPECT_NE(md.find("The invoice bucket is private"), std::string::npos);
  EXPECT_NE(md.find("Hosted payment fields"), std::string::npos);
  Json risks = Json::parse(o.Get("risks.json"));
  // The wildcard tracking entry `missing-hardening@*` applies.
  bool tracked = false;
  for (const Json& r : risks) {
    if (r["synthetic_id"] == "missing-hardening@shop-db") {
      tracked = true;
      EXPECT_EQ(r["risk_status"], "in-discussion");
      EXPECT_EQ(r["location"]["file"], std::string(TP_SOURCE_DIR) + "/examples/online-shop.yaml");
    }
  }
  EXPECT_TRUE(tracked);
  // Every tracking entry of the example matches a risk, so the report lists no orphans.
  EXPECT_EQ(md.find("Risk-tracking entries that match no risk"), std::string::npos);
  bool accepted = false;
  for (const Json& r : risks) {
    if (r["synthetic_id"] == "missing-waf@order-service") accepted = r["risk_status"] == "accepted";
  }
  EXPECT_TRUE(accepted);
}

}  // namespace
}  // namespace threatpath::report
