#include "engine/analyze.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

#include "engine/custom.h"
#include "engine/rule.h"
#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using core::BreachProbability;
using core::Impact;
using core::Likelihood;
using core::RiskSeverity;
using core::RiskStatus;
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;

TEST(RegistryTest, FortyTwoRulesInThreagileOrder) {
  const std::vector<const Rule*>& rules = BuiltinRules();
  ASSERT_EQ(rules.size(), 42u);
  EXPECT_EQ(rules.front()->Info().id, "unencrypted-asset");
  EXPECT_EQ(rules[9]->Info().id, "missing-authentication");
  EXPECT_EQ(rules.back()->Info().id, "wrong-trust-boundary-content");
  std::set<std::string> ids;
  for (const Rule* rule : rules) {
    const RuleInfo& info = rule->Info();
    EXPECT_TRUE(ids.insert(info.id).second) << info.id;
    EXPECT_FALSE(info.title.empty()) << info.id;
    EXPECT_FALSE(info.description.empty()) << info.id;
    EXPECT_FALSE(info.mitigation.empty()) << info.id;
    EXPECT_FALSE(info.detection_logic.empty()) << info.id;
    EXPECT_GT(info.cwe, 0) << info.id;
    EXPECT_EQ(FindRule(info.id), rule);
  }
  EXPECT_EQ(FindRule("no-such-rule"), nullptr);
  EXPECT_EQ(FindRule("missing-hardening")->Info().tags, std::vector<std::string>{"tomcat"});
}

core::Model CustomModel() {
  ModelBuilder b;
  b.Comp("db", "database");
  b.Boundary("net", core::BoundaryType::kNetworkOnPrem, {"db"});
  core::RiskCategory& cat = b.Category("strange");
  cat.cwe = 693;
  cat.stride = core::Stride::kRepudiation;
  core::IdentifiedRisk& r = cat.risks.emplace_back();
  r.title = "Something at the database";
  r.severity = RiskSeverity::kCritical;  // taken as written, not recomputed
  r.likelihood = Likelihood::kLikely;
  r.impact = Impact::kMedium;
  r.breach_probability = BreachProbability::kProbable;
  r.breach_components = Refs({"db", "db"});
  r.most_relevant_component.id = "db";
  r.most_relevant_boundary.id = "net";
  r.most_relevant_data_asset.id = "data";
  cat.risks.emplace_back().title = "Nothing in particular";
  return b.Build();
}

TEST(CustomRisksTest, SyntheticIdsAndFieldsAsWritten) {
  core::Model m = CustomModel();
  std::vector<Risk> risks = CustomRisks(m);
  ASSERT_EQ(risks.size(), 2u);
  EXPECT_EQ(risks[0].synthetic_id, "strange@db@net@data");
  EXPECT_EQ(risks[0].category, "strange");
  EXPECT_EQ(risks[0].severity, RiskSeverity::kCritical);
  EXPECT_EQ(risks[0].breach_components, std::vector<std::string>{"db"});
  EXPECT_EQ(risks[0].boundary, "net");
  EXPECT_EQ(risks[1].synthetic_id, "strange");
  EXPECT_EQ(risks[1].severity, RiskSeverity::kMedium);

  RuleInfo info = CustomCategoryInfo(m.risk_categories[0]);
  EXPECT_EQ(info.id, "strange");
  EXPECT_EQ(info.cwe, 693);
  EXPECT_EQ(info.stride, core::Stride::kRepudiation);
}

TEST(AnalyzeTest, RunsRulesAddsCustomRisksAndAppliesTracking) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("lonely", "web-server");
  b.Flow("web", "web2", "dangling");
  core::RiskCategory& cat = b.Category("strange");
  cat.risks.emplace_back().title = "Custom";
  b.Tracking("cross-site-scripting@*", RiskStatus::kMitigated);
  b.Tracking("missing-waf@nothing", RiskStatus::kAccepted);
  core::Model m = b.Build();

  AnalysisResult result = Analyze(m, catalog::Catalog::Builtin());
  std::set<std::string> ids;
  for (const Risk& r : result.risks) ids.insert(r.synthetic_id);
  EXPECT_TRUE(ids.count("cross-site-scripting@web"));
  EXPECT_TRUE(ids.count("unnecessary-technical-asset@lonely"));
  EXPECT_TRUE(ids.count("strange"));
  for (const Risk& r : result.risks) {
    if (r.category == "cross-site-scripting") {
      EXPECT_EQ(r.status, RiskStatus::kMitigated);
    }
  }
  ASSERT_EQ(result.orphaned_tracking.size(), 1u);
  EXPECT_EQ(result.orphaned_tracking[0].key, "missing-waf@nothing");
  EXPECT_EQ(result.raa.size(), 2u);
  ASSERT_EQ(result.custom_categories.size(), 1u);
}

