// WriteAll builds one view for all writers and writes risks.xlsx on a second thread: its files
// must be exactly what the single writers give.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/load.h"
#include "graph/flow_graph.h"
#include "report/report.h"

namespace threatpath::report {
namespace {

TEST(WriteAllTest, SameBytesAsEachWriter) {
  std::filesystem::path path =
      std::filesystem::path(TP_SOURCE_DIR) / "test/data/report/small/model.yaml";
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto loaded = app::LoadModelText(text.str(), "test/data/report/small/model.yaml");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  const core::Model& model = loaded->model;
  engine::AnalysisResult analysis = engine::Analyze(model, catalog::Catalog::Builtin());
  graph::FlowGraph g(model);
  graph::AttackPathReport paths = graph::FindAttackPaths(g);
  std::vector<graph::StridePrompt> prompts = graph::StridePrompts(g);
  AnalysisBundle bundle{model, analysis, paths, prompts, catalog::Catalog::Builtin()};

  auto all = WriteAll(bundle);
  ASSERT_TRUE(all) << all.error().ToString();
  auto xlsx = RisksXlsx(bundle);
  ASSERT_TRUE(xlsx) << xlsx.error().ToString();
  std::vector<std::string> expected = {
      RisksJson(bundle),           StatsJson(bundle),
      TechnicalAssetsJson(bundle), AttackPathsJson(bundle),
      MarkdownReport(bundle),      RisksCsv(bundle),
      RisksSarif(bundle),          *xlsx,
  };
  ASSERT_EQ(all->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE((*all)[i].bytes == expected[i]) << (*all)[i].name << " differs";
  }
}

}  // namespace
}  // namespace threatpath::report
