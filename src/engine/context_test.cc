#include "engine/context.h"

#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using core::BoundaryType;
using core::ComponentType;
using core::Confidentiality;
using core::Criticality;
using testing::ModelBuilder;
using testing::Refs;

constexpr int kNone = AnalysisContext::kNone;

TEST(AnalysisContextTest, IndexesComponentsAndFlows) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("db", "database", ComponentType::kDatastore);
  b.Comp("api", "web-service-rest");
  b.Flow("web", "api", "calls");
  b.Flow("api", "db", "queries", core::Protocol::kJdbc);
  b.Flow("web", "nowhere", "dangling");
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());

  EXPECT_EQ(ctx.FindComponent("api"), 2);
  EXPECT_EQ(ctx.FindComponent("nowhere"), kNone);
  EXPECT_EQ(ctx.components_by_id(), (std::vector<int>{2, 1, 0}));
  EXPECT_EQ(ctx.outgoing(0), (std::vector<int>{0, 2}));
  EXPECT_EQ(ctx.incoming(2), (std::vector<int>{0}));
  EXPECT_EQ(ctx.incoming(1), (std::vector<int>{1}));
  EXPECT_EQ(ctx.source(2), 0);
  EXPECT_EQ(ctx.target(2), kNone);
  EXPECT_TRUE(ctx.HasDirectConnection(1, 2));
  EXPECT_TRUE(ctx.HasDirectConnection(2, 1));
  EXPECT_FALSE(ctx.HasDirectConnection(0, 1));
}

TEST(AnalysisContextTest, TechnologyAttributes) {
  ModelBuilder b;
  b.Comp("web", "web-server");
  b.Comp("two", "vault").technologies.push_back("waf");
  b.Comp("none", "x").technologies.clear();
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());

  EXPECT_TRUE(ctx.Has(0, Attr::kWebApplication));
  EXPECT_TRUE(ctx.Has(0, Attr::kLessProtectedType));
  EXPECT_FALSE(ctx.Has(0, Attr::kClient));
  // Attributes of every technology count.
  EXPECT_TRUE(ctx.Has(1, Attr::kSecurityControlRelated));
  EXPECT_TRUE(ctx.Has(1, Attr::kTrafficForwarding));
  EXPECT_TRUE(ctx.Is(1, "vault"));
  EXPECT_TRUE(ctx.Is(1, "waf"));
  EXPECT_TRUE(ctx.IsAny(1, {"database", "waf"}));
  EXPECT_FALSE(ctx.Is(1, "database"));
  // No technology at all behaves like Threagile's unknown-technology.
  EXPECT_TRUE(ctx.Is(2, "unknown-technology"));
  EXPECT_EQ(AttrName(Attr::kTrafficForwarding), "traffic_forwarding");
}

TEST(AnalysisContextTest, HighestRatingsIncludeProcessedAndStoredData) {
  ModelBuilder b;
  b.Data("secret", Confidentiality::kStrictlyConfidential, Criticality::kOperational,
         Criticality::kOperational);
  b.Data("vital", Confidentiality::kPublic, Criticality::kArchive, Criticality::kMissionCritical);
  b.Data("sent", Confidentiality::kConfidential, Criticality::kCritical, Criticality::kImportant);
  core::Component& app = b.Comp("app", "web-server");
  app.data_processed = Refs({"secret"});
  app.data_stored = Refs({"vital", "unknown-data"});
  b.Comp("other", "web-server");
  b.Flow("app", "other", "push").data_sent = Refs({"sent"});
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());

  EXPECT_EQ(ctx.HighestConfidentiality(0), Confidentiality::kStrictlyConfidential);
  EXPECT_EQ(ctx.HighestIntegrity(0), Criticality::kOperational);
  EXPECT_EQ(ctx.HighestAvailability(0), Criticality::kMissionCritical);
  EXPECT_EQ(ctx.stored(0), (std::vector<int>{1}));  // unknown references are skipped
  // Data sent on a flow does not raise the ratings of either end (Threagile 0.9.x).
  EXPECT_EQ(ctx.HighestConfidentiality(1), Confidentiality::kInternal);
  EXPECT_EQ(ctx.HighestConfidentialityOfFlow(0), Confidentiality::kConfidential);
  EXPECT_EQ(ctx.HighestIntegrityOfFlow(0), Criticality::kCritical);
  EXPECT_EQ(ctx.HighestAvailabilityOfFlow(0), Criticality::kImportant);
  EXPECT_TRUE(ctx.ProcessesOrStores(0, 0));
  EXPECT_TRUE(ctx.ProcessesOrStores(0, 1));
  EXPECT_FALSE(ctx.ProcessesOrStores(0, 2));
  // 8+5+5 for public/archive/archive; own ratings only.
  EXPECT_DOUBLE_EQ(ctx.SensitivityScore(1), 13 + 8 + 8);
}

