#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::Refs;
using testing::RunRule;

TEST(SqlNosqlInjectionTest, DatabaseProtocols) {
  ModelBuilder b;
  b.Data("top", Confidentiality::kStrictlyConfidential);
  b.Comp("app", "web-server");
  b.Comp("ops", "web-server");
  b.Comp("gone", "web-server").out_of_scope = true;
  b.Comp("db", "database", ComponentType::kDatastore).data_stored = Refs({"top"});
  b.Comp("cache", "web-service-rest");
  b.Flow("app", "db", "jdbc", Protocol::kJdbcEncrypted);
  b.Flow("app", "db", "rest", Protocol::kHttps);     // lax protocols count for databases
  b.Flow("app", "cache", "rest", Protocol::kHttps);  // ... but not for other targets
  b.Flow("app", "cache", "nosql", Protocol::kNosqlAccessProtocol);
  b.Flow("ops", "db", "admin", Protocol::kJdbc).usage = Usage::kDevOps;
  b.Flow("gone", "db", "jdbc", Protocol::kJdbc);
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("sql-nosql-injection", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{
                            "sql-nosql-injection@app@cache@app>nosql",
                            "sql-nosql-injection@app@db@app>jdbc",
                            "sql-nosql-injection@app@db@app>rest",
                            "sql-nosql-injection@ops@db@ops>admin",
                        }));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kVeryLikely);
  EXPECT_EQ(risks[1].impact, Impact::kHigh);
  EXPECT_EQ(risks[1].severity, RiskSeverity::kHigh);
  EXPECT_EQ(risks[1].component, "app");
  EXPECT_EQ(risks[1].breach_components, std::vector<std::string>{"db"});
  EXPECT_EQ(risks[3].likelihood, Likelihood::kLikely);
}

}  // namespace
}  // namespace threatpath::engine
