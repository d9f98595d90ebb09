#include "diagram/diagram.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
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

// A path to `asset` through `components`, over the flows "a>b" between neighbours (as AddFlow
// names them).
graph::AttackPath PathThrough(const std::string& asset, const std::vector<std::string>& components,
                              int cost) {
  graph::AttackPath p;
  p.asset_id = asset;
  p.origin_id = components.front();
  p.target_id = components.back();
  p.components = components;
  for (size_t i = 1; i < components.size(); ++i) {
    p.hops.emplace_back().flow_id = components[i - 1] + ">" + components[i];
  }
  p.cost = cost;
  return p;
}

// Components c0 ... c<n-1>, each alone in its top-level boundary b0 ... b<n-1>.
core::Model BoundaryPerComponent(int n) {
  core::Model m;
  for (int i = 0; i < n; ++i) {
    std::string id = "c" + std::to_string(i);
    AddComponent(m, id, ComponentType::kProcess);
    AddBoundary(m, "b" + std::to_string(i), BoundaryType::kNetworkOnPrem, {id});
  }
  return m;
}

graph::AttackPath SmallPath() { return PathThrough("orders", {"user", "web", "api", "db"}, 12); }

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

TEST(DataAssetDotTest, CollapsesAboveTheThreshold) {
  std::string dot = DataAssetDot(SmallModel(), 2);
  EXPECT_EQ(dot.find("component:"), std::string::npos);
  EXPECT_EQ(dot.find(" -> "), std::string::npos);
  EXPECT_NE(dot.find("5 components exceed the threshold of 2: components left out"),
            std::string::npos);
  // orders: stored by db, processed by web and api; logs: stored by odd, processed by api.
  EXPECT_NE(dot.find("label=\"Orders\\nconfidential\\nstored by 1 component, processed by 2 "
                     "more\""),
            std::string::npos)
      << dot;
  EXPECT_TRUE(Render(dot, Format::kSvg).has_value());
  EXPECT_EQ(DataAssetDot(SmallModel(), 0), DataAssetDot(SmallModel()));
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
  EXPECT_NE(path->find("in red, from the origin (filled red) to the target (filled purple)"),
            std::string::npos);
  EXPECT_NE(path->find("attack origin: user"), std::string::npos);  // the origin's tooltip
  EXPECT_NE(path->find("attack path to &#39;orders&#39;: user &#45;&gt; db"), std::string::npos)
      << *path;
}

// A second path through the small model.
graph::AttackPath OtherPath() { return PathThrough("logs", {"user", "web", "api", "odd"}, 7); }

// Rendering the attack paths as figures (one layout for all) gives, for each path, the bytes of
// laying it out alone (with every path's hops always drawn); a variant's values do not leak into
// the next one (the first path is drawn again last). Drawn in full, the data-flow diagram is
// drawn from the same text.
void ExpectSameAsOneLayoutPerPath(const core::Model& m, const std::vector<graph::AttackPath>& paths,
                                  const DfdOptions& options, bool same_as_dfd) {
  std::vector<Figure> figures = AttackPathFigures(m, paths, options);
  ASSERT_EQ(figures.size(), paths.size());
  for (const Figure& f : figures) {
    EXPECT_EQ(f.dot.find("#d50000"), std::string::npos) << "highlights are not in the text";
    EXPECT_EQ(f.dot, figures.front().dot) << "one text, so one layout";
  }
  EXPECT_EQ(figures.front().dot == DataFlowDot(m, options), same_as_dfd);
  std::vector<std::string> hops;
  for (const graph::AttackPath& p : paths) {
    for (const graph::Hop& h : p.hops) hops.push_back(h.flow_id);
  }
  DfdOptions with_hops = options;
  with_hops.always_drawn_flows = hops;
  for (Format f : {Format::kSvg, Format::kDot}) {
    auto rendered = RenderFigures(figures, f);
    ASSERT_TRUE(rendered.has_value()) << rendered.error().ToString();
    ASSERT_EQ(rendered->size(), paths.size());
    for (size_t i = 0; i < paths.size(); ++i) {
      auto alone = Render(AttackPathDot(m, paths[i], with_hops), f);
      ASSERT_TRUE(alone.has_value()) << alone.error().ToString();
      EXPECT_EQ((*rendered)[i], *alone) << "path " << i;
    }
    EXPECT_NE((*rendered)[0], (*rendered)[1]);
  }
}

void ExpectSameAsOneLayoutPerPath(const DfdOptions& options) {
  ExpectSameAsOneLayoutPerPath(SmallModel(), {SmallPath(), OtherPath(), SmallPath()}, options,
                               true);
}

