#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(ServiceRegistryPoisoningTest, ImpactFromCallersAndData) {
  ModelBuilder b;
  b.Data("vital", Confidentiality::kInternal, Criticality::kMissionCritical);
  b.Comp("app", "web-server");
  b.Comp("quiet", "service-registry");
  b.Comp("busy", "service-registry");
  b.Comp("gone", "service-registry").out_of_scope = true;
  b.Flow("app", "quiet", "lookup");
  b.Flow("app", "busy", "lookup-vital").data_received = Refs({"vital"});
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("service-registry-poisoning", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"service-registry-poisoning@busy",
                                                  "service-registry-poisoning@quiet"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].impact, Impact::kLow);
  EXPECT_EQ(risks[1].severity, RiskSeverity::kLow);
}

// Threagile rates inside the loop over incoming flows: a registry nobody calls stays at low
// impact however sensitive it is; a very sensitive caller raises it.
TEST(ServiceRegistryPoisoningTest, ImpactComesOnlyThroughIncomingFlows) {
  ModelBuilder b;
  b.Comp("lonely", "service-registry").confidentiality = Confidentiality::kStrictlyConfidential;
  b.Comp("called", "service-registry");
  b.Comp("core", "application-server").availability = Criticality::kMissionCritical;
  b.Flow("core", "called", "lookup");
  std::vector<Risk> risks = RunRule("service-registry-poisoning", b.Build());
  ASSERT_EQ(Ids(risks), (std::vector<std::string>{"service-registry-poisoning@called",
                                                  "service-registry-poisoning@lonely"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].impact, Impact::kLow);
}

}  // namespace
}  // namespace threatpath::engine
