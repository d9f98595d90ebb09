// Import of Google VSAQ questionnaires into the questionnaire model. The mapping is described in
// docs/questionnaires.md, "Importing VSAQ".
#include <map>

#include "formats/node.h"
#include "intake/questionnaire.h"

namespace threatpath::intake {

std::string VsaqToJson(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0, n = text.size();
  bool line_start = true;
  while (i < n) {
    char c = text[i];
    if (line_start) {
      size_t j = i;
      while (j < n && (text[j] == ' ' || text[j] == '\t')) ++j;
      if (j + 1 < n && text[j] == '/' && text[j + 1] == '/') {
        while (j < n && text[j] != '\n') ++j;
        i = j;  // keep the line break itself
        line_start = false;
        continue;
      }
      line_start = false;
    }
    if (c == '\n') {
      out += c;
      ++i;
      line_start = true;
      continue;
    }
    if (c != '"') {
      out += c;
      ++i;
      continue;
    }
    // A string, possibly continued with `+ "..."`.
    out += '"';
    ++i;
    int swallowed = 0;
    while (i < n) {
      char s = text[i];
      if (s == '\\' && i + 1 < n) {
        out += s;
        out += text[i + 1];
        i += 2;
        continue;
      }
      if (s != '"') {
        out += s;
        ++i;
        continue;
      }
      // Closing quote: is it followed by `+ "`?
      size_t j = i + 1;
      int lines = 0;
      while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r'))
        lines += text[j++] == '\n';
      if (j < n && text[j] == '+') {
        ++j;
        while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r'))
          lines += text[j++] == '\n';
        if (j < n && text[j] == '"') {
          swallowed += lines;
          i = j + 1;
          continue;
        }
      }
      out += '"';
      ++i;
      break;
    }
    out.append(static_cast<size_t>(swallowed), '\n');
  }
  return out;
}

namespace {

using formats::Node;

std::string StripHtml(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (in_tag) {
      if (c == '>') {
        in_tag = false;
        if (!out.empty() && out.back() != ' ') out += ' ';
      }
      continue;
    }
    if (c == '<') {
      in_tag = true;
      continue;
    }
    if (c == '&') {
      static const std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
          {"&quot;", '"'}, {"&#39;", '\''}, {"&nbsp;", ' '}};
      bool done = false;
      for (auto [name, ch] : kEntities) {
        if (html.substr(i, name.size()) == name) {
          out += ch;
          i += name.size() - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // Tags next to punctuation leave "word ." behind.
  std::string tidy;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && i + 1 < out.size() &&
        (out[i + 1] == '.' || out[i + 1] == ',' || out[i + 1] == ':' || out[i + 1] == ';'))
      continue;
    tidy += out[i];
  }
  return tidy;
}

class Importer {
 public:
  Importer(Questionnaire& q, std::vector<base::Diagnostic>& diags) : q_(q), diags_(diags) {}

  void Error(Loc loc, std::string message) {
    diags_.push_back({base::Severity::kError, q_.Where(loc), std::move(message)});
  }

  std::string Text(const Node& item, std::string_view key) {
    const Node* n = item.Find(key);
    if (!n || n->is_null()) return {};
    if (!n->is_scalar()) {
      Error(n->loc, "'" + std::string(key) + "': expected a string");
      return {};
    }
    return n->value;
  }

  void Items(const Node& list, std::vector<Item>& out, int depth) {
    if (!list.is_sequence()) {
      Error(list.loc, "'items': expected a list");
      return;
    }
    for (const Node& n : list.items) {
      Item item;
      if (Convert(n, item, depth)) out.push_back(std::move(item));
    }
  }

