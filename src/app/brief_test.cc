#include "app/brief.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace threatpath::app {
namespace {

std::unique_ptr<Analysis> OnlineShop() {
  auto loaded = LoadModel(std::string(TP_SOURCE_DIR) + "/examples/online-shop.yaml");
  EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().ToString());
  return Analyze(std::move(*loaded), catalog::Catalog::Builtin());
}

TEST(BriefTest, JsonListsWhatTheTestersNeed) {
  auto a = OnlineShop();
  auto j = nlohmann::json::parse(PenTestBriefJson(*a));
  EXPECT_EQ(j["model"], a->model.meta.title);
  EXPECT_EQ(j["scope"]["components"].size(), a->model.components.size());
  // Entry points are the attack-path origins.
  size_t entry_points = 0;
  for (const auto& c : j["scope"]["components"]) entry_points += !c["entry_point"].is_null();
  size_t origins = 0;
  for (const auto& [id, reasons] : a->paths.origins) origins += reasons != 0;
  EXPECT_EQ(entry_points, origins);
  EXPECT_EQ(j["critical_assets"].size(), a->paths.assets.size());
  // Every assumption, unvalidated ones first.
  ASSERT_EQ(j["assumptions"].size(), a->model.assumptions.size());
  bool seen_other = false;
  for (const auto& as : j["assumptions"]) {
    if (as["status"] != "unvalidated") seen_other = true;
    if (seen_other) {
      EXPECT_NE(as["status"], "unvalidated") << as["id"];
    }
  }
  // The weakest paths, capped, and the count of the rest.
  EXPECT_EQ(j["attack_paths"].size(), std::min<size_t>(10, a->paths.paths.size()));
  EXPECT_EQ(j["more_attack_paths"], a->paths.paths.size() - j["attack_paths"].size());
  if (!a->paths.paths.empty()) {
    EXPECT_EQ(j["attack_paths"][0]["asset"], a->paths.paths[0].asset_id);
    EXPECT_EQ(j["attack_paths"][0]["cost"], a->paths.paths[0].cost);
  }
  // Open risks at or above high, and nothing else.
  size_t expected = 0;
  for (const auto& r : a->result.risks) {
    expected += r.severity >= core::RiskSeverity::kHigh && CountsAsOpen(r.status, false);
  }
  EXPECT_EQ(j["open_risks"].size(), expected);
  for (const auto& r : j["open_risks"]) {
    EXPECT_TRUE(r["severity"] == "high" || r["severity"] == "critical") << r;
  }
}

TEST(BriefTest, OptionsChangeWhatIsListed) {
  auto a = OnlineShop();
  BriefOptions o;
  o.max_paths = 1;
  o.min_severity = core::RiskSeverity::kLow;
  auto j = nlohmann::json::parse(PenTestBriefJson(*a, o));
  EXPECT_LE(j["attack_paths"].size(), 1u);
  size_t open = 0;
  for (const auto& r : a->result.risks) open += CountsAsOpen(r.status, false);
  EXPECT_EQ(j["open_risks"].size(), open);
}

TEST(BriefTest, MarkdownHasEverySectionAndIsDeterministic) {
  auto a = OnlineShop();
  std::string md = PenTestBriefMarkdown(*a);
  for (const char* heading :
       {"# Pen-test brief: ", "## Scope", "## Critical data assets", "## Assumptions to validate",
        "## Weakest attack paths", "## Open risks at or above high"}) {
    EXPECT_NE(md.find(heading), std::string::npos) << heading;
  }
  for (const auto& as : a->model.assumptions) {
    EXPECT_NE(md.find("**" + as.id + "**"), std::string::npos) << as.id;
  }
  EXPECT_EQ(md, PenTestBriefMarkdown(*OnlineShop()));
}

TEST(BriefTest, TableCellsCannotBreakTheTable) {
  auto a = OnlineShop();
  a->model.components[0].title = "evil | title\nwith a line break";
  std::string md = PenTestBriefMarkdown(*a);
  EXPECT_NE(md.find("evil \\| title with a line break"), std::string::npos);
}

}  // namespace
}  // namespace threatpath::app