TEST(RenderVariantsTest, SameBytesAsOneLayoutPerPath) {
  std::vector<engine::Risk> risks = SmallRisks();  // badges are overridden and restored
  DfdOptions options;
  options.risks = risks;
  ExpectSameAsOneLayoutPerPath(options);
}

TEST(RenderVariantsTest, SameBytesAsOneLayoutPerPathCollapsed) {
  DfdOptions options;
  options.collapse_threshold = 2;
  ExpectSameAsOneLayoutPerPath(options);
}

// Collapsed with more connections between boundaries than are drawn, a path's own connections
// are always drawn; the figures draw every path's, so all share one text and one layout, and
// each still comes out as drawn alone with those connections.
TEST(RenderVariantsTest, CappedConnectionsOfEveryPathAreDrawn) {
  const int n = 20;
  core::Model m = BoundaryPerComponent(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i != j) AddFlow(m, "c" + std::to_string(i), "c" + std::to_string(j));
    }
  }
  auto path = [](const std::string& from, const std::string& to) {
    return PathThrough("data", {from, to}, 1);
  };
  DfdOptions options;
  options.collapse_threshold = 5;
  // 380 connections of one flow each: the 150 drawn are the first in order, so these two are
  // drawn only because they are highlighted.
  ExpectSameAsOneLayoutPerPath(m, {path("c18", "c19"), path("c19", "c17")}, options, false);
  std::string text =
      AttackPathFigures(m, std::vector{path("c18", "c19"), path("c19", "c17")}, options)[0].dot;
  EXPECT_NE(text.find("id=\"flows:s18:s19\""), std::string::npos);
  EXPECT_NE(text.find("id=\"flows:s19:s17\""), std::string::npos);
  // Alone, a path draws only its own connection beyond the heaviest.
  std::string alone = AttackPathDot(m, path("c18", "c19"), options);
  EXPECT_NE(alone.find("id=\"flows:s18:s19\""), std::string::npos);
  EXPECT_EQ(alone.find("flows:s19:s17"), std::string::npos);
}

TEST(RenderVariantsTest, NoVariantIsALayoutWithoutChanges) {
  std::string dot = DataFlowDot(SmallModel());
  auto plain = Render(dot, Format::kSvg);
  auto twice = RenderVariants(dot, std::vector<std::vector<AttrOverride>>(2), Format::kSvg);
  ASSERT_TRUE(plain.has_value() && twice.has_value());
  ASSERT_EQ(twice->size(), 2u);
  EXPECT_EQ((*twice)[0], *plain);
  EXPECT_EQ((*twice)[1], *plain);
}

TEST(RenderVariantsTest, UnknownElementsAndUndeclaredAttributesAreErrors) {
  std::string dot = DataFlowDot(SmallModel());  // no edge declares fontcolor
  std::vector<std::vector<AttrOverride>> unknown = {{{"component:nope", "color", "red"}}};
  auto a = RenderVariants(dot, unknown, Format::kSvg);
  ASSERT_FALSE(a.has_value());
  EXPECT_NE(a.error().message().find("no element has the id 'component:nope'"), std::string::npos);
  std::vector<std::vector<AttrOverride>> undeclared = {{{"flow:web>api", "fontcolor", "red"}}};
  auto b = RenderVariants(dot, undeclared, Format::kSvg);
  ASSERT_FALSE(b.has_value());
  EXPECT_NE(b.error().message().find("edge attribute 'fontcolor' is not declared"),
            std::string::npos)
      << b.error().message();
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

// Graphviz keeps subgraphs in object-id order; the ids we give are in order of creation, so the
// SVG lists clusters as the DOT text does (not by name, not by where a name landed on the heap,
// which changed from process to process; test/e2e/cli_test.py checks across processes).
TEST(RenderTest, ClustersComeOutInTheOrderOfTheDotText) {
  std::string dot = "digraph {\n";
  std::vector<std::string> names;
  for (int i = 0; i < 40; ++i) {
    // Names of varied lengths, in reverse alphabetical order.
    std::string name = "cluster_" +
                       std::string(static_cast<size_t>(1 + (i * 7) % 23), 'z' - i % 26) +
                       std::to_string(99 - i);
    names.push_back(name);
    dot += "  subgraph " + name + " { label=\"" + name + "\"; n" + std::to_string(i) + "; }\n";
  }
  dot += "}\n";
  auto svg = Render(dot, Format::kSvg);
  ASSERT_TRUE(svg.has_value()) << svg.error().message();
  std::vector<std::string> drawn;
  for (size_t at = svg->find("<title>cluster_"); at != std::string::npos;
       at = svg->find("<title>cluster_", at + 1)) {
    size_t end = svg->find("</title>", at);
    drawn.push_back(svg->substr(at + 7, end - at - 7));
  }
  EXPECT_EQ(drawn, names);
  EXPECT_EQ(Render(dot, Format::kSvg).value(), *svg);
}

// Laid-out DOT prints every name as written: cgraph decides from a header in front of an
// interned name whether to print it as an HTML string (<...>), so the names our id discipline
// hands back must be interned ones.
TEST(RenderTest, LaidOutDotPrintsNamesAsWritten) {
  std::string dot = DataFlowDot(SmallModel());
  auto laid_out = Render(dot, Format::kDot);
  ASSERT_TRUE(laid_out.has_value()) << laid_out.error().message();
  EXPECT_EQ(laid_out->rfind("digraph dfd {", 0), 0u) << laid_out->substr(0, 40);
  EXPECT_EQ(laid_out->find("<n"), std::string::npos);
  EXPECT_EQ(laid_out->find("<cluster"), std::string::npos);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(laid_out->find("\tn" + std::to_string(i)), std::string::npos) << i;
  }
  // An HTML-like name stays one.
  auto html = Render("digraph { <<b>x</b>> -> y }", Format::kDot);
  ASSERT_TRUE(html.has_value());
  EXPECT_NE(html->find("<<b>x</b>>"), std::string::npos) << *html;
}

