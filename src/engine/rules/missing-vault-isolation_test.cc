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

// A data store linked to the vault in either direction is the vault's storage; a linked process
// is not. Outside every boundary all components share one segment, as in Threagile.
TEST(MissingVaultIsolationTest, StorageLinkedEitherWayAndUnboundedSegment) {
  ModelBuilder storage_only;
  storage_only.Comp("vault", "vault");
  storage_only.Comp("db", "database", ComponentType::kDatastore);
  storage_only.Flow("db", "vault", "sync");  // towards the vault: still its storage
  EXPECT_TRUE(RunRule("missing-vault-isolation", storage_only.Build()).empty());

  ModelBuilder caller;
  caller.Comp("vault", "vault");
  caller.Comp("app", "web-server");
  caller.Flow("app", "vault", "fetch");  // a linked process is a neighbour like any other
  std::vector<Risk> risks = RunRule("missing-vault-isolation", caller.Build());
  ASSERT_EQ(Ids(risks), std::vector<std::string>{"missing-vault-isolation@vault"});
  EXPECT_EQ(risks[0].likelihood, Likelihood::kUnlikely);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);

  ModelBuilder shared_env;
  shared_env.Comp("vault", "vault");
  shared_env.Comp("db", "database", ComponentType::kDatastore);
  shared_env.Comp("other", "database", ComponentType::kDatastore);  // not linked: counts
  shared_env.Boundary("env", BoundaryType::kExecutionEnvironment, {"vault", "db", "other"});
  shared_env.Flow("vault", "db", "persist");
  risks = RunRule("missing-vault-isolation", shared_env.Build());
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);
}

}  // namespace
}  // namespace threatpath::engine
