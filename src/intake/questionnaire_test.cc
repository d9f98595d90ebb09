#include "intake/questionnaire.h"

#include <gtest/gtest.h>

namespace threatpath::intake {
namespace {

std::string Errors(std::string_view yaml) {
  auto r = ReadQuestionnaire(yaml, "q.yaml");
  if (r) return "ok";
  return r.error().ToString();
}

TEST(QuestionnaireTest, BuiltinDesignReviewLoads) {
  const Questionnaire& q = DesignReview();
  EXPECT_EQ(q.id, "design-review");
  EXPECT_EQ(q.format, "threatpath");
  EXPECT_EQ(q.CountQuestions(), 17u);
  EXPECT_EQ(q.CountRules(), 2u);
  int kinds = q.Find("data_kinds");
  ASSERT_GE(kinds, 0);
  const Item& item = *q.flat()[kinds].item;
  EXPECT_EQ(item.type, QuestionType::kMultipleChoice);
  EXPECT_EQ(item.choices.size(), 5u);
  EXPECT_EQ(item.choices[2].id, "payment_card");
  EXPECT_EQ(item.choices[2].effect.min_tier, Tier::kSecurityLed);
  // Conditions are resolved to items and choices.
  const Item& volume = *q.flat()[q.Find("data_volume")].item;
  ASSERT_TRUE(volume.visible_if);
  EXPECT_EQ(volume.visible_if->args[0].target, kinds);
  EXPECT_EQ(volume.visible_if->args[0].choice_index, 0);
}

constexpr char kGood[] = R"(id: t
items:
  - type: yesno
    id: a
    text: A?
    yes: {points: 5, tier: self-service}
  - type: block
    id: more
    text: More
    visible_if: a
    items:
      - type: multiple
        id: kinds
        text: Kinds?
        weight: 2
        choices:
          - {id: x, text: X, points: 3}
          - {id: y, text: Y}
      - type: text
        id: why
        text: Why?
        visible_if: "kinds/x && !kinds/y"
  - type: rule
    id: r
    when: a && kinds/y
    points: 1
    findings:
      - {id: f, severity: high, why: Because.}
)";

TEST(QuestionnaireTest, ReadsEveryItemKind) {
  auto r = ReadQuestionnaire(kGood, "q.yaml");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->CountQuestions(), 3u);
  EXPECT_EQ(r->CountRules(), 1u);
  ASSERT_EQ(r->flat().size(), 5u);
  EXPECT_EQ(r->flat()[2].parent, 1);
  const Item& why = *r->flat()[3].item;
  EXPECT_EQ(why.visible_if_loc.line, 22u);
  EXPECT_EQ(why.visible_if_loc.column, 22u);  // inside the quotes
  const Item& rule = *r->flat()[4].item;
  EXPECT_EQ(rule.effect.findings.at(0).severity, Severity::kHigh);
  EXPECT_EQ(r->flat()[2].item->weight, 2);
}

struct ErrorCase {
  const char* name;
  std::string yaml;
  const char* error;
};

TEST(QuestionnaireTest, ReportsErrorsWithPositions) {
  const std::string head = "id: t\nitems:\n  - {type: yesno, id: a, text: A?}\n";
  const ErrorCase cases[] = {
      {"unknown ref", head + "  - {type: text, id: b, text: B, visible_if: \"a && c\"}\n",
       "q.yaml:4:52: error: unknown question 'c' (did you mean 'a'?)"},
      {"plain condition column",
       head + "  - type: text\n    id: b\n    text: B\n    visible_if: a || zz\n",
       "q.yaml:7:22: error: unknown question 'zz'"},
      {"syntax error column",
       head + "  - type: text\n    id: b\n    text: B\n    visible_if: a && (b\n",
       "q.yaml:7:22: error: item 'b'.visible_if: '(' is never closed"},
      {"later ref",
       "id: t\nitems:\n  - {type: yesno, id: a, text: A?, visible_if: b}\n  - {type: yesno, id: b, "
       "text: B?}\n",
       "q.yaml:3:48: error: 'b' comes later (line 4); conditions may only use earlier items"},
      {"self ref", "id: t\nitems:\n  - {type: yesno, id: a, text: A?, visible_if: a}\n",
       "q.yaml:3:48: error: the condition of 'a' refers to itself"},
      {"no such choice", head + "  - {type: text, id: b, text: B, visible_if: a/maybe}\n",
       "q.yaml:4:46: error: question 'a' has no choice 'maybe'; its choices are: yes, no"},
      {"not a question",
       "id: t\nitems:\n  - {type: note, id: n, text: N}\n  - {type: yesno, id: b, text: B?, "
       "visible_if: n}\n",
       "q.yaml:4:48: error: 'n' is a note, not a question; write '^n' to test whether it is shown"},
      {"duplicate id", head + "  - {type: yesno, id: a, text: again}\n",
       "q.yaml:4:5: error: duplicate id 'a' (first used at line 3)"},
      {"unknown type", "id: t\nitems:\n  - {type: slider, id: s, text: S}\n",
       "q.yaml:3:12: error: item 's': unknown type 'slider'; expected one of: block, yesno, "
       "single, "
       "multiple, text, note, rule"},
      {"bad tier", "id: t\nitems:\n  - {type: yesno, id: a, text: A, yes: {tier: urgent}}\n",
       "q.yaml:3:47: error: item 'a'.yes: unknown tier 'urgent'; expected one of: none, "
       "self-service, security-led"},
      {"choices missing", "id: t\nitems:\n  - {type: single, id: s, text: S}\n",
       "q.yaml:3:5: error: item 's': a single question needs a non-empty list of 'choices'"},
      {"unknown key", "id: t\nitems:\n  - {type: yesno, id: a, text: A, requried: true}\n",
       "q.yaml:3:35: error: item 'a': unknown key 'requried' (did you mean 'required'?)"},
      {"finding without why",
       "id: t\nitems:\n  - {type: rule, id: r, when: x, findings: [{id: f}]}\n",
       "q.yaml:3:45: error: item 'r': finding 'f': 'why' is required"},
      {"missing id", "items: []\n", "q.yaml:1:1: error: questionnaire: 'id' is required"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Errors(c.yaml), c.error);
  }
}

TEST(QuestionnaireTest, ReportsAllErrorsAtOnce) {
  std::string yaml =
      "id: t\nitems:\n  - {type: yesno, text: A}\n  - {type: single, id: s, text: S, choices: "
      "[{id: x, text: X, points: lots}]}\n";
  EXPECT_EQ(Errors(yaml),
            "q.yaml:3:5: error: item: a yesno needs an 'id'\n"
            "q.yaml:4:71: error: item 's': choice 'x'.points: expected a whole number, found "
            "'lots'");
}

}  // namespace
}  // namespace threatpath::intake