TEST(RenderTest, PreloadOnAnotherThreadThenRender) {
  std::thread loader([] { Preload(Format::kSvg); });
  auto svg = Render(DataFlowDot(SmallModel()), Format::kSvg);  // waits for the loader's lock
  loader.join();
  ASSERT_TRUE(svg.has_value()) << svg.error().message();
  Preload(Format::kPng);
  auto png = Render(DataFlowDot(SmallModel()), Format::kPng);
  ASSERT_TRUE(png.has_value()) << png.error().message();
  EXPECT_EQ(png->substr(0, 4), "\x89PNG");
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

// 40 top-level boundaries connected pairwise (1,560 connections): the collapsed diagram draws
// the 150 heaviest, counts the rest in a note, and still lays out.
TEST(DataFlowDotTest, CollapsedConnectionsAreCapped) {
  const int n = 40;
  core::Model m = BoundaryPerComponent(n);
  int flows = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i == j) continue;
      AddFlow(m, "c" + std::to_string(i), "c" + std::to_string(j));
      ++flows;
      // c0's connections are heavier: three flows each way, so they are among those kept.
      if (i == 0 || j == 0) {
        AddFlow(m, "c" + std::to_string(i), "c" + std::to_string(j));
        AddFlow(m, "c" + std::to_string(i), "c" + std::to_string(j));
        flows += 2;
      }
    }
  }
  DfdOptions options;
  options.collapse_threshold = 10;
  std::string dot = DataFlowDot(m, options);
  size_t edges = 0;
  for (size_t at = dot.find(" -> "); at != std::string::npos; at = dot.find(" -> ", at + 1)) {
    ++edges;
  }
  EXPECT_EQ(edges, 150u);
  const int hidden = n * (n - 1) - 150;
  EXPECT_NE(dot.find("s_more [shape=note"), std::string::npos);
  EXPECT_NE(dot.find(std::to_string(hidden) + " more connections between boundaries (" +
                     std::to_string(hidden) + " flows) not drawn"),
            std::string::npos)
      << dot.substr(dot.find("s_more"));
  // All 78 connections of b0 carry 3 flows and are kept.
  EXPECT_NE(dot.find("s0 -> s39 [id=\"flows:s0:s39\", label=\"3 flows\""), std::string::npos);
  EXPECT_NE(dot.find("s39 -> s0 [id=\"flows:s39:s0\", label=\"3 flows\""), std::string::npos);
  EXPECT_EQ(dot, DataFlowDot(m, options));  // deterministic
  EXPECT_TRUE(Render(dot, Format::kSvg).has_value());
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

// --- Split by boundary ------------------------------------------------------------------------

// The `id="<prefix>..."` attributes of a DOT text, with their counts.
std::map<std::string, int> DotIds(const std::string& dot, const std::string& prefix) {
  std::map<std::string, int> out;
  const std::string key = "id=\"" + prefix;
  for (size_t pos = 0; (pos = dot.find(key, pos)) != std::string::npos; ++pos) {
    size_t start = pos + 4;
    size_t end = dot.find('"', start);
    ++out[dot.substr(start, end - start)];
  }
  return out;
}

const DfdPart* FindPart(const SplitDfd& split, const std::string& boundary) {
  for (const DfdPart& p : split.parts) {
    if (p.boundary_id == boundary) return &p;
  }
  return nullptr;
}

