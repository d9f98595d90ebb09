#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(MixedTargetsOnSharedRuntimeTest, BoundariesOrFrontAndBack) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("api", "web-service-rest");  // back-end
  b.Comp("cms", "cms");               // front-end
  b.Comp("db", "database").confidentiality = Confidentiality::kStrictlyConfidential;
  b.Boundary("one", BoundaryType::kNetworkOnPrem, {"web"});
  b.Boundary("two", BoundaryType::kNetworkOnPrem, {"api"});
  b.Runtime("mixed-boundaries", {"web", "api"});
  b.Runtime("front-and-back", {"cms", "db"});
  b.Runtime("fine", {"cms", "web"});
  b.Runtime("unbounded-first", {"cms", "web"});  // "" then "one": Threagile does not compare
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("mixed-targets-on-shared-runtime", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"mixed-targets-on-shared-runtime@front-and-back",
                                      "mixed-targets-on-shared-runtime@mixed-boundaries"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].shared_runtime, "front-and-back");
  EXPECT_EQ(risks[0].breach_components, (std::vector<std::string>{"cms", "db"}));
  EXPECT_EQ(risks[1].impact, Impact::kLow);
}

TEST(MixedTargetsOnSharedRuntimeTest, BoundedThenUnbounded) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("cms", "cms");
  b.Boundary("one", BoundaryType::kNetworkOnPrem, {"web"});
  b.Runtime("rt", {"web", "cms"});
  EXPECT_EQ(Ids(RunRule("mixed-targets-on-shared-runtime", b.Build())),
            std::vector<std::string>{"mixed-targets-on-shared-runtime@rt"});
}

}  // namespace
}  // namespace threatpath::engine
