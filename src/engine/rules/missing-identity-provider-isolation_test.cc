#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(MissingIdentityProviderIsolationTest, NetworkSegmentAndExecutionEnvironment) {
  ModelBuilder b;
  b.Comp("idp", "identity-provider");
  b.Comp("users", "identity-store-ldap", ComponentType::kDatastore).confidentiality =
      Confidentiality::kStrictlyConfidential;
  b.Comp("web", "web-server");
  b.Comp("lb", "load-balancer");  // tolerated next to high-value targets
  b.Comp("alone", "identity-provider");
  b.Boundary("net", BoundaryType::kNetworkOnPrem, {"idp", "web", "lb"}, {"env"});
  b.Boundary("env", BoundaryType::kExecutionEnvironment, {"users", "app"});
  b.Comp("app", "application-server");
  b.Boundary("island", BoundaryType::kNetworkOnPrem, {"alone"});
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("missing-identity-provider-isolation", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"missing-identity-provider-isolation@idp",
                                                  "missing-identity-provider-isolation@users"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kUnlikely);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);
  EXPECT_EQ(risks[1].impact, Impact::kVeryHigh);
  EXPECT_EQ(risks[1].likelihood, Likelihood::kLikely);  // shares its execution environment
  EXPECT_EQ(risks[1].severity, RiskSeverity::kElevated);
}

// Threagile looks a component's boundary up in a map: a component outside every boundary gets the
// empty boundary, and an execution environment without a parent is replaced by that same empty
// boundary. So both share one "segment". Out-of-scope neighbours count; tolerated ones do not.
TEST(MissingIdentityProviderIsolationTest, UnboundedComponentsShareOneSegment) {
  ModelBuilder loose;
  loose.Comp("idp", "identity-provider");
  loose.Comp("web", "web-server");
  std::vector<Risk> risks = RunRule("missing-identity-provider-isolation", loose.Build());
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"missing-identity-provider-isolation@idp"});

  ModelBuilder orphan_env;
  orphan_env.Comp("idp", "identity-provider");
  orphan_env.Comp("mon", "monitoring");                   // tolerated next to high-value targets
  orphan_env.Comp("ext", "browser").out_of_scope = true;  // out of scope still counts
  orphan_env.Boundary("env", BoundaryType::kExecutionEnvironment, {"idp"});
  risks = RunRule("missing-identity-provider-isolation", orphan_env.Build());
  ASSERT_EQ(Ids(risks), std::vector<std::string>{"missing-identity-provider-isolation@idp"});
  EXPECT_EQ(risks[0].likelihood, Likelihood::kUnlikely);  // not the same execution environment

  ModelBuilder only_friends;
  only_friends.Comp("idp", "identity-provider");
  only_friends.Comp("users", "identity-store-database", ComponentType::kDatastore);
  only_friends.Comp("ids", "ids");
  only_friends.Comp("web", "web-server");
  only_friends.Boundary("iam", BoundaryType::kNetworkCloudSecurityGroup, {"idp", "users", "ids"});
  EXPECT_TRUE(RunRule("missing-identity-provider-isolation", only_friends.Build()).empty());
}

}  // namespace
}  // namespace threatpath::engine