TEST(AnalyzeTest, SkipsRules) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  core::Model m = b.Build();
  AnalyzeOptions options;
  options.skip_rules = {"cross-site-scripting", "no-such-rule"};
  AnalysisResult result = Analyze(m, catalog::Catalog::Builtin(), options);
  for (const Risk& r : result.risks) EXPECT_NE(r.category, "cross-site-scripting");
  EXPECT_EQ(result.unknown_skipped_rules, std::vector<std::string>{"no-such-rule"});
}

Risk Make(RiskSeverity s, Impact i, Likelihood l, const std::string& category,
          const std::string& id) {
  Risk r;
  r.severity = s;
  r.impact = i;
  r.likelihood = l;
  r.category = category;
  r.synthetic_id = id;
  return r;
}

TEST(SortRisksTest, SeverityImpactLikelihoodThenIds) {
  std::vector<Risk> risks = {
      Make(RiskSeverity::kLow, Impact::kLow, Likelihood::kUnlikely, "a", "a@1"),
      Make(RiskSeverity::kElevated, Impact::kMedium, Likelihood::kLikely, "b", "b@1"),
      Make(RiskSeverity::kElevated, Impact::kHigh, Likelihood::kLikely, "c", "c@1"),
      Make(RiskSeverity::kElevated, Impact::kMedium, Likelihood::kLikely, "a", "a@2"),
      Make(RiskSeverity::kCritical, Impact::kVeryHigh, Likelihood::kFrequent, "z", "z@1"),
  };
  SortRisks(risks);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"z@1", "c@1", "a@2", "b@1", "a@1"}));
  std::array<int, 5> counts = CountBySeverity(risks);
  EXPECT_EQ(counts, (std::array<int, 5>{1, 0, 3, 0, 1}));
}

// The packed keys, the cut synthetic ids and the two-thread merge must give exactly the order of
// one stable sort on the documented criteria, ties included. 50,000 risks take the parallel path.
TEST(SortRisksTest, SameOrderAsOneStableSortOnTheCriteria) {
  std::mt19937 rng(7);
  const char* categories[] = {"unnecessary-data-transfer", "unnecessary-data", "sql-injection",
                              "custom", "c"};
  std::vector<Risk> risks;
  for (int i = 0; i < 50000; ++i) {
    std::string category = categories[rng() % 5];
    // Mostly "category@…", sometimes an id that does not start with the category, sometimes
    // the same id twice (told apart by title, then by component, or not at all).
    std::string id = rng() % 7 == 0 ? "x" + std::to_string(rng() % 50)
                                    : category + "@" + std::to_string(rng() % 3000);
    Risk r = Make(static_cast<RiskSeverity>(rng() % 5), static_cast<Impact>(rng() % 4),
                  static_cast<Likelihood>(rng() % 4), category, id);
    r.title = "t" + std::to_string(rng() % 3);
    r.component = "c" + std::to_string(rng() % 2);
    r.flow = rng() % 4 == 0 ? "f" : "";
    r.breach_components = {std::to_string(i)};  // not a criterion: where each risk came from
    risks.push_back(std::move(r));
  }
  std::vector<Risk> expected = risks;
  std::stable_sort(expected.begin(), expected.end(), [](const Risk& a, const Risk& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.impact != b.impact) return a.impact > b.impact;
    if (a.likelihood != b.likelihood) return a.likelihood > b.likelihood;
    return std::tie(a.category, a.synthetic_id, a.title, a.component, a.flow, a.data_asset,
                    a.boundary, a.shared_runtime) < std::tie(b.category, b.synthetic_id, b.title,
                                                             b.component, b.flow, b.data_asset,
                                                             b.boundary, b.shared_runtime);
  });
  SortRisks(risks);
  ASSERT_EQ(risks.size(), expected.size());
  size_t mismatches = 0;
  for (size_t i = 0; i < risks.size(); ++i) {
    mismatches += risks[i].breach_components != expected[i].breach_components;
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
}  // namespace threatpath::engine
