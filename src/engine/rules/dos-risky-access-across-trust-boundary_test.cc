#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(DosRiskyAccessTest, CallersAcrossBoundariesAndThroughForwarders) {
  ModelBuilder b;
  b.Comp("client", "browser");
  b.Comp("lb", "load-balancer");
  b.Comp("admin", "browser");
  Component& app = b.Comp("app", "web-server");
  app.availability = Criticality::kMissionCritical;
  b.Boundary("dc", BoundaryType::kNetworkOnPrem, {"app", "lb"});
  b.Flow("client", "lb", "request");
  b.Flow("lb", "app", "forward");
  b.Flow("client", "app", "direct").ip_filtered = true;
  b.Flow("admin", "app", "deploy").usage = Usage::kDevOps;
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("dos-risky-access-across-trust-boundary", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{
                            "dos-risky-access-across-trust-boundary@app@client@client>request",
                            "dos-risky-access-across-trust-boundary@app@client@client>direct"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);  // mission critical, no VPN, filter or redundancy
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);
  EXPECT_EQ(risks[0].flow, "client>request");
  EXPECT_EQ(risks[1].impact, Impact::kLow);  // IP filtered
  EXPECT_TRUE(risks[0].breach_components.empty());
}

TEST(DosRiskyAccessTest, OnlyCriticalAvailability) {
  ModelBuilder b;
  b.Comp("client", "browser");
  b.Comp("app", "web-server").availability = Criticality::kImportant;
  b.Boundary("dc", BoundaryType::kNetworkOnPrem, {"app"});
  b.Flow("client", "app", "request");
  EXPECT_TRUE(RunRule("dos-risky-access-across-trust-boundary", b.Build()).empty());
}

// An unnested execution environment has no network boundary, like a component outside every
// boundary; a nested one has its parent's.
TEST(DosRiskyAccessAcrossTrustBoundaryTest, ExecutionEnvironmentsUseTheirParentNetwork) {
  ModelBuilder b;
  b.Comp("client", "browser");
  b.Comp("lonely", "web-service-rest").availability = Criticality::kCritical;
  b.Comp("nested", "web-service-rest").availability = Criticality::kCritical;
  b.Boundary("env", BoundaryType::kExecutionEnvironment, {"lonely"});
  b.Boundary("net", BoundaryType::kNetworkOnPrem, {}, {"env2"});
  b.Boundary("env2", BoundaryType::kExecutionEnvironment, {"nested"});
  b.Flow("client", "lonely", "call-lonely");
  b.Flow("client", "nested", "call-nested");
  EXPECT_EQ(Ids(RunRule("dos-risky-access-across-trust-boundary", b.Build())),
            std::vector<std::string>{
                "dos-risky-access-across-trust-boundary@nested@client@client>call-nested"});
}

}  // namespace
}  // namespace threatpath::engine
