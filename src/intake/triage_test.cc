#include "intake/triage.h"

#include <gtest/gtest.h>

namespace threatpath::intake {
namespace {

constexpr char kQuestionnaire[] = R"(id: t
scoring: {half_at: 20, default_tier: none}
items:
  - type: yesno
    id: exposed
    text: Exposed?
    required: true
    yes: {points: 10, tier: self-service}
  - type: multiple
    id: data
    text: Data?
    weight: 2
    choices:
      - {id: pii, text: PII, points: 5, tier: security-led, findings: [{id: f-pii, severity: medium, why: W1}]}
      - {id: card, text: Card, points: 8, findings: [{id: f-card, severity: high, why: W2}]}
      - {id: none, text: None}
  - type: text
    id: detail
    text: Detail?
    visible_if: data/card
    required: true
  - type: single
    id: size
    text: Size?
    choices:
      - {id: small, text: Small}
      - {id: big, text: Big, points: 4}
  - type: rule
    id: combo
    when: exposed && (data/pii || data/card) && !size/small
    points: 7
    findings: [{id: f-combo, severity: critical, why: W3}, {id: f-pii, severity: low, why: dup}]
)";

const Questionnaire& Q() {
  static const Questionnaire* q = [] {
    auto r = ReadQuestionnaire(kQuestionnaire, "t.yaml");
    EXPECT_TRUE(r) << r.error().ToString();
    return new Questionnaire(std::move(*r));
  }();
  return *q;
}

base::Result<Triage> Triaged(const Questionnaire& q, const std::string& answers) {
  auto sheet = ReadAnswers("questionnaire: " + q.id + "\nanswers:\n" + answers, "a.yaml");
  if (!sheet) return std::move(sheet).error();
  return Evaluate(q, *sheet);
}

std::string Reasons(const Triage& t) {
  std::string out;
  for (const Reason& r : t.reasons) {
    if (!out.empty()) out += ", ";
    out += r.source + "=" + r.answer + ":" + std::to_string(r.points);
  }
  return out;
}

std::string Findings(const Triage& t) {
  std::string out;
  for (const Finding& f : t.findings) {
    if (!out.empty()) out += ", ";
    out += f.id + "(" + std::string(ToString(f.severity)) + ")";
  }
  return out;
}

struct ScoreCase {
  const char* name;
  std::string answers;
  Tier tier;
  int raw;
  int priority;
  const char* reasons;
  const char* findings;
};

TEST(TriageTest, ScoresTiersAndFindings) {
  const ScoreCase cases[] = {
      {"nothing risky", "  exposed: no\n  data: [none]\n", Tier::kNone, 0, 0, "", ""},
      {"exposed only", "  exposed: yes\n", Tier::kSelfService, 10, 33, "exposed=yes:10", ""},
      {"weighted choices", "  exposed: no\n  data: [pii]\n", Tier::kSecurityLed, 10, 33,
       "data=pii:10", "f-pii(medium)"},
      {"rule fires", "  exposed: true\n  data: [pii, card]\n  detail: x\n  size: big\n",
       Tier::kSecurityLed, 10 + 10 + 16 + 4 + 7, 70,
       "data=card:16, exposed=yes:10, data=pii:10, combo=when exposed && (data/pii || data/card) "
       "&& !size/small:7, size=big:4",
       "f-combo(critical), f-card(high), f-pii(medium)"},
      {"rule blocked by negation", "  exposed: yes\n  data: [pii]\n  size: small\n",
       Tier::kSecurityLed, 20, 50, "exposed=yes:10, data=pii:10", "f-pii(medium)"},
      {"rule when size unanswered", "  exposed: yes\n  data: [pii]\n", Tier::kSecurityLed, 27, 57,
       "exposed=yes:10, data=pii:10, combo=when exposed && (data/pii || data/card) && "
       "!size/small:7",
       "f-combo(critical), f-pii(medium)"},
  };
  for (const ScoreCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto t = Triaged(Q(), c.answers);
    ASSERT_TRUE(t) << t.error().ToString();
    EXPECT_EQ(t->tier, c.tier);
    EXPECT_EQ(t->raw_points, c.raw);
    EXPECT_EQ(t->priority, c.priority);
    EXPECT_EQ(Reasons(*t), c.reasons);
    EXPECT_EQ(Findings(*t), c.findings);
  }
}

TEST(TriageTest, PriorityMappingIsMonotoneAndBounded) {
  EXPECT_EQ(PriorityFromPoints(-5, 60), 0);
  EXPECT_EQ(PriorityFromPoints(0, 60), 0);
  EXPECT_EQ(PriorityFromPoints(60, 60), 50);
  EXPECT_EQ(PriorityFromPoints(180, 60), 75);
  int last = 0;
  for (int p = 0; p <= 100000; p += 7) {
    int v = PriorityFromPoints(p, 60);
    EXPECT_GE(v, last);
    EXPECT_LE(v, 100);
    last = v;
  }
}

struct InvalidCase {
  const char* name;
  std::string text;
  const char* errors;
};

TEST(TriageTest, RejectsInvalidAnswersWithLocations) {
  const InvalidCase cases[] = {
      {"unknown question", "questionnaire: t\nanswers:\n  exposed: no\n  exposd: yes\n",
       "a.yaml:4:3: error: unknown question 'exposd' (did you mean 'exposed'?)"},
      {"wrong type", "questionnaire: t\nanswers:\n  exposed: maybe\n",
       "a.yaml:3:12: error: question 'exposed' takes yes or no, found 'maybe'"},
      {"quoted yes is text", "questionnaire: t\nanswers:\n  exposed: \"yes\"\n",
       "a.yaml:3:12: error: question 'exposed' takes yes or no, found 'yes'"},
      {"choice not offered", "questionnaire: t\nanswers:\n  exposed: no\n  data: [pii, phi]\n",
       "a.yaml:4:15: error: question 'data' has no choice 'phi' (did you mean 'pii'?); its "
       "choices are: pii, card, none"},
      {"single given a list", "questionnaire: t\nanswers:\n  exposed: no\n  size: [big]\n",
       "a.yaml:4:9: error: question 'size' takes one choice, found a list"},
      {"multiple given a scalar", "questionnaire: t\nanswers:\n  exposed: no\n  data: pii\n",
       "a.yaml:4:9: error: question 'data' takes a list of choices, found a single value"},
      {"required missing", "questionnaire: t\nanswers:\n  size: big\n",
       "a.yaml:2:1: error: required question 'exposed' is not answered (Exposed?)"},
      {"required only while visible", "questionnaire: t\nanswers:\n  exposed: no\n  data: [card]\n",
       "a.yaml:2:1: error: required question 'detail' is not answered (Detail?)"},
      {"wrong questionnaire", "questionnaire: other\nanswers: {}\n",
       "a.yaml:1:16: error: these answers are for questionnaire 'other', not 't'"},
      {"duplicate choice", "questionnaire: t\nanswers:\n  exposed: no\n  data: [pii, pii]\n",
       "a.yaml:4:15: error: question 'data': choice 'pii' is given twice"},
      {"several at once", "questionnaire: t\nanswers:\n  exposed: 3\n  nope: 1\n",
       "a.yaml:3:12: error: question 'exposed' takes yes or no, found '3'\n"
       "a.yaml:4:3: error: unknown question 'nope'"},
  };
  for (const InvalidCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto sheet = ReadAnswers(c.text, "a.yaml");
    ASSERT_TRUE(sheet) << sheet.error().ToString();
    auto t = Evaluate(Q(), *sheet);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().ToString(), c.errors);
  }
}

