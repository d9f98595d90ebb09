#include "intake/questionnaire.h"

#include <array>
#include <cstdio>
#include <cstdlib>

#include "base/strings.h"
#include "formats/decode.h"
#include "formats/node.h"

namespace threatpath::intake {

namespace internal {
// Generated from design-review.yaml by cmake/embed.cmake.
std::string_view DesignReviewYaml();
}  // namespace internal

using base::Diagnostic;
using formats::Node;

std::string_view ToString(Tier tier) {
  switch (tier) {
    case Tier::kNone:
      return "none";
    case Tier::kSelfService:
      return "self-service";
    case Tier::kSecurityLed:
      return "security-led";
  }
  return "?";
}

std::optional<Tier> ParseTier(std::string_view s) {
  for (Tier t : {Tier::kNone, Tier::kSelfService, Tier::kSecurityLed})
    if (ToString(t) == s) return t;
  return std::nullopt;
}

std::string_view ToString(Severity severity) {
  switch (severity) {
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "?";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  for (Severity v : {Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical})
    if (ToString(v) == s) return v;
  return std::nullopt;
}

std::string_view ToString(QuestionType type) {
  switch (type) {
    case QuestionType::kYesNo:
      return "yesno";
    case QuestionType::kSingleChoice:
      return "single";
    case QuestionType::kMultipleChoice:
      return "multiple";
    case QuestionType::kText:
      return "text";
  }
  return "?";
}

int Item::FindChoice(std::string_view choice_id) const {
  for (size_t i = 0; i < choices.size(); ++i)
    if (choices[i].id == choice_id) return static_cast<int>(i);
  return -1;
}

int Questionnaire::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? -1 : it->second;
}

base::SourceLocation Questionnaire::Where(Loc loc) const {
  return {loc.file < files.size() ? files[loc.file] : std::string(), loc.line, loc.column};
}

namespace {

std::string_view KindName(const Item& item) {
  switch (item.kind) {
    case Item::Kind::kBlock:
      return "a block";
    case Item::Kind::kQuestion:
      return "a question";
    case Item::Kind::kNote:
      return "a note";
    case Item::Kind::kRule:
      return "a rule";
  }
  return "?";
}

void Flatten(std::vector<Item>& items, int parent, std::vector<Item*>& out,
             std::vector<int>& parents) {
  for (Item& item : items) {
    int self = static_cast<int>(out.size());
    out.push_back(&item);
    parents.push_back(parent);
    if (item.kind == Item::Kind::kBlock) Flatten(item.items, self, out, parents);
  }
}

}  // namespace

base::Status Questionnaire::Index(bool earlier_only) {
  std::vector<Item*> items;
  std::vector<int> parents;
  Flatten(this->items, -1, items, parents);
  flat_.clear();
  by_id_.clear();
  questions_ = rules_ = 0;
  std::vector<Diagnostic> diags;
  auto error = [&](Loc loc, std::string message) {
    diags.push_back({base::Severity::kError, Where(loc), std::move(message)});
  };
  std::vector<std::string> ids;
  for (size_t i = 0; i < items.size(); ++i) {
    Item& item = *items[i];
    flat_.push_back({&item, parents[i]});
    questions_ += item.kind == Item::Kind::kQuestion;
    rules_ += item.kind == Item::Kind::kRule;
    if (item.id.empty()) continue;
    auto [it, inserted] = by_id_.emplace(item.id, static_cast<int>(i));
    if (!inserted) {
      error(item.loc, "duplicate id '" + item.id + "' (first used at line " +
                          std::to_string(flat_[it->second].item->loc.line) + ")");
      continue;
    }
    ids.push_back(item.id);
  }
  for (size_t i = 0; i < items.size(); ++i) {
    Item& item = *items[i];
    if (!item.visible_if) continue;
    item.visible_if->ForEachRefMutable([&](Condition& ref) {
      Loc at = item.visible_if_loc;
      at.column += ref.column - 1;
      ref.target = Find(ref.name);
      ref.choice_index = -1;
      if (ref.target < 0) {
        error(at, "unknown " + std::string(ref.shown ? "item" : "question") + " '" + ref.name +
                      "'" + base::DidYouMean(ref.name, ids));
        return;
      }
      const Item& target = *flat_[ref.target].item;
      if (static_cast<size_t>(ref.target) == i) {
        error(at, "the condition of '" + item.id + "' refers to itself");
        ref.target = -1;
        return;
      }
      if (earlier_only && static_cast<size_t>(ref.target) > i) {
        error(at, "'" + ref.name + "' comes later (line " + std::to_string(target.loc.line) +
                      "); conditions may only use earlier items");
        ref.target = -1;
        return;
      }
      if (ref.shown) return;
      if (!target.is_question()) {
        error(at, "'" + ref.name + "' is " + std::string(KindName(target)) +
                      ", not a question; write '^" + ref.name + "' to test whether it is shown");
        ref.target = -1;
        return;
      }
      if (ref.choice.empty()) return;
      ref.choice_index = target.FindChoice(ref.choice);
      if (ref.choice_index < 0) {
        std::vector<std::string> names;
        for (const Choice& c : target.choices) names.push_back(c.id);
        error(at, "question '" + ref.name + "' has no choice '" + ref.choice + "'" +
                      base::DidYouMean(ref.choice, names) +
                      (target.type == QuestionType::kText
                           ? "; it takes text"
                           : "; its choices are: " + base::Join(names, ", ")));
        ref.target = -1;
      }
    });
  }
  if (!diags.empty()) return base::Error(base::Error::Code::kInvalidInput, std::move(diags));
  return base::OkStatus();
}

// --- Reading Threatpath's YAML format --------------------------------------------------------

namespace {

bool IsId(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.' || c == '-'))
      return false;
  }
  return true;
}

constexpr std::array<std::string_view, 4> kTop = {"id", "title", "version", "scoring"};

class Reader {
 public:
  explicit Reader(std::vector<std::string>& files) : decoder_(files) {}

