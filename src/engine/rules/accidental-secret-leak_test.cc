#include <gtest/gtest.h>

#include "engine/test_model.h"

namespace threatpath::engine {
namespace {

using namespace core;  // NOLINT
using testing::Ids;
using testing::ModelBuilder;
using testing::RunRule;

TEST(AccidentalSecretLeakTest, RepositoriesAndRegistries) {
  ModelBuilder b;
  b.Comp("git", "sourcecode-repository").tags = {"git"};
  b.Comp("nexus", "artifact-registry").confidentiality = Confidentiality::kConfidential;
  b.Comp("vital", "artifact-registry").integrity = Criticality::kMissionCritical;
  b.Comp("web", "web-server");
  b.Comp("gone", "sourcecode-repository").out_of_scope = true;
  core::Model m = b.Build();
  std::vector<Risk> risks = RunRule("accidental-secret-leak", m);
  EXPECT_EQ(Ids(risks),
            (std::vector<std::string>{"accidental-secret-leak@git", "accidental-secret-leak@nexus",
                                      "accidental-secret-leak@vital"}));
  EXPECT_EQ(risks[0].impact, Impact::kLow);
  EXPECT_NE(risks[0].title.find("Git"), std::string::npos);
  EXPECT_EQ(risks[1].impact, Impact::kMedium);
  EXPECT_EQ(risks[2].impact, Impact::kHigh);
  EXPECT_EQ(risks[2].breach_probability, BreachProbability::kProbable);
}

}  // namespace
}  // namespace threatpath::engine
