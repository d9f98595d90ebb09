#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(CrossSiteRequestForgeryTest, WebProtocolsIntoWebApplications) {
  ModelBuilder b;
  b.Data("vital", Confidentiality::kInternal, Criticality::kMissionCritical);
  b.Comp("user", "browser");
  b.Comp("web", "web-application");
  b.Comp("api", "web-service-rest");
  b.Flow("user", "web", "browse", Protocol::kHttps);
  b.Flow("user", "web", "order", Protocol::kWss).data_sent = Refs({"vital"});
  b.Flow("user", "web", "deploy", Protocol::kHttps).usage = Usage::kDevOps;
  b.Flow("user", "web", "files", Protocol::kSftp);
  b.Flow("user", "api", "call", Protocol::kHttps);
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("cross-site-request-forgery", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"cross-site-request-forgery@web@user>browse",
                                                  "cross-site-request-forgery@web@user>order",
                                                  "cross-site-request-forgery@web@user>deploy"}));
  EXPECT_EQ(risks[0].impact, Impact::kLow);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kVeryLikely);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[2].likelihood, Likelihood::kLikely);
}

}  // namespace
}  // namespace threatpath::engine
