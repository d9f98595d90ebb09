#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(UnnecessaryDataAssetTest, UnreferencedDataAssets) {
  ModelBuilder b;
  b.Data("zeta");
  b.Data("processed");
  b.Data("sent");
  b.Data("alpha");
  b.Comp("a", "web-server").data_processed = Refs({"processed"});
  b.Comp("b", "web-server");
  b.Flow("a", "b", "push").data_sent = Refs({"sent"});
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("unnecessary-data-asset", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"unnecessary-data-asset@alpha",
                                                  "unnecessary-data-asset@zeta"}));
  EXPECT_EQ(risks[0].data_asset, "alpha");
  EXPECT_EQ(risks[0].breach_components, std::vector<std::string>{"alpha"});
}

}  // namespace
}  // namespace threatpath::engine