  bool Convert(const Node& node, Item& item, int depth) {
    if (depth > 50) {
      Error(node.loc, "blocks nested more than 50 deep");
      return false;
    }
    if (!node.is_mapping()) {
      Error(node.loc, "expected an item (a JSON object)");
      return false;
    }
    item.loc = node.loc;
    std::string type = Text(node, "type");
    item.id = Text(node, "id");
    item.text = Text(node, "text");
    if (const Node* r = node.Find("required"))
      item.required = r->is_scalar() && r->plain && r->value == "true";
    if (type == "block") {
      item.kind = Item::Kind::kBlock;
      if (const Node* items = node.Find("items")) Items(*items, item.items, depth + 1);
    } else if (type == "info" || type == "spacer") {
      item.kind = Item::Kind::kNote;
    } else if (type == "check" || type == "yesno") {
      item.kind = Item::Kind::kQuestion;
      item.type = QuestionType::kYesNo;
      item.choices = {{"yes", "Yes", {}, node.loc}, {"no", "No", {}, node.loc}};
    } else if (type == "line" || type == "box") {
      item.kind = Item::Kind::kQuestion;
      item.type = QuestionType::kText;
    } else if (type == "radiogroup" || type == "checkgroup") {
      item.kind = Item::Kind::kQuestion;
      item.type =
          type == "radiogroup" ? QuestionType::kSingleChoice : QuestionType::kMultipleChoice;
      const Node* choices = node.Find("choices");
      if (!choices || !choices->is_sequence()) {
        Error(node.loc, type + ": 'choices' must be a list");
        return false;
      }
      for (const Node& c : choices->items) {
        if (!c.is_mapping() || c.entries.size() != 1 || !c.entries[0].value.is_scalar()) {
          Error(c.loc, type + ": each choice must be an object {\"choice_id\": \"text\"}");
          continue;
        }
        item.choices.push_back({c.entries[0].key.value, c.entries[0].value.value, {}, c.loc});
      }
      if (item.choices.empty()) {
        Error(node.loc, type + ": no choices");
        return false;
      }
      // VSAQ conditions name choices directly, so a group needs no id; ours does.
      if (item.id.empty()) item.id = item.choices.front().id + "__group";
    } else if (type == "tip") {
      item.kind = Item::Kind::kRule;
      if (Text(node, "warn") == "yes") {
        FindingSpec f;
        f.id = item.id;
        f.loc = node.loc;
        f.title = Text(node, "name");
        f.why = StripHtml(item.text);
        std::string severity = Text(node, "severity");
        if (!severity.empty()) {
          auto s = ParseSeverity(severity);
          if (!s) {
            Error(node.Find("severity")->loc, "tip: unknown severity '" + severity + "'");
            return false;
          }
          f.severity = *s;
        }
        // Severity carries the scoring VSAQ lacks (docs/questionnaires.md).
        switch (f.severity) {
          case Severity::kCritical:
            item.effect.points = 20;
            item.effect.min_tier = Tier::kSecurityLed;
            break;
          case Severity::kHigh:
            item.effect.points = 10;
            item.effect.min_tier = Tier::kSecurityLed;
            break;
          case Severity::kMedium:
            item.effect.points = 5;
            item.effect.min_tier = Tier::kSelfService;
            break;
          case Severity::kLow:
            item.effect.points = 2;
            break;
        }
        item.effect.findings.push_back(std::move(f));
      }
      if (item.id.empty()) {
        Error(node.loc, "tip: 'id' is required");
        return false;
      }
    } else {
      Error(node.Find("type") ? node.Find("type")->loc : node.loc,
            "unsupported VSAQ item type '" + type + "'");
      return false;
    }
    if (const Node* cond = node.Find("cond")) {
      if (!cond->is_scalar()) {
        Error(cond->loc, "'cond': expected a string");
      } else {
        Loc at = cond->loc;
        at.column += 1;  // opening quote
        ConditionError err;
        auto c = ParseCondition(cond->value, &err);
        if (!c) {
          Loc e = at;
          e.column += err.column - 1;
          Error(e, "cond: " + err.message);
        } else {
          item.visible_if = std::move(*c);
          item.visible_if_loc = at;
        }
      }
    }
    return true;
  }

