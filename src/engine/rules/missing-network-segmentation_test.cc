#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

core::Model Segment(bool connected, bool separate) {
  ModelBuilder b;
  Component& db = b.Comp("db", "database", ComponentType::kDatastore);
  db.confidentiality = Confidentiality::kStrictlyConfidential;
  b.Comp("cms", "cms");  // a less protected kind
  b.Comp("lb", "load-balancer");
  if (separate) {
    b.Boundary("net", BoundaryType::kNetworkOnPrem, {"db"});
  } else {
    b.Boundary("net", BoundaryType::kNetworkOnPrem, {"db", "cms", "lb"});
  }
  if (connected) b.Flow("cms", "db", "query", Protocol::kJdbc);
  return b.Build();
}

TEST(MissingNetworkSegmentationTest, LessProtectedNeighbourWithoutConnection) {
  std::vector<Risk> risks = RunRule("missing-network-segmentation", Segment(false, false));
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"missing-network-segmentation@db"});
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kUnlikely);
}

TEST(MissingNetworkSegmentationTest, ConnectedOrSeparatedNeighbours) {
  EXPECT_TRUE(RunRule("missing-network-segmentation", Segment(true, false)).empty());
  EXPECT_TRUE(RunRule("missing-network-segmentation", Segment(false, true)).empty());
}

TEST(MissingNetworkSegmentationTest, NeedsHighRaa) {
  ModelBuilder b;
  b.Comp("a", "database", ComponentType::kDatastore);
  Component& big = b.Comp("big", "database", ComponentType::kDatastore);
  big.confidentiality = Confidentiality::kStrictlyConfidential;
  big.integrity = Criticality::kMissionCritical;
  b.Comp("cms", "cms");
  std::vector<Risk> risks = RunRule("missing-network-segmentation", b.Build());
  // "a" has a low RAA; the same network (none) holds the CMS.
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"missing-network-segmentation@big"});
}

// Threagile replaces an execution-environment boundary by its parent (one level) to find the
// network: a database in a nested execution environment shares the network with a web server in
// the parent, and one in an unnested execution environment shares "no network" with a web server
// outside every boundary.
TEST(MissingNetworkSegmentationTest, ExecutionEnvironmentsBelongToTheirParentNetwork) {
  // A highly sensitive database and a web server beside it.
  auto db_and_web = [](ModelBuilder& b) {
    Component& db = b.Comp("db", "database", ComponentType::kDatastore);
    db.confidentiality = Confidentiality::kStrictlyConfidential;
    db.integrity = Criticality::kMissionCritical;
    b.Comp("web", "web-server");
  };
  ModelBuilder b;
  db_and_web(b);
  b.Boundary("net", BoundaryType::kNetworkCloudSecurityGroup, {"web"}, {"env"});
  b.Boundary("env", BoundaryType::kExecutionEnvironment, {"db"});
  EXPECT_EQ(Ids(RunRule("missing-network-segmentation", b.Build())),
            std::vector<std::string>{"missing-network-segmentation@db"});

  ModelBuilder lonely;
  db_and_web(lonely);
  lonely.Boundary("env", BoundaryType::kExecutionEnvironment, {"db"});
  EXPECT_EQ(Ids(RunRule("missing-network-segmentation", lonely.Build())),
            std::vector<std::string>{"missing-network-segmentation@db"});

  // A separate network boundary around the web server separates them.
  ModelBuilder apart;
  db_and_web(apart);
  apart.Boundary("env", BoundaryType::kExecutionEnvironment, {"db"});
  apart.Boundary("dmz", BoundaryType::kNetworkOnPrem, {"web"});
  EXPECT_TRUE(RunRule("missing-network-segmentation", apart.Build()).empty());
}

}  // namespace
}  // namespace threatpath::engine
