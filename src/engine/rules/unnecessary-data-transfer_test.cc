#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(UnnecessaryDataTransferTest, SensitiveDataNeitherProcessedNorStored) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kStrictlyConfidential);
  b.Data("crit", Confidentiality::kInternal, Criticality::kCritical);
  b.Data("pub", Confidentiality::kPublic);
  b.Comp("a", "web-server").data_processed = Refs({"crit"});
  b.Comp("b", "web-server").data_stored = Refs({"top"});
  b.Comp("mon", "monitoring");
  b.Flow("a", "b", "push").data_sent = Refs({"top", "pub"});
  b.Flow("b", "a", "pull").data_received = Refs({"crit", "top"});
  b.Flow("b", "mon", "metrics").data_sent = Refs({"crit"});
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("unnecessary-data-transfer", m);
  // a: top is not needed (on push and again on pull: reported once per partner).
  // b: receives crit on "pull" without needing it; sending it to monitoring is not checked
  // for b (monitoring tolerates any data), but monitoring itself is checked.
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"unnecessary-data-transfer@top@a@b",
                                                  "unnecessary-data-transfer@crit@b@a",
                                                  "unnecessary-data-transfer@crit@mon@b"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].data_asset, "top");
  EXPECT_EQ(risks[1].impact, Impact::kLow);
  EXPECT_EQ(risks[1].severity, RiskSeverity::kLow);
}

TEST(UnnecessaryDataTransferTest, OutOfScopeComponentsAreSkipped) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kStrictlyConfidential);
  b.Comp("a", "web-server").out_of_scope = true;
  b.Comp("b", "web-server").data_processed = Refs({"top"});
  b.Flow("a", "b", "push").data_sent = Refs({"top"});
  EXPECT_TRUE(RunRule("unnecessary-data-transfer", b.Build()).empty());
}

// The component must be in scope; its partner need not be.
TEST(UnnecessaryDataTransferTest, OutOfScopePartnersAreReported) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kConfidential);
  b.Comp("a", "web-server");
  b.Comp("ext", "browser").out_of_scope = true;
  b.Flow("ext", "a", "upload").data_sent = Refs({"top"});
  std::vector<Risk> risks = RunRule("unnecessary-data-transfer", b.Build());
  ASSERT_EQ(Ids(risks), std::vector<std::string>{"unnecessary-data-transfer@top@a@ext"});
  EXPECT_EQ(risks[0].impact, Impact::kLow);
}

}  // namespace
}  // namespace threatpath::engine
