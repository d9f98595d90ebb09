// Renders the diagrams of the example model and of Threagile's example (a third-party fixture)
// with the engine's risks, RAA and attack paths, and checks that the SVG maps back to the model.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/analysis.h"
#include "catalog/catalog.h"
#include "diagram/diagram.h"
#include "diagram/svg_scan.h"

namespace threatpath::diagram {
namespace {

namespace fs = std::filesystem;
using testutil::SvgGroups;

void CheckModel(const std::string& path) {
  auto loaded = app::LoadModel(path);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  std::unique_ptr<app::Analysis> a = app::Analyze(std::move(*loaded), catalog::Catalog::Builtin());
  const core::Model& m = a->model;

  DfdOptions options;
  options.risks = a->result.risks;
  options.raa = a->result.raa;
  auto svg = Render(DataFlowDot(m, options), Format::kSvg);
  ASSERT_TRUE(svg) << svg.error().ToString();
  auto nodes = SvgGroups(*svg, "node");
  auto edges = SvgGroups(*svg, "edge");
  auto clusters = SvgGroups(*svg, "cluster");
  EXPECT_EQ(nodes.size(), m.components.size());
  for (const core::Component& c : m.components) EXPECT_EQ(nodes["component:" + c.id], 1) << c.id;
  // Invisible edges (diagram tweaks) are not drawn, so only the flows appear.
  EXPECT_EQ(edges.size(), m.flows.size());
  for (const core::Flow& f : m.flows) EXPECT_EQ(edges["flow:" + f.id], 1) << f.id;
  EXPECT_EQ(clusters.size(), m.boundaries.size());
  for (const auto& b : m.boundaries) EXPECT_EQ(clusters["boundary:" + b.id], 1) << b.id;

  auto assets = Render(DataAssetDot(m), Format::kSvg);
  ASSERT_TRUE(assets) << assets.error().ToString();
  auto asset_nodes = SvgGroups(*assets, "node");
  for (const core::DataAsset& d : m.data_assets) {
    EXPECT_EQ(asset_nodes["asset:" + d.id], 1) << d.id;
  }

  ASSERT_FALSE(a->paths.paths.empty());
  auto path_png = Render(AttackPathDot(m, a->paths.paths[0], options), Format::kPng);
  ASSERT_TRUE(path_png) << path_png.error().ToString();

  // Every path drawn on one shared layout is the same as drawn alone.
  std::vector<Figure> figures = AttackPathFigures(m, a->paths.paths, options);
  auto shared = RenderFigures(figures, Format::kSvg);
  ASSERT_TRUE(shared) << shared.error().ToString();
  ASSERT_EQ(shared->size(), a->paths.paths.size());
  for (size_t i = 0; i < a->paths.paths.size(); ++i) {
    EXPECT_EQ(figures[i].dot, figures[0].dot);
    auto alone = Render(AttackPathDot(m, a->paths.paths[i], options), Format::kSvg);
    ASSERT_TRUE(alone) << alone.error().ToString();
    EXPECT_EQ((*shared)[i], *alone) << "path " << i + 1;
  }
}

TEST(DiagramFixtureTest, OnlineShopExample) {
  CheckModel(TP_SOURCE_DIR "/examples/online-shop.yaml");
}

TEST(DiagramFixtureTest, ThreagileExampleV1) {
  fs::path p = fs::path(TP_FIXTURES_DIR) / "threagile/example-v1.yaml";
  if (!fs::exists(p)) GTEST_SKIP() << "fixture " << p << " is absent (../shared/fixtures)";
  CheckModel(p.string());
}

}  // namespace
}  // namespace threatpath::diagram
