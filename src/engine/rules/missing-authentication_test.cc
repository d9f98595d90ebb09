#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(MissingAuthenticationTest, ImpactFollowsTheFlowData) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kStrictlyConfidential);
  b.Data("conf", Confidentiality::kConfidential);
  b.Data("pub", Confidentiality::kPublic);
  b.Comp("web", "web-server");
  b.Comp("db", "database", ComponentType::kDatastore);
  b.Comp("mon", "monitoring");
  Component& api = b.Comp("api", "web-service-rest");
  api.confidentiality = Confidentiality::kConfidential;
  b.Flow("web", "api", "top").data_sent = Refs({"top"});
  b.Flow("web", "api", "conf").data_sent = Refs({"conf"});
  b.Flow("web", "api", "pub").data_sent = Refs({"pub"});
  b.Flow("web", "api", "empty");  // no data: integrity archive, so not "low"
  b.Flow("web", "api", "auth").authentication = Authentication::kToken;
  b.Flow("web", "api", "lib", Protocol::kInProcessLibraryCall);
  b.Flow("db", "api", "trigger");
  b.Flow("mon", "api", "probe");
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("missing-authentication", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{
                            "missing-authentication@web>top@web@api",
                            "missing-authentication@web>conf@web@api",
                            "missing-authentication@web>pub@web@api",
                            "missing-authentication@web>empty@web@api",
                        }));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kElevated);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[2].impact, Impact::kLow);
  EXPECT_EQ(risks[3].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[0].breach_probability, BreachProbability::kPossible);
  EXPECT_EQ(risks[0].breach_components, std::vector<std::string>{"api"});
}

TEST(MissingAuthenticationTest, OnlySensitiveOrMultiTenantTargets) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("api", "web-service-rest");
  Component& proxy = b.Comp("proxy", "reverse-proxy");
  proxy.confidentiality = Confidentiality::kConfidential;
  b.Flow("web", "api", "call");
  b.Flow("web", "proxy", "call");
  EXPECT_TRUE(RunRule("missing-authentication", b.Build()).empty());
}

}  // namespace
}  // namespace threatpath::engine