TEST(SplitDataFlowDotTest, SmallModelOverviewAndParts) {
  core::Model m = SmallModel();
  SplitDfd split = SplitDataFlowDot(m);
  // The overview is the collapse, whatever the threshold, with its own note.
  EXPECT_NE(split.overview.find("s0 [shape=box3d"), std::string::npos);
  EXPECT_NE(split.overview.find("overview: each top-level trust boundary is one node"),
            std::string::npos);
  EXPECT_EQ(split.overview.find("component:"), std::string::npos);
  EXPECT_EQ(split.overview.find("URL="), std::string::npos);  // no links unless asked

  ASSERT_EQ(split.parts.size(), 2u);
  EXPECT_EQ(split.parts[0].boundary_id, "cloud");
  EXPECT_EQ(split.parts[0].title, "cloud");
  EXPECT_EQ(split.parts[0].file_stem, "data-flow-boundary-cloud");
  EXPECT_EQ(split.parts[0].components, 4);
  EXPECT_EQ(split.parts[0].stubs, 1);
  EXPECT_EQ(split.parts[1].boundary_id, "");
  EXPECT_EQ(split.parts[1].title, "Outside any trust boundary");
  EXPECT_EQ(split.parts[1].file_stem, "data-flow-outside-boundaries");
  EXPECT_EQ(split.parts[1].components, 1);
  EXPECT_EQ(split.parts[1].stubs, 1);

  const std::string& cloud = split.parts[0].dot;
  EXPECT_NE(cloud.find("trust boundary 'cloud': 4 components; 1 connected component elsewhere "
                       "drawn as stubs"),
            std::string::npos);
  EXPECT_NE(cloud.find("  x0 [shape=box, style=\"dashed,rounded\", fontsize=8, "
                       "color=\"#9e9e9e\", id=\"stub:user\", label=\"Customer\\n(outside any "
                       "trust boundary)\", tooltip=\"user, outside any trust boundary\"];"),
            std::string::npos)
      << cloud;
  EXPECT_NE(cloud.find("  x0 -> n1 [id=\"flow:user>web\""), std::string::npos);
  // The tweaks that stay inside the part survive; user:db crosses parts and is left out.
  EXPECT_NE(cloud.find("{ rank=same; n2; n4; }"), std::string::npos);
  EXPECT_EQ(cloud.find("style=invis"), std::string::npos);

  const std::string& outside = split.parts[1].dot;
  EXPECT_NE(outside.find("  n0 -> x1 [id=\"flow:user>web\""), std::string::npos);
  EXPECT_NE(outside.find("label=\"Web server\\n(in 'cloud')\""), std::string::npos);
  EXPECT_EQ(outside.find("subgraph cluster_"), std::string::npos);
}

// Every component of a part appears exactly once in its SVG, its nested boundaries as clusters;
// outside components appear only as stubs, and only flows touching the part are drawn.
TEST(SplitDataFlowDotTest, PartsRenderEveryComponentOnceAndOthersAsStubs) {
  core::Model m = SmallModel();
  AddComponent(m, "admin", ComponentType::kExternalEntity);
  AddComponent(m, "vault", ComponentType::kDatastore);
  AddComponent(m, "lonely", ComponentType::kProcess);
  AddBoundary(m, "office", BoundaryType::kNetworkOnPrem, {"admin"}, {"safe"});
  AddBoundary(m, "safe", BoundaryType::kExecutionEnvironment, {"vault"});
  AddFlow(m, "admin", "api");
  AddFlow(m, "vault", "db");
  AddFlow(m, "admin", "vault");
  AddFlow(m, "user", "admin");
  SplitDfd split = SplitDataFlowDot(m, {}, ".svg");
  ASSERT_EQ(split.parts.size(), 3u);

  struct Expect {
    std::string boundary;
    std::vector<std::string> components, stubs, clusters, flows;
  };
  const std::vector<Expect> expected = {
      {"cloud",
       {"web", "api", "db", "odd"},
       {"user", "admin", "vault"},
       {"cloud", "vpc", "pod"},
       {"user>web", "web>api", "api>db", "api>odd", "admin>api", "vault>db"}},
      {"office",
       {"admin", "vault"},
       {"api", "db", "user"},
       {"office", "safe"},
       {"admin>api", "vault>db", "admin>vault", "user>admin"}},
      {"", {"user", "lonely"}, {"web", "admin"}, {}, {"user>web", "user>admin"}},
  };
  std::map<std::string, int> drawn;  // components drawn in full over all parts
  for (const Expect& e : expected) {
    SCOPED_TRACE(e.boundary);
    const DfdPart* part = FindPart(split, e.boundary);
    ASSERT_NE(part, nullptr);
    EXPECT_EQ(part->components, static_cast<int>(e.components.size()));
    EXPECT_EQ(part->stubs, static_cast<int>(e.stubs.size()));
    auto svg = Render(part->dot, Format::kSvg);
    ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
    std::map<std::string, int> want_nodes, want_edges, want_clusters;
    for (const auto& c : e.components) want_nodes["component:" + c] = 1;
    for (const auto& c : e.stubs) want_nodes["stub:" + c] = 1;
    for (const auto& b : e.clusters) want_clusters["boundary:" + b] = 1;
    for (const auto& f : e.flows) want_edges["flow:" + f] = 1;
    EXPECT_EQ(SvgGroups(*svg, "node"), want_nodes);
    EXPECT_EQ(SvgGroups(*svg, "edge"), want_edges);
    EXPECT_EQ(SvgGroups(*svg, "cluster"), want_clusters);
    for (const auto& [id, n] : DotIds(part->dot, "component:")) drawn[id] += n;
  }
  // Together the parts draw every component exactly once.
  ASSERT_EQ(drawn.size(), m.components.size());
  for (const auto& c : m.components) EXPECT_EQ(drawn["component:" + c.id], 1) << c.id;

  // Links: overview nodes and stubs point at the part files.
  auto overview = Render(split.overview, Format::kSvg);
  ASSERT_TRUE(overview.has_value()) << overview.error().ToString();
  EXPECT_EQ(
      SvgGroups(*overview, "node"),
      (std::map<std::string, int>{{"boundary:cloud", 1}, {"boundary:office", 1}, {"outside", 1}}));
  for (const char* file : {"data-flow-boundary-cloud.svg", "data-flow-boundary-office.svg",
                           "data-flow-outside-boundaries.svg"}) {
    EXPECT_NE(overview->find(std::string("xlink:href=\"") + file + "\""), std::string::npos)
        << file;
  }
  EXPECT_NE(FindPart(split, "")->dot.find("id=\"stub:admin\", label=\"admin\\n(in 'office')\", "
                                          "tooltip=\"admin, in 'office'\", "
                                          "URL=\"data-flow-boundary-office.svg\"]"),
            std::string::npos);
}

