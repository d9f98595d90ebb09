#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(MissingWafTest, WebComponentsReachedAcrossBoundaries) {
  ModelBuilder b;
  b.Comp("user", "browser");
  b.Comp("waf", "waf");
  b.Comp("web", "web-application").integrity = Criticality::kMissionCritical;
  b.Comp("api", "web-service-rest");
  b.Comp("guarded", "web-application");
  b.Comp("inside", "web-application");
  b.Boundary("dc", BoundaryType::kNetworkOnPrem, {"waf", "web", "api", "guarded", "inside"});
  b.Flow("user", "web", "browse");
  b.Flow("user", "web", "browse-again");  // one risk per component
  b.Flow("user", "api", "call");
  b.Flow("user", "waf", "enter");
  b.Flow("waf", "guarded", "forward");
  b.Flow("web", "inside", "call");  // same boundary
  b.Flow("user", "guarded", "files", core::Protocol::kSftp);
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("missing-waf", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"missing-waf@api", "missing-waf@web"}));
  EXPECT_EQ(risks[0].impact, Impact::kLow);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kLow);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
}

// Leaving an execution environment for its parent network is not crossing a network boundary;
// entering it from outside that network is.
TEST(MissingWafTest, ExecutionEnvironmentsCountAsTheirParentNetwork) {
  ModelBuilder b;
  b.Comp("job", "batch-processing");
  b.Comp("web", "web-application");
  b.Comp("user", "browser");
  b.Comp("api", "web-service-rest");
  b.Boundary("net", BoundaryType::kNetworkOnPrem, {"web"}, {"env"});
  b.Boundary("env", BoundaryType::kExecutionEnvironment, {"job", "api"});
  b.Flow("job", "web", "call");   // from inside "net": not across
  b.Flow("user", "api", "call");  // from outside every boundary into "net": across
  EXPECT_EQ(Ids(RunRule("missing-waf", b.Build())), std::vector<std::string>{"missing-waf@api"});
}

}  // namespace
}  // namespace threatpath::engine