  formats::Decoder& decoder() { return decoder_; }

  void ReadScoring(const Node& node, Scoring& out) {
    if (node.is_null() || !decoder_.ExpectMapping(node, "scoring")) return;
    static constexpr std::array<std::string_view, 2> keys = {"half_at", "default_tier"};
    decoder_.CheckKeys(node, keys, "scoring");
    if (const Node* n = node.Find("half_at")) {
      if (decoder_.Int(*n, out.half_at, "scoring.half_at") && out.half_at <= 0)
        decoder_.Error(n->loc, "scoring.half_at: must be a positive number of points");
    }
    if (const Node* n = node.Find("default_tier")) ReadTier(*n, out.default_tier, "scoring");
  }

  void ReadItems(const Node& node, std::vector<Item>& out, std::string_view what, int depth) {
    if (!node.is_sequence()) {
      decoder_.Error(node.loc, std::string(what) + ": expected a list of items, found " +
                                   std::string(formats::Describe(node)));
      return;
    }
    for (const Node& n : node.items) {
      if (decoder_.full()) return;
      Item item;
      if (ReadItem(n, item, depth)) out.push_back(std::move(item));
    }
  }

 private:
  void ReadTier(const Node& node, Tier& out, const std::string& what) {
    std::string s;
    if (!decoder_.Str(node, s, what + ".tier")) return;
    if (auto t = ParseTier(s)) {
      out = *t;
      return;
    }
    decoder_.Error(node.loc, what + ": unknown tier '" + s +
                                 "'; expected one of: none, self-service, security-led");
  }

  void ReadEffect(const Node& node, Effect& out, const std::string& what) {
    if (const Node* n = node.Find("points")) decoder_.Int(*n, out.points, what + ".points");
    if (const Node* n = node.Find("tier")) {
      Tier t = Tier::kNone;
      ReadTier(*n, t, what);
      out.min_tier = t;
    }
    const Node* findings = node.Find("findings");
    if (!findings || findings->is_null()) return;
    if (!findings->is_sequence()) {
      decoder_.Error(findings->loc, what + ".findings: expected a list, found " +
                                        std::string(formats::Describe(*findings)));
      return;
    }
    for (const Node& f : findings->items) {
      std::string fwhat = what + ": finding";
      if (!decoder_.ExpectMapping(f, fwhat)) continue;
      static constexpr std::array<std::string_view, 4> keys = {"id", "severity", "title", "why"};
      decoder_.CheckKeys(f, keys, fwhat);
      FindingSpec spec;
      spec.loc = f.loc;
      const Node* id = f.Find("id");
      if (!id || id->is_null()) {
        decoder_.Error(f.loc, fwhat + ": 'id' is required");
      } else {
        decoder_.Str(*id, spec.id, fwhat + ".id");
      }
      if (const Node* s = f.Find("severity")) {
        std::string text;
        if (decoder_.Str(*s, text, fwhat + ".severity")) {
          if (auto v = ParseSeverity(text))
            spec.severity = *v;
          else
            decoder_.Error(s->loc, fwhat + ": unknown severity '" + text +
                                       "'; expected one of: low, medium, high, critical");
        }
      }
      if (const Node* t = f.Find("title")) decoder_.Str(*t, spec.title, fwhat + ".title");
      const Node* why = f.Find("why");
      if (!why || why->is_null())
        decoder_.Error(f.loc, fwhat + " '" + spec.id + "': 'why' is required");
      else
        decoder_.Str(*why, spec.why, fwhat + ".why");
      out.findings.push_back(std::move(spec));
    }
  }

