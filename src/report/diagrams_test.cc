// report.md's figures: the diagram files RenderReportDiagrams renders, how report.md shows them,
// and WriteAll with diagrams.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/load.h"
#include "graph/flow_graph.h"
#include "report/report.h"

namespace threatpath::report {
namespace {

struct Analysed {
  core::Model model;
  engine::AnalysisResult analysis;
  graph::AttackPathReport paths;
  std::vector<graph::StridePrompt> prompts;

  AnalysisBundle bundle() const {
    return {model, analysis, paths, prompts, catalog::Catalog::Builtin()};
  }
};

// test/data/report/small: three components, two of them in one boundary, one attack path.
const Analysed& Small() {
  static const Analysed* small = [] {
    auto* a = new Analysed;
    std::filesystem::path path =
        std::filesystem::path(TP_SOURCE_DIR) / "test/data/report/small/model.yaml";
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto loaded = app::LoadModelText(text.str(), "test/data/report/small/model.yaml");
    if (!loaded) {
      ADD_FAILURE() << loaded.error().ToString();
      return a;
    }
    a->model = std::move(loaded->model);
    a->analysis = engine::Analyze(a->model, catalog::Catalog::Builtin());
    graph::FlowGraph g(a->model);
    a->paths = graph::FindAttackPaths(g);
    a->prompts = graph::StridePrompts(g);
    return a;
  }();
  return *small;
}

// Removes the first occurrence of `part` from `text`; fails when it is absent.
std::string Without(std::string text, const std::string& part) {
  size_t at = text.find(part);
  EXPECT_NE(at, std::string::npos) << "missing:\n" << part;
  if (at != std::string::npos) text.erase(at, part.size());
  return text;
}

std::vector<std::string> Names(const std::vector<OutputFile>& files) {
  std::vector<std::string> out;
  for (const OutputFile& f : files) out.push_back(f.name);
  return out;
}

TEST(MarkdownFiguresTest, DiagramSectionsAndAttackPathImages) {
  AnalysisBundle b = Small().bundle();
  ASSERT_EQ(b.paths.paths.size(), 1u);
  MarkdownFigures figures;
  figures.data_flow = "data-flow-diagram.svg";
  figures.data_asset = "data-asset-diagram.svg";
  figures.attack_paths = {"attack-path-1.svg"};
  const std::string plain = MarkdownReport(b);
  EXPECT_EQ(MarkdownReport(b, {}), plain);
  std::string md = MarkdownReport(b, figures);
  const std::string sections =
      "## Data-flow diagram\n\n"
      "![Data-flow diagram](data-flow-diagram.svg)\n\n"
      "## Data-asset diagram\n\n"
      "![Data-asset diagram](data-asset-diagram.svg)\n\n";
  EXPECT_NE(md.find("(0) |\n\n" + sections + "## Risks by category\n"), std::string::npos) << md;
  const std::string path_image =
      "\n  ![Attack path 1: Web app \\*main\\* → Ticket DB (primary)](attack-path-1.svg)\n";
  EXPECT_NE(md.find("  - reach db, which stores accounts\n" + path_image +
                    "\n## STRIDE review prompts\n"),
            std::string::npos)
      << md;
  const std::string legend =
      "The figures draw each route on the data-flow diagram: its flows bold and red, its "
      "components outlined in red, the origin filled red and the target purple.\n\n";
  EXPECT_NE(md.find("## Attack paths\n\n" + legend + "Attackers start at:"), std::string::npos);
  // Nothing else changes.
  EXPECT_EQ(Without(Without(Without(md, sections), path_image), legend), plain);
}

TEST(MarkdownFiguresTest, SplitDiagramListsTheBoundaries) {
  AnalysisBundle b = Small().bundle();
  MarkdownFigures figures;
  figures.data_flow = "data-flow-diagram.svg";
  figures.data_flow_parts = {
      {"Backend [net]", "backend", "data-flow-boundary-backend.svg", 2},
      {"Outside any trust boundary", "", "data-flow-outside-boundaries.svg", 1},
  };
  std::string md = MarkdownReport(b, figures);
  EXPECT_NE(
      md.find("## Data-flow diagram\n\n"
              "The model is large, so the diagram shows each top-level trust boundary as one "
              "node; each boundary has its own diagram below (its nested boundaries collapsed in "
              "turn when it is large too), with the components it exchanges data with elsewhere "
              "as dashed stubs.\n\n"
              "![Data-flow diagram: overview](data-flow-diagram.svg)\n\n"
              "- [Backend \\[net\\]](data-flow-boundary-backend.svg) `backend`: 2 components\n"
              "- [Outside any trust boundary](data-flow-outside-boundaries.svg): 1 component\n\n"
              "## Risks by category\n"),
      std::string::npos)
      << md;
  EXPECT_EQ(md.find("## Data-asset diagram"), std::string::npos);
  EXPECT_EQ(md.find("](attack-path"), std::string::npos);
}

TEST(MarkdownFiguresTest, DestinationsAreEncoded) {
  MarkdownFigures figures;
  figures.data_asset = "a b(1)\n<x>.svg";
  std::string md = MarkdownReport(Small().bundle(), figures);
  EXPECT_NE(md.find("![Data-asset diagram](a%20b%281%29%0A%3Cx%3E.svg)\n"), std::string::npos);
}

TEST(RenderReportDiagramsTest, SmallModel) {
  WriteOptions options;
  auto d = RenderReportDiagrams(Small().bundle(), options);
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(Names(d->files),
            (std::vector<std::string>{"data-flow-diagram.svg", "data-asset-diagram.svg",
                                      "attack-path-1.svg"}));
  for (const OutputFile& f : d->files) {
    EXPECT_TRUE(f.figure) << f.name;
    EXPECT_EQ(f.bytes.rfind("<?xml", 0), 0u) << f.name;
    EXPECT_NE(f.bytes.find("</svg>"), std::string::npos) << f.name;
  }
  EXPECT_NE(d->files[0].bytes.find("id=\"component:web\""), std::string::npos);
  EXPECT_NE(d->files[0].bytes.find("risk: "), std::string::npos);  // badges
  EXPECT_NE(d->files[1].bytes.find("id=\"asset:accounts\""), std::string::npos);
  EXPECT_NE(d->files[2].bytes.find("xlink:title=\"attack target: "), std::string::npos);
  EXPECT_EQ(d->figures.data_flow, "data-flow-diagram.svg");
  EXPECT_TRUE(d->figures.data_flow_parts.empty());
  EXPECT_EQ(d->figures.data_asset, "data-asset-diagram.svg");
  EXPECT_EQ(d->figures.attack_paths, std::vector<std::string>{"attack-path-1.svg"});

  options.max_attack_path_diagrams = 0;
  auto none = RenderReportDiagrams(Small().bundle(), options);
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_EQ(none->files.size(), 2u);
  EXPECT_TRUE(none->figures.attack_paths.empty());
}

// Above the threshold the data-flow diagram becomes the overview plus one file per top-level
// boundary (and one for the components in none).
TEST(RenderReportDiagramsTest, SplitAboveTheThreshold) {
  WriteOptions options;
  options.collapse_threshold = 2;
  auto d = RenderReportDiagrams(Small().bundle(), options);
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(Names(d->files),
            (std::vector<std::string>{"data-flow-diagram.svg", "data-flow-boundary-backend.svg",
                                      "data-flow-outside-boundaries.svg", "data-asset-diagram.svg",
                                      "attack-path-1.svg"}));
  ASSERT_EQ(d->figures.data_flow_parts.size(), 2u);
  EXPECT_EQ(d->figures.data_flow_parts[0].title, "Backend network");
  EXPECT_EQ(d->figures.data_flow_parts[0].boundary_id, "backend");
  EXPECT_EQ(d->figures.data_flow_parts[0].file, "data-flow-boundary-backend.svg");
  EXPECT_EQ(d->figures.data_flow_parts[0].components, 2);
  EXPECT_EQ(d->figures.data_flow_parts[1].boundary_id, "");
  EXPECT_EQ(d->figures.data_flow_parts[1].components, 1);
  const std::string& overview = d->files[0].bytes;
  EXPECT_NE(overview.find("xlink:href=\"data-flow-boundary-backend.svg\""), std::string::npos);
  EXPECT_EQ(overview.find("id=\"component:"), std::string::npos);
  EXPECT_NE(d->files[1].bytes.find("id=\"stub:browser\""), std::string::npos);
  // The attack path is drawn collapsed too.
  EXPECT_EQ(d->files[4].bytes.find("id=\"component:"), std::string::npos);
}

TEST(WriteAllTest, DiagramsFollowTheEightFilesAndOnlyReportMdChanges) {
  AnalysisBundle b = Small().bundle();
  auto plain = WriteAll(b);
  ASSERT_TRUE(plain) << plain.error().ToString();
  WriteOptions options;
  options.diagrams = true;
  auto with = WriteAll(b, options);
  ASSERT_TRUE(with) << with.error().ToString();
  auto again = WriteAll(b, options);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(Names(*with),
            (std::vector<std::string>{"risks.json", "stats.json", "technical-assets.json",
                                      "attack-paths.json", "report.md", "risks.csv", "risks.sarif",
                                      "risks.xlsx", "data-flow-diagram.svg",
                                      "data-asset-diagram.svg", "attack-path-1.svg"}));
  ASSERT_EQ(plain->size(), 8u);
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_FALSE((*with)[i].figure);
    if ((*with)[i].name == "report.md") continue;
    EXPECT_TRUE((*with)[i].bytes == (*plain)[i].bytes) << (*with)[i].name;
  }
  auto d = RenderReportDiagrams(b, options);
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ((*with)[4].bytes, MarkdownReport(b, d->figures));
  ASSERT_EQ(again->size(), with->size());
  for (size_t i = 0; i < with->size(); ++i) {
    EXPECT_TRUE((*with)[i].bytes == (*again)[i].bytes) << (*with)[i].name << " differs";
  }
}

}  // namespace
}  // namespace threatpath::report
