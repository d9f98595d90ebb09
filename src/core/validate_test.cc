#include "core/validate.h"

#include <gtest/gtest.h>

namespace threatpath::core {
namespace {

// A small valid model: web -> api -> db, inside nested boundaries.
Model Sample() {
  Model m;
  m.files = {"m.yaml"};
  DataAsset d;
  d.id = "orders";
  d.loc = {0, 2, 3};
  m.data_assets.push_back(d);
  for (auto [id, line] : {std::pair{"web", 5u}, {"api", 8u}, {"db", 11u}}) {
    Component c;
    c.id = id;
    c.loc = {0, line, 3};
    m.components.push_back(c);
  }
  Flow f;
  f.id = "web-to-api";
  f.loc = {0, 14, 3};
  f.from = {"web", {0, 15, 11}};
  f.to = {"api", {0, 16, 9}};
  f.data_sent = {{"orders", {0, 17, 17}}};
  m.flows.push_back(f);
  TrustBoundary inner, outer;
  inner.id = "inner";
  inner.loc = {0, 20, 3};
  inner.components = {{"db", {0, 21, 19}}};
  outer.id = "outer";
  outer.loc = {0, 23, 3};
  outer.components = {{"api", {0, 24, 19}}};
  outer.nested = {{"inner", {0, 25, 15}}};
  m.boundaries = {inner, outer};
  return m;
}

std::vector<std::string> Messages(const Model& m, const ValidateOptions& o = {}) {
  std::vector<std::string> out;
  for (const auto& d : Validate(m, o)) out.push_back(d.ToString());
  return out;
}

TEST(ValidateTest, SampleIsValid) { EXPECT_TRUE(Messages(Sample()).empty()); }

TEST(ValidateTest, UnknownReferenceGetsItsOwnPositionAndAHint) {
  Model m = Sample();
  m.flows[0].to = {"apii", {0, 16, 9}};
  EXPECT_EQ(Messages(m), std::vector<std::string>{
                             "m.yaml:16:9: error: flow 'web-to-api' names unknown component "
                             "'apii' in to (did you mean 'api'?)"});
}

TEST(ValidateTest, ReferenceToTheWrongKind) {
  Model m = Sample();
  m.flows[0].data_sent = {{"db", {0, 17, 17}}};
  EXPECT_EQ(Messages(m), std::vector<std::string>{
                             "m.yaml:17:17: error: flow 'web-to-api' names 'db' in data_sent, "
                             "which is a component, not a data asset"});
}

TEST(ValidateTest, IdsAreUniqueAcrossKinds) {
  Model m = Sample();
  m.boundaries[0].id = "orders";
  m.boundaries[1].nested[0].id = "orders";
  EXPECT_EQ(Messages(m),
            (std::vector<std::string>{
                "m.yaml:20:3: error: duplicate id 'orders': already used by data asset at "
                "m.yaml:2:3",
                "m.yaml:25:15: error: trust boundary 'outer' names 'orders' in nested, which is a "
                "data asset, not a trust boundary"}));
}

// Threagile keeps one id space per kind: a model read from it may give a data asset and a
// trust boundary the same id. References still resolve by kind; duplicates within a kind are
// still errors.
TEST(ValidateTest, ThreagileModelsHaveIdsPerKind) {
  Model m = Sample();
  m.provenance.format = Provenance::Format::kThreagile;
  m.boundaries[0].id = "orders";
  m.boundaries[1].nested[0].id = "orders";
  EXPECT_TRUE(Messages(m).empty());
  m.flows[0].data_sent = {{"orders", {0, 17, 17}}};  // the data asset
  EXPECT_TRUE(Messages(m).empty());
  m.flows[0].to.id = "orders";  // a data asset and a boundary, no component
  m.flows[0].to.loc = {0, 16, 9};
  EXPECT_EQ(Messages(m), std::vector<std::string>{
                             "m.yaml:16:9: error: flow 'web-to-api' names 'orders' in to, which "
                             "is a data asset, not a component"});
  m = Sample();
  m.provenance.format = Provenance::Format::kThreagile;
  m.boundaries[1].id = m.boundaries[0].id;  // two trust boundaries 'inner'
  std::vector<std::string> messages = Messages(m);
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages[0].find("duplicate id 'inner': already used by trust boundary at m.yaml:"),
            std::string("m.yaml:23:3: error: ").size())
      << messages[0];
}

// Two links of a Threagile model may share an id (Threagile derives it from the title; the
// reader warns); a native model's flows may not.
TEST(ValidateTest, ThreagileLinksMayShareAnId) {
  Model m = Sample();
  m.flows.push_back(m.flows[0]);
  ASSERT_FALSE(Messages(m).empty());
  EXPECT_NE(Messages(m)[0].find("duplicate id '" + m.flows[0].id + "': already used by flow"),
            std::string::npos)
      << Messages(m)[0];
  m.provenance.format = Provenance::Format::kThreagile;
  EXPECT_TRUE(Messages(m).empty());
}

TEST(ValidateTest, BoundaryCyclesAndDoubleMembership) {
  Model m = Sample();
  m.boundaries[0].nested = {{"outer", {0, 22, 15}}};
  m.boundaries[0].components.push_back({"api", {0, 21, 25}});
  auto msgs = Messages(m);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0],
            "m.yaml:20:3: error: trust boundaries are nested in a cycle: inner > outer > inner");
  EXPECT_EQ(msgs[1],
            "m.yaml:24:19: error: component 'api' is in trust boundary 'outer' and also directly "
            "in 'inner'; a component sits directly in at most one boundary");
}

