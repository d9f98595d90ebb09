// Reads Threagile YAML (both code lines) into core::Model.
//
// Reading happens in two steps. First the entry document and everything it includes are merged
// into one Node tree, the way Threagile's master merges includes (pkg/input/model.go): maps of
// elements are merged key by key (an element defined in two files is merged field by field, and
// two different non-empty values for a single-valued field are a conflict), maps of prose
// (questions, abuse cases, security requirements) reject a key defined twice, lists are
// appended, and single values must not conflict. Every node keeps the position in the file it
// came from, so messages point into the right included file. An include that is already being
// read further up the chain is a cycle; the same file included twice from different places
// (a diamond) is merged twice, which changes nothing.
//
// Then the merged tree is mapped to the model with a Decoder, which collects every problem of
// every file (unknown keys with a did-you-mean hint, wrong types, unknown enum values) so that
// all of them are reported at once.
//
// Values are kept as written. What Threagile derives when it loads a model (descriptions that
// default to titles, lower-cased tags, diagram defaults) is core::DeriveThreagile's job. The
// only interpretation made here is diagram_tweak_constraint, which Threagile inverts when it
// reads it (`constraint = !diagram_tweak_constraint`); the model stores the effective value.

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "base/strings.h"
#include "formats/decode.h"
#include "formats/threagile.h"

namespace threatpath::formats {
namespace {

using core::Ref;

// ---------------------------------------------------------------------------------------------
// Field access with key bookkeeping.

/// Decodes the keys of one mapping and remembers which keys were asked for, so that the keys
/// reported as unknown are exactly the ones this reader does not look at.
class Fields {
 public:
  Fields(Decoder& d, const Node& map, std::string what)
      : d_(d), map_(map), what_(std::move(what)) {}

  const std::string& what() const { return what_; }

  const Node* Get(std::string_view key) {
    known_.push_back(key);
    return map_.is_mapping() ? map_.Find(key) : nullptr;
  }
  /// Marks a key as known without reading it (accepted and ignored).
  void Ignore(std::string_view key) { known_.push_back(key); }

  std::string Name(std::string_view key) const {
    return what_ + " field '" + std::string(key) + "'";
  }

  void Str(std::string_view key, std::string& out) {
    if (const Node* n = Get(key)) d_.Str(*n, out, Name(key));
  }
  void Bool(std::string_view key, bool& out) {
    if (const Node* n = Get(key)) d_.Bool(*n, out, Name(key));
  }
  void Int(std::string_view key, int& out) {
    if (const Node* n = Get(key)) d_.Int(*n, out, Name(key));
  }
  void StrList(std::string_view key, std::vector<std::string>& out,
               std::vector<Loc>* locs = nullptr) {
    if (const Node* n = Get(key)) d_.StrList(*n, out, Name(key), locs);
  }
  void Refs(std::string_view key, core::Refs& out) {
    if (const Node* n = Get(key)) d_.RefList(*n, out, Name(key));
  }
  void RefOne(std::string_view key, Ref& out) {
    if (const Node* n = Get(key)) d_.RefOne(*n, out, Name(key));
  }
  void Texts(std::string_view key, core::TextMap& out) {
    if (const Node* n = Get(key)) d_.Texts(*n, out, Name(key));
  }
  template <typename E>
  void Enum(std::string_view key, E& out, bool* alias_seen = nullptr) {
    if (const Node* n = Get(key)) d_.Enum(*n, out, Name(key), alias_seen);
  }
  template <typename E>
  void EnumList(std::string_view key, std::vector<E>& out) {
    if (const Node* n = Get(key)) d_.EnumList(*n, out, Name(key));
  }

  /// Threagile decodes models with yaml.v3's non-strict Unmarshal, which skips keys it does not
  /// know, so an unknown key is a warning (with the closest known key as a hint), not an error.
  void CheckUnknown() {
    if (!map_.is_mapping()) return;
    for (const Entry& e : map_.entries) {
      if (std::find(known_.begin(), known_.end(), e.key.value) != known_.end()) continue;
      auto hint = base::ClosestMatch(e.key.value, known_);
      d_.Warning(e.key.loc, what_ + ": unknown key '" + e.key.value + "' is ignored" +
                                (hint ? " (did you mean '" + *hint + "'?)" : std::string()));
    }
  }