 private:
  Questionnaire& q_;
  std::vector<base::Diagnostic>& diags_;
};

// Bare VSAQ names that are choice ids become `question/choice`.
void CollectNames(std::vector<Item>& items, std::map<std::string, std::string>& items_by_id,
                  std::map<std::string, std::string>& question_of_choice) {
  for (Item& item : items) {
    if (!item.id.empty()) items_by_id[item.id] = item.id;
    if (item.kind == Item::Kind::kQuestion && item.type != QuestionType::kYesNo)
      for (const Choice& c : item.choices) question_of_choice.emplace(c.id, item.id);
    CollectNames(item.items, items_by_id, question_of_choice);
  }
}

void RewriteNames(std::vector<Item>& items, const std::map<std::string, std::string>& items_by_id,
                  const std::map<std::string, std::string>& question_of_choice) {
  for (Item& item : items) {
    if (item.visible_if) {
      item.visible_if->ForEachRefMutable([&](Condition& ref) {
        if (!ref.choice.empty() || items_by_id.count(ref.name)) return;
        auto it = question_of_choice.find(ref.name);
        if (it == question_of_choice.end()) return;
        ref.choice = ref.name;
        ref.name = it->second;
      });
    }
    RewriteNames(item.items, items_by_id, question_of_choice);
  }
}

base::Status Finish(Questionnaire& q, std::vector<base::Diagnostic>& diags) {
  if (!diags.empty()) return base::Error(base::Error::Code::kInvalidInput, std::move(diags));
  std::map<std::string, std::string> items_by_id, question_of_choice;
  CollectNames(q.items, items_by_id, question_of_choice);
  RewriteNames(q.items, items_by_id, question_of_choice);
  return q.Index(/*earlier_only=*/false);
}

// Finds the item with `id` and returns its vector and position.
bool FindSlot(std::vector<Item>& items, const std::string& id, std::vector<Item>** vec,
              size_t* pos) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].id == id) {
      *vec = &items;
      *pos = i;
      return true;
    }
    if (FindSlot(items[i].items, id, vec, pos)) return true;
  }
  return false;
}

}  // namespace

base::Result<Questionnaire> ImportVsaq(std::string_view text, const std::string& display_name,
                                       const std::string& id) {
  Questionnaire q;
  q.id = id;
  q.format = "vsaq";
  q.files = {display_name};
  auto root = formats::ParseJson(VsaqToJson(text), 0, display_name);
  if (!root) return std::move(root).error();
  const Node* list = root->is_mapping() ? root->Find("questionnaire") : nullptr;
  if (!list) {
    return base::Error::At({display_name, root->loc.line, root->loc.column},
                           "not a VSAQ questionnaire: no 'questionnaire' list");
  }
  if (const Node* v = root->Find("version"); v && v->is_scalar())
    q.version = std::atoi(v->value.c_str());
  std::vector<base::Diagnostic> diags;
  Importer importer(q, diags);
  importer.Items(*list, q.items, 0);
  // The title is the text of the single top-level block, as VSAQ files are written.
  if (q.items.size() == 1 && q.items[0].kind == Item::Kind::kBlock) q.title = q.items[0].text;
  if (auto st = Finish(q, diags); !st) return std::move(st).error();
  return q;
}

base::Status ApplyVsaqExtension(Questionnaire& base, std::string_view text,
                                const std::string& display_name) {
  uint32_t file = static_cast<uint32_t>(base.files.size());
  base.files.push_back(display_name);
  auto root = formats::ParseJson(VsaqToJson(text), file, display_name);
  if (!root) return std::move(root).error();
  const Node* list = root->is_mapping() ? root->Find("extensions") : nullptr;
  if (!list || !list->is_sequence()) {
    return base::Error::At({display_name, root->loc.line, root->loc.column},
                           "not a VSAQ extension: no 'extensions' list");
  }
  std::vector<base::Diagnostic> diags;
  Importer importer(base, diags);
  for (const Node& n : list->items) {
    Item item;
    if (!importer.Convert(n, item, 0)) continue;
    const Node* after = n.Find("insertAfter");
    if (!after || !after->is_scalar()) {
      importer.Error(n.loc, "extension: 'insertAfter' is required");
      continue;
    }
    std::vector<Item>* vec = nullptr;
    size_t pos = 0;
    if (!FindSlot(base.items, after->value, &vec, &pos)) {
      importer.Error(after->loc, "extension: insertAfter '" + after->value +
                                     "' names no item of the questionnaire");
      continue;
    }
    vec->insert(vec->begin() + static_cast<std::ptrdiff_t>(pos) + 1, std::move(item));
  }
  return Finish(base, diags);
}

}  // namespace threatpath::intake
