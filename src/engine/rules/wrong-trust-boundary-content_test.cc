#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(WrongTrustBoundaryContentTest, NonContainersInNamespaceIsolation) {
  ModelBuilder b;
  b.Comp("pod", "web-server").machine = Machine::kContainer;
  b.Comp("fn", "function").machine = Machine::kServerless;
  b.Comp("vm", "web-server").machine = Machine::kVirtual;
  b.Comp("other", "web-server").machine = Machine::kPhysical;
  b.Boundary("ns", BoundaryType::kNetworkPolicyNamespaceIsolation, {"pod", "fn", "vm"});
  b.Boundary("net", BoundaryType::kNetworkOnPrem, {"other"});
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("wrong-trust-boundary-content", m);
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"wrong-trust-boundary-content@vm"});
  EXPECT_EQ(risks[0].severity, RiskSeverity::kLow);
}

// Only the boundary's own members are checked (not those of boundaries nested in it), whatever
// their scope.
TEST(WrongTrustBoundaryContentTest, DirectMembersOnlyInAnyScope) {
  ModelBuilder b;
  b.Comp("inner", "web-server").machine = Machine::kVirtual;
  Component& gone = b.Comp("gone", "web-server");
  gone.machine = Machine::kPhysical;
  gone.out_of_scope = true;
  b.Boundary("ns", BoundaryType::kNetworkPolicyNamespaceIsolation, {"gone"}, {"env"});
  b.Boundary("env", BoundaryType::kExecutionEnvironment, {"inner"});
  std::vector<Risk> risks = RunRule("wrong-trust-boundary-content", b.Build());
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"wrong-trust-boundary-content@gone"});
}

}  // namespace
}  // namespace threatpath::engine
