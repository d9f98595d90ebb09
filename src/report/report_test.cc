// Tests of the report writers: golden files for a small model (test/data/report/small/), exact
// field names, CSV quoting, SARIF structure, XLSX safety and determinism. After an intended
// change, run `TP_REBASELINE=1 tp_report_test` and review the diff of test/data/report/.

#include "report/report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/load.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Rebaseline() {
  const char* v = std::getenv("TP_REBASELINE");
  return v != nullptr && std::string(v) == "1";
}

void CheckGolden(const std::string& actual, const std::string& case_name, const std::string& file) {
  fs::path p = fs::path(TP_SOURCE_DIR) / "test/data/report" / case_name / "expected" / file;
  if (Rebaseline()) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(p)) << p << " is missing; run with TP_REBASELINE=1 to write it";
  EXPECT_EQ(actual, ReadFile(p)) << p << " differs; run with TP_REBASELINE=1 and review the diff";
}

// A model with everything the writers need, analysed the way the app layer does it.
struct Analysed {
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

// The small model, read under a relative display name so that golden files do not depend on
// where the repository is.
const Analysed& Small() {
  static const Analysed* small = [] {
    auto* a = new Analysed;
    std::string text = ReadFile(fs::path(TP_SOURCE_DIR) / "test/data/report/small/model.yaml");
    auto loaded = app::LoadModelText(text, "test/data/report/small/model.yaml");
    if (!loaded) {
      ADD_FAILURE() << loaded.error().ToString();
      return a;
    }
    a->model = std::move(loaded->model);
    a->Analyse();
    return a;
  }();
  return *small;
}

const std::vector<std::string> kRiskFields = {
    "category",
    "risk_status",
    "severity",
    "exploitation_likelihood",
    "exploitation_impact",
    "title",
    "synthetic_id",
    "most_relevant_data_asset",
    "most_relevant_technical_asset",
    "most_relevant_trust_boundary",
    "most_relevant_shared_runtime",
    "most_relevant_communication_link",
    "data_breach_probability",
    "data_breach_technical_assets",
    "stride",
    "cwe",
    "explanation",
    "location",
};

// Keys of a JSON object in written order (nlohmann::json sorts, so read the text instead).
std::vector<std::string> KeysInOrder(const std::string& object_text) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(object_text);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  return keys;
}

// A minimal RFC 4180 reader for the tests: records of fields, CRLF-terminated.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  size_t i = 0;
  bool quoted = false;
  while (i < text.size()) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        i += 2;
      } else if (c == '"') {
        quoted = false;
        ++i;
      } else {
        field += c;
        ++i;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
      ++i;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      ++i;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      i += 2;
    } else {
      EXPECT_NE(c, '\n') << "bare LF outside quotes at byte " << i;
      EXPECT_NE(c, '"') << "quote inside an unquoted field at byte " << i;
      field += c;
      ++i;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(field.empty() && row.empty()) << "last record not terminated by CRLF";
  return rows;
}

// --- Golden files --------------------------------------------------------------------------

TEST(ReportGoldenTest, SmallModel) {
  const Analysed& a = Small();
  ASSERT_FALSE(a.analysis.risks.empty());
  AnalysisBundle b = a.bundle();
  CheckGolden(RisksJson(b), "small", "risks.json");
  CheckGolden(StatsJson(b), "small", "stats.json");
  CheckGolden(TechnicalAssetsJson(b), "small", "technical-assets.json");
  CheckGolden(AttackPathsJson(b), "small", "attack-paths.json");
  CheckGolden(MarkdownReport(b), "small", "report.md");
  CheckGolden(RisksCsv(b), "small", "risks.csv");
  CheckGolden(RisksSarif(b), "small", "risks.sarif");
}

