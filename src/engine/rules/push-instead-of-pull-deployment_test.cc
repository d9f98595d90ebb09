#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(PushInsteadOfPullDeploymentTest, DeploymentsIntoBusinessComponents) {
  ModelBuilder b;
  b.Comp("ci", "build-pipeline");
  b.Comp("low", "web-server");
  b.Comp("high", "web-server").integrity = Criticality::kCritical;
  b.Comp("later", "web-server");
  b.Comp("repo", "sourcecode-repository");
  b.Comp("tool", "web-server").usage = Usage::kDevOps;
  b.Flow("ci", "low", "deploy-low").usage = Usage::kDevOps;
  b.Flow("ci", "high", "deploy-high").usage = Usage::kDevOps;
  b.Flow("ci", "later", "deploy-later").usage = Usage::kDevOps;
  b.Flow("ci", "repo", "push-tag").usage = Usage::kDevOps;  // development component
  b.Flow("ci", "tool", "deploy").usage = Usage::kDevOps;    // DevOps component
  b.Flow("ci", "low", "read-config");                       // business usage
  Flow& ro = b.Flow("ci", "low", "status");
  ro.usage = Usage::kDevOps;
  ro.readonly = true;
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("push-instead-of-pull-deployment", m);
  // One risk per target, all with the pipeline's synthetic id, as in Threagile.
  EXPECT_EQ(Ids(risks), std::vector<std::string>(3, "push-instead-of-pull-deployment@ci"));
  EXPECT_EQ(risks[0].component, "low");
  EXPECT_EQ(risks[0].impact, Impact::kLow);
  EXPECT_EQ(risks[1].component, "high");
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  // Threagile does not reset the impact after a sensitive target.
  EXPECT_EQ(risks[2].component, "later");
  EXPECT_EQ(risks[2].impact, Impact::kMedium);
  EXPECT_EQ(risks[2].flow, "ci>deploy-later");
}

}  // namespace
}  // namespace threatpath::engine
