#include "diagram/diagram.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "diagram/svg_scan.h"

namespace threatpath::diagram {
namespace {

using testutil::SvgGroups;

using core::Authentication;
using core::BoundaryType;
using core::ComponentType;
using core::Protocol;

// Golden files live in test/data/diagram/; `TP_REBASELINE=1 tp_diagram_test` rewrites them.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(TP_SOURCE_DIR) + "/test/data/diagram/" + name;
  if (const char* r = std::getenv("TP_REBASELINE"); r != nullptr && std::string(r) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << "; run TP_REBASELINE=1 tp_diagram_test";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual)
      << "golden " << name << " differs; run TP_REBASELINE=1 tp_diagram_test";
}

core::Refs Refs(const std::vector<std::string>& ids) {
  core::Refs out;
  for (const auto& id : ids) out.push_back({id, {}});
  return out;
}

core::Component& AddComponent(core::Model& m, const std::string& id, ComponentType type,
                              const std::string& title = "") {
  core::Component& c = m.components.emplace_back();
  c.id = id;
  c.title = title.empty() ? id : title;
  c.type = type;
  return c;
}

core::Flow& AddFlow(core::Model& m, const std::string& from, const std::string& to,
                    Protocol p = Protocol::kHttps, Authentication a = Authentication::kNone) {
  core::Flow& f = m.flows.emplace_back();
  f.id = from + ">" + to;
  f.title = f.id;
  f.from = {from, {}};
  f.to = {to, {}};
  f.protocol = p;
  f.authentication = a;
  return f;
}

core::TrustBoundary& AddBoundary(core::Model& m, const std::string& id, BoundaryType type,
                                 const std::vector<std::string>& components,
                                 const std::vector<std::string>& nested = {}) {
  core::TrustBoundary& b = m.boundaries.emplace_back();
  b.id = id;
  b.title = id;
  b.type = type;
  b.components = Refs(components);
  b.nested = Refs(nested);
  return b;
}

// A small shop: a user outside, a web server in the cloud, an API in a security group nested in
// the cloud, and a database in a pod nested in the security group. One component has a title
// with quotes, a backslash, a newline and non-ASCII text.
core::Model SmallModel() {
  core::Model m;
  m.meta.title = "Shop \"demo\"";
  core::DataAsset& orders = m.data_assets.emplace_back();
  orders.id = "orders";
  orders.title = "Orders";
  orders.confidentiality = core::Confidentiality::kConfidential;
  core::DataAsset& logs = m.data_assets.emplace_back();
  logs.id = "logs";
  logs.title = "Logs";
  logs.confidentiality = core::Confidentiality::kInternal;

  core::Component& user = AddComponent(m, "user", ComponentType::kExternalEntity, "Customer");
  user.internet = true;
  user.confidentiality = core::Confidentiality::kPublic;
  core::Component& web = AddComponent(m, "web", ComponentType::kProcess, "Web server");
  web.technologies = {"web-server"};
  web.data_processed = Refs({"orders"});
  core::Component& api = AddComponent(m, "api", ComponentType::kProcess, "API");
  api.data_processed = Refs({"orders", "logs"});
  api.confidentiality = core::Confidentiality::kRestricted;
  core::Component& db = AddComponent(m, "db", ComponentType::kDatastore, "Orders DB");
  db.data_stored = Refs({"orders"});
  db.data_processed = Refs({"orders"});
  db.confidentiality = core::Confidentiality::kStrictlyConfidential;
  core::Component& odd =
      AddComponent(m, "odd", ComponentType::kDatastore, "Log \"store\" C:\\logs\nZürich ✓");
  odd.data_stored = Refs({"logs"});
  odd.out_of_scope = true;

  AddBoundary(m, "cloud", BoundaryType::kNetworkCloudProvider, {"web"}, {"vpc"});
  AddBoundary(m, "vpc", BoundaryType::kNetworkCloudSecurityGroup, {"api", "odd"}, {"pod"});
  AddBoundary(m, "pod", BoundaryType::kExecutionEnvironment, {"db"});

  AddFlow(m, "user", "web", Protocol::kHttps, Authentication::kToken);
  AddFlow(m, "web", "api", Protocol::kHttp, Authentication::kSessionId).diagram_tweak_weight = 3;
  AddFlow(m, "api", "db", Protocol::kJdbc, Authentication::kCredentials).diagram_tweak_constraint =
      false;
  AddFlow(m, "api", "odd", Protocol::kLocalFileAccess);

  m.diagram.nodesep = 2;
  m.diagram.ranksep = 3;
  m.diagram.edge_layout = "polyline";
  m.diagram.invisible_connections = {"user:db", "user:nope"};
  m.diagram.same_rank_assets = {"api:odd"};
  return m;
}

std::vector<engine::Risk> SmallRisks() {
  std::vector<engine::Risk> risks(4);
  risks[0].component = "api";
  risks[0].severity = core::RiskSeverity::kHigh;
  risks[1].component = "api";
  risks[1].severity = core::RiskSeverity::kCritical;
  risks[1].status = core::RiskStatus::kMitigated;  // closed: does not count
  risks[2].component = "db";
  risks[2].severity = core::RiskSeverity::kMedium;
  risks[2].status = core::RiskStatus::kAccepted;
  risks[3].component = "db";
  risks[3].severity = core::RiskSeverity::kLow;
  return risks;
}

graph::AttackPath SmallPath() {
  graph::AttackPath p;
  p.asset_id = "orders";
  p.origin_id = "user";
  p.target_id = "db";
  p.components = {"user", "web", "api", "db"};
  for (const char* f : {"user>web", "web>api", "api>db"}) {
    graph::Hop& h = p.hops.emplace_back();
    h.flow_id = f;
  }
  p.cost = 12;
  return p;
}

TEST(QuoteDotTest, EscapesQuotesBackslashesAndNewlines) {
  EXPECT_EQ(QuoteDot("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(QuoteDot("Zürich ✓"), "\"Zürich ✓\"");
  EXPECT_EQ(QuoteDot("bad\xff\tx\r"), "\"bad\xEF\xBF\xBD x\"");
  EXPECT_EQ(QuoteDot(""), "\"\"");
}

TEST(DataFlowDotTest, MatchesGolden) {
  core::Model m = SmallModel();
  std::vector<engine::Risk> risks = SmallRisks();
  DfdOptions options;
  options.risks = risks;
  ExpectGolden("dfd.dot", DataFlowDot(m, options));
}

TEST(DataFlowDotTest, RaaColoursAndSuppressedLabels) {
  core::Model m = SmallModel();
  m.diagram.suppress_edge_labels = true;
  m.diagram.layout_left_to_right = true;
  std::vector<double> raa = {1, 30, 50, 100, 0};
  DfdOptions options;
  options.raa = raa;
  ExpectGolden("dfd_raa.dot", DataFlowDot(m, options));
}

TEST(DataAssetDotTest, MatchesGolden) {
  ExpectGolden("data_assets.dot", DataAssetDot(SmallModel()));
}

TEST(AttackPathDotTest, MatchesGolden) {
  ExpectGolden("attack_path.dot", AttackPathDot(SmallModel(), SmallPath()));
}

// The threshold applies to attack paths too: summaries holding path components and aggregated
// edges carrying hops are highlighted.
TEST(AttackPathDotTest, CollapsedMatchesGolden) {
  DfdOptions options;
  options.collapse_threshold = 2;
  std::string dot = AttackPathDot(SmallModel(), SmallPath(), options);
  ExpectGolden("attack_path_collapsed.dot", dot);
  auto svg = Render(dot, Format::kSvg);
  ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
  auto nodes = SvgGroups(*svg, "node");
  EXPECT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes["boundary:cloud"], 1);
  EXPECT_EQ(nodes["outside"], 1);
}

TEST(DataFlowDotTest, NestingFollowsBoundaries) {
  std::string dot = DataFlowDot(SmallModel());
  size_t cloud = dot.find("subgraph cluster_0 {");
  size_t vpc = dot.find("    subgraph cluster_1 {");
  size_t pod = dot.find("      subgraph cluster_2 {");
  ASSERT_NE(cloud, std::string::npos);
  ASSERT_NE(vpc, std::string::npos);
  ASSERT_NE(pod, std::string::npos);
  EXPECT_LT(cloud, vpc);
  EXPECT_LT(vpc, pod);
  EXPECT_NE(dot.find("style=\"dotted\""), std::string::npos);
}

TEST(DataFlowDotTest, CyclicNestingStillPlacesEveryComponent) {
  core::Model m;
  AddComponent(m, "a", ComponentType::kProcess);
  AddComponent(m, "b", ComponentType::kProcess);
  AddBoundary(m, "x", BoundaryType::kNetworkOnPrem, {"a"}, {"y"});
  AddBoundary(m, "y", BoundaryType::kNetworkOnPrem, {"b", "a"}, {"x"});
  std::string dot = DataFlowDot(m);
  EXPECT_NE(dot.find("id=\"component:a\""), std::string::npos);
  EXPECT_NE(dot.find("id=\"component:b\""), std::string::npos);
  EXPECT_EQ(dot.find("id=\"component:a\""), dot.rfind("id=\"component:a\""));
  EXPECT_TRUE(Render(dot, Format::kSvg).has_value());
}

TEST(RenderTest, SvgHasEveryComponentFlowAndBoundaryOnce) {
  core::Model m = SmallModel();
  std::vector<engine::Risk> risks = SmallRisks();
  DfdOptions options;
  options.risks = risks;
  auto svg = Render(DataFlowDot(m, options), Format::kSvg);
  ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
  auto nodes = SvgGroups(*svg, "node");
  auto edges = SvgGroups(*svg, "edge");
  auto clusters = SvgGroups(*svg, "cluster");
  EXPECT_EQ(nodes.size(), m.components.size());
  for (const auto& c : m.components) EXPECT_EQ(nodes["component:" + c.id], 1) << c.id;
  EXPECT_EQ(edges.size(), m.flows.size());  // the invisible edge is not drawn
  for (const auto& f : m.flows) EXPECT_EQ(edges["flow:" + f.id], 1) << f.id;
  EXPECT_EQ(clusters.size(), m.boundaries.size());
  for (const auto& b : m.boundaries) EXPECT_EQ(clusters["boundary:" + b.id], 1) << b.id;
  EXPECT_NE(svg->find("Zürich ✓"), std::string::npos);
  EXPECT_NE(svg->find("risk: high"), std::string::npos);
}

TEST(RenderTest, DataAssetAndAttackPathRender) {
  auto assets = Render(DataAssetDot(SmallModel()), Format::kSvg);
  ASSERT_TRUE(assets.has_value()) << assets.error().ToString();
  EXPECT_EQ(SvgGroups(*assets, "edge").size(), 5u);
  auto path = Render(AttackPathDot(SmallModel(), SmallPath()), Format::kSvg);
  ASSERT_TRUE(path.has_value()) << path.error().ToString();
  EXPECT_NE(path->find("(attack origin)"), std::string::npos);
}

TEST(RenderTest, PngHasSignatureAndIsDeterministic) {
  std::string dot = DataFlowDot(SmallModel());
  auto png = Render(dot, Format::kPng);
  ASSERT_TRUE(png.has_value()) << png.error().ToString();
  ASSERT_GT(png->size(), 8u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  auto again = Render(dot, Format::kPng);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*png, *again);
}

TEST(RenderTest, SvgAndDotAreDeterministic) {
  std::string dot = DataFlowDot(SmallModel());
  for (Format f : {Format::kSvg, Format::kDot}) {
    auto a = Render(dot, f);
    auto b = Render(dot, f);
    ASSERT_TRUE(a.has_value() && b.has_value());
    EXPECT_EQ(*a, *b);
  }
  auto laid_out = Render(dot, Format::kDot);
  EXPECT_NE(laid_out->find("pos="), std::string::npos);
}

TEST(RenderTest, SyntaxErrorIsAValue) {
  auto r = Render("digraph { a -> ; }", Format::kSvg);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(r.error().message(),
            "graphviz: cannot parse DOT: Error: syntax error in line 1 near ';'");
  auto empty = Render("", Format::kSvg);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().message(), "graphviz: cannot parse DOT");
  // The next call is not affected by the failed ones.
  EXPECT_TRUE(Render("digraph { a -> b }", Format::kSvg).has_value());
}