TEST(ReportGoldenTest, EveryOutputIsDeterministic) {
  const Analysed& a = Small();
  auto first = WriteAll(a.bundle());
  ASSERT_TRUE(first) << first.error().ToString();
  // A second analysis of the same model, not just a second write of the same objects.
  Analysed again;
  again.model = a.model;
  again.Analyse();
  auto second = WriteAll(again.bundle());
  ASSERT_TRUE(second) << second.error().ToString();
  ASSERT_EQ(first->size(), 8u);
  ASSERT_EQ(first->size(), second->size());
  for (size_t i = 0; i < first->size(); ++i) {
    EXPECT_EQ((*first)[i].name, (*second)[i].name);
    EXPECT_TRUE((*first)[i].bytes == (*second)[i].bytes) << (*first)[i].name << " differs";
    EXPECT_FALSE((*first)[i].bytes.empty()) << (*first)[i].name;
  }
  std::vector<std::string> names;
  for (const OutputFile& f : *first) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"risks.json", "stats.json", "technical-assets.json",
                                             "attack-paths.json", "report.md", "risks.csv",
                                             "risks.sarif", "risks.xlsx"}));
}

// --- risks.json ------------------------------------------------------------------------------

TEST(RisksJsonTest, FieldNamesAreThreagilesPlusOurs) {
  std::string text = RisksJson(Small().bundle());
  Json risks = Json::parse(text);
  ASSERT_TRUE(risks.is_array());
  ASSERT_EQ(risks.size(), Small().analysis.risks.size());
  nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(text);
  for (const auto& r : ordered) {
    std::vector<std::string> keys;
    for (auto it = r.begin(); it != r.end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys, kRiskFields);
  }
}

TEST(RisksJsonTest, EmptyValuesAndTypes) {
  Json risks = Json::parse(RisksJson(Small().bundle()));
  bool saw_custom = false;
  for (const Json& r : risks) {
    // Threagile writes empty ids as "" and the breach list as an array, never null.
    for (const char* key : {"most_relevant_data_asset", "most_relevant_technical_asset",
                            "most_relevant_trust_boundary", "most_relevant_shared_runtime",
                            "most_relevant_communication_link"}) {
      EXPECT_TRUE(r[key].is_string()) << key;
    }
    EXPECT_TRUE(r["data_breach_technical_assets"].is_array());
    EXPECT_TRUE(r["cwe"].is_number_integer());
    EXPECT_FALSE(r["explanation"].get<std::string>().empty());
    EXPECT_EQ(r["explanation"].get<std::string>().find('\n'), std::string::npos);
    if (r["category"] == "hand-written" && r["most_relevant_technical_asset"] == "web") {
      saw_custom = true;
      EXPECT_EQ(r["risk_status"], "mitigated");
      EXPECT_EQ(r["stride"], "tampering");
      EXPECT_EQ(r["cwe"], 840);
      EXPECT_EQ(r["data_breach_technical_assets"], Json::array({"db", "web"}));
      EXPECT_EQ(r["location"]["file"], "test/data/report/small/model.yaml");
      EXPECT_EQ(r["location"]["line"], 34);  // the `web:` component key
      EXPECT_EQ(r["location"]["column"], 3);
    }
  }
  EXPECT_TRUE(saw_custom);
}

TEST(RisksJsonTest, EmptyModel) {
  Analysed a;
  AnalysisBundle b = a.bundle();  // not even analysed: no risks, no paths, no prompts
  EXPECT_EQ(RisksJson(b), "[]\n");
  EXPECT_EQ(TechnicalAssetsJson(b), "{}\n");
  auto all = WriteAll(b);
  ASSERT_TRUE(all) << all.error().ToString();
  // Analysed, an empty model still has a risk about the model as a whole (missing vault).
  a.Analyse();
  Json risks = Json::parse(RisksJson(a.bundle()));
  ASSERT_TRUE(risks.is_array());
  for (const Json& r : risks) EXPECT_TRUE(r["location"].is_null());
  EXPECT_TRUE(WriteAll(a.bundle()));
}

