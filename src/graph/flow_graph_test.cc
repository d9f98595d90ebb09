#include "graph/flow_graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graph/test_model.h"

namespace threatpath::graph {
namespace {

using namespace testutil;  // NOLINT
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int kNone = FlowGraph::kNone;

// outside: browser; cloud > vpc > {app, data}; vpc holds gw directly; ops is separate.
core::Model Nested() {
  ModelBuilder b;
  b.Component("browser", ComponentType::kExternalEntity);
  b.Component("gw");
  b.Component("app");
  b.Component("db", ComponentType::kDatastore);
  b.Component("ops");
  b.Component("ops2");
  b.Component("partner", ComponentType::kExternalEntity);
  b.Boundary("cloud", {}, {"vpc"});
  b.Boundary("vpc", {"gw"}, {"app-ns", "data"});
  b.Boundary("app-ns", {"app"});
  b.Boundary("data", {"db"});
  b.Boundary("ops-net", {"ops", "ops2"});
  b.Flow("browser", "gw");       // 0: outside -> vpc
  b.Flow("gw", "app");           // 1: vpc -> app-ns (nested)
  b.Flow("app", "db");           // 2: app-ns -> data (siblings)
  b.Flow("ops", "ops2");         // 3: same boundary
  b.Flow("browser", "partner");  // 4: both outside
  b.Flow("ops", "db");           // 5: separate trees
  return b.m;
}

TEST(FlowGraphTest, AdjacencyKeepsModelOrder) {
  core::Model m = Nested();
  FlowGraph g(m);
  EXPECT_EQ(g.component_count(), 7);
  EXPECT_EQ(g.edge_count(), 6);
  int browser = g.FindComponent("browser");
  int db = g.FindComponent("db");
  EXPECT_THAT(std::vector<int>(g.outgoing(browser).begin(), g.outgoing(browser).end()),
              ElementsAre(0, 4));
  EXPECT_THAT(std::vector<int>(g.incoming(db).begin(), g.incoming(db).end()), ElementsAre(2, 5));
  EXPECT_EQ(g.source(1), g.FindComponent("gw"));
  EXPECT_EQ(g.target(1), g.FindComponent("app"));
  EXPECT_EQ(g.FindComponent("nope"), kNone);
  EXPECT_EQ(g.FindFlow("app>db"), 2);
  EXPECT_EQ(g.FindBoundary("data"), 3);
}

TEST(FlowGraphTest, InnermostBoundaryAndChain) {
  core::Model m = Nested();
  FlowGraph g(m);
  auto chain = [&](const char* id) {
    std::vector<std::string> out;
    for (int b : g.BoundaryChain(g.FindComponent(id))) out.push_back(g.boundary(b).id);
    return out;
  };
  EXPECT_THAT(chain("app"), ElementsAre("app-ns", "vpc", "cloud"));
  EXPECT_THAT(chain("gw"), ElementsAre("vpc", "cloud"));
  EXPECT_THAT(chain("browser"), IsEmpty());
  EXPECT_EQ(g.innermost_boundary(g.FindComponent("browser")), kNone);
  EXPECT_EQ(g.boundary_depth(g.FindBoundary("cloud")), 0);
  EXPECT_EQ(g.boundary_depth(g.FindBoundary("data")), 2);
  EXPECT_EQ(g.parent_boundary(g.FindBoundary("data")), g.FindBoundary("vpc"));
}

TEST(FlowGraphTest, CrossingIsAboutInnermostBoundaries) {
  core::Model m = Nested();
  FlowGraph g(m);
  EXPECT_TRUE(g.CrossesBoundary(0));   // outside -> vpc
  EXPECT_TRUE(g.CrossesBoundary(1));   // into a nested boundary
  EXPECT_TRUE(g.CrossesBoundary(2));   // sibling boundaries
  EXPECT_FALSE(g.CrossesBoundary(3));  // same boundary
  EXPECT_FALSE(g.CrossesBoundary(4));  // both outside every boundary
  EXPECT_TRUE(g.CrossesBoundary(5));

  auto ids = [&](const std::vector<int>& bs) {
    std::vector<std::string> out;
    for (int b : bs) out.push_back(g.boundary(b).id);
    return out;
  };
  FlowGraph::Crossing c0 = g.CrossingOf(0);
  EXPECT_THAT(ids(c0.left), IsEmpty());
  EXPECT_THAT(ids(c0.entered), ElementsAre("cloud", "vpc"));
  FlowGraph::Crossing c1 = g.CrossingOf(1);
  EXPECT_THAT(ids(c1.left), IsEmpty());
  EXPECT_THAT(ids(c1.entered), ElementsAre("app-ns"));
  FlowGraph::Crossing c2 = g.CrossingOf(2);
  EXPECT_THAT(ids(c2.left), ElementsAre("app-ns"));
  EXPECT_THAT(ids(c2.entered), ElementsAre("data"));
  FlowGraph::Crossing c5 = g.CrossingOf(5);
  EXPECT_THAT(ids(c5.left), ElementsAre("ops-net"));
  EXPECT_THAT(ids(c5.entered), ElementsAre("cloud", "vpc", "data"));
  EXPECT_THAT(ids(g.CrossingOf(3).left), IsEmpty());
}

TEST(FlowGraphTest, DataHoldersAndRefutedAssumptions) {
  ModelBuilder b;
  b.Asset("pii");
  b.Asset("logs");
  b.Component("app").data_processed = Refs({"pii", "logs", "pii"});
  b.Component("db", ComponentType::kDatastore).data_stored = Refs({"pii"});
  b.m.components[1].data_processed = Refs({"pii"});
  b.Flow("app", "db");
  b.Assumption("a1", {"db", "app>db", "db"});
  b.Assumption("a2", {"db"}, core::AssumptionStatus::kConfirmed);
  b.Assumption("a3", {"app>db"});
  FlowGraph g(b.m);
  int pii = g.FindDataAsset("pii");
  EXPECT_THAT(std::vector<int>(g.holders(pii).begin(), g.holders(pii).end()), ElementsAre(0, 1));
  EXPECT_THAT(std::vector<int>(g.data_held(0).begin(), g.data_held(0).end()), ElementsAre(0, 1));
  EXPECT_FALSE(g.Stores(0, pii));
  EXPECT_TRUE(g.Stores(1, pii));
  EXPECT_THAT(std::vector<int>(g.refuted_on_component(1).begin(), g.refuted_on_component(1).end()),
              ElementsAre(0));
  EXPECT_THAT(std::vector<int>(g.refuted_on_flow(0).begin(), g.refuted_on_flow(0).end()),
              ElementsAre(0, 2));
  EXPECT_THAT(g.refuted_on_component(0), IsEmpty());
}

TEST(FlowGraphTest, UnvalidatedModelsDoNotBreakIt) {
  ModelBuilder b;
  b.Component("a");
  b.Component("b");
  b.Component("a");  // duplicate id: the first wins
  b.Flow("a", "ghost");
  b.Flow("a", "a");  // self loop
  b.Flow("a", "b");
  b.Boundary("x", {"a", "ghost"}, {"y"});
  b.Boundary("y", {"a", "b"}, {"x", "y", "nowhere"});  // cycle, self nesting, duplicate member
  b.Assumption("r", {"ghost"});
  FlowGraph g(b.m);
  EXPECT_EQ(g.edge_count(), 1);
  EXPECT_EQ(g.source(0), kNone);
  EXPECT_EQ(g.target(1), kNone);
  EXPECT_FALSE(g.CrossesBoundary(0));
  EXPECT_TRUE(g.CrossesBoundary(2));  // a sits in x (first), b in y
  EXPECT_EQ(g.innermost_boundary(0), 0);
  // The cycle x <-> y is cut where it closes: every chain ends.
  EXPECT_LE(g.BoundaryChain(0).size(), 2u);
  EXPECT_LE(g.BoundaryChain(1).size(), 2u);
  FlowGraph::Crossing c = g.CrossingOf(2);
  EXPECT_EQ(c.left.size() + c.entered.size(), 1u);
}

}  // namespace
}  // namespace threatpath::graph
