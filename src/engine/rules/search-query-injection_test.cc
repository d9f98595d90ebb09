#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(SearchQueryInjectionTest, SearchProtocolsAndImpacts) {
  ModelBuilder b;
  b.Comp("app", "web-server");
  Component& engine = b.Comp("engine", "search-engine");
  engine.confidentiality = Confidentiality::kConfidential;
  b.Comp("index", "search-index");  // internal / operational: low impact
  b.Flow("app", "engine", "query", Protocol::kHttps);
  b.Flow("app", "engine", "raw", Protocol::kBinary).usage = Usage::kDevOps;
  b.Flow("app", "engine", "ssh", Protocol::kSsh);
  b.Flow("app", "index", "query", Protocol::kHttp);
  core::Model m = b.Build();

  std::vector<Risk> risks = RunRule("search-query-injection", m);
  EXPECT_EQ(Ids(risks), (std::vector<std::string>{"search-query-injection@app@engine@app>query",
                                                  "search-query-injection@app@engine@app>raw",
                                                  "search-query-injection@app@index@app>query"}));
  EXPECT_EQ(risks[0].impact, Impact::kMedium);
  EXPECT_EQ(risks[0].likelihood, Likelihood::kVeryLikely);
  EXPECT_EQ(risks[1].likelihood, Likelihood::kLikely);
  EXPECT_EQ(risks[2].impact, Impact::kLow);
  EXPECT_EQ(risks[2].severity, RiskSeverity::kMedium);
}

// The search engine's own scope does not matter (only the caller's), and the low impact needs
// integrity exactly operational: archive integrity stays medium.
TEST(SearchQueryInjectionTest, ScopeOfCallerOnlyAndExactlyOperational) {
  ModelBuilder b;
  b.Comp("app", "web-server");
  b.Comp("gone", "web-server").out_of_scope = true;
  b.Comp("engine", "search-engine").out_of_scope = true;
  b.Comp("index", "search-index").integrity = Criticality::kArchive;
  b.Flow("app", "engine", "query", Protocol::kHttps);
  b.Flow("gone", "engine", "query", Protocol::kHttps);
  b.Flow("app", "index", "lookup", Protocol::kBinaryEncrypted);
  std::vector<Risk> risks = RunRule("search-query-injection", b.Build());
  ASSERT_EQ(Ids(risks), (std::vector<std::string>{"search-query-injection@app@engine@app>query",
                                                  "search-query-injection@app@index@app>lookup"}));
  EXPECT_EQ(risks[0].impact, Impact::kLow);  // internal / operational
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[1].severity, RiskSeverity::kElevated);  // very likely, medium
}

}  // namespace
}  // namespace threatpath::engine