TEST(RisksJsonTest, InvalidUtf8DoesNotThrow) {
  Analysed a;
  core::Component c;
  c.id = "x";
  c.title = "bad \xC3\x28 utf8 \xFF";
  c.multi_tenant = true;
  a.model.components.push_back(c);
  a.Analyse();
  engine::Risk r;
  r.category = "made-up";
  r.title = "t\xE2\x82";
  r.synthetic_id = "made-up@x";
  r.component = "x";
  a.analysis.risks.push_back(r);
  engine::Risk control = r;
  control.title = "tab\t \"quote\" back\\slash \x01\x1f\b\f\r\n";
  a.analysis.risks.push_back(control);
  AnalysisBundle b = a.bundle();
  std::string json = RisksJson(b);
  Json parsed = Json::parse(json);  // valid UTF-8 JSON
  EXPECT_EQ(parsed[parsed.size() - 2]["title"], "t\xEF\xBF\xBD");
  EXPECT_EQ(parsed.back()["title"], control.title);
  EXPECT_NE(json.find("\\u0001\\u001f\\b\\f\\r\\n"), std::string::npos);
  EXPECT_NO_THROW(Json::parse(TechnicalAssetsJson(b)));
  EXPECT_NO_THROW(Json::parse(RisksSarif(b)));
  EXPECT_TRUE(RisksXlsx(b));
  EXPECT_FALSE(MarkdownReport(b).empty());
}

