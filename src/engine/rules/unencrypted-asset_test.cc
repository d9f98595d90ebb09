#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT: enums in test tables
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(UnencryptedAssetTest, RatesBySensitivity) {
  ModelBuilder b;
  b.Data("secret", Confidentiality::kStrictlyConfidential);
  b.Comp("plain", "web-server").confidentiality = Confidentiality::kConfidential;
  b.Comp("db", "database", ComponentType::kDatastore).data_stored = Refs({"secret"});
  Component& shared_key = b.Comp("enc", "database", ComponentType::kDatastore);
  shared_key.data_processed = Refs({"secret"});
  shared_key.encryption = Encryption::kDataWithSymmetricSharedKey;
  Component& user_key = b.Comp("userkey", "database", ComponentType::kDatastore);
  user_key.data_processed = Refs({"secret"});
  user_key.encryption = Encryption::kDataWithEndUserIndividualKey;
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("unencrypted-asset", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"unencrypted-asset@db", "unencrypted-asset@enc",
                                                  "unencrypted-asset@plain"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kUnlikely);
  EXPECT_EQ(risks[0].breach_probability, BreachProbability::kImprobable);
  EXPECT_EQ(risks[0].breach_components, std::vector<std::string>{"db"});
  // Encrypted with a shared key, but end-user data of the highest rating needs per-user keys.
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[2].impact, Impact::kMedium);
}

TEST(UnencryptedAssetTest, Exemptions) {
  ModelBuilder b;
  b.Comp("proxy", "reverse-proxy").confidentiality = Confidentiality::kConfidential;
  b.Comp("lib", "library").integrity = Criticality::kCritical;
  Component& gone = b.Comp("gone", "web-server");
  gone.confidentiality = Confidentiality::kConfidential;
  gone.out_of_scope = true;
  b.Comp("low", "web-server").availability = Criticality::kMissionCritical;  // only availability
  core::Model m = b.Build();
  EXPECT_TRUE(RunRule("unencrypted-asset", m).empty());
}

}  // namespace
}  // namespace threatpath::engine
