#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(LdapInjectionTest, LdapCallers) {
  ModelBuilder b;
  b.Comp("app", "web-server");
  b.Comp("ops", "web-server");
  b.Comp("gone", "web-server").out_of_scope = true;
  b.Comp("dir", "identity-store-ldap", ComponentType::kDatastore).integrity =
      Criticality::kMissionCritical;
  b.Flow("app", "dir", "search", Protocol::kLdaps);
  b.Flow("ops", "dir", "admin", Protocol::kLdap).usage = Usage::kDevOps;
  b.Flow("app", "dir", "web", Protocol::kHttps);
  b.Flow("gone", "dir", "search", Protocol::kLdap);
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("ldap-injection", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"ldap-injection@app@dir@app>search",
                                                  "ldap-injection@ops@dir@ops>admin"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kElevated);
  EXPECT_EQ(risks[1].likelihood, Likelihood::kUnlikely);
  EXPECT_EQ(risks[0].breach_probability, BreachProbability::kProbable);
}

}  // namespace
}  // namespace threatpath::engine
