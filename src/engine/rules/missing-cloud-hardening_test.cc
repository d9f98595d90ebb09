#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(MissingCloudHardeningTest, UntaggedCloudBoundaryAndTaggedComponents) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kStrictlyConfidential);
  b.Comp("web", "web-server");
  Component& db = b.Comp("db", "database", ComponentType::kDatastore);
  db.data_stored = Refs({"top"});
  Component& bucket = b.Comp("bucket", "block-storage", ComponentType::kDatastore);
  bucket.tags = {"aws:s3"};
  b.Comp("vm", "web-server").tags = {"azure"};
  b.Comp("vm2", "web-server").tags = {"azure"};
  b.Boundary("cloud", BoundaryType::kNetworkCloudProvider, {"web", "db"});
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("missing-cloud-hardening", m);
  // The untagged cloud boundary, one Azure risk at its first most sensitive component, one
  // AWS risk at the only AWS component, and an S3-specific one for the bucket.
  std::vector<std::string> ids = Ids(risks);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{
                     "missing-cloud-hardening@bucket", "missing-cloud-hardening@bucket",
                     "missing-cloud-hardening@cloud", "missing-cloud-hardening@vm"}));
  for (const Risk& r : risks) {
    if (r.boundary == "cloud") {
      EXPECT_EQ(r.impact, Impact::kVeryHigh);
      EXPECT_EQ(r.severity, RiskSeverity::kElevated);
      EXPECT_EQ(r.breach_components, (std::vector<std::string>{"db", "web"}));
    }
    if (r.component == "vm") {
      EXPECT_EQ(r.impact, Impact::kMedium);
    }
    EXPECT_EQ(r.likelihood, Likelihood::kUnlikely);
    EXPECT_EQ(r.breach_probability, BreachProbability::kProbable);
  }
}

TEST(MissingCloudHardeningTest, TaggedBoundariesAndRuntimesReplaceComponentRisks) {
  ModelBuilder b;
  b.Comp("a", "web-server");
  b.Comp("b", "web-server").tags = {"aws:ec2"};
  b.Boundary("vpc", BoundaryType::kNetworkOnPrem, {"a", "b"}).tags = {"aws"};
  b.Runtime("cluster", {"a"}).tags = {"gcp"};
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("missing-cloud-hardening", m);
  std::vector<std::string> ids = Ids(risks);
  std::sort(ids.begin(), ids.end());
  // Runtime (GCP) and boundary (AWS) risks; no per-provider component risk; EC2 for "b".
  EXPECT_EQ(
      ids, (std::vector<std::string>{"missing-cloud-hardening@b", "missing-cloud-hardening@cluster",
                                     "missing-cloud-hardening@vpc"}));
}

TEST(MissingCloudHardeningTest, NothingOutsideTheCloud) {
  ModelBuilder b;
  b.Comp("a", "web-server");
  b.Boundary("dc", BoundaryType::kNetworkOnPrem, {"a"});
  EXPECT_TRUE(RunRule("missing-cloud-hardening", b.Build()).empty());
}

}  // namespace
}  // namespace threatpath::engine
