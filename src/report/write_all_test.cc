// WriteAll builds one view for all writers, writes risks.xlsx on a second thread and hands the
// files to a sink in pieces: its files must be exactly what the single writers give.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "app/load.h"
#include "graph/flow_graph.h"
#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

struct Fixture {
  core::Model model;
  engine::AnalysisResult analysis;
  graph::AttackPathReport paths;
  std::vector<graph::StridePrompt> prompts;

  Fixture() {
    std::filesystem::path path =
        std::filesystem::path(TP_SOURCE_DIR) / "test/data/report/small/model.yaml";
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto loaded = app::LoadModelText(text.str(), "test/data/report/small/model.yaml");
    EXPECT_TRUE(loaded) << loaded.error().ToString();
    if (!loaded) return;
    model = std::move(loaded->model);
    analysis = engine::Analyze(model, catalog::Catalog::Builtin());
    graph::FlowGraph g(model);
    paths = graph::FindAttackPaths(g);
    prompts = graph::StridePrompts(g);
  }
  AnalysisBundle bundle() const {
    return AnalysisBundle{model, analysis, paths, prompts, catalog::Catalog::Builtin()};
  }
};

TEST(WriteAllTest, SameBytesAsEachWriter) {
  Fixture f;
  AnalysisBundle bundle = f.bundle();
  ASSERT_FALSE(bundle.analysis.risks.empty());

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
    EXPECT_EQ((*all)[i].name, OutputNames()[i]);
    EXPECT_TRUE((*all)[i].bytes == expected[i]) << (*all)[i].name << " differs";
  }
}

// Counts the pieces each file arrives in, and keeps the bytes.
class CountingSink : public OutputSink {
 public:
  struct File {
    std::string name;
    std::string bytes;
    int pieces = 0;
    bool closed = false;
  };
  base::Result<std::unique_ptr<OutputStream>> Open(const std::string& name, bool) override {
    std::lock_guard<std::mutex> lock(mutex);
    files.push_back(std::make_unique<File>(File{name, {}, 0, false}));
    return std::unique_ptr<OutputStream>(new Stream(*files.back()));
  }
  std::mutex mutex;
  std::vector<std::unique_ptr<File>> files;

 private:
  class Stream : public OutputStream {
   public:
    explicit Stream(File& f) : f_(f) {}
    void Write(std::string_view bytes) override {
      EXPECT_FALSE(f_.closed) << f_.name << ": written after Close";
      f_.bytes.append(bytes);
      ++f_.pieces;
    }
    base::Status Close() override {
      f_.closed = true;
      return base::OkStatus();
    }

   private:
    File& f_;
  };
};

TEST(WriteAllTest, OnlyTheWantedFilesAreWritten) {
  Fixture f;
  WriteOptions options;
  options.only = {"risks.csv", "stats.json"};
  options.diagrams = true;  // no report.md wanted, so no diagrams either
  CountingSink sink;
  ASSERT_TRUE(WriteAll(f.bundle(), options, sink));
  ASSERT_EQ(sink.files.size(), 2u);
  EXPECT_EQ(sink.files[0]->name, "stats.json");
  EXPECT_EQ(sink.files[1]->name, "risks.csv");
  EXPECT_TRUE(sink.files[1]->bytes == RisksCsv(f.bundle()));
  for (const auto& file : sink.files) EXPECT_TRUE(file->closed) << file->name;
}

// A large file reaches the sink in pieces of about a megabyte, never whole, with the same bytes.
TEST(WriteAllTest, LargeFilesArriveInPieces) {
  Fixture f;
  std::vector<engine::Risk> many;
  const int copies = static_cast<int>((3u << 20) / (200 * f.analysis.risks.size()) + 1);
  for (int copy = 0; copy < copies; ++copy) {
    for (engine::Risk r : f.analysis.risks) {
      r.synthetic_id += "#" + std::to_string(copy);
      many.push_back(std::move(r));
    }
  }
  engine::AnalysisResult big = f.analysis;
  big.risks = std::move(many);
  AnalysisBundle bundle{f.model, big, f.paths, f.prompts, catalog::Catalog::Builtin()};
  WriteOptions options;
  options.only = {"risks.json", "risks.sarif", "report.md", "risks.csv"};
  CountingSink sink;
  ASSERT_TRUE(WriteAll(bundle, options, sink));
  ASSERT_EQ(sink.files.size(), 4u);
  const std::string expected[] = {RisksJson(bundle), MarkdownReport(bundle), RisksCsv(bundle),
                                  RisksSarif(bundle)};
  for (size_t i = 0; i < 4; ++i) {
    const auto& file = *sink.files[i];
    // More than two pieces' worth, in at least as many pieces as it has whole megabytes.
    EXPECT_GT(file.bytes.size(), 2u << 20) << file.name;
    EXPECT_GE(file.pieces, static_cast<int>(file.bytes.size() >> 20)) << file.name;
    EXPECT_TRUE(file.bytes == expected[i]) << file.name << " differs";
  }
}

// Beyond Excel's row limit the risks continue on further worksheets (here with 7 rows a sheet).
TEST(WriteAllTest, XlsxContinuesOnFurtherWorksheets) {
  Fixture f;
  ASSERT_GT(f.analysis.risks.size(), 14u);
  AnalysisBundle bundle = f.bundle();  // the view keeps a reference to it
  internal::ReportView view(bundle);
  internal::StringStream out;
  ASSERT_TRUE(internal::RisksXlsx(view, out, 7));
  size_t sheets = (f.analysis.risks.size() + 6) / 7;
  // Zip entry names are stored uncompressed.
  for (size_t s = 1; s <= sheets; ++s) {
    std::string entry = "xl/worksheets/sheet" + std::to_string(s) + ".xml";
    EXPECT_NE(out.text.find(entry), std::string::npos) << entry;
  }
  std::string beyond = "xl/worksheets/sheet" + std::to_string(sheets + 1) + ".xml";
  EXPECT_EQ(out.text.find(beyond), std::string::npos);
}

}  // namespace
}  // namespace threatpath::report
