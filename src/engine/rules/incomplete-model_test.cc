#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(IncompleteModelTest, UnknownTechnologiesAndProtocols) {
  ModelBuilder b;
  b.Comp("mystery", "unknown-technology");
  b.Comp("bare", "x").technologies.clear();
  b.Comp("web", "web-server");
  b.Comp("gone", "unknown-technology").out_of_scope = true;
  b.Flow("web", "mystery", "what", Protocol::kUnknown);
  b.Flow("gone", "web", "what", Protocol::kUnknown);
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("incomplete-model", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"incomplete-model@bare", "incomplete-model@mystery",
                                      "incomplete-model@web>what@web"}));
  EXPECT_EQ(risks[2].flow, "web>what");
  EXPECT_EQ(risks[2].severity, RiskSeverity::kLow);
}

}  // namespace
}  // namespace threatpath::engine
