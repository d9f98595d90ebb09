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

}  // namespace
}  // namespace threatpath::engine
