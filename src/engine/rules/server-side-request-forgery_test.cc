#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(ServerSideRequestForgeryTest, ImpactFromTargetsAndNetworkNeighbours) {
  ModelBuilder b;
  b.Comp("user", "browser");
  b.Comp("app", "web-server");
  b.Comp("api", "web-service-rest");
  b.Comp("lb", "load-balancer");
  b.Comp("secret", "web-service-rest").confidentiality = Confidentiality::kStrictlyConfidential;
  b.Boundary("dmz", BoundaryType::kNetworkOnPrem, {"app", "api", "lb"});
  b.Boundary("vault", BoundaryType::kNetworkOnPrem, {"secret"});
  b.Flow("user", "app", "browse");  // clients are not servers
  b.Flow("app", "api", "call");     // api and app are web targets in "dmz"
  b.Flow("app", "api", "ops").usage = Usage::kDevOps;
  b.Flow("app", "secret", "fetch");  // strictly confidential target
  b.Flow("lb", "app", "forward");    // load balancers are exempt
  b.Flow("app", "api", "ssh", Protocol::kSsh);
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("server-side-request-forgery", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{
                            "server-side-request-forgery@app@api@app>call",
                            "server-side-request-forgery@app@api@app>ops",
                            "server-side-request-forgery@app@secret@app>fetch",
                        }));
  EXPECT_EQ(risks[0].impact, Impact::kLow);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[0].breach_components, (std::vector<std::string>{"api", "app"}));
  EXPECT_EQ(risks[1].likelihood, Likelihood::kUnlikely);
  EXPECT_EQ(risks[2].impact, Impact::kMedium);
}

TEST(ServerSideRequestForgeryTest, CloudBoundariesRaiseImpact) {
  ModelBuilder b;
  b.Comp("app", "web-server");
  b.Comp("api", "web-service-rest");
  b.Boundary("cloud", BoundaryType::kNetworkCloudProvider, {"app"});
  b.Flow("app", "api", "call");
  std::vector<Risk> risks = RunRule("server-side-request-forgery", b.Build());
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kElevated);
}

}  // namespace
}  // namespace threatpath::engine