TEST(DataFlowDotTest, ManyBoundariesCollapse) {
  core::Model m;
  for (int i = 0; i < 5; ++i) {
    std::string id = "c" + std::to_string(i);
    AddComponent(m, id, ComponentType::kProcess);
    AddBoundary(m, "b" + std::to_string(i), BoundaryType::kNetworkOnPrem, {id});
  }
  AddBoundary(m, "empty", BoundaryType::kExecutionEnvironment, {});
  DfdOptions options;
  options.collapse_threshold = 5;
  std::string dot = DataFlowDot(m, options);
  EXPECT_NE(dot.find("6 trust boundaries exceed the threshold of 5"), std::string::npos);
  EXPECT_NE(dot.find("cluster 'empty': 0 components"), std::string::npos);
  EXPECT_NE(dot.find("label=\"cluster 'b4': 1 component\\nnetwork-on-prem\"]"), std::string::npos);
}

// 2,000 components in 20 boundaries (every other one nested in the previous) plus 100 outside.
TEST(DataFlowDotTest, LargeModelCollapses) {
  core::Model m;
  for (int i = 0; i < 2000; ++i) AddComponent(m, "c" + std::to_string(i), ComponentType::kProcess);
  for (int b = 0; b < 19; ++b) {
    std::vector<std::string> members;
    for (int i = b * 100; i < (b + 1) * 100; ++i) members.push_back("c" + std::to_string(i));
    std::vector<std::string> nested;
    if (b % 2 == 0) nested.push_back("b" + std::to_string(b + 1));
    AddBoundary(m, "b" + std::to_string(b), BoundaryType::kNetworkOnPrem, members, nested);
  }
  for (int i = 0; i + 1 < 2000; ++i) {
    AddFlow(m, "c" + std::to_string(i), "c" + std::to_string(i + 1));
    AddFlow(m, "c" + std::to_string(i), "c" + std::to_string((i * 7919) % 2000));
  }
  std::string dot = DataFlowDot(m);
  EXPECT_EQ(dot.find("component:"), std::string::npos);
  EXPECT_NE(dot.find("2000 components exceed the threshold of 300"), std::string::npos);
  EXPECT_NE(dot.find("cluster 'b0': 200 components\\n1 nested boundary"), std::string::npos);
  EXPECT_NE(dot.find("outside any boundary: 100 components"), std::string::npos);
  auto svg = Render(dot, Format::kSvg);
  ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
  EXPECT_EQ(SvgGroups(*svg, "node").size(), 11u);  // 10 top-level boundaries + outside

  DfdOptions never;
  never.collapse_threshold = 0;
  EXPECT_NE(DataFlowDot(m, never).find("component:c1999"), std::string::npos);
}

}  // namespace
}  // namespace threatpath::diagram
