#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(MissingAuthenticationSecondFactorTest, HumansDirectlyAndThroughForwarders) {
  ModelBuilder b;
  b.Data("conf", Confidentiality::kConfidential);
  b.Comp("user", "browser").used_as_client_by_human = true;
  b.Comp("robot", "client-system");
  b.Comp("lb", "load-balancer");
  Component& app = b.Comp("app", "web-server");
  app.confidentiality = Confidentiality::kConfidential;
  b.Flow("user", "app", "login").data_sent = Refs({"conf"});
  Flow& strong = b.Flow("user", "app", "strong");
  strong.data_sent = Refs({"conf"});
  strong.authentication = Authentication::kTwoFactor;
  b.Flow("user", "app", "public");  // no sensitive data
  b.Flow("robot", "app", "api").data_sent = Refs({"conf"});
  b.Flow("user", "lb", "enter").data_sent = Refs({"conf"});
  b.Flow("lb", "app", "forward");
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("missing-authentication-second-factor", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"missing-authentication-second-factor@user>login@user@app",
                                      "missing-authentication-second-factor@lb>forward@lb@app"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kUnlikely);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kMedium);
  EXPECT_EQ(risks[1].flow, "lb>forward");
  EXPECT_NE(risks[1].title.find("'Comp user'"), std::string::npos);
  EXPECT_NE(risks[1].title.find("through 'Comp lb'"), std::string::npos);
}

TEST(MissingAuthenticationSecondFactorTest, InsensitiveTargetsAreFine) {
  ModelBuilder b;
  b.Data("conf", Confidentiality::kConfidential);
  b.Comp("user", "browser").used_as_client_by_human = true;
  b.Comp("app", "web-server");
  b.Flow("user", "app", "login").data_sent = Refs({"conf"});
  EXPECT_TRUE(RunRule("missing-authentication-second-factor", b.Build()).empty());
}

}  // namespace
}  // namespace threatpath::engine
