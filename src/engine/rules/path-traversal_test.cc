#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(PathTraversalTest, FileSystemsAccessedByInScopeCallers) {
  ModelBuilder b;
  b.Comp("app", "web-server");
  b.Comp("ops", "web-server");
  b.Comp("gone", "web-server").out_of_scope = true;
  b.Comp("nfs", "file-server", ComponentType::kDatastore);
  b.Comp("disk", "local-file-system", ComponentType::kDatastore).confidentiality =
      Confidentiality::kStrictlyConfidential;
  b.Comp("db", "database", ComponentType::kDatastore);
  b.Flow("app", "nfs", "mount", Protocol::kNfs);
  b.Flow("app", "disk", "read", Protocol::kLocalFileAccess);
  b.Flow("ops", "nfs", "backup", Protocol::kSmb).usage = Usage::kDevOps;
  b.Flow("gone", "nfs", "mount", Protocol::kNfs);
  b.Flow("app", "db", "query", Protocol::kJdbc);
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("path-traversal", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"path-traversal@app@disk@app>read",
                                                  "path-traversal@app@nfs@app>mount",
                                                  "path-traversal@ops@nfs@ops>backup"}));
  EXPECT_EQ(risks[0].impact, Impact::kHigh);
  EXPECT_EQ(risks[0].severity, RiskSeverity::kHigh);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].likelihood, Likelihood::kVeryLikely);
  EXPECT_EQ(risks[2].likelihood, Likelihood::kLikely);
}

}  // namespace
}  // namespace threatpath::engine