TEST(SplitDataFlowDotTest, FileStemsAreUniqueSlugs) {
  core::Model m;
  AddBoundary(m, "Web App", BoundaryType::kNetworkOnPrem, {});
  AddBoundary(m, "web-app", BoundaryType::kNetworkOnPrem, {});
  AddBoundary(m, "web-app-2", BoundaryType::kNetworkOnPrem, {});
  AddBoundary(m, "!!!", BoundaryType::kNetworkOnPrem, {});
  AddBoundary(m, "Zürich ✓", BoundaryType::kNetworkOnPrem, {});
  SplitDfd split = SplitDataFlowDot(m);
  std::vector<std::string> stems;
  for (const DfdPart& p : split.parts) stems.push_back(p.file_stem);
  EXPECT_EQ(stems,
            (std::vector<std::string>{"data-flow-boundary-web-app", "data-flow-boundary-web-app-2",
                                      "data-flow-boundary-web-app-2-2", "data-flow-boundary",
                                      "data-flow-boundary-z-rich"}));
  // No components: no part for the outside, and empty parts still render.
  for (const DfdPart& p : split.parts) {
    EXPECT_EQ(p.components, 0);
    EXPECT_TRUE(Render(p.dot, Format::kSvg).has_value()) << p.file_stem;
  }
}

// Below the threshold the split does not depend on it; the output is deterministic.
TEST(SplitDataFlowDotTest, DeterministicAndIndependentOfTheThresholdWhenSmall) {
  core::Model m = SmallModel();
  DfdOptions never;
  never.collapse_threshold = 0;
  SplitDfd a = SplitDataFlowDot(m, never, ".svg");
  SplitDfd b = SplitDataFlowDot(m, {}, ".svg");
  SplitDfd c = SplitDataFlowDot(m, {}, ".svg");
  EXPECT_EQ(a.overview, b.overview);
  ASSERT_EQ(a.parts.size(), b.parts.size());
  ASSERT_EQ(b.parts.size(), c.parts.size());
  for (size_t i = 0; i < a.parts.size(); ++i) {
    EXPECT_EQ(a.parts[i].dot, b.parts[i].dot);
    EXPECT_EQ(b.parts[i].dot, c.parts[i].dot);
  }
  auto first = Render(a.parts[0].dot, Format::kSvg);
  auto second = Render(b.parts[0].dot, Format::kSvg);
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(*first, *second);
}