// Threagile accepts a boundary nested in several parents (real models do this); a native model
// does not. Cycles are still refused, also when they run through a second parent.
TEST(ValidateTest, SeveralParentsOnlyInThreagileModelsAndNeverACycle) {
  Model m = Sample();
  TrustBoundary second;
  second.id = "second";
  second.loc = {0, 27, 3};
  second.nested = {{"inner", {0, 28, 15}}};
  m.boundaries.push_back(second);
  EXPECT_EQ(Messages(m), std::vector<std::string>{
                             "m.yaml:28:15: error: trust boundary 'inner' is nested in 'second' "
                             "and also in 'outer'; a boundary has at most one parent"});
  m.provenance.format = Provenance::Format::kThreagile;
  EXPECT_TRUE(Messages(m).empty());
  // inner's first parent is outer; the cycle runs inner > second > inner through the second.
  m.boundaries[0].nested = {{"second", {0, 22, 15}}};
  EXPECT_EQ(Messages(m), std::vector<std::string>{
                             "m.yaml:20:3: error: trust boundaries are nested in a cycle: inner > "
                             "second > inner"});
}

TEST(ValidateTest, TagsMustBeDeclaredWhenTheModelDeclaresAny) {
  Model m = Sample();
  m.tags_available = {"linux"};
  m.components[0].tags = {"linx"};
  EXPECT_EQ(Messages(m), std::vector<std::string>{
                             "m.yaml:5:3: error: component 'web' uses tag 'linx', which is not "
                             "in tags_available (did you mean 'linux'?)"});
}

TEST(ValidateTest, TechnologiesAreCheckedWhenACatalogueIsGiven) {
  Model m = Sample();
  m.components[1].technologies = {"web-servr"};
  m.components[1].technologies_loc = {0, 9, 19};
  ValidateOptions o;
  o.technologies = {"web-server", "database"};
  EXPECT_EQ(Messages(m, o),
            std::vector<std::string>{"m.yaml:9:19: error: component 'api' names unknown technology "
                                     "'web-servr' (did you mean 'web-server'?)"});
}

TEST(ValidateTest, AcceptedThreatNeedsJustificationAndOwner) {
  Model m = Sample();
  Threat t;
  t.id = "t1";
  t.loc = {0, 30, 3};
  t.response = ThreatResponse::kAccept;
  t.owner = "alice";
  m.threats.push_back(t);
  EXPECT_EQ(Messages(m),
            std::vector<std::string>{"m.yaml:30:3: error: threat 't1' is accepted without a "
                                     "justification; accepting a threat needs both"});
}

TEST(ValidateTest, ErrorsAreCapped) {
  Model m = Sample();
  for (int i = 0; i < 10; ++i) m.flows[0].data_sent.push_back({"nope", {0, 40u + i, 1}});
  ValidateOptions o;
  o.max_errors = 3;
  auto msgs = Messages(m, o);
  ASSERT_EQ(msgs.size(), 4u);
  EXPECT_EQ(msgs[3], "m.yaml:43:1: note: stopping after 3 errors");
}

}  // namespace
}  // namespace threatpath::core
