#include "engine/rule_catalog.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/rule.h"
#include "formats/node.h"

namespace threatpath::engine {
namespace {

using formats::Node;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every field, in RuleInfo order: the layout of test/data/engine/rule-metadata.json.
Node ToNode(const RuleInfo& i) {
  Node n = Node::Mapping();
  n.Add("id", Node::String(i.id));
  n.Add("title", Node::String(i.title));
  n.Add("stride", Node::String(std::string(core::ToString(i.stride))));
  n.Add("cwe", Node::Int(i.cwe));
  n.Add("function", Node::String(std::string(core::ToString(i.function))));
  n.Add("asvs", Node::String(i.asvs));
  n.Add("cheat_sheet", Node::String(i.cheat_sheet));
  n.Add("description", Node::String(i.description));
  n.Add("impact", Node::String(i.impact));
  n.Add("detection_logic", Node::String(i.detection_logic));
  n.Add("risk_assessment", Node::String(i.risk_assessment));
  n.Add("false_positives", Node::String(i.false_positives));
  n.Add("action", Node::String(i.action));
  n.Add("mitigation", Node::String(i.mitigation));
  n.Add("check", Node::String(i.check));
  n.Add("model_failure_possible_reason", Node::Bool(i.model_failure_possible_reason));
  Node& tags = n.Add("tags", Node::Sequence());
  for (const std::string& t : i.tags) tags.Push(Node::String(t));
  return n;
}

std::string Dump(const std::vector<const RuleInfo*>& infos) {
  Node root = Node::Sequence();
  for (const RuleInfo* i : infos) root.Push(ToNode(*i));
  return formats::EmitJson(root);
}

std::string Dump(const std::vector<RuleInfo>& infos) {
  std::vector<const RuleInfo*> pointers;
  for (const RuleInfo& i : infos) pointers.push_back(&i);
  return Dump(pointers);
}

TEST(RuleCatalogTest, EveryRuleHasMetadataAndEveryEntryARule) {
  std::vector<std::string> rule_ids;
  for (const Rule* rule : BuiltinRules()) {
    const RuleInfo& info = rule->Info();
    rule_ids.push_back(info.id);
    // The rule's metadata is the embedded entry itself, not a copy made in code.
    EXPECT_EQ(&info, &BuiltinRuleInfo(info.id)) << info.id;
  }
  std::vector<std::string> entry_ids;
  for (const RuleInfo& info : BuiltinRuleInfos()) {
    entry_ids.push_back(info.id);
    EXPECT_NE(FindRule(info.id), nullptr) << "rules.yaml has an entry without a rule: " << info.id;
  }
  // Same ids, and the file lists them in BuiltinRules() order.
  EXPECT_EQ(entry_ids, rule_ids);
  EXPECT_EQ(&BuiltinRuleInfos(), &BuiltinRuleInfos());
}

// test/data/engine/rule-metadata.json was dumped from the rules' metadata while it was still
// written in C++ (before it moved to src/engine/rules.yaml), so it pins every text character for
// character. After an intended change to rules.yaml, run `TP_REBASELINE=1 tp_engine_test` and
// review the diff.
TEST(RuleCatalogTest, MatchesTheGoldenDump) {
  const std::string golden = std::string(TP_SOURCE_DIR) + "/test/data/engine/rule-metadata.json";
  std::vector<const RuleInfo*> from_rules;
  for (const Rule* rule : BuiltinRules()) from_rules.push_back(&rule->Info());
  const std::string actual = Dump(from_rules);
  const char* rebaseline = std::getenv("TP_REBASELINE");
  if (rebaseline != nullptr && std::string(rebaseline) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  const std::string expected = ReadFile(golden);
  EXPECT_EQ(actual, expected) << golden << " differs; see the comment above this test";
  EXPECT_EQ(Dump(BuiltinRuleInfos()), expected)
      << "the entries of rules.yaml differ from " << golden;
}

TEST(RuleCatalogTest, TheSourceFileLoadsLikeTheEmbeddedOne) {
  const std::string path = std::string(TP_SOURCE_DIR) + "/src/engine/rules.yaml";
  base::Result<std::vector<RuleInfo>> loaded = LoadRuleInfos(ReadFile(path), path);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(Dump(*loaded), Dump(BuiltinRuleInfos()));
}

TEST(RuleCatalogDeathTest, UnknownIdIsABuildDefect) {
  EXPECT_DEATH(BuiltinRuleInfo("no-such-rule"),
               "the built-in rule metadata \\(src/engine/rules.yaml\\) has no entry for rule "
               "'no-such-rule'");
}

// A complete entry with only the required fields; lines 2 to 11.
constexpr char kMinimal[] =
    "rules:\n"
    "  - id: r\n"
    "    title: T\n"
    "    stride: spoofing\n"
    "    cwe: 1\n"
    "    function: architecture\n"
    "    description: d\n"
    "    impact: i\n"
    "    detection_logic: l\n"
    "    risk_assessment: a\n"
    "    mitigation: m\n";

// `text` with `from` replaced by `to` (which must occur).
std::string Edit(std::string text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string Minimal(std::string_view from, std::string_view to) { return Edit(kMinimal, from, to); }

TEST(RuleCatalogLoadTest, ReadsRequiredFieldsAndDefaultsTheOthers) {
  base::Result<std::vector<RuleInfo>> loaded = LoadRuleInfos(kMinimal, "t.yaml");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  ASSERT_EQ(loaded->size(), 1u);
  const RuleInfo& i = loaded->front();
  EXPECT_EQ(i.id, "r");
  EXPECT_EQ(i.title, "T");
  EXPECT_EQ(i.stride, core::Stride::kSpoofing);
  EXPECT_EQ(i.cwe, 1);
  EXPECT_EQ(i.function, core::RiskFunction::kArchitecture);
  EXPECT_EQ(i.description, "d");
  EXPECT_EQ(i.impact, "i");
  EXPECT_EQ(i.detection_logic, "l");
  EXPECT_EQ(i.risk_assessment, "a");
  EXPECT_EQ(i.mitigation, "m");
  EXPECT_EQ(i.asvs, "");
  EXPECT_EQ(i.cheat_sheet, "");
  EXPECT_EQ(i.false_positives, "");
  EXPECT_EQ(i.action, "");
  EXPECT_EQ(i.check, "");
  EXPECT_FALSE(i.model_failure_possible_reason);
  EXPECT_TRUE(i.tags.empty());
}

TEST(RuleCatalogLoadTest, ReadsOptionalFields) {
  base::Result<std::vector<RuleInfo>> loaded = LoadRuleInfos(
      Minimal("    mitigation: m\n",
              "    mitigation: >-\n      folded\n      text\n    asvs: V1\n"
              "    cheat_sheet: https://example.org/x.html\n    false_positives: f\n"
              "    action: act\n    check: \"c: d\"\n    model_failure_possible_reason: true\n"
              "    tags: [git, aws:s3]\n"),
      "t.yaml");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  const RuleInfo& i = loaded->front();
  EXPECT_EQ(i.mitigation, "folded text");
  EXPECT_EQ(i.asvs, "V1");
  EXPECT_EQ(i.cheat_sheet, "https://example.org/x.html");
  EXPECT_EQ(i.false_positives, "f");
  EXPECT_EQ(i.action, "act");
  EXPECT_EQ(i.check, "c: d");
  EXPECT_TRUE(i.model_failure_possible_reason);
  EXPECT_EQ(i.tags, (std::vector<std::string>{"git", "aws:s3"}));
}

TEST(RuleCatalogLoadTest, EmptyListIsAllowed) {
  base::Result<std::vector<RuleInfo>> loaded = LoadRuleInfos("rules: []\n", "t.yaml");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_TRUE(loaded->empty());
}

std::string LoadError(std::string_view text) {
  base::Result<std::vector<RuleInfo>> loaded = LoadRuleInfos(text, "t.yaml");
  if (loaded) return "(loaded)";
  EXPECT_EQ(loaded.error().code(), base::Error::Code::kInvalidInput);
  return loaded.error().ToString();
}

TEST(RuleCatalogLoadTest, Errors) {
  struct Case {
    const char* name;
    std::string text;
    const char* error;
  };
  const Case cases[] = {
      {.name = "empty document",
       .text = "",
       .error = "t.yaml:1:1: error: rule metadata must be a mapping with a 'rules' list"},
      {.name = "root is a list",
       .text = "- id: r\n",
       .error = "t.yaml:1:1: error: rule metadata must be a mapping with a 'rules' list"},
      {.name = "unknown top-level key, no rules",
       .text = "rule: []\n",
       .error = "t.yaml:1:1: error: rule metadata: unknown key 'rule' (did you mean 'rules'?)\n"
                "t.yaml:1:1: error: missing 'rules' section"},
      {.name = "rules is a mapping",
       .text = "rules:\n  r: {}\n",
       .error = "t.yaml:2:3: error: 'rules' must be a list of rules"},
      {.name = "rule is a scalar",
       .text = "rules:\n  - r\n",
       .error = "t.yaml:2:5: error: each rule must be a mapping with 'id', 'title', 'stride', "
                "'cwe', 'function' and the texts"},
      {.name = "missing id",
       .text = Minimal("  - id: r\n    title: T\n", "  - title: T\n"),
       .error = "t.yaml:2:5: error: rule has no 'id'"},
      {.name = "id is a list",
       .text = Minimal("id: r\n", "id: [r]\n"),
       .error = "t.yaml:2:9: error: rule field 'id': expected a single value, found a list"},
      {.name = "id not lower-case",
       .text = Minimal("id: r\n", "id: Missing Auth\n"),
       .error = "t.yaml:2:9: error: rule id 'Missing Auth' must be lower-case letters, digits and "
                "'-', starting with a letter"},
      {.name = "duplicate id",
       .text = std::string(kMinimal) + std::string(kMinimal).substr(7),
       .error = "t.yaml:12:9: error: duplicate rule 'r' (first defined at line 2)"},
      {.name = "unknown key, with a hint",
       .text = Minimal("    title: T\n", "    title: T\n    titel: U\n    colour: red\n"),
       .error = "t.yaml:4:5: error: rule 'r': unknown key 'titel' (did you mean 'title'?)\n"
                "t.yaml:5:5: error: rule 'r': unknown key 'colour'"},
      {.name = "missing required fields",
       .text = Minimal("    description: d\n    impact: i\n", ""),
       .error = "t.yaml:2:5: error: rule 'r': missing required field 'description'\n"
                "t.yaml:2:5: error: rule 'r': missing required field 'impact'"},
      {.name = "empty required texts",
       .text = Edit(Minimal("title: T\n", "title: \"\"\n"), "mitigation: m\n", "mitigation:\n"),
       .error = "t.yaml:3:12: error: rule 'r' field 'title': must not be empty\n"
                "t.yaml:11:16: error: rule 'r' field 'mitigation': must not be empty"},
      {.name = "text is a list",
       .text = Minimal("impact: i\n", "impact: [i]\n"),
       .error = "t.yaml:8:13: error: rule 'r' field 'impact': expected a single value, found a "
                "list"},
      {.name = "unknown STRIDE category",
       .text = Minimal("stride: spoofing\n", "stride: spofing\n"),
       .error = "t.yaml:4:13: error: rule 'r' field 'stride': unknown STRIDE category 'spofing' "
                "(did you mean 'spoofing'?); expected one of: spoofing, tampering, repudiation, "
                "information-disclosure, denial-of-service, elevation-of-privilege"},
      {.name = "empty STRIDE category",
       .text = Minimal("stride: spoofing\n", "stride:\n"),
       .error = "t.yaml:4:12: error: rule 'r' field 'stride': must not be empty"},
      {.name = "unknown function",
       .text = Minimal("function: architecture\n", "function: ops\n"),
       .error = "t.yaml:6:15: error: rule 'r' field 'function': unknown risk function 'ops'; "
                "expected one of: business-side, architecture, development, operations"},
      {.name = "cwe not a number",
       .text = Minimal("cwe: 1\n", "cwe: CWE-79\n"),
       .error = "t.yaml:5:10: error: rule 'r' field 'cwe': expected a whole number, found "
                "'CWE-79'"},
      {.name = "cwe not positive",
       .text = Minimal("cwe: 1\n", "cwe: 0\n"),
       .error = "t.yaml:5:10: error: rule 'r' field 'cwe': must be a positive whole number, found "
                "'0'"},
      {.name = "flag not a boolean",
       .text = Minimal("    mitigation: m\n",
                       "    mitigation: m\n    model_failure_possible_reason: maybe\n"),
       .error = "t.yaml:12:36: error: rule 'r' field 'model_failure_possible_reason': expected "
                "true or false, found 'maybe'"},
      {.name = "tags not a list",
       .text = Minimal("    mitigation: m\n", "    mitigation: m\n    tags: git\n"),
       .error = "t.yaml:12:11: error: rule 'r' field 'tags': expected a list, found a single "
                "value"},
      {.name = "tag not lower case",
       .text = Minimal("    mitigation: m\n", "    mitigation: m\n    tags: [git, AWS]\n"),
       .error = "t.yaml:12:17: error: rule 'r' field 'tags': tag 'AWS' must be lower case"},
      {.name = "errors of several rules, sorted by position",
       .text = Minimal("stride: spoofing\n", "stride: spofing\n") +
               "  - id: s\n    title: S\n    cwe: -1\n",
       .error = "t.yaml:4:13: error: rule 'r' field 'stride': unknown STRIDE category 'spofing' "
                "(did you mean 'spoofing'?); expected one of: spoofing, tampering, repudiation, "
                "information-disclosure, denial-of-service, elevation-of-privilege\n"
                "t.yaml:12:5: error: rule 's': missing required field 'stride'\n"
                "t.yaml:12:5: error: rule 's': missing required field 'function'\n"
                "t.yaml:12:5: error: rule 's': missing required field 'description'\n"
                "t.yaml:12:5: error: rule 's': missing required field 'impact'\n"
                "t.yaml:12:5: error: rule 's': missing required field 'detection_logic'\n"
                "t.yaml:12:5: error: rule 's': missing required field 'risk_assessment'\n"
                "t.yaml:12:5: error: rule 's': missing required field 'mitigation'\n"
                "t.yaml:14:10: error: rule 's' field 'cwe': must be a positive whole number, "
                "found '-1'"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(LoadError(c.text), c.error) << c.name;
  }
}

TEST(RuleCatalogLoadTest, YamlSyntaxErrorsCarryThePosition) {
  std::string error = LoadError("rules: [\n");
  EXPECT_EQ(error.rfind("t.yaml:", 0), 0u) << error;
}

TEST(RuleCatalogLoadTest, SeveralErrorsAreCountedInTheMessage) {
  base::Result<std::vector<RuleInfo>> loaded =
      LoadRuleInfos(Minimal("cwe: 1\n", "cwe: 0\n") + std::string(kMinimal).substr(7), "t.yaml");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().message(), "2 errors in input");
  EXPECT_EQ(loaded.error().diagnostics().size(), 2u);
}

}  // namespace
}  // namespace threatpath::engine
