// Tests of report.html on the small model of the report tests (test/data/report/small/): every
// section is present, each risk appears once in the risk table, nothing is fetched from the
// network, model text is escaped, output is deterministic and roughly well-formed.

#include "report/html.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/load.h"
#include "graph/flow_graph.h"

namespace threatpath::report {
namespace {

namespace fs = std::filesystem;

struct HtmlAnalysed {
  core::Model model;
  engine::AnalysisResult analysis;
  graph::AttackPathReport paths;
  std::vector<graph::StridePrompt> prompts;

  AnalysisBundle bundle() const {
    return {model, analysis, paths, prompts, catalog::Catalog::Builtin()};
  }
  void Analyse() {
    analysis = engine::Analyze(model, catalog::Catalog::Builtin());
    graph::FlowGraph g(model);
    paths = graph::FindAttackPaths(g);
    prompts = graph::StridePrompts(g);
  }
};

// The small model, optionally with another title (before analysis, so risks see it too).
HtmlAnalysed LoadSmall(const std::string* title = nullptr) {
  HtmlAnalysed a;
  std::ifstream in(fs::path(TP_SOURCE_DIR) / "test/data/report/small/model.yaml", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto loaded = app::LoadModelText(ss.str(), "test/data/report/small/model.yaml");
  if (!loaded) {
    ADD_FAILURE() << loaded.error().ToString();
    return a;
  }
  a.model = std::move(loaded->model);
  if (title != nullptr) a.model.meta.title = *title;
  a.Analyse();
  return a;
}

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

std::string Escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The text between the risk table's opening tag and its end.
std::string_view RiskTable(std::string_view html) {
  size_t start = html.find("<table id=\"risk-table\">");
  if (start == std::string_view::npos) return {};
  size_t end = html.find("</table>", start);
  return html.substr(start, end - start);
}

TEST(HtmlReportTest, HasEverySection) {
  HtmlAnalysed a = LoadSmall();
  std::string html = HtmlReport(a.bundle());
  for (const char* id : {"summary", "data-flow-diagram", "data-assets", "components", "risks",
                         "attack-paths", "assumptions", "mitigations", "stride-prompts"}) {
    EXPECT_NE(html.find("<section id=\"" + std::string(id) + "\""), std::string::npos) << id;
  }
  EXPECT_NE(html.find("id=\"heat-map\""), std::string::npos);
  EXPECT_NE(html.find("<main id=\"main\">"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u);
}

TEST(HtmlReportTest, EveryRiskOnceInTheTable) {
  HtmlAnalysed a = LoadSmall();
  ASSERT_FALSE(a.analysis.risks.empty());
  std::string html = HtmlReport(a.bundle());
  std::string_view table = RiskTable(html);
  ASSERT_FALSE(table.empty());
  for (const engine::Risk& r : a.analysis.risks) {
    EXPECT_EQ(Count(table, "<code>" + Escaped(r.synthetic_id) + "</code>"), 1u) << r.synthetic_id;
  }
  EXPECT_EQ(Count(table, "<tr data-severity="), a.analysis.risks.size());
}

TEST(HtmlReportTest, FetchesNothingFromTheNetwork) {
  HtmlAnalysed a = LoadSmall();
  std::string html = HtmlReport(a.bundle());
  for (const char* bad : {"src=\"http://", "src=\"https://", "href=\"http://", "href=\"https://",
                          "src='http", "href='http", "url(http", "@import", "<link"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
}

TEST(HtmlReportTest, EscapesHostileText) {
  std::string title = "<script>alert(1)</script> & <b>bold</b>";
  HtmlAnalysed a = LoadSmall(&title);
  std::string html = HtmlReport(a.bundle());
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
                      "</h1>"),
            std::string::npos);
  // The page's own script is the only one.
  EXPECT_EQ(Count(html, "<script>"), 1u);
}

TEST(HtmlReportTest, IsDeterministic) {
  HtmlAnalysed a = LoadSmall();
  HtmlAnalysed b = LoadSmall();
  EXPECT_EQ(HtmlReport(a.bundle()), HtmlReport(b.bundle()));
}

TEST(HtmlReportTest, IsRoughlyWellFormed) {
  HtmlAnalysed a = LoadSmall();
  std::string html = HtmlReport(a.bundle());
  for (const char* tag : {"table", "section", "tr", "thead", "tbody", "select", "form", "ol", "ul",
                          "article", "figure", "caption"}) {
    std::string open = "<" + std::string(tag);
    size_t opens = Count(html, open + ">") + Count(html, open + " ");
    EXPECT_EQ(opens, Count(html, "</" + std::string(tag) + ">")) << tag;
  }
  EXPECT_EQ(Count(html, "<caption>"), Count(html, "<table"));
  EXPECT_EQ(Count(html, "<section"), 9u);
}

TEST(HtmlReportTest, InlinesDiagramsWithoutProlog) {
  HtmlAnalysed a = LoadSmall();
  HtmlOptions options;
  options.data_flow_svg =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
      "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<!-- comment -->\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><g id=\"graph0\"></g></svg>\n";
  std::string html = HtmlReport(a.bundle(), options);
  EXPECT_EQ(html.find("<?xml"), std::string::npos);
  EXPECT_EQ(html.find("DOCTYPE svg"), std::string::npos);
  EXPECT_NE(html.find("<g id=\"dfd-graph0\"></g></svg>"), std::string::npos);
}

TEST(HtmlReportTest, RendersDiagramsItself) {
  HtmlAnalysed a = LoadSmall();
  base::Result<std::string> html = HtmlReportWithDiagrams(a.bundle());
  ASSERT_TRUE(html) << html.error().ToString();
  std::string_view text = *html;
  size_t diagram = text.find("<section id=\"data-flow-diagram\"");
  ASSERT_NE(diagram, std::string_view::npos);
  EXPECT_NE(text.find("<svg", diagram), std::string_view::npos);
  EXPECT_EQ(Count(text, "<svg"), 1 + a.paths.paths.size());
  EXPECT_EQ(text.find("<?xml"), std::string_view::npos);
  EXPECT_EQ(text.find("href=\"http"), std::string_view::npos);
}

}  // namespace
}  // namespace threatpath::report
