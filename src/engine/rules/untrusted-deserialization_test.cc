#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(UntrustedDeserializationTest, FormatsTechnologiesAndProtocols) {
  ModelBuilder b;
  b.Comp("client", "desktop");
  b.Comp("app", "web-server").data_formats_accepted = {DataFormat::kJson,
                                                       DataFormat::kSerialization};
  b.Comp("bean", "ejb").integrity = Criticality::kMissionCritical;
  b.Comp("rmi", "application-server");
  b.Comp("json", "web-server").data_formats_accepted = {DataFormat::kJson};
  b.Boundary("dc", BoundaryType::kNetworkOnPrem, {"rmi"});
  b.Flow("client", "rmi", "remote", Protocol::kJrmp);
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("untrusted-deserialization", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"untrusted-deserialization@app",
                                                  "untrusted-deserialization@bean",
                                                  "untrusted-deserialization@rmi"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kElevated);
  EXPECT_EQ(risks[1].impact, Impact::kVeryHigh);
  EXPECT_EQ(risks[2].likelihood, Likelihood::kVeryLikely);  // across a network boundary
  EXPECT_EQ(risks[2].severity, RiskSeverity::kHigh);
  EXPECT_NE(risks[2].title.find("'remote'"), std::string::npos);
}

}  // namespace
}  // namespace threatpath::engine
