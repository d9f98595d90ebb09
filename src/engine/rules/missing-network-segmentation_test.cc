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

}  // namespace
}  // namespace threatpath::engine
