#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(UnnecessaryTechnicalAssetTest, NoDataOrNoFlows) {
  ModelBuilder b;
  b.Data("d");
  b.Comp("busy", "web-server").data_processed = Refs({"d"});
  b.Comp("empty", "web-server");
  b.Comp("isolated", "web-server").data_stored = Refs({"d"});
  b.Comp("gone", "web-server").out_of_scope = true;  // scope does not matter here
  b.Flow("busy", "empty", "call");
  b.Flow("gone", "busy", "call");
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("unnecessary-technical-asset", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"unnecessary-technical-asset@empty",
                                                  "unnecessary-technical-asset@gone",
                                                  "unnecessary-technical-asset@isolated"}));
  EXPECT_EQ(risks[0].severity, RiskSeverity::kLow);
  EXPECT_EQ(risks[0].breach_components, std::vector<std::string>{"empty"});
}

}  // namespace
}  // namespace threatpath::engine
