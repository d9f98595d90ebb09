#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(UnencryptedCommunicationTest, SensitiveDataAndCredentials) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kStrictlyConfidential);
  b.Data("conf", Confidentiality::kConfidential);
  b.Data("pub", Confidentiality::kPublic);
  b.Comp("a", "web-server");
  b.Comp("b", "web-server");
  b.Boundary("net", BoundaryType::kNetworkOnPrem, {"b"});
  b.Flow("a", "b", "top", Protocol::kHttp).data_sent = Refs({"top"});
  b.Flow("a", "b", "conf", Protocol::kHttp).data_received = Refs({"pub", "conf"});
  Flow& vpn = b.Flow("a", "b", "vpn", Protocol::kHttp);
  vpn.data_sent = Refs({"conf"});
  vpn.vpn = true;  // medium sensitivity is fine over a VPN
  Flow& auth = b.Flow("a", "b", "login", Protocol::kHttp);
  auth.data_sent = Refs({"pub"});
  auth.authentication = Authentication::kCredentials;
  b.Flow("a", "b", "tls", Protocol::kHttps).data_sent = Refs({"top"});
  b.Flow("a", "b", "local", Protocol::kLocalFileAccess).data_sent = Refs({"top"});
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("unencrypted-communication", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"unencrypted-communication@a>top@a@b",
                                                  "unencrypted-communication@a>conf@a@b",
                                                  "unencrypted-communication@a>login@a@b"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);  // crosses a network boundary
  EXPECT_EQ(risks[0].severity, RiskSeverity::kElevated);
  EXPECT_EQ(risks[0].breach_components, std::vector<std::string>{"b"});
  EXPECT_EQ(risks[0].component, "a");
  EXPECT_EQ(risks[0].flow, "a>top");
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[2].impact, Impact::kHigh);
}

TEST(UnencryptedCommunicationTest, ToleratedAndOutOfScope) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kStrictlyConfidential);
  b.Comp("a", "web-server");
  b.Comp("mon", "monitoring");
  b.Comp("gone", "web-server").out_of_scope = true;
  b.Flow("a", "mon", "metrics", Protocol::kHttp).data_sent = Refs({"top"});
  b.Flow("gone", "a", "x", Protocol::kHttp).data_sent = Refs({"top"});
  core::Model m = b.Build();
  EXPECT_TRUE(RunRule("unencrypted-communication", m).empty());

  ModelBuilder same;
  same.Data("top", Confidentiality::kStrictlyConfidential);
  same.Comp("a", "web-server");
  same.Comp("b", "web-server");
  same.Flow("a", "b", "x", Protocol::kHttp).data_sent = Refs({"top"});
  std::vector<Risk> risks = RunRule("unencrypted-communication", same.Build());
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kUnlikely);
}

// Threagile only rates the data assets a flow carries: an authenticated plain-text flow that
// carries none is no risk.
TEST(UnencryptedCommunicationTest, AuthenticatedFlowWithoutDataIsNoRisk) {
  ModelBuilder b;
  b.Comp("a", "web-server");
  b.Comp("b", "web-service-rest");
  b.Flow("a", "b", "login", Protocol::kHttp).authentication = Authentication::kCredentials;
  EXPECT_TRUE(RunRule("unencrypted-communication", b.Build()).empty());
}

}  // namespace
}  // namespace threatpath::engine
