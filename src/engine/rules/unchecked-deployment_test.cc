#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(UncheckedDeploymentTest, DevelopmentComponentsAndTheirTargets) {
  ModelBuilder b;
  b.Data("code", Confidentiality::kInternal, Criticality::kImportant);
  b.Comp("ci", "build-pipeline");
  b.Comp("dev", "devops-client").out_of_scope = true;  // scope does not matter
  b.Comp("app", "web-server").confidentiality = Confidentiality::kConfidential;
  b.Comp("web", "web-server");
  Flow& deploy = b.Flow("ci", "app", "deploy");
  deploy.usage = Usage::kDevOps;
  deploy.data_sent = Refs({"code"});
  Flow& push = b.Flow("dev", "web", "push");
  push.usage = Usage::kDevOps;
  push.data_sent = Refs({"code"});
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("unchecked-deployment", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"unchecked-deployment@ci", "unchecked-deployment@dev"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].breach_components, (std::vector<std::string>{"app", "ci"}));
  EXPECT_EQ(risks[0].breach_probability, BreachProbability::kPossible);
  EXPECT_EQ(risks[1].impact, Impact::kLow);
  EXPECT_EQ(risks[1].breach_components, (std::vector<std::string>{"dev", "web"}));
}

}  // namespace
}  // namespace threatpath::engine
