#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(CodeBackdooringTest, ExposedDevelopmentComponents) {
  ModelBuilder b;
  b.Data("code", Confidentiality::kInternal, Criticality::kImportant);
  b.Data("logs", Confidentiality::kInternal, Criticality::kOperational);
  b.Comp("dev", "devops-client").out_of_scope = true;
  b.Comp("net", "browser").internet = true;
  b.Comp("office", "browser");
  Component& ci = b.Comp("ci", "build-pipeline");
  ci.integrity = Criticality::kCritical;
  b.Comp("repo", "sourcecode-repository").internet = true;
  b.Comp("sonar", "code-inspection-platform");
  b.Comp("quiet", "artifact-registry");
  b.Comp("app", "web-server");
  b.Comp("other", "web-server");
  b.Flow("dev", "ci", "trigger");
  b.Flow("net", "sonar", "view");
  b.Flow("net", "quiet", "tunnel").vpn = true;
  b.Flow("office", "quiet", "pull");
  Flow& deploy = b.Flow("ci", "app", "deploy");
  deploy.usage = Usage::kDevOps;
  deploy.data_sent = Refs({"logs", "code"});
  Flow& logs = b.Flow("ci", "other", "ship-logs");
  logs.usage = Usage::kDevOps;
  logs.data_sent = Refs({"logs"});
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("code-backdooring", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"code-backdooring@ci", "code-backdooring@repo",
                                                  "code-backdooring@sonar"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].breach_components, (std::vector<std::string>{"app", "ci"}));
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].severity, RiskSeverity::kMedium);
  EXPECT_EQ(risks[2].impact, Impact::kLow);  // code inspection platforms
}

}  // namespace
}  // namespace threatpath::engine
