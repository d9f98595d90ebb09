#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(CrossSiteScriptingTest, InScopeWebApplications) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kStrictlyConfidential);
  b.Comp("web", "web-application");
  b.Comp("erp", "erp").data_processed = Refs({"top"});
  b.Comp("api", "web-service-rest");
  b.Comp("gone", "cms").out_of_scope = true;
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("cross-site-scripting", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"cross-site-scripting@erp", "cross-site-scripting@web"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kElevated);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[1].breach_probability, BreachProbability::kPossible);
}

}  // namespace
}  // namespace threatpath::engine