 private:
  Decoder& d_;
  const Node& map_;
  std::string what_;
  std::vector<std::string_view> known_;
};

// ---------------------------------------------------------------------------------------------
// Include merging.

bool SameNode(const Node& a, const Node& b) {
  if (a.kind != b.kind || a.value != b.value || a.items.size() != b.items.size() ||
      a.entries.size() != b.entries.size()) {
    return false;
  }
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (!SameNode(a.items[i], b.items[i])) return false;
  }
  for (size_t i = 0; i < a.entries.size(); ++i) {
    if (a.entries[i].key.value != b.entries[i].key.value ||
        !SameNode(a.entries[i].value, b.entries[i].value)) {
      return false;
    }
  }
  return true;
}

bool EqualFold(std::string_view a, std::string_view b) {
  return base::ToLower(a) == base::ToLower(b);
}

bool IsBoolWord(const Node& n) {
  if (!n.is_scalar() || !n.plain) return false;
  std::string v = base::ToLower(n.value);
  return v == "true" || v == "false" || v == "yes" || v == "no" || v == "on" || v == "off";
}

bool IsTrueWord(const Node& n) {
  std::string v = base::ToLower(n.value);
  return v == "true" || v == "yes" || v == "on";
}

bool IsIntWord(const Node& n) {
  if (!n.is_scalar() || !n.plain || n.value.empty()) return false;
  size_t i = (n.value[0] == '-' || n.value[0] == '+') ? 1 : 0;
  if (i == n.value.size()) return false;
  for (; i < n.value.size(); ++i) {
    if (n.value[i] < '0' || n.value[i] > '9') return false;
  }
  return true;
}

bool IsEmptyValue(const Node& n) { return n.is_null() || (n.is_scalar() && n.value.empty()); }

Entry* FindEntry(Node& map, std::string_view key) {
  for (Entry& e : map.entries) {
    if (e.key.value == key) return &e;
  }
  return nullptr;
}

// How Threagile merges a top-level key of an included file into the model.
enum class TopMerge {
  kSingleton,    // must not conflict
  kObject,       // a mapping merged field by field (author, overviews)
  kMultiline,    // different texts are joined
  kUniqueTexts,  // a map of prose; a key defined twice is an error
  kUniqueList,   // a list; items already present are not added again
  kAppendList,   // a list; appended
  kElements,     // a map of elements; the same element in two files is merged field by field
  kIdList,       // a list of elements with an `id`; a repeated id is an error
  kOverwrite,    // the included value replaces the current one
};

struct TopKey {
  std::string_view key;
  TopMerge merge;
  std::string_view kind;  // for kElements / kIdList: how an element is named in messages
};

constexpr TopKey kTopKeys[] = {
    {"threagile_version", TopMerge::kSingleton, ""},
    {"title", TopMerge::kSingleton, ""},
    {"author", TopMerge::kObject, ""},
    {"contributors", TopMerge::kAppendList, ""},
    {"date", TopMerge::kSingleton, ""},
    {"application_description", TopMerge::kObject, ""},
    {"business_overview", TopMerge::kObject, ""},
    {"technical_overview", TopMerge::kObject, ""},
    {"business_criticality", TopMerge::kSingleton, ""},
    {"management_summary_comment", TopMerge::kMultiline, ""},
    {"security_requirements", TopMerge::kUniqueTexts, ""},
    {"questions", TopMerge::kUniqueTexts, ""},
    {"abuse_cases", TopMerge::kUniqueTexts, ""},
    {"tags_available", TopMerge::kUniqueList, ""},
    {"data_assets", TopMerge::kElements, "data asset"},
    {"technical_assets", TopMerge::kElements, "technical asset"},
    {"trust_boundaries", TopMerge::kElements, "trust boundary"},
    {"shared_runtimes", TopMerge::kElements, "shared runtime"},
    {"individual_risk_categories", TopMerge::kElements, "individual risk category"},
    {"custom_risk_categories", TopMerge::kIdList, "custom risk category"},
    {"risk_tracking", TopMerge::kElements, "risk tracking"},
    {"diagram_tweak_nodesep", TopMerge::kOverwrite, ""},
    {"diagram_tweak_ranksep", TopMerge::kOverwrite, ""},
    {"diagram_tweak_edge_layout", TopMerge::kOverwrite, ""},
    {"diagram_tweak_suppress_edge_labels", TopMerge::kOverwrite, ""},
    {"diagram_tweak_layout_left_to_right", TopMerge::kOverwrite, ""},
    {"diagram_tweak_invisible_connections_between_assets", TopMerge::kUniqueList, ""},
    {"diagram_tweak_same_rank_assets", TopMerge::kUniqueList, ""},
};

const TopKey* FindTopKey(std::string_view key) {
  for (const TopKey& k : kTopKeys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

// Fields whose texts Threagile joins instead of rejecting a difference.
bool IsMultilineField(std::string_view key) {
  return key == "justification_cia_rating" || key == "justification_out_of_scope" ||
         key == "management_summary_comment";
}

class IncludeMerger {
 public:
  IncludeMerger(core::Model& model, Decoder& d, const ThreagileReadOptions& options)
      : m_(model), d_(d), options_(options) {}

  /// Merges every file named by `includes` (of the file `including`) into `target`.
  void IncludeAll(Node& target, const Node& includes, const std::string& including,
                  std::vector<std::string>& chain) {
    if (includes.is_null()) return;
    if (!includes.is_sequence()) {
      d_.Error(includes.loc, "'includes': expected a list of file names, found " +
                                 std::string(Describe(includes)));
      return;
    }
    for (const Node& item : includes.items) {
      if (item.is_null()) continue;
      Include(target, item, including, chain);
      if (d_.full()) return;
    }
  }

 private:
  void Include(Node& target, const Node& item, const std::string& including,
               std::vector<std::string>& chain) {
    std::string path;
    if (!d_.Str(item, path, "'includes' item")) return;
    if (!options_.resolve_include) {
      d_.Error(item.loc, "cannot include '" + path + "': reading included files is not enabled");
      return;
    }
    if (++included_ > kMaxIncludedFiles) {
      if (included_ == kMaxIncludedFiles + 1) {
        d_.Error(item.loc, "cannot include '" + path + "': more than " +
                               std::to_string(kMaxIncludedFiles) + " files are included");
      }
      return;
    }
    if (chain.size() > options_.max_include_depth) {
      d_.Error(item.loc, "cannot include '" + path + "': includes are nested deeper than " +
                             std::to_string(options_.max_include_depth) + " levels");
      return;
    }
    auto file = options_.resolve_include(including, path);
    if (!file) {
      d_.Error(item.loc, "cannot include '" + path + "': " + file.error().message());
      return;
    }
    if (std::find(chain.begin(), chain.end(), file->name) != chain.end()) {
      std::string cycle;
      auto start = std::find(chain.begin(), chain.end(), file->name);
      for (auto it = start; it != chain.end(); ++it) cycle += *it + " -> ";
      d_.Error(item.loc, "include cycle: " + cycle + file->name);
      return;
    }
    auto index = static_cast<uint32_t>(m_.files.size());
    m_.files.push_back(file->name);
    auto doc = ParseYaml(file->text, index, file->name, options_.limits);
    if (!doc) {
      const base::Error& err = doc.error();
      if (err.diagnostics().empty()) {
        d_.Error(item.loc, "cannot include '" + path + "': " + err.message());
      }
      for (const base::Diagnostic& diag : err.diagnostics()) {
        d_.Error(Loc{index, diag.loc.line, diag.loc.column}, diag.message);
      }
      return;
    }
    if (!d_.ExpectMapping(*doc, "included file '" + file->name + "'")) return;
    chain.push_back(file->name);
    for (const Entry& e : doc->entries) {
      if (e.key.value == "includes") {
        IncludeAll(target, e.value, file->name, chain);
      } else {
        MergeTop(target, e);
      }
      if (d_.full()) break;
    }
    chain.pop_back();
  }

  void MergeTop(Node& target, const Entry& incoming) {
    Entry* current = FindEntry(target, incoming.key.value);
    if (current == nullptr) {
      target.entries.push_back(incoming);
      return;
    }
    const TopKey* top = FindTopKey(incoming.key.value);
    if (top == nullptr) return;  // an unknown key: the copy already in `target` gets reported
    if (incoming.value.is_null()) return;
    if (current->value.is_null()) {
      current->value = incoming.value;
      return;
    }
    const std::string& key = incoming.key.value;
    const std::string section = "'" + key + "'";
    Node& cur = current->value;
    const Node& inc = incoming.value;
    if (top->merge == TopMerge::kSingleton || top->merge == TopMerge::kMultiline) {
      MergeValue(cur, inc, key, "the model");
      return;
    }
    if (top->merge == TopMerge::kOverwrite) {
      cur = inc;
      return;
    }
    if (!SameKind(cur, inc, section)) return;
    switch (top->merge) {
      case TopMerge::kObject:
        MergeElement(cur, inc, section);
        break;
      case TopMerge::kUniqueList:
      case TopMerge::kAppendList:
        for (const Node& item : inc.items) {
          bool present = top->merge == TopMerge::kUniqueList &&
                         std::any_of(cur.items.begin(), cur.items.end(),
                                     [&](const Node& n) { return SameNode(n, item); });
          if (!present) cur.items.push_back(item);
        }
        break;
      case TopMerge::kUniqueTexts:
        for (const Entry& e : inc.entries) {
          if (const Entry* old = FindEntry(cur, e.key.value)) {
            d_.Error(e.key.loc, section + ": '" + e.key.value + "' is defined twice (also at " +
                                    d_.Where(old->key.loc).ToString() + ")");
            continue;
          }
          cur.entries.push_back(e);
        }
        break;
      case TopMerge::kElements:
        for (const Entry& e : inc.entries) {
          Entry* old = FindEntry(cur, e.key.value);
          if (old == nullptr) {
            cur.entries.push_back(e);
          } else {
            MergeElementValue(old->value, e.value,
                              std::string(top->kind) + " '" + e.key.value + "'");
          }
        }
        break;
      case TopMerge::kIdList:
        for (const Node& item : inc.items) {
          const Node* id = item.is_mapping() ? item.Find("id") : nullptr;
          const Node* clash = nullptr;
          if (id != nullptr && id->is_scalar()) {
            for (const Node& old : cur.items) {
              const Node* old_id = old.is_mapping() ? old.Find("id") : nullptr;
              if (old_id != nullptr && old_id->is_scalar() && EqualFold(old_id->value, id->value)) {
                clash = old_id;
              }
            }
          }
          if (clash != nullptr) {
            d_.Error(id->loc, std::string(top->kind) + " '" + id->value +
                                  "' is defined twice (also at " + d_.Where(clash->loc).ToString() +
                                  ")");
            continue;
          }
          cur.items.push_back(item);
        }
        break;
      default:
        break;
    }
  }

  // True when both nodes have the same kind; reports the included one otherwise.
  bool SameKind(const Node& cur, const Node& inc, const std::string& what) {
    if (cur.kind == inc.kind) return true;
    d_.Error(inc.loc, what + ": expected " + std::string(Describe(cur)) + " as in " +
                          d_.Where(cur.loc).ToString() + ", found " + std::string(Describe(inc)));
    return false;
  }

  // Merges an element defined again (`inc`) into its first definition (`cur`).
  void MergeElementValue(Node& cur, const Node& inc, const std::string& element) {
    if (inc.is_null()) return;
    if (cur.is_null()) {
      cur = inc;
      return;
    }
    if (!SameKind(cur, inc, element)) return;
    if (cur.is_mapping()) {
      MergeElement(cur, inc, element);
    } else if (!SameNode(cur, inc)) {
      d_.Error(inc.loc, element + ": expected a mapping, found " + std::string(Describe(inc)));
    }
  }

  // Merges the fields of the mapping `inc` into the mapping `cur`; `what` names the element.
  void MergeElement(Node& cur, const Node& inc, const std::string& what) {
    for (const Entry& e : inc.entries) {
      Entry* old = FindEntry(cur, e.key.value);
      if (old == nullptr) {
        cur.entries.push_back(e);
      } else {
        MergeValue(old->value, e.value, e.key.value, what);
      }
    }
  }

  // Merges one field value; `what` names the element the field belongs to.
  void MergeValue(Node& cur, const Node& inc, const std::string& key, const std::string& what) {
    if (IsEmptyValue(inc)) return;
    if (IsEmptyValue(cur)) {
      cur = inc;
      return;
    }
    if (cur.is_scalar() && inc.is_scalar()) {
      if (EqualFold(cur.value, inc.value)) return;
      if (IsMultilineField(key)) {
        cur.value += "\n<br><br>\n" + inc.value;
        return;
      }
      if (IsBoolWord(cur) && IsBoolWord(inc)) {
        if (!IsTrueWord(cur) && IsTrueWord(inc)) cur = inc;
        return;
      }
      if (IsIntWord(cur) && IsIntWord(inc)) {
        if (cur.value == "0") cur = inc;
        return;
      }
      d_.Error(inc.loc, FieldName(what, key) + ": conflicting values '" + cur.value + "' (at " +
                            d_.Where(cur.loc).ToString() + ") and '" + inc.value + "'");
      return;
    }
    if (!SameKind(cur, inc, FieldName(what, key))) return;
    if (cur.is_sequence()) {
      for (const Node& item : inc.items) {
        bool present = std::any_of(cur.items.begin(), cur.items.end(),
                                   [&](const Node& n) { return SameNode(n, item); });
        if (!present) cur.items.push_back(item);
      }
      return;
    }
    // Nested maps of elements: links of a technical asset, risks of a risk category.
    std::string_view child_kind = key == "communication_links" ? "communication link"
                                  : key == "risks_identified"  ? "identified risk"
                                                               : "";
    for (const Entry& e : inc.entries) {
      Entry* old = FindEntry(cur, e.key.value);
      if (old == nullptr) {
        cur.entries.push_back(e);
      } else if (!child_kind.empty()) {
        MergeElementValue(old->value, e.value,
                          std::string(child_kind) + " '" + e.key.value + "' of " + what);
      } else {
        MergeValue(old->value, e.value, e.key.value, FieldName(what, key));
      }
    }
  }

  static std::string FieldName(const std::string& what, const std::string& key) {
    if (what == "the model") return "'" + key + "'";
    return what + " field '" + key + "'";
  }

  // Bounds the work a model can cause by including the same files over and over (each include
  // is merged again, so nested diamonds multiply).
  static constexpr size_t kMaxIncludedFiles = 10'000;

  core::Model& m_;
  Decoder& d_;
  const ThreagileReadOptions& options_;
  size_t included_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Mapping the merged tree to the model.

/// What the file says about which Threagile code line it was written for.
struct DialectSignals {
  bool enduser_spelling = false;   // 0.9.x only: enduser-* values
  bool end_user_spelling = false;  // master only: end-user-* values
  bool individual_categories = false;
  bool custom_categories = false;
  bool master_keys = false;  // technologies, includes, contributors, application_description
  bool technology_singular = false;  // accepted by both, but the 0.9.x way

  // Spellings decide, since each code line rejects the other's; then the risk-category
  // section, then keys only master knows; `technology:` alone marks a 0.9.x file.
  bool IsV1() const {
    if (enduser_spelling) return true;
    if (end_user_spelling) return false;
    if (individual_categories != custom_categories) return individual_categories;
    if (master_keys) return false;
    return technology_singular;
  }
};

class ThreagileReader {
 public:
  ThreagileReader(core::Model& model, Decoder& d) : m_(model), d_(d) {}

  void Read(const Node& root) {
    m_.provenance.format = core::Provenance::Format::kThreagile;
    Fields top(d_, root, "the model");
    top.Str("threagile_version", m_.provenance.threagile_version);
    if (const Node* n = top.Get("includes")) {
      signals_.master_keys = true;
      d_.StrList(*n, m_.provenance.includes, top.Name("includes"));
    }
    ReadMeta(top);
    top.Texts("questions", m_.questions);
    top.Texts("abuse_cases", m_.abuse_cases);
    top.Texts("security_requirements", m_.security_requirements);
    top.StrList("tags_available", m_.tags_available);
    Elements(top.Get("data_assets"), "data_assets", "data asset", m_.data_assets,
             [&](Fields& f, core::DataAsset& a) { ReadDataAsset(f, a); });
    Elements(top.Get("technical_assets"), "technical_assets", "technical asset", m_.components,
             [&](Fields& f, core::Component& c) { ReadTechnicalAsset(f, c); });
    Elements(top.Get("trust_boundaries"), "trust_boundaries", "trust boundary", m_.boundaries,
             [&](Fields& f, core::TrustBoundary& b) {
               f.Enum("type", b.type);
               f.Refs("technical_assets_inside", b.components);
               f.Refs("trust_boundaries_nested", b.nested);
             });
    Elements(top.Get("shared_runtimes"), "shared_runtimes", "shared runtime", m_.shared_runtimes,
             [&](Fields& f, core::SharedRuntime& r) {
               f.Refs("technical_assets_running", r.components);
             });
    if (const Node* n = top.Get("individual_risk_categories")) {
      signals_.individual_categories = true;
      Elements(n, "individual_risk_categories", "individual risk category", m_.risk_categories,
               [&](Fields& f, core::RiskCategory& c) { ReadRiskCategory(f, c); });
    }
    if (const Node* n = top.Get("custom_risk_categories")) {
      signals_.custom_categories = true;
      ReadCustomRiskCategories(*n);
    }
    if (const Node* n = top.Get("risk_tracking")) ReadRiskTracking(*n);
    ReadDiagram(top);
    top.CheckUnknown();
    m_.provenance.threagile_v1 = signals_.IsV1();
  }

 private:
  // ---- metadata and prose

  void ReadMeta(Fields& top) {
    core::Metadata& meta = m_.meta;
    top.Str("title", meta.title);
    if (const Node* n = top.Get("author")) ReadPerson(*n, meta.author, top.Name("author"));
    if (const Node* n = top.Get("contributors"); n != nullptr && !n->is_null()) {
      signals_.master_keys = true;
      if (!n->is_sequence()) {
        d_.Error(n->loc, top.Name("contributors") + ": expected a list, found " +
                             std::string(Describe(*n)));
      } else {
        for (const Node& item : n->items) {
          if (item.is_null()) continue;
          core::Person p;
          ReadPerson(item, p, "contributor");
          meta.contributors.push_back(std::move(p));
        }
      }
    }
    top.Str("date", meta.date);
    if (const Node* n = top.Get("application_description"); n != nullptr && !n->is_null()) {
      signals_.master_keys = true;
      ReadOverview(*n, meta.application_description, top.Name("application_description"));
    }
    if (const Node* n = top.Get("business_overview")) {
      ReadOverview(*n, meta.business_overview, top.Name("business_overview"));
    }
    if (const Node* n = top.Get("technical_overview")) {
      ReadOverview(*n, meta.technical_overview, top.Name("technical_overview"));
    }
    top.Enum("business_criticality", meta.business_criticality);
    top.Str("management_summary_comment", meta.management_summary_comment);
  }

  void ReadPerson(const Node& n, core::Person& p, const std::string& what) {
    if (!d_.ExpectMapping(n, what)) return;
    Fields f(d_, n, what);
    f.Str("name", p.name);
    f.Str("homepage", p.homepage);
    f.CheckUnknown();
  }

  // {description: text, images: [{file: caption}, ...]}
  void ReadOverview(const Node& n, core::Overview& o, const std::string& what) {
    if (!d_.ExpectMapping(n, what)) return;
    Fields f(d_, n, what);
    f.Str("description", o.description);
    if (const Node* images = f.Get("images"); images != nullptr && !images->is_null()) {
      if (!images->is_sequence()) {
        d_.Error(images->loc, f.Name("images") +
                                  ": expected a list of 'file: caption' entries, "
                                  "found " +
                                  std::string(Describe(*images)));
      } else {
        for (const Node& item : images->items) {
          if (item.is_null()) continue;
          d_.Texts(item, o.images, f.Name("images"));
        }
      }
    }
    f.CheckUnknown();
  }

  void ReadDiagram(Fields& top) {
    core::DiagramTweaks& t = m_.diagram;
    top.Int("diagram_tweak_nodesep", t.nodesep);
    top.Int("diagram_tweak_ranksep", t.ranksep);
    top.Str("diagram_tweak_edge_layout", t.edge_layout);
    top.Bool("diagram_tweak_suppress_edge_labels", t.suppress_edge_labels);
    top.Bool("diagram_tweak_layout_left_to_right", t.layout_left_to_right);
    top.StrList("diagram_tweak_invisible_connections_between_assets", t.invisible_connections);
    top.StrList("diagram_tweak_same_rank_assets", t.same_rank_assets);
  }

  // ---- elements

  // A section of elements keyed by title, each with an `id`. Ids must be unique within it.
  template <typename T, typename Fill>
  void Elements(const Node* section, std::string_view name, std::string_view kind,
                std::vector<T>& out, Fill fill) {
    if (section == nullptr || section->is_null()) return;
    if (!d_.ExpectMapping(*section, "section '" + std::string(name) + "'")) return;
    std::map<std::string, std::pair<std::string, Loc>> ids;
    for (const Entry& e : section->entries) {
      T el;
      el.title = e.key.value;
      el.loc = e.key.loc;
      std::string what = std::string(kind) + " '" + el.title + "'";
      if (d_.ExpectMapping(e.value, what)) {
        Fields f(d_, e.value, what);
        if (const Node* id = f.Get("id")) {
          if (d_.Str(*id, el.id, f.Name("id"))) CheckUniqueId(ids, el.id, what, id->loc);
        }
        f.Str("description", el.description);
        f.StrList("tags", el.tags, &el.tag_locs);
        fill(f, el);
        f.CheckUnknown();
      }
      out.push_back(std::move(el));
      if (d_.full()) return;
    }
  }

  void CheckUniqueId(std::map<std::string, std::pair<std::string, Loc>>& ids, const std::string& id,
                     const std::string& what, Loc loc) {
    if (id.empty()) return;
    auto [it, inserted] = ids.try_emplace(id, what, loc);
    if (inserted) return;
    d_.Error(loc, what + ": duplicate id '" + id + "' (also used by " + it->second.first + " at " +
                      d_.Where(it->second.second).ToString() + ")");
  }

  void ReadDataAsset(Fields& f, core::DataAsset& a) {
    f.Enum("usage", a.usage);
    f.Str("origin", a.origin);
    f.Str("owner", a.owner);
    f.Enum("quantity", a.quantity);
    f.Enum("confidentiality", a.confidentiality);
    f.Enum("integrity", a.integrity);
    f.Enum("availability", a.availability);
    f.Str("justification_cia_rating", a.justification_cia_rating);
  }

  void ReadTechnicalAsset(Fields& f, core::Component& c) {
    f.Enum("type", c.type);
    f.Enum("usage", c.usage);
    f.Bool("used_as_client_by_human", c.used_as_client_by_human);
    f.Bool("out_of_scope", c.out_of_scope);
    f.Str("justification_out_of_scope", c.justification_out_of_scope);
    f.Enum("size", c.size);
    if (const Node* n = f.Get("technology"); n != nullptr && !n->is_null()) {
      signals_.technology_singular = true;
      std::string tech;
      if (d_.Str(*n, tech, f.Name("technology")) && !tech.empty()) {
        c.technologies.push_back(std::move(tech));
        c.technologies_loc = n->loc;
      }
    }
    if (const Node* n = f.Get("technologies"); n != nullptr && !n->is_null()) {
      signals_.master_keys = true;
      std::vector<std::string> list;
      if (d_.StrList(*n, list, f.Name("technologies"))) {
        if (c.technologies.empty()) c.technologies_loc = n->loc;
        for (std::string& t : list) {
          if (std::find(c.technologies.begin(), c.technologies.end(), t) == c.technologies.end()) {
            c.technologies.push_back(std::move(t));
          }
        }
      }
    }
    f.Bool("internet", c.internet);
    f.Enum("machine", c.machine);
    Spelling(f, "encryption", c.encryption);
    f.Str("owner", c.owner);
    f.Enum("confidentiality", c.confidentiality);
    f.Enum("integrity", c.integrity);
    f.Enum("availability", c.availability);
    f.Str("justification_cia_rating", c.justification_cia_rating);
    f.Bool("multi_tenant", c.multi_tenant);
    f.Bool("redundant", c.redundant);
    f.Bool("custom_developed_parts", c.custom_developed_parts);
    f.Refs("data_assets_processed", c.data_processed);
    f.Refs("data_assets_stored", c.data_stored);
    f.EnumList("data_formats_accepted", c.data_formats_accepted);
    f.Int("diagram_tweak_order", c.diagram_tweak_order);
    if (const Node* links = f.Get("communication_links")) ReadLinks(*links, c, f);
  }

  // An enum whose value may use the 0.9.x `enduser-*` or the later `end-user-*` spelling.
  template <typename E>
  void Spelling(Fields& f, std::string_view key, E& out) {
    const Node* n = f.Get(key);
    if (n == nullptr) return;
    bool alias = false;
    if (d_.Enum(*n, out, f.Name(key), &alias)) {
      if (alias) signals_.enduser_spelling = true;
      if (n->is_scalar() && n->value.find("end-user") != std::string::npos) {
        signals_.end_user_spelling = true;
      }
    }
  }

  // Communication links of `source`, nested under it and keyed by title. Each becomes a flow
  // with the id `<source id>>slug(title)`, as Threagile derives it.
  void ReadLinks(const Node& links, const core::Component& source, Fields& owner) {
    if (links.is_null()) return;
    if (!d_.ExpectMapping(links, owner.Name("communication_links"))) return;
    Loc source_loc = source.loc;
    if (const Node* id = owner.Get("id"); id != nullptr && id->is_scalar()) source_loc = id->loc;
    for (const Entry& e : links.entries) {
      core::Flow fl;
      fl.title = e.key.value;
      fl.loc = e.key.loc;
      fl.id = source.id + ">" + base::Slugify(fl.title);
      fl.from = Ref{source.id, source_loc};
      std::string what =
          "communication link '" + fl.title + "' of technical asset '" + source.title + "'";
      if (d_.ExpectMapping(e.value, what)) {
        Fields f(d_, e.value, what);
        f.RefOne("target", fl.to);
        f.Str("description", fl.description);
        f.Enum("protocol", fl.protocol);
        f.Enum("authentication", fl.authentication);
        Spelling(f, "authorization", fl.authorization);
        f.StrList("tags", fl.tags, &fl.tag_locs);
        f.Bool("vpn", fl.vpn);
        f.Bool("ip_filtered", fl.ip_filtered);
        f.Bool("readonly", fl.readonly);
        f.Enum("usage", fl.usage);
        f.Refs("data_assets_sent", fl.data_sent);
        f.Refs("data_assets_received", fl.data_received);
        f.Int("diagram_tweak_weight", fl.diagram_tweak_weight);
        if (const Node* n = f.Get("diagram_tweak_constraint")) {
          bool written = false;
          if (!n->is_null() && d_.Bool(*n, written, f.Name("diagram_tweak_constraint"))) {
            fl.diagram_tweak_constraint = !written;  // Threagile inverts this flag when loading
          }
        }
        f.CheckUnknown();
      }
      // Two titles of one asset can slug to the same id ("Web Traffic", "web traffic!").
      // Threagile 0.9.x keeps both links under that id (risks on them share synthetic ids),
      // and so does this reader, with a warning.
      if (auto [it, inserted] = flow_ids_.try_emplace(fl.id, what, fl.loc); !inserted) {
        d_.Warning(fl.loc, what + " gets the id '" + fl.id + "', as " + it->second.first + " at " +
                               d_.Where(it->second.second).ToString() +
                               " does; both are kept under that id, as Threagile does, so risks "
                               "on them share synthetic ids (give one a distinct title)");
      }
      m_.flows.push_back(std::move(fl));
      if (d_.full()) return;
    }
  }

  void ReadRiskCategory(Fields& f, core::RiskCategory& c) {
    f.Str("impact", c.impact);
    f.Str("asvs", c.asvs);
    f.Str("cheat_sheet", c.cheat_sheet);
    f.Str("action", c.action);
    f.Str("mitigation", c.mitigation);
    f.Str("check", c.check);
    f.Enum("function", c.function);
    f.Enum("stride", c.stride);
    f.Str("detection_logic", c.detection_logic);
    f.Str("risk_assessment", c.risk_assessment);
    f.Str("false_positives", c.false_positives);
    f.Bool("model_failure_possible_reason", c.model_failure_possible_reason);
    f.Int("cwe", c.cwe);
    if (const Node* n = f.Get("risks_identified")) ReadIdentifiedRisks(*n, c, f);
  }

  // Master: a list of categories, each with `id` and `title`.
  void ReadCustomRiskCategories(const Node& list) {
    if (list.is_null()) return;
    if (!list.is_sequence()) {
      d_.Error(list.loc, "section 'custom_risk_categories': expected a list, found " +
                             std::string(Describe(list)));
      return;
    }
    std::map<std::string, std::pair<std::string, Loc>> ids;
    for (const Node& item : list.items) {
      if (item.is_null()) continue;
      core::RiskCategory c;
      c.loc = item.loc;
      const Node* id = item.is_mapping() ? item.Find("id") : nullptr;
      std::string what = "custom risk category";
      if (id != nullptr && id->is_scalar()) what += " '" + id->value + "'";
      if (d_.ExpectMapping(item, what)) {
        Fields f(d_, item, what);
        if (const Node* n = f.Get("id")) {
          if (d_.Str(*n, c.id, f.Name("id"))) CheckUniqueId(ids, c.id, what, n->loc);
        }
        f.Str("title", c.title);
        f.Str("description", c.description);
        f.Ignore("is_built_in");  // master's flag for its own rules; meaningless in a model
        ReadRiskCategory(f, c);
        f.CheckUnknown();
      }
      m_.risk_categories.push_back(std::move(c));
      if (d_.full()) return;
    }
  }

  void ReadIdentifiedRisks(const Node& risks, core::RiskCategory& c, Fields& owner) {
    if (risks.is_null()) return;
    if (!d_.ExpectMapping(risks, owner.Name("risks_identified"))) return;
    for (const Entry& e : risks.entries) {
      core::IdentifiedRisk r;
      r.title = e.key.value;
      r.loc = e.key.loc;
      std::string what = "identified risk '" + r.title + "' of " + owner.what();
      if (d_.ExpectMapping(e.value, what)) {
        Fields f(d_, e.value, what);
        f.Enum("severity", r.severity);
        f.Enum("exploitation_likelihood", r.likelihood);
        f.Enum("exploitation_impact", r.impact);
        f.Enum("data_breach_probability", r.breach_probability);
        f.Refs("data_breach_technical_assets", r.breach_components);
        f.RefOne("most_relevant_data_asset", r.most_relevant_data_asset);
        f.RefOne("most_relevant_technical_asset", r.most_relevant_component);
        f.RefOne("most_relevant_communication_link", r.most_relevant_flow);
        f.RefOne("most_relevant_trust_boundary", r.most_relevant_boundary);
        f.RefOne("most_relevant_shared_runtime", r.most_relevant_shared_runtime);
        f.CheckUnknown();
      }
      c.risks.push_back(std::move(r));
    }
  }

  void ReadRiskTracking(const Node& section) {
    if (section.is_null()) return;
    if (!d_.ExpectMapping(section, "section 'risk_tracking'")) return;
    for (const Entry& e : section.entries) {
      core::RiskTracking t;
      t.key = e.key.value;
      t.loc = e.key.loc;
      std::string what = "risk tracking '" + t.key + "'";
      if (d_.ExpectMapping(e.value, what)) {
        Fields f(d_, e.value, what);
        f.Enum("status", t.status);
        f.Str("justification", t.justification);
        f.Str("ticket", t.ticket);
        f.Str("date", t.date);
        f.Str("checked_by", t.checked_by);
        f.CheckUnknown();
      }
      m_.risk_tracking.push_back(std::move(t));
      if (d_.full()) return;
    }
  }

  core::Model& m_;
  Decoder& d_;
  DialectSignals signals_;
  std::map<std::string, std::pair<std::string, Loc>> flow_ids_;
};

}  // namespace

base::Status ReadThreagile(const Node& root, core::Model& model,
                           const ThreagileReadOptions& options) {
  Decoder d(model.files, options.max_errors);
  if (d.ExpectMapping(root, "the model")) {
    const Node* includes = root.Find("includes");
    if (includes != nullptr && !includes->is_null()) {
      Node merged = root;
      std::string entry = root.loc.file < model.files.size() ? model.files[root.loc.file] : "";
      std::vector<std::string> chain{entry};
      IncludeMerger(model, d, options).IncludeAll(merged, *includes, entry, chain);
      ThreagileReader(model, d).Read(merged);
    } else {
      ThreagileReader(model, d).Read(root);
    }
  }
  const bool failed = d.failed();
  std::vector<base::Diagnostic> diags = d.TakeDiagnostics();
  // Messages come in reading order; people read files top to bottom. Files keep the order in
  // which they were read, so the entry file comes first.
  std::vector<std::string> order = model.files;
  auto file_rank = [&](const std::string& name) {
    return static_cast<size_t>(std::find(order.begin(), order.end(), name) - order.begin());
  };
  std::stable_sort(diags.begin(), diags.end(),
                   [&](const base::Diagnostic& a, const base::Diagnostic& b) {
                     return std::make_tuple(file_rank(a.loc.file), a.loc.line, a.loc.column) <
                            std::make_tuple(file_rank(b.loc.file), b.loc.line, b.loc.column);
                   });
  if (failed) return base::Error(base::Error::Code::kInvalidInput, std::move(diags));
  if (options.warnings != nullptr) *options.warnings = std::move(diags);
  return base::OkStatus();
}

}  // namespace threatpath::formats