  void ReadCondition(const Node& node, Item& item, const std::string& what) {
    std::string text;
    if (!decoder_.Str(node, text, what)) return;
    Loc at = node.loc;
    if (!node.plain) at.column += 1;  // the opening quote
    ConditionError err;
    auto cond = ParseCondition(text, &err);
    if (!cond) {
      Loc e = at;
      e.column += err.column - 1;
      decoder_.Error(e, what + ": " + err.message);
      return;
    }
    item.visible_if = std::move(*cond);
    item.visible_if_loc = at;
  }

  bool ReadItem(const Node& node, Item& item, int depth) {
    if (depth > 20) {
      decoder_.Error(node.loc, "blocks nested more than 20 deep");
      return false;
    }
    if (!node.is_mapping()) {
      decoder_.Error(node.loc,
                     "item: expected a mapping, found " + std::string(formats::Describe(node)));
      return false;
    }
    item.loc = node.loc;
    std::string type;
    const Node* type_node = node.Find("type");
    if (!type_node || type_node->is_null()) {
      decoder_.Error(node.loc,
                     "item: 'type' is required (block, yesno, single, multiple, text, "
                     "note or rule)");
      return false;
    }
    if (!decoder_.Str(*type_node, type, "item.type")) return false;
    if (const Node* id = node.Find("id")) decoder_.Str(*id, item.id, "item.id");
    std::string what = item.id.empty() ? "item" : "item '" + item.id + "'";
    if (!item.id.empty() && !IsId(item.id)) {
      decoder_.Error(node.Find("id")->loc,
                     what + ": ids may use only letters, digits, '_', '.' and '-'");
    }
    if (const Node* t = node.Find("text")) decoder_.Str(*t, item.text, what + ".text");

    std::vector<std::string_view> keys = {"type", "id", "text"};
    if (type == "block") {
      item.kind = Item::Kind::kBlock;
      keys.insert(keys.end(), {"visible_if", "items"});
      const Node* items = node.Find("items");
      if (!items)
        decoder_.Error(node.loc, what + ": a block needs 'items'");
      else
        ReadItems(*items, item.items, what + ".items", depth + 1);
    } else if (type == "note") {
      item.kind = Item::Kind::kNote;
      keys.push_back("visible_if");
    } else if (type == "rule") {
      item.kind = Item::Kind::kRule;
      keys.insert(keys.end(), {"when", "points", "tier", "findings"});
      const Node* when = node.Find("when");
      if (!when || when->is_null())
        decoder_.Error(node.loc, what + ": a rule needs 'when'");
      else
        ReadCondition(*when, item, what + ".when");
      ReadEffect(node, item.effect, what);
    } else if (type == "yesno" || type == "single" || type == "multiple" || type == "text") {
      item.kind = Item::Kind::kQuestion;
      item.type = type == "yesno"      ? QuestionType::kYesNo
                  : type == "single"   ? QuestionType::kSingleChoice
                  : type == "multiple" ? QuestionType::kMultipleChoice
                                       : QuestionType::kText;
      keys.insert(keys.end(), {"visible_if", "required", "weight"});
      if (const Node* r = node.Find("required")) decoder_.Bool(*r, item.required, what);
      if (const Node* w = node.Find("weight")) {
        if (decoder_.Int(*w, item.weight, what + ".weight") && item.weight < 0)
          decoder_.Error(w->loc, what + ".weight: must not be negative");
      }
      if (item.type == QuestionType::kYesNo) {
        keys.insert(keys.end(), {"yes", "no"});
        for (std::string_view answer : {"yes", "no"}) {
          Choice c;
          c.id = std::string(answer);
          c.text = answer == "yes" ? "Yes" : "No";
          c.loc = node.loc;
          if (const Node* e = node.Find(answer)) {
            c.loc = e->loc;
            std::string ewhat = what + "." + c.id;
            if (decoder_.ExpectMapping(*e, ewhat)) {
              static constexpr std::array<std::string_view, 3> ekeys = {"points", "tier",
                                                                        "findings"};
              decoder_.CheckKeys(*e, ekeys, ewhat);
              ReadEffect(*e, c.effect, ewhat);
            }
          }
          item.choices.push_back(std::move(c));
        }
      } else if (item.type != QuestionType::kText) {
        keys.push_back("choices");
        ReadChoices(node, item, what);
      }
      if (const Node* v = node.Find("visible_if")) ReadCondition(*v, item, what + ".visible_if");
    } else {
      decoder_.Error(type_node->loc, what + ": unknown type '" + type +
                                         "'; expected one of: block, yesno, single, multiple, "
                                         "text, note, rule");
      return false;
    }
    if (item.kind != Item::Kind::kRule && item.kind != Item::Kind::kQuestion) {
      if (const Node* v = node.Find("visible_if")) ReadCondition(*v, item, what + ".visible_if");
    }
    if (item.id.empty() && (item.kind == Item::Kind::kQuestion || item.kind == Item::Kind::kRule)) {
      decoder_.Error(node.loc, "item: a " + type + " needs an 'id'");
    }
    if (item.text.empty() && item.kind != Item::Kind::kRule) {
      decoder_.Error(node.loc, what + ": 'text' is required");
    }
    decoder_.CheckKeys(node, keys, what);
    return true;
  }

