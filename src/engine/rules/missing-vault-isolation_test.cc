#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(MissingVaultIsolationTest, NeighboursOtherThanOwnStorage) {
  ModelBuilder b;
  b.Comp("vault", "vault");
  b.Comp("storage", "database", ComponentType::kDatastore);
  b.Comp("vault2", "vault").integrity = Criticality::kMissionCritical;
  b.Comp("web", "web-server");
  b.Boundary("secrets", BoundaryType::kNetworkOnPrem, {"vault", "storage"});
  b.Boundary("mixed", BoundaryType::kNetworkOnPrem, {}, {"env"});
  b.Boundary("env", BoundaryType::kExecutionEnvironment, {"vault2", "web"});
  b.Flow("vault", "storage", "persist");
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("missing-vault-isolation", m);
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"missing-vault-isolation@vault2"});
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kElevated);
}

TEST(MissingVaultIsolationTest, UnconnectedDataStoreCounts) {
  ModelBuilder b;
  b.Comp("vault", "vault");
  b.Comp("storage", "database", ComponentType::kDatastore);
  b.Boundary("secrets", BoundaryType::kNetworkOnPrem, {"vault", "storage"});
  std::vector<Risk> risks = RunRule("missing-vault-isolation", b.Build());
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kUnlikely);
}

}  // namespace
}  // namespace threatpath::engine