// top (3 own components) nests mid0..mid2 (4 each), each nesting leaf<i> (6 each), plus 2
// components outside; flows chain every component to the next and back to the first.
core::Model DrillDownModel() {
  core::Model m;
  auto add = [&m](const std::string& id) {
    AddComponent(m, id, ComponentType::kProcess);
    return id;
  };
  std::vector<std::string> top = {add("t0"), add("t1"), add("t2")};
  for (int i = 0; i < 3; ++i) {
    const std::string k = std::to_string(i);
    std::vector<std::string> mid, leaf;
    for (int j = 0; j < 4; ++j) mid.push_back(add("m" + k + "_" + std::to_string(j)));
    for (int j = 0; j < 6; ++j) leaf.push_back(add("l" + k + "_" + std::to_string(j)));
    AddBoundary(m, "leaf" + k, BoundaryType::kExecutionEnvironment, leaf);
    AddBoundary(m, "mid" + k, BoundaryType::kNetworkVirtualLan, mid, {"leaf" + k});
  }
  AddBoundary(m, "top", BoundaryType::kNetworkCloudProvider, top, {"mid0", "mid1", "mid2"});
  add("o0");
  add("o1");
  for (size_t i = 0; i + 1 < m.components.size(); ++i) {
    AddFlow(m, m.components[i].id, m.components[i + 1].id);
    AddFlow(m, m.components[i + 1].id, m.components[0].id);
  }
  return m;
}

TEST(SplitDataFlowDotTest, DrillDownKeepsEveryPartUnderTheThreshold) {
  core::Model m = DrillDownModel();
  DfdOptions options;
  options.collapse_threshold = 8;  // top holds 33, mid<i> 10, leaf<i> 6
  SplitDfd split = SplitDataFlowDot(m, options, ".svg");
  std::vector<std::string> order;
  for (const DfdPart& p : split.parts) {
    order.push_back(p.boundary_id + "@" + std::to_string(p.depth) + "<" + p.parent_boundary_id);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"top@1<", "mid0@2<top", "leaf0@3<mid0", "mid1@2<top",
                                             "leaf1@3<mid1", "mid2@2<top", "leaf2@3<mid2", "@1<"}));
  std::map<std::string, int> drawn;
  for (const DfdPart& p : split.parts) {
    SCOPED_TRACE(p.file_stem);
    EXPECT_LE(p.components, 8);
    EXPECT_EQ(p.hidden, 0);
    auto comps = DotIds(p.dot, "component:");
    EXPECT_EQ(static_cast<int>(comps.size()), p.components);
    for (const auto& [id, n] : comps) drawn[id] += n;
    auto svg = Render(p.dot, Format::kSvg);
    ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
    EXPECT_EQ(static_cast<int>(SvgGroups(*svg, "node").size()),
              p.components + p.summaries + p.stubs);
  }
  // Every component is drawn in full exactly once over all parts.
  ASSERT_EQ(drawn.size(), m.components.size());
  for (const auto& [id, n] : drawn) EXPECT_EQ(n, 1) << id;

  const DfdPart& top = *FindPart(split, "top");
  EXPECT_EQ(top.components, 3);
  EXPECT_EQ(top.summaries, 3);
  EXPECT_NE(top.dot.find("trust boundary 'top': 3 components; 3 nested boundaries collapsed into "
                         "one node each (33 components exceed the threshold of 8)"),
            std::string::npos)
      << top.dot;
  EXPECT_NE(top.dot.find("    s1 [shape=box3d, style=\"filled\", fillcolor=\"#f5f5f5\", "
                         "id=\"boundary:mid0\", label=\"cluster 'mid0': 10 components\\n1 "
                         "nested boundary\\nnetwork-virtual-lan\\n(drawn in its own "
                         "diagram)\", URL=\"data-flow-boundary-mid0.svg\"];"),
            std::string::npos)
      << top.dot;
  // Flows into a summary are aggregated: t2 -> m0_0, back from all ten to t0, l0_5 -> m1_0.
  EXPECT_NE(top.dot.find("  n2 -> s1 [label=\"1 flow\", penwidth=1];"), std::string::npos);
  EXPECT_NE(top.dot.find("  s1 -> n0 [label=\"10 flows\", penwidth=2];"), std::string::npos);
  EXPECT_NE(top.dot.find("  s1 -> s3 [label=\"1 flow\", penwidth=1];"), std::string::npos);
  // mid0 (10 components) collapses too: its leaf is a summary, t0 and mid1 stubs.
  const DfdPart& mid0 = *FindPart(split, "mid0");
  EXPECT_EQ(mid0.components, 4);
  EXPECT_EQ(mid0.summaries, 1);
  EXPECT_EQ(mid0.stubs, 3);  // t2 -> m0_0, every component back to t0, l0_5 -> m1_0
  const DfdPart& leaf0 = *FindPart(split, "leaf0");
  EXPECT_EQ(leaf0.components, 6);
  EXPECT_EQ(leaf0.summaries, 0);
  EXPECT_NE(leaf0.dot.find("URL=\"data-flow-boundary-mid0.svg\""), std::string::npos);

  // index.md lists the hierarchy by indentation.
  std::string index = SplitIndexMarkdown(m, split, ".svg");
  EXPECT_NE(index.find("- [top](data-flow-boundary-top.svg) `top`: 3 components, 3 nested "
                       "boundaries collapsed, 2 stubs\n"
                       "  - [mid0](data-flow-boundary-mid0.svg) `mid0`: 4 components, 1 nested "
                       "boundary collapsed, 3 stubs\n"
                       "    - [leaf0](data-flow-boundary-leaf0.svg) `leaf0`: 6 components, "),
            std::string::npos)
      << index;

  // Deterministic.
  SplitDfd again = SplitDataFlowDot(m, options, ".svg");
  ASSERT_EQ(again.parts.size(), split.parts.size());
  for (size_t i = 0; i < split.parts.size(); ++i) EXPECT_EQ(again.parts[i].dot, split.parts[i].dot);

  // With a depth limit only the top-level parts remain, with the same stems; summaries of parts
  // not written carry no link, and stubs link to the nearest part that is written.
  options.split_max_depth = 1;
  SplitDfd shallow = SplitDataFlowDot(m, options, ".svg");
  ASSERT_EQ(shallow.parts.size(), 2u);
  EXPECT_EQ(shallow.parts[0].dot.find("(drawn in its own diagram)"), std::string::npos);
  EXPECT_NE(shallow.parts[0].dot.find("id=\"boundary:mid0\", label=\"cluster 'mid0': 10 "
                                      "components\\n1 nested boundary\\nnetwork-virtual-lan\"];"),
            std::string::npos);
  EXPECT_EQ(shallow.parts[0].file_stem, "data-flow-boundary-top");
  EXPECT_NE(shallow.parts[1].dot.find("URL=\"data-flow-boundary-top.svg\""), std::string::npos);
}