  void ReadChoices(const Node& node, Item& item, const std::string& what) {
    const Node* choices = node.Find("choices");
    if (!choices || !choices->is_sequence() || choices->items.empty()) {
      decoder_.Error(choices ? choices->loc : node.loc,
                     what + ": a " + std::string(ToString(item.type)) +
                         " question needs a non-empty list of 'choices'");
      return;
    }
    for (const Node& n : choices->items) {
      std::string cwhat = what + ": choice";
      if (!n.is_mapping()) {
        decoder_.Error(n.loc,
                       cwhat + ": expected a mapping, found " + std::string(formats::Describe(n)));
        continue;
      }
      static constexpr std::array<std::string_view, 5> keys = {"id", "text", "points", "tier",
                                                               "findings"};
      decoder_.CheckKeys(n, keys, cwhat);
      Choice c;
      c.loc = n.loc;
      if (const Node* id = n.Find("id")) decoder_.Str(*id, c.id, cwhat + ".id");
      if (!IsId(c.id)) {
        decoder_.Error(n.loc, cwhat +
                                  ": 'id' is required and may use only letters, digits, "
                                  "'_', '.' and '-'");
        continue;
      }
      cwhat = what + ": choice '" + c.id + "'";
      if (item.FindChoice(c.id) >= 0)
        decoder_.Error(n.loc, what + ": duplicate choice '" + c.id + "'");
      if (const Node* t = n.Find("text")) decoder_.Str(*t, c.text, cwhat + ".text");
      if (c.text.empty()) decoder_.Error(n.loc, cwhat + ": 'text' is required");
      ReadEffect(n, c.effect, cwhat);
      item.choices.push_back(std::move(c));
    }
  }

  formats::Decoder decoder_;
};

}  // namespace

base::Result<Questionnaire> ReadQuestionnaire(std::string_view text,
                                              const std::string& display_name) {
  auto root = formats::ParseYaml(text, 0, display_name);
  if (!root) return std::move(root).error();
  Questionnaire q;
  q.format = "threatpath";
  q.files = {display_name};
  Reader reader(q.files);
  formats::Decoder& d = reader.decoder();
  if (!root->is_mapping()) {
    return base::Error::At({display_name, root->loc.line, root->loc.column},
                           "a questionnaire must be a mapping with 'id' and 'items'");
  }
  std::vector<std::string_view> keys(kTop.begin(), kTop.end());
  keys.push_back("items");
  d.CheckKeys(*root, keys, "questionnaire");
  const Node* id = root->Find("id");
  if (!id || id->is_null()) {
    d.Error(root->loc, "questionnaire: 'id' is required");
  } else if (d.Str(*id, q.id, "questionnaire.id") && !IsId(q.id)) {
    d.Error(id->loc, "questionnaire.id: may use only letters, digits, '_', '.' and '-'");
  }
  if (const Node* n = root->Find("title")) d.Str(*n, q.title, "questionnaire.title");
  if (const Node* n = root->Find("version")) d.Int(*n, q.version, "questionnaire.version");
  if (const Node* n = root->Find("scoring")) reader.ReadScoring(*n, q.scoring);
  const Node* items = root->Find("items");
  if (!items)
    d.Error(root->loc, "questionnaire: 'items' is required");
  else
    reader.ReadItems(*items, q.items, "questionnaire.items", 0);
  if (d.failed()) return base::Error(base::Error::Code::kInvalidInput, d.TakeDiagnostics());
  if (auto st = q.Index(/*earlier_only=*/true); !st) return std::move(st).error();
  return q;
}

std::string_view DesignReviewYaml() { return internal::DesignReviewYaml(); }

const Questionnaire& DesignReview() {
  static const Questionnaire* q = [] {
    auto r = ReadQuestionnaire(internal::DesignReviewYaml(), "<builtin>/design-review.yaml");
    if (!r) {
      std::fprintf(stderr, "built-in questionnaire is invalid:\n%s\n",
                   r.error().ToString().c_str());
      std::abort();
    }
    return new Questionnaire(std::move(*r));
  }();
  return *q;
}

}  // namespace threatpath::intake