TEST(ValidUtf8Test, ReplacesMaximalSubparts) {
  const std::string kBad = "\xEF\xBF\xBD";
  EXPECT_EQ(internal::ValidUtf8("plain \xC3\xA9 \xF0\x9F\x98\x80"),
            "plain \xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(internal::ValidUtf8("\xC3\x28"), kBad + "(");
  EXPECT_EQ(internal::ValidUtf8("t\xE2\x82"), "t" + kBad);             // truncated: one replacement
  EXPECT_EQ(internal::ValidUtf8("\xC0\xAF"), kBad + kBad);             // overlong
  EXPECT_EQ(internal::ValidUtf8("\xED\xA0\x80"), kBad + kBad + kBad);  // surrogate
  EXPECT_EQ(internal::ValidUtf8("\xF4\x90\x80\x80"), kBad + kBad + kBad + kBad);  // > U+10FFFF
  EXPECT_EQ(internal::ValidUtf8("\xFF"), kBad);
}

// --- stats.json and technical-assets.json ----------------------------------------------------

TEST(StatsJsonTest, ThreagileShape) {
  std::string text = StatsJson(Small().bundle());
  Json stats = Json::parse(text);
  ASSERT_EQ(stats.size(), 1u);
  const Json& risks = stats["risks"];
  EXPECT_EQ(KeysInOrder(nlohmann::ordered_json::parse(text)["risks"].dump()),
            (std::vector<std::string>{"critical", "elevated", "high", "low", "medium"}));
  int total = 0;
  for (const auto& [severity, statuses] : risks.items()) {
    std::set<std::string> names;
    for (const auto& [status, count] : statuses.items()) {
      names.insert(status);
      total += count.get<int>();
    }
    EXPECT_EQ(names, (std::set<std::string>{"unchecked", "in-discussion", "accepted", "in-progress",
                                            "mitigated", "false-positive"}))
        << severity;
  }
  EXPECT_EQ(total, static_cast<int>(Small().analysis.risks.size()));
  EXPECT_EQ(risks["high"]["mitigated"], 1);  // the hand-written risk tracked as mitigated
}

TEST(TechnicalAssetsJsonTest, ThreagileShape) {
  Json assets = Json::parse(TechnicalAssetsJson(Small().bundle()));
  ASSERT_EQ(assets.size(), 3u);
  const Json& web = assets["web"];
  EXPECT_EQ(web["Id"], "web");
  EXPECT_EQ(web["Title"], "Web app *main*");
  EXPECT_EQ(web["Type"], 1);        // process
  EXPECT_EQ(web["Technology"], 7);  // web-application in Threagile 0.9.x's list
  EXPECT_EQ(web["Machine"], 1);     // virtual
  EXPECT_EQ(web["Confidentiality"], 3);
  EXPECT_EQ(web["DataFormatsAccepted"], Json::array({0}));
  ASSERT_EQ(web["CommunicationLinks"].size(), 1u);
  EXPECT_EQ(web["CommunicationLinks"][0]["Id"], "web>db");
  EXPECT_EQ(web["CommunicationLinks"][0]["TargetId"], "db");
  EXPECT_EQ(web["CommunicationLinks"][0]["Protocol"], 8);  // jdbc
  EXPECT_TRUE(web["RAA"].is_number());
  EXPECT_TRUE(assets["browser"]["CommunicationLinks"].is_array());
  EXPECT_EQ(assets["browser"]["Technology"], 2);
  EXPECT_EQ(assets["db"]["Type"], 2);
}

// --- attack-paths.json -----------------------------------------------------------------------

TEST(AttackPathsJsonTest, Shape) {
  Json j = Json::parse(AttackPathsJson(Small().bundle()));
  EXPECT_EQ(j["truncated"], false);
  ASSERT_FALSE(j["paths"].empty());
  const Json& p = j["paths"][0];
  for (const char* key :
       {"data_asset", "origin", "target", "target_stores", "cost", "origin_reasons", "components",
        "hops", "weakness_summary", "explanation"}) {
    EXPECT_TRUE(p.contains(key)) << key;
  }
  ASSERT_FALSE(p["hops"].empty());
  for (const char* key :
       {"flow", "from", "to", "cost", "weaknesses", "refuted_assumptions", "explanation"}) {
    EXPECT_TRUE(p["hops"][0].contains(key)) << key;
  }
  EXPECT_EQ(j["origins"][0]["component"], "browser");
  EXPECT_EQ(j["origins"][0]["reasons"], Json::array({"internet-facing", "external-entity",
                                                     "human-client", "outside-boundaries"}));
  // The refuted assumption on the database shows on the hop into it.
  bool refuted = false;
  for (const Json& path : j["paths"]) {
    for (const Json& hop : path["hops"]) {
      if (hop["flow"] == "web>db") {
        refuted = true;
        EXPECT_EQ(hop["refuted_assumptions"], Json::array({"db-private"}));
        EXPECT_NE(
            std::find(hop["weaknesses"].begin(), hop["weaknesses"].end(), "refuted-assumption"),
            hop["weaknesses"].end());
      }
    }
  }
  EXPECT_TRUE(refuted);
}

// --- risks.csv -------------------------------------------------------------------------------

TEST(RisksCsvTest, HeaderAndOneRowPerRisk) {
  std::string csv = RisksCsv(Small().bundle());
  auto rows = ParseCsv(csv);
  ASSERT_EQ(rows.size(), Small().analysis.risks.size() + 1);
  std::vector<std::string> expected_header;
  for (std::string_view c : internal::TableColumns()) expected_header.emplace_back(c);
  EXPECT_EQ(rows[0], expected_header);
  for (const auto& row : rows) EXPECT_EQ(row.size(), expected_header.size());
  // The header has Threagile's names, then ours.
  EXPECT_EQ(expected_header[0], "category");
  EXPECT_EQ(expected_header[14], "stride");
  EXPECT_EQ(expected_header[15], "cwe");
}

TEST(RisksCsvTest, QuotesCommasQuotesAndNewlines) {
  Analysed a;
  a.model.files = {"m.yaml"};
  engine::Risk r;
  r.category = "c";
  r.title = "a, \"b\"\nc\r\nd";
  r.synthetic_id = "c@x";
  a.analysis.risks.push_back(r);
  engine::Risk formula = r;
  formula.title = "=1+2";
  formula.synthetic_id = "c@y";
  a.analysis.risks.push_back(formula);
  engine::Risk plain = r;
  plain.title = "plain";
  a.analysis.risks.push_back(plain);
  std::string csv = RisksCsv(a.bundle());
  EXPECT_NE(csv.find("\"a, \"\"b\"\"\nc\r\nd\""), std::string::npos) << csv;
  auto rows = ParseCsv(csv);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1][5], "a, \"b\"\nc\r\nd");
  EXPECT_EQ(rows[2][5], "'=1+2");  // defused for spreadsheets
  EXPECT_EQ(rows[3][5], "plain");
  EXPECT_NE(csv.find(",plain,"), std::string::npos);  // unquoted when nothing needs quoting
}

// --- risks.sarif -----------------------------------------------------------------------------

