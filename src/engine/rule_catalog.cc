#include "engine/rule_catalog.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <tuple>

#include "base/error.h"
#include "base/strings.h"
#include "formats/decode.h"
#include "formats/node.h"

namespace threatpath::engine {

namespace internal {
// Defined in the file generated from rules.yaml by cmake/embed.cmake.
std::string_view RulesYaml();
}  // namespace internal

namespace {

using base::Diagnostic;
using formats::Decoder;
using formats::Node;

constexpr char kBuiltinName[] = "<builtin>/rules.yaml";

// Every key of an entry, in RuleInfo order.
constexpr std::string_view kKeys[] = {"id",
                                      "title",
                                      "stride",
                                      "cwe",
                                      "function",
                                      "asvs",
                                      "cheat_sheet",
                                      "description",
                                      "impact",
                                      "detection_logic",
                                      "risk_assessment",
                                      "false_positives",
                                      "action",
                                      "mitigation",
                                      "check",
                                      "model_failure_possible_reason",
                                      "tags"};
constexpr std::string_view kRootKeys[] = {"rules"};

bool IsRuleId(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Reads the entries of the `rules` list; every problem goes to the Decoder.
class Loader {
 public:
  explicit Loader(Decoder& d) : d_(d) {}

  void ReadRule(const Node& entry, std::vector<RuleInfo>* out);

 private:
  // The value of `key`, or nullptr when absent. A required key that is absent is reported; one
  // that is present but empty (null) is reported too and also gives nullptr.
  const Node* Field(const Node& entry, std::string_view key, bool required);
  void Text(const Node& entry, std::string_view key, bool required, std::string& out);
  std::string Name(std::string_view key) const {
    return what_ + " field '" + std::string(key) + "'";
  }

  Decoder& d_;
  std::string what_;                                   // "rule 'id'", for messages
  std::map<std::string, uint32_t, std::less<>> seen_;  // rule id -> line
};

const Node* Loader::Field(const Node& entry, std::string_view key, bool required) {
  const Node* n = entry.Find(key);
  if (n == nullptr) {
    if (required)
      d_.Error(entry.loc, what_ + ": missing required field '" + std::string(key) + "'");
    return nullptr;
  }
  if (n->is_null() && required) {
    d_.Error(n->loc, Name(key) + ": must not be empty");
    return nullptr;
  }
  return n;
}

void Loader::Text(const Node& entry, std::string_view key, bool required, std::string& out) {
  const Node* n = Field(entry, key, required);
  if (n == nullptr) return;
  if (d_.Str(*n, out, Name(key)) && required && out.empty()) {
    d_.Error(n->loc, Name(key) + ": must not be empty");
  }
}

void Loader::ReadRule(const Node& entry, std::vector<RuleInfo>* out) {
  if (!entry.is_mapping()) {
    d_.Error(entry.loc,
             "each rule must be a mapping with 'id', 'title', 'stride', 'cwe', "
             "'function' and the texts");
    return;
  }
  RuleInfo info;
  const Node* id = entry.Find("id");
  if (id == nullptr || id->is_null()) {
    d_.Error(id == nullptr ? entry.loc : id->loc, "rule has no 'id'");
    return;
  }
  if (!d_.Str(*id, info.id, "rule field 'id'")) return;
  if (!IsRuleId(info.id)) {
    d_.Error(id->loc, "rule id '" + info.id +
                          "' must be lower-case letters, digits and '-', starting with a letter");
    return;
  }
  auto [first, inserted] = seen_.emplace(info.id, id->loc.line);
  if (!inserted) {
    d_.Error(id->loc, "duplicate rule '" + info.id + "' (first defined at line " +
                          std::to_string(first->second) + ")");
    return;
  }
  what_ = "rule '" + info.id + "'";
  d_.CheckKeys(entry, kKeys, what_);

  Text(entry, "title", true, info.title);
  if (const Node* n = Field(entry, "stride", true)) d_.Enum(*n, info.stride, Name("stride"));
  if (const Node* n = Field(entry, "cwe", true)) {
    if (d_.Int(*n, info.cwe, Name("cwe")) && info.cwe <= 0) {
      d_.Error(n->loc, Name("cwe") + ": must be a positive whole number, found '" + n->value + "'");
    }
  }
  if (const Node* n = Field(entry, "function", true)) d_.Enum(*n, info.function, Name("function"));
  Text(entry, "asvs", false, info.asvs);
  Text(entry, "cheat_sheet", false, info.cheat_sheet);
  Text(entry, "description", true, info.description);
  Text(entry, "impact", true, info.impact);
  Text(entry, "detection_logic", true, info.detection_logic);
  Text(entry, "risk_assessment", true, info.risk_assessment);
  Text(entry, "false_positives", false, info.false_positives);
  Text(entry, "action", false, info.action);
  Text(entry, "mitigation", true, info.mitigation);
  Text(entry, "check", false, info.check);
  if (const Node* n = Field(entry, "model_failure_possible_reason", false)) {
    d_.Bool(*n, info.model_failure_possible_reason, Name("model_failure_possible_reason"));
  }
  if (const Node* n = Field(entry, "tags", false)) {
    std::vector<formats::Loc> locs;
    if (d_.StrList(*n, info.tags, Name("tags"), &locs)) {
      for (size_t i = 0; i < info.tags.size(); ++i) {
        if (info.tags[i].empty() || base::ToLower(info.tags[i]) != info.tags[i]) {
          d_.Error(locs[i], Name("tags") + ": tag '" + info.tags[i] + "' must be lower case");
        }
      }
    }
  }
  out->push_back(std::move(info));
}

struct BuiltinMetadata {
  std::vector<RuleInfo> infos;
  std::map<std::string, const RuleInfo*, std::less<>> by_id;
};

const BuiltinMetadata& Builtin() {
  // Never destroyed (no static destructors at exit); initialised once, thread-safe.
  static const BuiltinMetadata* const builtin = [] {
    base::Result<std::vector<RuleInfo>> loaded = LoadRuleInfos(internal::RulesYaml(), kBuiltinName);
    if (!loaded) {
      std::fprintf(stderr, "threatpath: the built-in rule metadata is invalid:\n%s\n",
                   loaded.error().ToString().c_str());
      std::abort();
    }
    auto* b = new BuiltinMetadata{std::move(loaded).value(), {}};
    for (const RuleInfo& info : b->infos) b->by_id.emplace(info.id, &info);
    return b;
  }();
  return *builtin;
}

}  // namespace

base::Result<std::vector<RuleInfo>> LoadRuleInfos(std::string_view yaml_text,
                                                  const std::string& display_name) {
  base::Result<Node> parsed = formats::ParseYaml(yaml_text, 0, display_name);
  if (!parsed) return std::move(parsed).error();
  const Node& root = *parsed;

  const std::vector<std::string> files = {display_name};
  Decoder d(files);
  std::vector<RuleInfo> infos;
  if (!root.is_mapping()) {
    d.Error(root.loc, "rule metadata must be a mapping with a 'rules' list");
  } else {
    d.CheckKeys(root, kRootKeys, "rule metadata");
    const Node* rules = root.Find("rules");
    if (rules == nullptr) {
      d.Error(root.loc, "missing 'rules' section");
    } else if (!rules->is_sequence() && !rules->is_null()) {
      d.Error(rules->loc, "'rules' must be a list of rules");
    } else {
      Loader loader(d);
      for (const Node& entry : rules->items) loader.ReadRule(entry, &infos);
    }
  }

  if (d.failed()) {
    std::vector<Diagnostic> diagnostics = d.TakeDiagnostics();
    // By position; the "stopping after N errors" note stays last.
    std::stable_sort(
        diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
          return std::make_tuple(a.severity == base::Severity::kNote, a.loc.line, a.loc.column) <
                 std::make_tuple(b.severity == base::Severity::kNote, b.loc.line, b.loc.column);
        });
    return base::Error(base::Error::Code::kInvalidInput, std::move(diagnostics));
  }
  return infos;
}

const std::vector<RuleInfo>& BuiltinRuleInfos() { return Builtin().infos; }

const RuleInfo& BuiltinRuleInfo(std::string_view id) {
  const BuiltinMetadata& builtin = Builtin();
  auto it = builtin.by_id.find(id);
  if (it == builtin.by_id.end()) {
    std::fprintf(stderr,
                 "threatpath: the built-in rule metadata (src/engine/rules.yaml) has no entry for "
                 "rule '%.*s'\n",
                 static_cast<int>(id.size()), id.data());
    std::abort();
  }
  return *it->second;
}

}  // namespace threatpath::engine
