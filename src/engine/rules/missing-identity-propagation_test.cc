#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(MissingIdentityPropagationTest, AuthenticatedCallsWithoutEndUserIdentity) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("db", "database", ComponentType::kDatastore);
  b.Comp("job", "batch-processing");  // cannot propagate identities
  Component& api = b.Comp("api", "web-service-rest");
  api.confidentiality = Confidentiality::kStrictlyConfidential;
  Flow& token = b.Flow("web", "api", "token");
  token.authentication = Authentication::kToken;
  token.authorization = Authorization::kTechnicalUser;
  Flow& propagated = b.Flow("web", "api", "user");
  propagated.authentication = Authentication::kToken;
  propagated.authorization = Authorization::kEndUserIdentityPropagation;
  b.Flow("web", "api", "public");  // not authenticated
  Flow& ops = b.Flow("web", "api", "ops");
  ops.authentication = Authentication::kCredentials;
  ops.authorization = Authorization::kTechnicalUser;
  ops.usage = Usage::kDevOps;
  Flow& ops_none = b.Flow("web", "api", "ops-open");
  ops_none.authentication = Authentication::kCredentials;
  ops_none.usage = Usage::kDevOps;
  b.Flow("job", "api", "batch").authentication = Authentication::kToken;
  b.Flow("db", "api", "callback").authentication = Authentication::kToken;
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("missing-identity-propagation", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"missing-identity-propagation@web>token@web@api",
                                      "missing-identity-propagation@web>ops-open@web@api"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);
}

TEST(MissingIdentityPropagationTest, MultiTenantLowersTheBar) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  Component& api = b.Comp("api", "web-service-rest");
  api.confidentiality = Confidentiality::kRestricted;
  b.Flow("web", "api", "token").authentication = Authentication::kToken;
  EXPECT_TRUE(RunRule("missing-identity-propagation", b.Build()).empty());
  api.multi_tenant = true;
  std::vector<Risk> risks = RunRule("missing-identity-propagation", b.Build());
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].impact, Impact::kLow);
}

}  // namespace
}  // namespace threatpath::engine
