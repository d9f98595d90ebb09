#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "intake/questionnaire.h"
#include "intake/triage.h"

namespace threatpath::intake {
namespace {

const std::filesystem::path kDir = std::filesystem::path(TP_FIXTURES_DIR) / "questionnaires/vsaq";

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

#define REQUIRE_FIXTURES()                                       \
  if (!std::filesystem::exists(kDir / "webapp.json"))            \
  GTEST_SKIP() << "VSAQ fixtures not found at " << kDir.string() \
               << " (they live in the shared fixtures, outside the repo)"

size_t CountFindingRules(const Questionnaire& q) {
  size_t n = 0;
  for (const auto& f : q.flat())
    n += f.item->kind == Item::Kind::kRule && !f.item->effect.findings.empty();
  return n;
}

struct FileCounts {
  const char* file;
  size_t questions;
  size_t tips;
  size_t warning_tips;
};

// Counted independently with a Python scan of the JSON (every object with a "type"):
// questions = check + yesno + radiogroup + checkgroup + line + box; tips = tip;
// warning tips = tips with "warn": "yes".
TEST(VsaqTest, EveryFileImportsWithTheExpectedCounts) {
  REQUIRE_FIXTURES();
  const FileCounts cases[] = {
      {"infrastructure.json", 96, 76, 72},
      {"physical_and_datacenter.json", 30, 16, 16},
      {"security_privacy_programs.json", 46, 36, 34},
      {"test_template.json", 3, 1, 1},
      {"webapp.json", 73, 55, 42},
  };
  for (const FileCounts& c : cases) {
    SCOPED_TRACE(c.file);
    auto q = ImportVsaq(Slurp(kDir / c.file), c.file, "x");
    ASSERT_TRUE(q) << q.error().ToString();
    EXPECT_EQ(q->format, "vsaq");
    EXPECT_EQ(q->CountQuestions(), c.questions);
    EXPECT_EQ(q->CountRules(), c.tips);
    EXPECT_EQ(CountFindingRules(*q), c.warning_tips);
  }
}

TEST(VsaqTest, StringJoinsKeepLineNumbers) {
  std::string text = "// header\n{\"a\": \"one \" +\n   \"two\",\n \"b\": 1}\n";
  std::string json = VsaqToJson(text);
  EXPECT_EQ(json, "\n{\"a\": \"one two\"\n,\n \"b\": 1}\n");
  EXPECT_EQ(std::count(json.begin(), json.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
}

TEST(VsaqTest, WebappTextFoldedAndConditionsMapped) {
  REQUIRE_FIXTURES();
  auto q = ImportVsaq(Slurp(kDir / "webapp.json"), "webapp.json", "webapp");
  ASSERT_TRUE(q) << q.error().ToString();
  EXPECT_EQ(q->title, "Web Application Security Questionnaire");
  const Item& tip = *q->flat()[q->Find("warn_application_vm_securitycontact")].item;
  ASSERT_TRUE(tip.visible_if);
  // A bare VSAQ choice id becomes question/choice.
  EXPECT_EQ(tip.visible_if->ToString(),
            "application_vm_securitycontact/application_vm_securitycontact_no");
  ASSERT_EQ(tip.effect.findings.size(), 1u);
  EXPECT_EQ(tip.effect.findings[0].title, "No external security contact published");
  EXPECT_EQ(tip.effect.findings[0].severity, Severity::kMedium);
  EXPECT_EQ(tip.effect.min_tier, Tier::kSelfService);
  // An anonymous radiogroup is named after its first choice.
  EXPECT_GE(q->Find("application_ssl_exclusively__group"), 0);
}

TEST(VsaqTest, TipFiresWhenItsConditionHolds) {
  REQUIRE_FIXTURES();
  auto q = ImportVsaq(Slurp(kDir / "test_template.json"), "test_template.json", "test_template");
  ASSERT_TRUE(q) << q.error().ToString();
  const Item& tip = *q->flat()[q->Find("data_tip")].item;
  EXPECT_EQ(tip.visible_if->ToString(), "data_warning/yes");
  for (bool checked : {true, false}) {
    SCOPED_TRACE(checked);
    auto sheet =
        ReadAnswers(std::string("questionnaire: test_template\nanswers:\n  data_warning: ") +
                        (checked ? "yes" : "no") + "\n  standard_1__group: [standard_2]\n",
                    "a.yaml");
    ASSERT_TRUE(sheet);
    auto t = Evaluate(*q, *sheet);
    ASSERT_TRUE(t) << t.error().ToString();
    if (checked) {
      ASSERT_EQ(t->findings.size(), 1u);
      EXPECT_EQ(t->findings[0].id, "data_tip");
      EXPECT_EQ(t->findings[0].severity, Severity::kCritical);
      EXPECT_EQ(t->findings[0].why, "You shouldn't click the box above.");
      EXPECT_EQ(t->tier, Tier::kSecurityLed);
      EXPECT_EQ(t->raw_points, 20);
    } else {
      EXPECT_TRUE(t->findings.empty());
      EXPECT_EQ(t->tier, Tier::kNone);
    }
  }
}

TEST(VsaqTest, CaretTestsWhetherAnotherTipIsShown) {
  REQUIRE_FIXTURES();
  auto q = ImportVsaq(Slurp(kDir / "infrastructure.json"), "infrastructure.json", "infra");
  ASSERT_TRUE(q) << q.error().ToString();
  bool found = false;
  for (const auto& f : q->flat()) {
    if (!f.item->visible_if) continue;
    f.item->visible_if->ForEachRef([&](const Condition& c) {
      if (c.shown) {
        found = true;
        EXPECT_EQ(q->flat()[c.target].item->kind, Item::Kind::kRule);
      }
    });
  }
  EXPECT_TRUE(found);
}

TEST(VsaqTest, ExtensionInsertsAfterTheNamedItem) {
  REQUIRE_FIXTURES();
  auto q = ImportVsaq(Slurp(kDir / "test_template.json"), "test_template.json", "test_template");
  ASSERT_TRUE(q);
  auto st = ApplyVsaqExtension(*q, Slurp(kDir / "test_template_extension.json"),
                               "test_template_extension.json");
  ASSERT_TRUE(st) << st.error().ToString();
  EXPECT_EQ(q->CountQuestions(), 4u);
  const auto& top = q->items.at(0).items;
  ASSERT_GE(top.size(), 2u);
  EXPECT_EQ(top[0].id, "network");
  EXPECT_EQ(top[1].text, "Questions specific to my company come here.");
  int line = q->Find("company_specific");
  ASSERT_GE(line, 0);
  EXPECT_EQ(q->flat()[line].item->type, QuestionType::kText);
  EXPECT_EQ(q->Where(q->flat()[line].item->loc).file, "test_template_extension.json");
}

TEST(VsaqTest, ErrorsPointIntoTheFile) {
  auto bad = ImportVsaq(
      "// c\n{\"questionnaire\": [{\"type\": \"tip\", \"id\": \"t\", \"cond\": \"a &&\"}]}\n",
      "v.json", "v");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().ToString(),
            "v.json:2:60: error: cond: expected a question id, '!' or '(', found the end");
  auto unknown = ImportVsaq(
      "{\"questionnaire\": [{\"type\": \"tip\", \"id\": \"t\", \"cond\": \"zz\"}]}", "v.json", "v");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().ToString(), "v.json:1:56: error: unknown question 'zz'");
  auto ext = ImportVsaq("{\"questionnaire\": []}", "v.json", "v");
  ASSERT_TRUE(ext);
  auto st = ApplyVsaqExtension(
      *ext, "{\"extensions\": [{\"type\": \"block\", \"insertAfter\": \"nope\", \"items\": []}]}",
      "e.json");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().ToString(),
            "e.json:1:50: error: extension: insertAfter 'nope' names no item of the questionnaire");
}

}  // namespace
}  // namespace threatpath::intake
