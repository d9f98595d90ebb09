#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(ContainerBaseimageBackdooringTest, InScopeContainers) {
  ModelBuilder b;
  b.Comp("web", "web-server").machine = Machine::kContainer;
  Component& vital = b.Comp("vital", "web-server");
  vital.machine = Machine::kContainer;
  vital.confidentiality = Confidentiality::kStrictlyConfidential;
  b.Comp("vm", "web-server").machine = Machine::kVirtual;
  Component& gone = b.Comp("gone", "web-server");
  gone.machine = Machine::kContainer;
  gone.out_of_scope = true;
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("container-baseimage-backdooring", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"container-baseimage-backdooring@vital",
                                                  "container-baseimage-backdooring@web"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].severity, RiskSeverity::kMedium);
  EXPECT_EQ(risks[1].breach_probability, BreachProbability::kProbable);
}

}  // namespace
}  // namespace threatpath::engine
