#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
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

}  // namespace
}  // namespace threatpath::engine
