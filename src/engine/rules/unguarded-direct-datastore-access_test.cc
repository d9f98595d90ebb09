#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(UnguardedDirectDatastoreAccessTest, AccessAcrossNetworkBoundaries) {
  ModelBuilder b;
  b.Comp("app", "web-server");
  b.Comp("ops", "web-server");
  b.Comp("sibling", "web-server");
  b.Comp("idp", "identity-provider");
  Component& db = b.Comp("db", "database", ComponentType::kDatastore);
  db.confidentiality = Confidentiality::kConfidential;
  Component& users = b.Comp("users", "identity-store-ldap", ComponentType::kDatastore);
  users.integrity = Criticality::kMissionCritical;
  Component& files = b.Comp("files", "file-server", ComponentType::kDatastore);
  files.confidentiality = Confidentiality::kConfidential;
  b.Boundary("data", BoundaryType::kNetworkOnPrem, {"db", "users", "files"});
  b.Boundary("parent", BoundaryType::kNetworkOnPrem, {}, {"data", "child"});
  b.Boundary("child", BoundaryType::kNetworkOnPrem, {"sibling"});
  b.Flow("app", "db", "query", Protocol::kJdbc);
  b.Flow("app", "users", "lookup", Protocol::kLdap);
  b.Flow("idp", "users", "auth", Protocol::kLdap);    // identity provider: exempt
  b.Flow("app", "files", "upload", Protocol::kSftp);  // file transfer: exempt
  b.Flow("ops", "db", "maintain", Protocol::kJdbc).usage = Usage::kDevOps;  // exempt
  b.Flow("sibling", "db", "query", Protocol::kJdbc);  // same parent boundary: exempt
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("unguarded-direct-datastore-access", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"unguarded-direct-datastore-access@app>query@app@db",
                                      "unguarded-direct-datastore-access@app>lookup@app@users"}));
  EXPECT_EQ(risks[0].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);  // mission critical
  EXPECT_EQ(risks[1].severity, RiskSeverity::kElevated);
  EXPECT_EQ(risks[0].component, "db");
  EXPECT_EQ(risks[0].flow, "app>query");
}

TEST(UnguardedDirectDatastoreAccessTest, RaaAbove40RaisesImpact) {
  ModelBuilder b;
  b.Comp("app", "web-server");
  Component& db = b.Comp("db", "database", ComponentType::kDatastore);
  db.confidentiality = Confidentiality::kConfidential;
  b.Boundary("data", BoundaryType::kNetworkOnPrem, {"db"});
  b.Flow("app", "db", "query", Protocol::kJdbc);
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("unguarded-direct-datastore-access", m);
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0].impact, Impact::kMedium);  // the only data store has RAA 100
}

// An execution environment counts as its parent network; an out-of-scope caller still counts.
TEST(UnguardedDirectDatastoreAccessTest, ExecutionEnvironmentsAndOutOfScopeCallers) {
  ModelBuilder b;
  Component& db = b.Comp("db", "database", ComponentType::kDatastore);
  db.confidentiality = Confidentiality::kConfidential;
  b.Comp("local", "web-server");
  b.Comp("ext", "web-server").out_of_scope = true;
  b.Boundary("data", BoundaryType::kNetworkOnPrem, {"local"}, {"dbenv"});
  b.Boundary("dbenv", BoundaryType::kExecutionEnvironment, {"db"});
  b.Boundary("apps", BoundaryType::kNetworkOnPrem, {"ext"});
  b.Flow("local", "db", "query", Protocol::kJdbc);  // same network once dbenv is replaced
  b.Flow("ext", "db", "query", Protocol::kJdbc);
  std::vector<Risk> risks = RunRule("unguarded-direct-datastore-access", b.Build());
  EXPECT_EQ(Ids(risks),
            std::vector<std::string>{"unguarded-direct-datastore-access@ext>query@ext@db"});
}

}  // namespace
}  // namespace threatpath::engine