TEST(AnalysisContextTest, NestedBoundaries) {
  ModelBuilder b;
  b.Comp("a", "web-server");
  b.Comp("b", "web-server");
  b.Comp("c", "database", ComponentType::kDatastore).confidentiality =
      Confidentiality::kConfidential;
  b.Comp("d", "web-server");
  b.Boundary("outer", BoundaryType::kNetworkCloudProvider, {"a"}, {"inner", "env"});
  b.Boundary("inner", BoundaryType::kNetworkCloudSecurityGroup, {"b"});
  b.Boundary("env", BoundaryType::kExecutionEnvironment, {"c"});
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());

  EXPECT_EQ(ctx.BoundaryOf(0), 0);
  EXPECT_EQ(ctx.BoundaryOf(3), kNone);
  EXPECT_EQ(ctx.ParentOf(1), 0);
  EXPECT_EQ(ctx.ParentOf(0), kNone);
  EXPECT_EQ(ctx.ComponentsInside(0), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(ctx.HighestConfidentialityOfBoundary(0), Confidentiality::kConfidential);
  // An execution environment is replaced by its parent for network comparisons.
  EXPECT_EQ(ctx.NetworkBoundaryOf(2), 0);
  EXPECT_TRUE(ctx.IsSameTrustBoundaryNetworkOnly(0, 2));
  EXPECT_FALSE(ctx.IsSameTrustBoundaryNetworkOnly(0, 1));
  EXPECT_TRUE(ctx.IsSharingSameParentTrustBoundary(1, 2));
  EXPECT_FALSE(ctx.IsSharingSameParentTrustBoundary(0, 3));
  EXPECT_TRUE(ctx.IsSameExecutionEnvironment(2, 2));
  EXPECT_FALSE(ctx.IsSameExecutionEnvironment(0, 0));
}

TEST(AnalysisContextTest, CrossingNetworkBoundariesLikeThreagile) {
  ModelBuilder b;
  b.Comp("out1", "browser");
  b.Comp("out2", "browser");
  b.Comp("in", "web-server");
  b.Comp("lonely", "web-server");  // in an execution environment without parent
  b.Boundary("net", BoundaryType::kNetworkOnPrem, {"in"});
  b.Boundary("env", BoundaryType::kExecutionEnvironment, {"lonely"});
  b.Flow("out1", "out2", "outside");
  b.Flow("out1", "in", "enter");
  b.Flow("in", "out1", "leave");
  b.Flow("out1", "lonely", "to-env");
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());

  EXPECT_FALSE(ctx.IsAcrossTrustBoundary(0));
  EXPECT_FALSE(ctx.IsAcrossTrustBoundaryNetworkOnly(0));
  EXPECT_TRUE(ctx.IsAcrossTrustBoundaryNetworkOnly(1));
  // "No boundary" counts as a network boundary, as Threagile's zero value does.
  EXPECT_TRUE(ctx.IsAcrossTrustBoundaryNetworkOnly(2));
  // The execution environment without parent is "no network boundary", the same as outside.
  EXPECT_TRUE(ctx.IsAcrossTrustBoundary(3));
  EXPECT_FALSE(ctx.IsAcrossTrustBoundaryNetworkOnly(3));
  EXPECT_TRUE(ctx.IsSameTrustBoundaryNetworkOnly(0, 3));
}

TEST(AnalysisContextTest, SharedRuntimesAndTags) {
  ModelBuilder b;
  b.Comp("a", "web-server").tags = {"Tomcat "};
  b.Comp("b", "web-server");
  b.Comp("c", "web-server");
  b.Boundary("outer", BoundaryType::kNetworkCloudProvider, {}, {"inner"}).tags = {"aws"};
  b.Boundary("inner", BoundaryType::kNetworkCloudSecurityGroup, {"b"});
  b.Runtime("rt", {"c", "a"}).tags = {"aws:ec2"};
  core::Model m = b.Build();
  AnalysisContext ctx(m, catalog::Catalog::Builtin());

  EXPECT_EQ(ctx.RuntimeComponents(0), (std::vector<int>{2, 0}));
  EXPECT_EQ(ctx.RuntimesOf(0), (std::vector<int>{0}));
  EXPECT_TRUE(AnalysisContext::IsTaggedWithAny(m.components[0].tags, {"tomcat"}));
  EXPECT_TRUE(AnalysisContext::IsTaggedWithBaseTag({"aws:s3"}, "AWS"));
  EXPECT_FALSE(AnalysisContext::IsTaggedWithBaseTag({"awsx"}, "aws"));
  EXPECT_TRUE(ctx.IsTaggedWithAnyTraversingUp(1, {"aws"}));      // via the parent boundary
  EXPECT_TRUE(ctx.IsTaggedWithAnyTraversingUp(2, {"aws:ec2"}));  // via the runtime
  EXPECT_FALSE(ctx.IsTaggedWithAnyTraversingUp(2, {"aws"}));
}

}  // namespace
}  // namespace threatpath::engine