TEST(SplitDataFlowDotTest, StubsAreCapped) {
  core::Model m;
  AddComponent(m, "hub", ComponentType::kProcess);
  AddBoundary(m, "core", BoundaryType::kNetworkOnPrem, {"hub"});
  for (int i = 0; i < 120; ++i) {
    const std::string id = "e" + std::to_string(i);
    AddComponent(m, id, ComponentType::kExternalEntity);
    AddFlow(m, id, "hub");
  }
  SplitDfd split = SplitDataFlowDot(m);
  const DfdPart& core = *FindPart(split, "core");
  EXPECT_EQ(core.stubs, 50);
  EXPECT_EQ(core.more_stubs, 70);
  auto stubs = DotIds(core.dot, "stub:");
  EXPECT_EQ(stubs.size(), 51u);
  EXPECT_EQ(stubs.count("stub:e49"), 1u);  // the first 50 in model order
  EXPECT_EQ(stubs.count("stub:e50"), 0u);
  EXPECT_NE(core.dot.find("id=\"stub:more\", label=\"… and 70 more outside\"]"), std::string::npos);
  EXPECT_NE(core.dot.find("  x_more -> n0 [label=\"70 flows\", penwidth=5];"), std::string::npos);
  EXPECT_NE(core.dot.find("120 connected components elsewhere drawn as stubs (70 aggregated)"),
            std::string::npos);
  auto svg = Render(core.dot, Format::kSvg);
  ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
  EXPECT_EQ(SvgGroups(*svg, "node").size(), 52u);
  EXPECT_EQ(SplitIndexMarkdown(m, split, ".svg").find("`core`: 1 component, 120 stubs\n") !=
                std::string::npos,
            true);
}

// A boundary (here: no boundary) that directly holds more than the threshold draws the first
// `threshold` components and one node for the rest; big parts get the cheaper layout settings.
TEST(SplitDataFlowDotTest, OversizedBoundaryIsCappedAndLaidOutCheaply) {
  core::Model m;
  for (int i = 0; i < 130; ++i) AddComponent(m, "c" + std::to_string(i), ComponentType::kProcess);
  for (int i = 0; i + 1 < 130; ++i)
    AddFlow(m, "c" + std::to_string(i), "c" + std::to_string(i + 1));
  DfdOptions options;
  options.collapse_threshold = 120;
  SplitDfd split = SplitDataFlowDot(m, options);
  ASSERT_EQ(split.parts.size(), 1u);
  const DfdPart& out = split.parts[0];
  EXPECT_EQ(out.components, 120);
  EXPECT_EQ(out.hidden, 10);
  EXPECT_EQ(DotIds(out.dot, "component:").size(), 120u);
  EXPECT_EQ(DotIds(out.dot, "component:").count("component:c120"), 0u);
  EXPECT_NE(out.dot.find("label=\"… and 10 more components not drawn\"]"), std::string::npos);
  EXPECT_NE(out.dot.find("  n119 -> h_more [label=\"1 flow\", penwidth=1];"), std::string::npos);
  EXPECT_NE(out.dot.find("components outside any trust boundary: 120 components; 10 more "
                         "components held directly not drawn (above the threshold of 120); "
                         "large diagram: straight edges, shorter layout search"),
            std::string::npos)
      << out.dot.substr(0, 600);
  EXPECT_NE(out.dot.find("nslimit=0.2, nslimit1=0.2, mclimit=0.2, searchsize=20, "
                         "remincross=false, splines=\"line\""),
            std::string::npos);
  auto svg = Render(out.dot, Format::kSvg);
  ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
  EXPECT_EQ(SvgGroups(*svg, "node").size(), 121u);
  // Small parts keep the model's own layout settings.
  EXPECT_EQ(SplitDataFlowDot(SmallModel()).parts[0].dot.find("nslimit"), std::string::npos);
}