// Checks the properties SARIF 2.1.0 requires (and the ones code-scanning services rely on).
void ValidateSarif(const Json& s, size_t expected_results) {
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s["version"], "2.1.0");
  EXPECT_EQ(s["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_TRUE(s["runs"].is_array());
  ASSERT_EQ(s["runs"].size(), 1u);
  const Json& run = s["runs"][0];
  ASSERT_TRUE(run["tool"]["driver"].is_object());
  EXPECT_EQ(run["tool"]["driver"]["name"], "threatpath");
  const Json& rules = run["tool"]["driver"]["rules"];
  ASSERT_TRUE(rules.is_array());
  std::set<std::string> rule_ids;
  for (const Json& rule : rules) {
    ASSERT_TRUE(rule["id"].is_string());
    EXPECT_TRUE(rule_ids.insert(rule["id"].get<std::string>()).second) << "duplicate rule id";
    for (const char* key : {"shortDescription", "fullDescription", "help"}) {
      ASSERT_TRUE(rule[key]["text"].is_string()) << key;
      EXPECT_FALSE(rule[key]["text"].get<std::string>().empty()) << key;
    }
    ASSERT_TRUE(rule["properties"]["security-severity"].is_string());
    double score = std::stod(rule["properties"]["security-severity"].get<std::string>());
    EXPECT_GT(score, 0.0);
    EXPECT_LE(score, 10.0);
    EXPECT_TRUE(rule["properties"]["tags"].is_array());
  }
  ASSERT_TRUE(run["results"].is_array());
  EXPECT_EQ(run["results"].size(), expected_results);
  const std::set<std::string> levels = {"none", "note", "warning", "error"};
  for (const Json& res : run["results"]) {
    ASSERT_TRUE(res["message"]["text"].is_string());  // required
    EXPECT_FALSE(res["message"]["text"].get<std::string>().empty());
    ASSERT_TRUE(res["ruleId"].is_string());
    EXPECT_TRUE(rule_ids.count(res["ruleId"].get<std::string>()));
    ASSERT_TRUE(res["ruleIndex"].is_number_integer());
    int index = res["ruleIndex"].get<int>();
    ASSERT_GE(index, 0);
    ASSERT_LT(static_cast<size_t>(index), rules.size());
    EXPECT_EQ(rules[index]["id"], res["ruleId"]);
    EXPECT_TRUE(levels.count(res["level"].get<std::string>()));
    ASSERT_TRUE(res["locations"].is_array());
    for (const Json& loc : res["locations"]) {
      const Json& phys = loc["physicalLocation"];
      ASSERT_TRUE(phys["artifactLocation"]["uri"].is_string());
      EXPECT_FALSE(phys["artifactLocation"]["uri"].get<std::string>().empty());
      ASSERT_TRUE(phys["region"]["startLine"].is_number_integer());
      EXPECT_GE(phys["region"]["startLine"].get<int>(), 1);
      if (phys["region"].contains("startColumn")) {
        EXPECT_GE(phys["region"]["startColumn"].get<int>(), 1);
      }
    }
    ASSERT_TRUE(res["partialFingerprints"].is_object());
    for (const auto& [k, v] : res["partialFingerprints"].items()) EXPECT_TRUE(v.is_string()) << k;
    if (res.contains("suppressions")) {
      for (const Json& sup : res["suppressions"]) {
        EXPECT_TRUE(sup["kind"] == "inSource" || sup["kind"] == "external");
      }
    }
  }
}

TEST(RisksSarifTest, Structure) {
  const Analysed& a = Small();
  Json s = Json::parse(RisksSarif(a.bundle()));
  ValidateSarif(s, a.analysis.risks.size());
  const Json& results = s["runs"][0]["results"];
  bool suppressed = false;
  for (const Json& res : results) {
    EXPECT_EQ(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              "test/data/report/small/model.yaml");
    EXPECT_EQ(res["partialFingerprints"]["threatpathSyntheticId/v1"],
              res["properties"]["synthetic_id"]);
    if (res["properties"]["risk_status"] == "mitigated") {
      suppressed = true;
      EXPECT_EQ(res["suppressions"][0]["justification"], "Fixed in release 2.3, \"verified\".");
    }
  }
  EXPECT_TRUE(suppressed);
}

TEST(RisksSarifTest, LevelsAndUris) {
  Analysed a;
  a.model.files = {"dir with space/C#.yaml"};
  for (auto sev :
       {core::RiskSeverity::kCritical, core::RiskSeverity::kElevated, core::RiskSeverity::kLow}) {
    engine::Risk r;
    r.category = "missing-authentication";
    r.severity = sev;
    r.title = "t";
    r.synthetic_id = "s" + std::to_string(static_cast<int>(sev));
    a.analysis.risks.push_back(r);
  }
  Json s = Json::parse(RisksSarif(a.bundle()));
  ValidateSarif(s, 3);
  const Json& results = s["runs"][0]["results"];
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[1]["level"], "warning");
  EXPECT_EQ(results[2]["level"], "note");
  // No element location: the top of the model file, percent-encoded.
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "dir%20with%20space/C%23.yaml");
  const Json& rule = s["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["properties"]["security-severity"], "9.5");  // the category's highest
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rule["properties"]["tags"],
            Json::array({"security", "stride/elevation-of-privilege", "external/cwe/cwe-306"}));
}

