#include "app/analysis.h"

#include <gtest/gtest.h>

#include "app/diff.h"

namespace threatpath::app {
namespace {

const char* kModel = R"(threatpath: 1
data_assets:
  orders:
    confidentiality: confidential
    integrity: critical
components:
  browser:
    type: external-entity
    used_as_client_by_human: true
    technologies: [browser]
  api:
    technologies: [web-service-rest]
    custom_developed_parts: true
    data_processed: [orders]
  db:
    type: datastore
    technologies: [database]
    data_stored: [orders]
flows:
  browser-to-api:
    from: browser
    to: api
    protocol: https
    authentication: session-id
    authorization: end-user-identity-propagation
    data_sent: [orders]
  api-to-db:
    from: api
    to: db
    protocol: jdbc
    authentication: none
    data_sent: [orders]
boundaries:
  dc:
    type: network-on-prem
    components: [api, db]
)";

std::unique_ptr<Analysis> AnalyzeText(const std::string& text) {
  auto loaded = LoadModelText(text, "m.yaml");
  EXPECT_TRUE(loaded) << loaded.error().ToString();
  return Analyze(std::move(*loaded), catalog::Catalog::Builtin());
}

TEST(AnalysisTest, FindsRisksPathsAndPrompts) {
  auto a = AnalyzeText(kModel);
  EXPECT_FALSE(a->result.risks.empty());
  EXPECT_FALSE(a->paths.paths.empty());
  EXPECT_EQ(a->paths.paths.front().asset_id, "orders");
  EXPECT_FALSE(a->prompts.empty());
  bool missing_auth = false;
  for (const auto& r : a->result.risks) missing_auth |= r.category == "missing-authentication";
  EXPECT_TRUE(missing_auth) << "api -> db without authentication";
}

// Runs that show no prompts skip them; risks and attack paths are the same.
TEST(AnalysisTest, PromptsCanBeLeftOut) {
  auto full = AnalyzeText(kModel);
  auto loaded = LoadModelText(kModel, "m.yaml");
  ASSERT_TRUE(loaded);
  auto lean = Analyze(std::move(*loaded), catalog::Catalog::Builtin(), WithoutPrompts());
  EXPECT_TRUE(lean->prompts.empty());
  EXPECT_FALSE(full->prompts.empty());
  ASSERT_EQ(lean->result.risks.size(), full->result.risks.size());
  for (size_t i = 0; i < lean->result.risks.size(); ++i) {
    EXPECT_EQ(lean->result.risks[i].synthetic_id, full->result.risks[i].synthetic_id);
  }
  ASSERT_EQ(lean->paths.paths.size(), full->paths.paths.size());
  for (size_t i = 0; i < lean->paths.paths.size(); ++i) {
    EXPECT_EQ(lean->paths.paths[i].components, full->paths.paths[i].components);
  }
}

TEST(AnalysisTest, DiffReportsAddedRisksElementsAndPaths) {
  auto before = AnalyzeText(kModel);
  std::string changed = kModel;
  // Authenticate the database connection: its missing-authentication risk goes away.
  changed.replace(changed.find("    authentication: none"), 24, "    authentication: credentials");
  auto after = AnalyzeText(changed);
  ModelDiff d = Diff(*before, *after);
  ASSERT_EQ(d.elements.size(), 1u);
  EXPECT_EQ(d.elements[0].kind, "flow");
  EXPECT_EQ(d.elements[0].id, "api-to-db");
  // The one field that changed; `none` is the default, so the old side leaves it out.
  ASSERT_EQ(d.elements[0].fields.size(), 1u);
  EXPECT_EQ(d.elements[0].fields[0].field, "authentication");
  EXPECT_EQ(d.elements[0].fields[0].before, "");
  EXPECT_EQ(d.elements[0].fields[0].after, "\"credentials\"");
  // The route to the database stays and gets harder: same flows, higher cost, one weakness less.
  ASSERT_EQ(d.paths_changed.size(), 1u);
  const auto& c = d.paths_changed[0];
  EXPECT_EQ(c.after.target_id, "db");
  EXPECT_EQ(c.before.FlowIds(), c.after.FlowIds());
  EXPECT_GT(c.after.cost, c.before.cost);
  EXPECT_NE(c.before.weakness_summary, c.after.weakness_summary);
  EXPECT_TRUE(d.paths_added.empty());
  EXPECT_TRUE(d.paths_removed.empty());
  bool removed = false;
  for (const auto& r : d.risks_removed) removed |= r.category == "missing-authentication";
  EXPECT_TRUE(removed);
  EXPECT_TRUE(Diff(*before, *before).empty());
}

// The gate of `diff --fail-on-weaker-paths`: an asset whose weakest route, or any of its routes,
// got cheaper, or that now sits at an entry point; a stronger route is no weakening.
TEST(AnalysisTest, DiffFindsAssetsThatGotEasierToReach) {
  auto original = AnalyzeText(kModel);
  std::string authenticated = kModel;
  authenticated.replace(authenticated.find("    authentication: none"), 24,
                        "    authentication: credentials");
  auto stronger = AnalyzeText(authenticated);
  EXPECT_TRUE(Diff(*original, *stronger).weaker_assets.empty());

  // Back to no authentication: the route to the database gets weaker. The asset's weakest
  // route (browser -> api) stays as it was, so that is the one reason.
  ModelDiff back = Diff(*stronger, *original);
  ASSERT_EQ(back.weaker_assets.size(), 1u);
  const auto& w = back.weaker_assets[0];
  EXPECT_EQ(w.asset_id, "orders");
  EXPECT_EQ(w.weaker_routes, 1);
  ASSERT_TRUE(w.weakest_before && w.weakest_after);
  EXPECT_EQ(*w.weakest_after, *w.weakest_before);
  EXPECT_TRUE(w.new_exposures.empty());

  // The browser's flow without authentication too: now the weakest route is cheaper.
  std::string open = kModel;
  open.replace(open.find("    authentication: session-id"), 30, "    authentication: none");
  ModelDiff cheaper = Diff(*original, *AnalyzeText(open));
  ASSERT_EQ(cheaper.weaker_assets.size(), 1u);
  ASSERT_TRUE(cheaper.weaker_assets[0].weakest_before && cheaper.weaker_assets[0].weakest_after);
  EXPECT_LT(*cheaper.weaker_assets[0].weakest_after, *cheaper.weaker_assets[0].weakest_before);

  // The database on the internet: it holds the orders and is an entry point itself.
  std::string exposed = kModel;
  exposed.replace(exposed.find("    type: datastore\n"), 20,
                  "    type: datastore\n    internet: true\n");
  ModelDiff e = Diff(*original, *AnalyzeText(exposed));
  ASSERT_EQ(e.weaker_assets.size(), 1u);
  EXPECT_EQ(e.weaker_assets[0].asset_id, "orders");
  EXPECT_EQ(e.weaker_assets[0].new_exposures, std::vector<std::string>{"db"});
}

TEST(AnalysisTest, OpenStatuses) {
  EXPECT_TRUE(CountsAsOpen(core::RiskStatus::kInProgress, false));
  EXPECT_FALSE(CountsAsOpen(core::RiskStatus::kAccepted, false));
  EXPECT_TRUE(CountsAsOpen(core::RiskStatus::kAccepted, true));
  EXPECT_FALSE(CountsAsOpen(core::RiskStatus::kMitigated, true));
}

}  // namespace
}  // namespace threatpath::app