TEST(TriageTest, AnswerFileShapeErrors) {
  auto r = ReadAnswers("questionnaire: t\nanswers: [a]\nowner: me\n", "a.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().ToString(),
            "a.yaml:3:1: error: answers file: unknown key 'owner'\n"
            "a.yaml:2:10: error: answers: expected a mapping from question id to answer, found a "
            "list");
  auto j = ReadAnswers("{\"questionnaire\": \"t\", \"answers\": {\"exposed\": true}}", "a.json");
  ASSERT_TRUE(j) << j.error().ToString();
  auto t = Evaluate(Q(), *j);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->tier, Tier::kSelfService);
}

TEST(TriageTest, AnswersToHiddenQuestionsAreIgnoredWithAWarning) {
  auto t = Triaged(Q(), "  exposed: no\n  data: [pii]\n  detail: text\n");
  ASSERT_TRUE(t) << t.error().ToString();
  ASSERT_EQ(t->warnings.size(), 1u);
  EXPECT_EQ(t->warnings[0].ToString(),
            "a.yaml:5:3: warning: answer to 'detail' ignored: the question is not shown "
            "(condition 'data/card' does not hold)");
}

TEST(TriageTest, MetadataIsCarried) {
  auto sheet = ReadAnswers(
      "questionnaire: t\ntitle: Ledger\nteam: payments\nsubmitted: 2024-05-01\nanswers:\n  "
      "exposed: no\n",
      "a.yaml");
  ASSERT_TRUE(sheet);
  auto t = Evaluate(Q(), *sheet);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->title, "Ledger");
  EXPECT_EQ(t->team, "payments");
  EXPECT_EQ(t->submitted, "2024-05-01");
}

