#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
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

}  // namespace
}  // namespace threatpath::engine
