#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(MissingVaultTest, ModelsWithoutVault) {
  ModelBuilder b;
  b.Data("conf", Confidentiality::kConfidential);
  b.Comp("a", "web-server").data_processed = Refs({"conf"});
  b.Comp("b", "web-server").integrity = Criticality::kImportant;  // highest own score
  b.Comp("c", "web-server").integrity = Criticality::kImportant;  // same score, later id
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("missing-vault", m);
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"missing-vault@b"});
  EXPECT_EQ(risks[0].impact, Impact::kMedium);  // through the data "a" processes
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);
}

TEST(MissingVaultTest, VaultPresentOrEmptyModel) {
  ModelBuilder b;
  b.Comp("a", "web-server");
  b.Comp("v", "vault").out_of_scope = true;  // any vault counts
  EXPECT_TRUE(RunRule("missing-vault", b.Build()).empty());

  // No component scores above Threagile's empty start value: the example id is empty.
  ModelBuilder plain;
  Component& low = plain.Comp("low", "web-server");
  low.confidentiality = Confidentiality::kPublic;
  low.integrity = Criticality::kArchive;
  low.availability = Criticality::kArchive;
  EXPECT_EQ(Ids(RunRule("missing-vault", plain.Build())),
            std::vector<std::string>{"missing-vault@"});
}

}  // namespace
}  // namespace threatpath::engine