TEST(SplitDataFlowDotTest, LargeModelPartsPartitionTheComponents) {
  core::Model m;
  for (int i = 0; i < 2000; ++i) AddComponent(m, "c" + std::to_string(i), ComponentType::kProcess);
  for (int b = 0; b < 19; ++b) {
    std::vector<std::string> members;
    for (int i = b * 100; i < (b + 1) * 100; ++i) members.push_back("c" + std::to_string(i));
    std::vector<std::string> nested;
    if (b % 2 == 0) nested.push_back("b" + std::to_string(b + 1));
    AddBoundary(m, "b" + std::to_string(b), BoundaryType::kNetworkOnPrem, members, nested);
  }
  for (int i = 0; i + 1 < 2000; ++i)
    AddFlow(m, "c" + std::to_string(i), "c" + std::to_string(i + 1));
  EXPECT_TRUE(ExceedsCollapseThreshold(m, 300));
  EXPECT_FALSE(ExceedsCollapseThreshold(m, 0));
  EXPECT_FALSE(ExceedsCollapseThreshold(m, 2000));
  SplitDfd split = SplitDataFlowDot(m);
  ASSERT_EQ(split.parts.size(), 11u);  // 10 top-level boundaries + outside
  std::map<std::string, int> drawn;
  for (const DfdPart& p : split.parts) {
    auto comps = DotIds(p.dot, "component:");
    auto stubs = DotIds(p.dot, "stub:");
    EXPECT_EQ(static_cast<int>(comps.size()), p.components) << p.file_stem;
    EXPECT_EQ(static_cast<int>(stubs.size()), p.stubs) << p.file_stem;
    for (const auto& [id, n] : comps) {
      drawn[id] += n;
      EXPECT_EQ(stubs.count("stub:" + id.substr(10)), 0u) << id << " is both in " << p.file_stem;
    }
  }
  EXPECT_EQ(FindPart(split, "b0")->components, 200);
  EXPECT_EQ(FindPart(split, "b0")->stubs, 1);  // c199 -> c200 leaves; c0 has no predecessor
  EXPECT_EQ(FindPart(split, "b2")->stubs, 2);
  EXPECT_EQ(FindPart(split, "")->components, 100);
  ASSERT_EQ(drawn.size(), 2000u);
  for (const auto& [id, n] : drawn) EXPECT_EQ(n, 1) << id;
  auto svg = Render(FindPart(split, "b4")->dot, Format::kSvg);
  ASSERT_TRUE(svg.has_value()) << svg.error().ToString();
  EXPECT_EQ(SvgGroups(*svg, "node").size(), 202u);
}

TEST(SplitIndexMarkdownTest, ListsOverviewAndParts) {
  core::Model m = SmallModel();
  m.boundaries[0].title = "Cloud [prod]";
  SplitDfd split = SplitDataFlowDot(m);
  EXPECT_EQ(SplitIndexMarkdown(m, split, ".svg"),
            "# Data-flow diagram: Shop \"demo\"\n\n"
            "The model is split by top-level trust boundary: the overview shows each boundary as "
            "one node, and each boundary has its own diagram with its nested boundaries and "
            "components. Components elsewhere that share a flow with a boundary appear there as "
            "dashed stubs.\n\n"
            "## Overview\n\n"
            "![Overview](data-flow-diagram.svg)\n\n"
            "## Trust boundaries\n\n"
            "- [Cloud \\[prod\\]](data-flow-boundary-cloud.svg) `cloud`: 4 components, 1 stub\n"
            "- [Outside any trust boundary](data-flow-outside-boundaries.svg): 1 component, "
            "1 stub\n");
  std::string dot = SplitIndexMarkdown(m, split, ".dot");
  EXPECT_NE(dot.find("\n[Overview](data-flow-diagram.dot)\n"), std::string::npos);
}

}  // namespace
}  // namespace threatpath::diagram
