#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(UnnecessaryCommunicationLinkTest, FlowsWithoutData) {
  ModelBuilder b;
  b.Data("d");
  b.Comp("a", "web-server");
  b.Comp("b", "web-server");
  b.Comp("x", "browser").out_of_scope = true;
  b.Comp("y", "browser").out_of_scope = true;
  b.Flow("a", "b", "empty");
  b.Flow("a", "b", "full").data_received = Refs({"d"});
  b.Flow("x", "a", "from-outside");
  b.Flow("x", "y", "both-outside");
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("unnecessary-communication-link", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"unnecessary-communication-link@a>empty@a",
                                      "unnecessary-communication-link@x>from-outside@x"}));
  EXPECT_EQ(risks[0].severity, RiskSeverity::kLow);
  EXPECT_EQ(risks[0].flow, "a>empty");
}

}  // namespace
}  // namespace threatpath::engine
