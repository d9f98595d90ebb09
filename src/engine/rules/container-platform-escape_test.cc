#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(ContainerPlatformEscapeTest, PlatformsBreachEveryContainer) {
  ModelBuilder b;
  b.Comp("k8s", "container-platform").availability = Criticality::kMissionCritical;
  b.Comp("web", "web-server").machine = Machine::kContainer;
  Component& gone = b.Comp("gone", "web-server");
  gone.machine = Machine::kContainer;
  gone.out_of_scope = true;  // still a container on the platform
  b.Comp("vm", "web-server");
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("container-platform-escape", m);
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"container-platform-escape@k8s"});
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].breach_components, (std::vector<std::string>{"gone", "web"}));
  EXPECT_EQ(RunRule("container-platform-escape", ModelBuilder().Build()).size(), 0u);
}

// In-scope platforms only; the data a platform processes or stores can raise the impact.
TEST(ContainerPlatformEscapeTest, ScopeAndDataOfThePlatform) {
  ModelBuilder b;
  b.Data("keys", Confidentiality::kStrictlyConfidential);
  b.Comp("k8s", "container-platform").data_stored = Refs({"keys"});
  b.Comp("old", "container-platform").out_of_scope = true;
  b.Comp("plain", "container-platform");
  std::vector<Risk> risks = RunRule("container-platform-escape", b.Build());
  ASSERT_EQ(Ids(risks), (std::vector<std::string>{"container-platform-escape@k8s",
                                                  "container-platform-escape@plain"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].breach_probability, BreachProbability::kProbable);
}

}  // namespace
}  // namespace threatpath::engine
