#include "app/brief.h"

#include <algorithm>

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

std::vector<RecordedAssumption> Recorded() {
  RecordedAssumption confirmed{.id = 3,
                               .session_id = 1,
                               .session_title = "review",
                               .revision = 1,
                               .statement = "TLS everywhere",
                               .status = "confirmed",
                               .evidence = "scan 7",
                               .validated_by = "pen",
                               .validated_at = "2026-11-28T10:00:00Z",
                               .created_by = "alice",
                               .created_at = "2026-11-27T09:00:00Z"};
  RecordedAssumption refuted{.id = 2,
                             .session_id = 1,
                             .session_title = "review",
                             .revision = 1,
                             .statement = "Tokens expire | quickly",
                             .status = "refuted",
                             .evidence = "they live 24 h",
                             .validated_by = "pen",
                             .validated_at = "2026-11-28T11:00:00Z",
                             .created_by = "alice",
                             .created_at = "2026-11-27T09:01:00Z",
                             .components = {"app"},
                             .threats = {{7, "Token replay", ""}},
                             .mitigations = {{9, "Bind tokens", "proposed"}}};
  RecordedAssumption later{.id = 5,
                           .session_id = 2,
                           .session_title = "second look",
                           .revision = 2,
                           .statement = "Only admins reach the console",
                           .status = "unvalidated",
                           .created_by = "bob",
                           .created_at = "2026-11-29T09:00:00Z",
                           .threats = {{11, "Console takeover", "mitigate"}}};
  RecordedAssumption first = later;
  first.id = 4;
  first.statement = "Backups are encrypted";
  first.threats.clear();
  return {confirmed, later, refuted, first};
}

TEST(BriefTest, ModelOnlyBriefIsUnchangedByTheRecordedPart) {
  auto a = OnlineShop();
  std::string md = PenTestBriefMarkdown(*a);
  std::string json = PenTestBriefJson(*a);
  EXPECT_EQ(md.find("### In the model document"), std::string::npos);
  EXPECT_EQ(json.find("recorded_assumptions"), std::string::npos);
  // With nothing recorded, the server's brief is the CLI's plus the recorded part.
  auto j = nlohmann::ordered_json::parse(PenTestBriefJson(*a, {}, {}));
  ASSERT_TRUE(j.contains("recorded_assumptions"));
  EXPECT_EQ(j["recorded_assumptions"], nlohmann::ordered_json::array());
  j.erase("recorded_assumptions");
  EXPECT_EQ(j.dump(2) + "\n", json);
  std::string server_md = PenTestBriefMarkdown(*a, {}, {});
  std::string recorded_part =
      "\n### Recorded in threat-modeling sessions\n\nNo assumption has been recorded in a "
      "session of this model.\n";
  auto at = server_md.find(recorded_part);
  ASSERT_NE(at, std::string::npos) << server_md;
  server_md.erase(at, recorded_part.size());
  auto heading = server_md.find("### In the model document\n\n");
  ASSERT_NE(heading, std::string::npos);
  server_md.erase(heading, std::string("### In the model document\n\n").size());
  EXPECT_EQ(server_md, md);
}

TEST(BriefTest, RecordedAssumptionsAreGroupedAndOrdered) {
  auto a = OnlineShop();
  auto recorded = Recorded();
  auto j = nlohmann::json::parse(PenTestBriefJson(*a, {}, recorded));
  std::vector<std::pair<int64_t, std::string>> order;
  for (const auto& r : j["recorded_assumptions"]) order.emplace_back(r["id"], r["status"]);
  EXPECT_EQ(order, (std::vector<std::pair<int64_t, std::string>>{
                       {4, "unvalidated"}, {5, "unvalidated"}, {2, "refuted"}, {3, "confirmed"}}));
  const auto& refuted = j["recorded_assumptions"][2];
  EXPECT_EQ(refuted["evidence"], "they live 24 h");
  EXPECT_EQ(refuted["validated_by"], "pen");
  EXPECT_EQ(refuted["validated_at"], "2026-11-28T11:00:00Z");
  EXPECT_EQ(refuted["components"], nlohmann::json::array({"app"}));
  EXPECT_EQ(refuted["threats"],
            nlohmann::json::parse(R"([{"id": 7, "title": "Token replay", "response": null}])"));
  EXPECT_EQ(refuted["mitigations"],
            nlohmann::json::parse(R"([{"id": 9, "title": "Bind tokens", "status": "proposed"}])"));
  EXPECT_TRUE(j["recorded_assumptions"][0]["validated_by"].is_null());

  // The input order does not matter.
  std::reverse(recorded.begin(), recorded.end());
  EXPECT_EQ(PenTestBriefJson(*a, {}, recorded), PenTestBriefJson(*a, {}, Recorded()));
  EXPECT_EQ(PenTestBriefMarkdown(*a, {}, recorded), PenTestBriefMarkdown(*a, {}, Recorded()));

  std::string md = PenTestBriefMarkdown(*a, {}, recorded);
  std::string expected =
      "### Recorded in threat-modeling sessions\n\n"
      "**To validate (unvalidated):**\n\n"
      "- **#4** (unvalidated): Backups are encrypted\n"
      "  - session 2 \"second look\" on revision 2, recorded by bob, 2026-11-29T09:00:00Z\n"
      "- **#5** (unvalidated): Only admins reach the console\n"
      "  - session 2 \"second look\" on revision 2, recorded by bob, 2026-11-29T09:00:00Z\n"
      "  - threats: #11 \"Console takeover\" (mitigate)\n"
      "\n**Refuted (the threats and mitigations that relied on them were reopened):**\n\n"
      "- **#2** (**refuted** by pen, 2026-11-28T11:00:00Z): Tokens expire \\| quickly. Evidence: "
      "they live 24 h\n"
      "  - session 1 \"review\" on revision 1, recorded by alice, 2026-11-27T09:01:00Z\n"
      "  - components: app\n"
      "  - threats: #7 \"Token replay\" (none)\n"
      "  - mitigations: #9 \"Bind tokens\" (proposed)\n"
      "\n**Confirmed:**\n\n"
      "- **#3** (confirmed by pen, 2026-11-28T10:00:00Z): TLS everywhere. Evidence: scan 7\n"
      "  - session 1 \"review\" on revision 1, recorded by alice, 2026-11-27T09:00:00Z\n"
      "\n## Weakest attack paths\n";
  EXPECT_NE(md.find(expected), std::string::npos) << md;
  // The model's own assumptions are still listed, under their own heading, before.
  auto own = md.find("### In the model document");
  ASSERT_NE(own, std::string::npos);
  EXPECT_LT(own, md.find("### Recorded in threat-modeling sessions"));
  for (const auto& as : a->model.assumptions) {
    EXPECT_NE(md.find("**" + as.id + "**"), std::string::npos) << as.id;
  }
}

}  // namespace
}  // namespace threatpath::app
