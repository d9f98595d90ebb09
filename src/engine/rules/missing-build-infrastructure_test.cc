#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(MissingBuildInfrastructureTest, CustomCodeWithoutPipeline) {
  ModelBuilder b;
  b.Comp("a", "web-server").custom_developed_parts = true;
  Component& api = b.Comp("b", "web-service-rest");
  api.custom_developed_parts = true;
  api.confidentiality = Confidentiality::kConfidential;
  b.Comp("ci", "build-pipeline");
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("missing-build-infrastructure", m);
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"missing-build-infrastructure@b"});
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_TRUE(risks[0].breach_components.empty());
}

TEST(MissingBuildInfrastructureTest, CompleteInfrastructureOrNoCustomCode) {
  ModelBuilder b;
  b.Comp("a", "web-server").custom_developed_parts = true;
  b.Comp("ci", "build-pipeline");
  b.Comp("git", "sourcecode-repository");
  b.Comp("dev", "devops-client").out_of_scope = true;  // out of scope still counts
  EXPECT_TRUE(RunRule("missing-build-infrastructure", b.Build()).empty());

  ModelBuilder none;
  none.Comp("a", "web-server");
  EXPECT_TRUE(RunRule("missing-build-infrastructure", none.Build()).empty());
}

}  // namespace
}  // namespace threatpath::engine