// The built-in questionnaire's policy (docs/questionnaires.md, "The design-review
// questionnaire").
constexpr char kPavedBase[] =
    "  summary: s\n  change_kind: minor_change\n  service_template: yes\n  standard_auth: yes\n"
    "  secrets_store: yes\n  standard_logging: yes\n";

struct PolicyCase {
  const char* name;
  std::string answers;
  Tier tier;
};

TEST(TriageTest, DesignReviewPolicy) {
  const std::string off_path =
      "  summary: s\n  change_kind: new_system\n  service_template: no\n  standard_auth: no\n"
      "  secrets_store: yes\n  standard_logging: yes\n";
  const PolicyCase cases[] = {
      {"paved, internal, no data",
       kPavedBase + std::string("  data_kinds: [none]\n  internet_facing: no\n"), Tier::kNone},
      {"paved, exposed, no data",
       kPavedBase +
           std::string("  data_kinds: [none]\n  internet_facing: yes\n  anonymous_access: no\n"),
       Tier::kSelfService},
      {"paved, internal, pii",
       kPavedBase +
           std::string("  data_kinds: [pii]\n  data_volume: small\n  internet_facing: no\n"),
       Tier::kSecurityLed},
      {"paved, exposed, pii",
       kPavedBase +
           std::string("  data_kinds: [pii]\n  data_volume: small\n  internet_facing: yes\n"),
       Tier::kSecurityLed},
      {"off path, internal, no data", off_path + "  data_kinds: [none]\n  internet_facing: no\n",
       Tier::kSecurityLed},
      {"off path, exposed, pii",
       off_path + "  data_kinds: [pii]\n  data_volume: small\n  internet_facing: yes\n",
       Tier::kSecurityLed},
  };
  int last_priority = -1;
  for (const PolicyCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto t = Triaged(DesignReview(), c.answers);
    ASSERT_TRUE(t) << t.error().ToString();
    EXPECT_EQ(t->tier, c.tier);
    EXPECT_TRUE(t->warnings.empty());
    last_priority = t->priority;
  }
  // The internet-facing, sensitive, off-paved-path design outranks every other case.
  for (const PolicyCase& c : cases) {
    if (std::string(c.name) == "off path, exposed, pii") continue;
    auto t = Triaged(DesignReview(), c.answers);
    EXPECT_LT(t->priority, last_priority) << c.name;
  }
  auto worst = Triaged(DesignReview(), cases[5].answers);
  EXPECT_EQ(worst->findings.at(0).id, "intake-exposed-sensitive-off-path");
}

}  // namespace
}  // namespace threatpath::intake