// --- risks.xlsx ------------------------------------------------------------------------------

TEST(RisksXlsxTest, SafeSheetName) {
  EXPECT_EQ(SafeSheetName("a/b:c*d?[e]"), "a_b_c_d__e_");
  EXPECT_EQ(SafeSheetName(""), "Risks");
  EXPECT_EQ(SafeSheetName("''"), "Risks");
  EXPECT_EQ(SafeSheetName("History"), "Risks");
  EXPECT_EQ(SafeSheetName("'quoted'"), "quoted");
  EXPECT_EQ(SafeSheetName("tab\there"), "tab_here");
  EXPECT_EQ(SafeSheetName(std::string(100, 'x')), std::string(31, 'x'));
  // 31 characters, not bytes: "é" is two bytes.
  std::string accented;
  for (int i = 0; i < 40; ++i) accented += "\xC3\xA9";
  std::string cut = SafeSheetName(accented);
  EXPECT_EQ(cut.size(), 62u);
  EXPECT_EQ(SafeSheetName("bad \xFF"), "bad \xEF\xBF\xBD");
}

TEST(RisksXlsxTest, HostileTitlesOpenAndAreDeterministic) {
  for (std::string title : {std::string("a/b:c*d?[e]"), std::string(100, 'T'),
                            std::string("'History'"), std::string("\xFF\xFE"), std::string()}) {
    Analysed a;
    a.model = Small().model;
    a.model.meta.title = title;
    a.Analyse();
    auto first = RisksXlsx(a.bundle());
    ASSERT_TRUE(first) << first.error().ToString();
    ASSERT_GE(first->size(), 4u);
    EXPECT_EQ(first->substr(0, 2), "PK") << "not a zip file for title '" << title << "'";
    auto second = RisksXlsx(a.bundle());
    ASSERT_TRUE(second);
    EXPECT_TRUE(*first == *second) << "not deterministic for title '" << title << "'";
  }
}

TEST(RisksXlsxTest, LongCellsAndControlCharacters) {
  Analysed a;
  engine::Risk r;
  r.category = "c";
  r.title = std::string(40000, 'x') + "\x01\x02";
  r.synthetic_id = "c@x";
  a.analysis.risks.push_back(r);
  auto x = RisksXlsx(a.bundle());
  ASSERT_TRUE(x) << x.error().ToString();
  EXPECT_EQ(x->substr(0, 2), "PK");
}

// --- report.md -------------------------------------------------------------------------------

TEST(MarkdownReportTest, EscapesModelText) {
  std::string md = MarkdownReport(Small().bundle());
  EXPECT_NE(md.find("# Threat model report: Ticket shop, \"small\" \\[test\\]"), std::string::npos);
  EXPECT_NE(md.find("Web app \\*main\\*"), std::string::npos);
  EXPECT_EQ(md.find("Ticket DB\n(primary)"), std::string::npos);  // line breaks flattened
  EXPECT_NE(md.find("## Assumptions"), std::string::npos);
  EXPECT_NE(md.find("**refuted**"), std::string::npos);
  EXPECT_NE(md.find("## Mitigations"), std::string::npos);
  EXPECT_NE(md.find("## STRIDE review prompts"), std::string::npos);
  EXPECT_NE(md.find("## Attack paths"), std::string::npos);
  EXPECT_EQ(md.back(), '\n');
  EXPECT_NE(md.substr(md.size() - 2), "\n\n");
}

}  // namespace
}  // namespace threatpath::report
