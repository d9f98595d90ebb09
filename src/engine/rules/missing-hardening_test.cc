#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

// RAA: low 29 -> 1 %; top (55+34+34 = 123) -> 100 %; app server (34+8+8 = 50) ->
// 21/94 = 22 %; db (29 * 2 = 58 as data store) -> 31 %; store (21+13+8 = 42, * 2 = 84) ->
// 58.5 %; idp (42 * 2.5 = 105) -> 80.9 %.
TEST(MissingHardeningTest, RaaLimits) {
  ModelBuilder b;
  b.Comp("low", "web-server");
  Component& top = b.Comp("top", "web-server");
  top.confidentiality = Confidentiality::kStrictlyConfidential;
  top.integrity = Criticality::kMissionCritical;
  top.availability = Criticality::kMissionCritical;
  b.Comp("app", "application-server").confidentiality = Confidentiality::kConfidential;
  b.Comp("db", "database", ComponentType::kDatastore);
  Component& store = b.Comp("store", "database", ComponentType::kDatastore);
  store.confidentiality = Confidentiality::kRestricted;
  store.integrity = Criticality::kImportant;
  Component& idp = b.Comp("idp", "identity-provider");
  idp.confidentiality = Confidentiality::kRestricted;
  idp.integrity = Criticality::kImportant;
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("missing-hardening", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"missing-hardening@idp", "missing-hardening@store",
                                      "missing-hardening@top"}));
  EXPECT_EQ(risks[0].impact, Impact::kLow);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[2].impact, Impact::kMedium);
  EXPECT_EQ(risks[2].severity, RiskSeverity::kElevated);
}

}  // namespace
}  // namespace threatpath::engine
