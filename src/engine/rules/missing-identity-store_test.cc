#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(MissingIdentityStoreTest, PropagatedIdentitiesWithoutStore) {
  ModelBuilder b;
  Component& web = b.Comp("web", "web-server");
  web.confidentiality = Confidentiality::kConfidential;  // most sensitive caller
  Component& api = b.Comp("api", "web-service-rest");
  api.integrity = Criticality::kCritical;
  b.Flow("web", "api", "call").authorization = Authorization::kEndUserIdentityPropagation;
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("missing-identity-store", m);
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"missing-identity-store@web"});
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].component, "web");
}

TEST(MissingIdentityStoreTest, NoRiskWithStoreOrWithoutPropagation) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("api", "web-service-rest");
  b.Flow("web", "api", "call").authorization = Authorization::kTechnicalUser;
  EXPECT_TRUE(RunRule("missing-identity-store", b.Build()).empty());

  ModelBuilder with_store;
  with_store.Comp("web", "web-server");
  with_store.Comp("api", "web-service-rest");
  with_store.Comp("users", "identity-store-database", ComponentType::kDatastore);
  with_store.Flow("web", "api", "call").authorization = Authorization::kEndUserIdentityPropagation;
  EXPECT_TRUE(RunRule("missing-identity-store", with_store.Build()).empty());
}

TEST(MissingIdentityStoreTest, TargetIsTheDefaultExample) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("api", "web-service-rest");
  b.Flow("web", "api", "call").authorization = Authorization::kEndUserIdentityPropagation;
  std::vector<Risk> risks = RunRule("missing-identity-store", b.Build());
  EXPECT_EQ(Ids(risks), std::vector<std::string>{"missing-identity-store@api"});
  EXPECT_EQ(risks[0].impact, Impact::kLow);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kLow);
}

// Each caller's flows are walked by title, descending (Threagile's CommunicationLinksSorted):
// the first propagating flow to a sensitive target names the example. An out-of-scope identity
// store does not count as a store.
TEST(MissingIdentityStoreTest, FlowsByTitleDescendingAndStoreInScopeOnly) {
  ModelBuilder b;
  b.Data("secret", Confidentiality::kConfidential);
  b.Comp("a", "web-server");
  b.Comp("ta", "web-service-rest").data_processed = Refs({"secret"});
  b.Comp("tb", "web-service-rest").data_processed = Refs({"secret"});
  b.Comp("gone", "identity-store-ldap", ComponentType::kDatastore).out_of_scope = true;
  b.Flow("a", "ta", "alpha").authorization = Authorization::kEndUserIdentityPropagation;
  b.Flow("a", "tb", "beta").authorization = Authorization::kEndUserIdentityPropagation;
  std::vector<Risk> risks = RunRule("missing-identity-store", b.Build());
  ASSERT_EQ(Ids(risks), std::vector<std::string>{"missing-identity-store@tb"});
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
}

}  // namespace
}  // namespace threatpath::engine
