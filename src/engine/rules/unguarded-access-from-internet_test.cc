#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(UnguardedAccessFromInternetTest, DirectInternetCallers) {
  ModelBuilder b;
  b.Comp("net", "browser").internet = true;
  b.Comp("mon", "monitoring").internet = true;
  b.Comp("office", "browser");
  Component& api = b.Comp("api", "web-service-rest");
  api.confidentiality = Confidentiality::kConfidential;
  Component& web = b.Comp("web", "web-server");
  web.integrity = Criticality::kCritical;  // third-party web server over HTTPS: exempt
  Component& custom = b.Comp("custom", "web-server");
  custom.integrity = Criticality::kCritical;
  custom.custom_developed_parts = true;
  Component& lb = b.Comp("lb", "load-balancer");
  lb.confidentiality = Confidentiality::kConfidential;
  b.Flow("net", "api", "call");
  b.Flow("net", "web", "browse");
  b.Flow("net", "custom", "browse");
  b.Flow("net", "lb", "browse");
  b.Flow("mon", "api", "probe");
  b.Flow("office", "api", "call");
  b.Flow("net", "api", "tunnel").vpn = true;
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("unguarded-access-from-internet", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"unguarded-access-from-internet@api@net@net>call",
                                      "unguarded-access-from-internet@custom@net@net>browse"}));
  EXPECT_EQ(risks[0].likelihood, Likelihood::kVeryLikely);
  EXPECT_EQ(risks[0].breach_probability, BreachProbability::kPossible);
}

}  // namespace
}  // namespace threatpath::engine
