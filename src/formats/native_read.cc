// Reads the native model format (docs/format.md) into core::Model.
//
// Every section is a mapping keyed by id. Each element is read through a `Fields` helper that
// both decodes a key and remembers that the key is known, so the list of accepted keys (used for
// "unknown key" errors with a did-you-mean hint) can never drift from the keys actually read.
// All problems of a file are collected by the Decoder and returned together, sorted by position.

#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "formats/decode.h"
#include "formats/native.h"

namespace threatpath::formats {
namespace {

/// Decodes the keys of one mapping and records which keys are known.
class Fields {
 public:
  Fields(Decoder& d, const Node& map, std::string what) : d_(d), map_(map), what_(std::move(what)) {
    known_.reserve(32);
  }

  const std::string& what() const { return what_; }

  /// The value of `key` (nullptr when absent); marks the key as known.
  const Node* Get(std::string_view key) {
    known_.push_back(key);
    return map_.is_mapping() ? map_.Find(key) : nullptr;
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
  void StrList(std::string_view key, std::vector<std::string>& out) {
    if (const Node* n = Get(key)) d_.StrList(*n, out, Name(key));
  }
  void Refs(std::string_view key, core::Refs& out) {
    if (const Node* n = Get(key)) d_.RefList(*n, out, Name(key));
  }
  void Ref(std::string_view key, core::Ref& out) {
    if (const Node* n = Get(key)) d_.RefOne(*n, out, Name(key));
  }
  void Texts(std::string_view key, core::TextMap& out) {
    if (const Node* n = Get(key)) d_.Texts(*n, out, Name(key));
  }
  template <typename E>
  void Enum(std::string_view key, E& out) {
    if (const Node* n = Get(key)) d_.Enum(*n, out, Name(key));
  }
  template <typename E>
  void EnumList(std::string_view key, std::vector<E>& out) {
    if (const Node* n = Get(key)) d_.EnumList(*n, out, Name(key));
  }

  /// Reports every key of the mapping that no accessor asked for.
  void CheckUnknown() {
    if (map_.is_mapping()) d_.CheckKeys(map_, known_, what_);
  }

  /// How a field is named in messages: "component 'web' field 'internet'". Built in a reused
  /// buffer: it is needed for every field read, but only used when there is an error.
  const std::string& Name(std::string_view key) {
    name_.assign(what_);
    name_.append(" field '").append(key).append("'");
    return name_;
  }

 private:
  Decoder& d_;
  const Node& map_;
  std::string what_;
  std::string name_;
  std::vector<std::string_view> known_;
};

class NativeReader {
 public:
  NativeReader(core::Model& model, Decoder& d) : m_(model), d_(d) {}

  void Read(const Node& root) {
    if (!d_.ExpectMapping(root, "the model")) return;
    Fields top(d_, root, "the model");
    if (!ReadVersion(root, top)) return;

    if (const Node* n = top.Get("metadata")) ReadMetadata(*n);
    if (const Node* n = top.Get("threagile")) ReadProvenance(*n);
    top.StrList("tags_available", m_.tags_available);
    Section(top.Get("data_assets"), "data_assets", "data asset", m_.data_assets,
            [&](Fields& f, core::DataAsset& a) { ReadDataAsset(f, a); });
    Section(top.Get("components"), "components", "component", m_.components,
            [&](Fields& f, core::Component& c) { ReadComponent(f, c); });
    Section(top.Get("flows"), "flows", "flow", m_.flows,
            [&](Fields& f, core::Flow& fl) { ReadFlow(f, fl); });
    Section(top.Get("boundaries"), "boundaries", "trust boundary", m_.boundaries,
            [&](Fields& f, core::TrustBoundary& b) {
              f.Enum("type", b.type);
              f.Refs("components", b.components);
              f.Refs("nested", b.nested);
            });
    Section(top.Get("shared_runtimes"), "shared_runtimes", "shared runtime", m_.shared_runtimes,
            [&](Fields& f, core::SharedRuntime& r) { f.Refs("components", r.components); });
    Section(top.Get("threats"), "threats", "threat", m_.threats,
            [&](Fields& f, core::Threat& t) { ReadThreat(f, t); });
    Section(top.Get("mitigations"), "mitigations", "mitigation", m_.mitigations,
            [&](Fields& f, core::Mitigation& mi) {
              f.Enum("status", mi.status);
              f.Str("owner", mi.owner);
              f.Str("ticket", mi.ticket);
              f.Refs("threats", mi.threats);
            });
    Section(top.Get("assumptions"), "assumptions", "assumption", m_.assumptions,
            [&](Fields& f, core::Assumption& a) { ReadAssumption(f, a); });
    Section(top.Get("risk_categories"), "risk_categories", "risk category", m_.risk_categories,
            [&](Fields& f, core::RiskCategory& c) { ReadRiskCategory(f, c); });
    if (const Node* n = top.Get("risk_tracking")) ReadRiskTracking(*n);
    top.Texts("security_requirements", m_.security_requirements);
    top.Texts("questions", m_.questions);
    top.Texts("abuse_cases", m_.abuse_cases);
    if (const Node* n = top.Get("diagram")) ReadDiagram(*n);
    top.CheckUnknown();
  }

 private:
  // False when the rest of the document should not be read (unsupported version).
  bool ReadVersion(const Node& root, Fields& top) {
    const Node* v = top.Get("threatpath");
    if (v == nullptr) {
      d_.Error(root.loc, "missing format version: a native model starts with 'threatpath: " +
                             std::to_string(kNativeFormatVersion) + "'");
      return true;
    }
    if (v->is_null()) {
      d_.Error(v->loc, "the format version 'threatpath' is empty; expected " +
                           std::to_string(kNativeFormatVersion));
      return true;
    }
    int version = 0;
    if (!d_.Int(*v, version, "the format version 'threatpath'")) return true;
    if (version != kNativeFormatVersion) {
      d_.Error(v->loc, "unsupported format version " + std::to_string(version) +
                           "; this build reads version " + std::to_string(kNativeFormatVersion));
      return false;
    }
    return true;
  }

  // A section of elements keyed by id. `fill` reads the kind-specific keys.
  template <typename T, typename Fill>
  void Section(const Node* section, std::string_view name, std::string_view kind,
               std::vector<T>& out, Fill fill) {
    if (section == nullptr || !d_.ExpectMapping(*section, "section '" + std::string(name) + "'")) {
      return;
    }
    out.reserve(out.size() + section->entries.size());
    for (const Entry& e : section->entries) {
      T el;
      el.id = e.key.value;
      el.title = el.id;
      el.loc = e.key.loc;
      std::string what = std::string(kind) + " '" + el.id + "'";
      if (d_.ExpectMapping(e.value, what)) {
        Fields f(d_, e.value, std::move(what));
        f.Str("title", el.title);
        f.Str("description", el.description);
        if (const Node* tags = f.Get("tags")) ReadTags(*tags, el, f.Name("tags"));
        fill(f, el);
        f.CheckUnknown();
      }
      out.push_back(std::move(el));
      if (d_.full()) return;
    }
  }

  // Tags, each with its own position (for "undeclared tag" errors).
  void ReadTags(const Node& n, core::Element& el, const std::string& what) {
    if (n.is_null()) return;
    if (!n.is_sequence()) {
      d_.Error(n.loc, what + ": expected a list, found " + std::string(Describe(n)));
      return;
    }
    for (const Node& item : n.items) {
      if (item.is_null()) continue;
      std::string tag;
      if (!d_.Str(item, tag, what)) continue;
      el.tags.push_back(std::move(tag));
      el.tag_locs.push_back(item.loc);
    }
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

  void ReadComponent(Fields& f, core::Component& c) {
    f.Enum("type", c.type);
    f.Enum("usage", c.usage);
    f.Bool("used_as_client_by_human", c.used_as_client_by_human);
    f.Bool("out_of_scope", c.out_of_scope);
    f.Str("justification_out_of_scope", c.justification_out_of_scope);
    f.Enum("size", c.size);
    if (const Node* n = f.Get("technologies")) {
      c.technologies_loc = n->loc;
      d_.StrList(*n, c.technologies, f.Name("technologies"));
    }
    f.Bool("internet", c.internet);
    f.Enum("machine", c.machine);
    f.Enum("encryption", c.encryption);
    f.Str("owner", c.owner);
    f.Enum("confidentiality", c.confidentiality);
    f.Enum("integrity", c.integrity);
    f.Enum("availability", c.availability);
    f.Str("justification_cia_rating", c.justification_cia_rating);
    f.Bool("multi_tenant", c.multi_tenant);
    f.Bool("redundant", c.redundant);
    f.Bool("custom_developed_parts", c.custom_developed_parts);
    f.Refs("data_processed", c.data_processed);
    f.Refs("data_stored", c.data_stored);
    f.EnumList("data_formats_accepted", c.data_formats_accepted);
    f.Int("diagram_tweak_order", c.diagram_tweak_order);
  }

  void ReadFlow(Fields& f, core::Flow& fl) {
    const Node* from = f.Get("from");
    const Node* to = f.Get("to");
    if (from == nullptr && to == nullptr) {
      d_.Error(fl.loc, f.what() + " needs 'from' and 'to'");
    } else {
      Required(f, "from", from, fl.from, fl.loc);
      Required(f, "to", to, fl.to, fl.loc);
    }
    f.Enum("protocol", fl.protocol);
    f.Enum("authentication", fl.authentication);
    f.Enum("authorization", fl.authorization);
    f.Enum("usage", fl.usage);
    f.Bool("vpn", fl.vpn);
    f.Bool("ip_filtered", fl.ip_filtered);
    f.Bool("readonly", fl.readonly);
    f.Refs("data_sent", fl.data_sent);
    f.Refs("data_received", fl.data_received);
    f.Int("diagram_tweak_weight", fl.diagram_tweak_weight);
    f.Bool("diagram_tweak_constraint", fl.diagram_tweak_constraint);
  }

  // A reference that must be present and not empty; reported at the element's key otherwise.
  void Required(Fields& f, std::string_view key, const Node* n, core::Ref& out, Loc element_loc) {
    if (n == nullptr) {
      d_.Error(element_loc, f.what() + " has no '" + std::string(key) + "'");
      return;
    }
    if (n->is_null()) {
      d_.Error(n->loc, f.Name(key) + " is empty");
      return;
    }
    d_.RefOne(*n, out, f.Name(key));
  }

  void ReadThreat(Fields& f, core::Threat& t) {
    f.Enum("stride", t.stride);
    f.Str("source", t.source);
    f.Str("prerequisites", t.prerequisites);
    f.Str("action", t.action);
    f.Str("impact", t.impact);
    f.Refs("affected", t.affected);
    f.Enum("likelihood", t.likelihood);
    f.Enum("impact_rating", t.impact_rating);
    f.Enum("status", t.status);
    f.Enum("response", t.response);
    f.Str("owner", t.owner);
    f.Str("justification", t.justification);
    f.Refs("mitigations", t.mitigations);
  }

  void ReadAssumption(Fields& f, core::Assumption& a) {
    f.Str("statement", a.statement);
    f.Refs("elements", a.elements);
    f.Refs("threats", a.threats);
    f.Refs("mitigations", a.mitigations);
    f.Enum("status", a.status);
    f.Str("evidence", a.evidence);
    f.Str("validated_by", a.validated_by);
    f.Str("validated_on", a.validated_on);
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
    const Node* risks = f.Get("risks");
    if (risks == nullptr || !d_.ExpectMapping(*risks, f.Name("risks"))) return;
    for (const Entry& e : risks->entries) {
      core::IdentifiedRisk r;
      r.title = e.key.value;
      r.loc = e.key.loc;
      std::string what = "risk '" + r.title + "' of " + f.what();
      if (d_.ExpectMapping(e.value, what)) {
        Fields rf(d_, e.value, std::move(what));
        rf.Enum("severity", r.severity);
        rf.Enum("exploitation_likelihood", r.likelihood);
        rf.Enum("exploitation_impact", r.impact);
        rf.Enum("data_breach_probability", r.breach_probability);
        rf.Refs("data_breach_components", r.breach_components);
        rf.Ref("most_relevant_data_asset", r.most_relevant_data_asset);
        rf.Ref("most_relevant_component", r.most_relevant_component);
        rf.Ref("most_relevant_flow", r.most_relevant_flow);
        rf.Ref("most_relevant_boundary", r.most_relevant_boundary);
        rf.Ref("most_relevant_shared_runtime", r.most_relevant_shared_runtime);
        rf.CheckUnknown();
      }
      c.risks.push_back(std::move(r));
    }
  }

  void ReadRiskTracking(const Node& section) {
    if (!d_.ExpectMapping(section, "section 'risk_tracking'")) return;
    m_.risk_tracking.reserve(section.entries.size());
    for (const Entry& e : section.entries) {
      core::RiskTracking t;
      t.key = e.key.value;
      t.loc = e.key.loc;
      std::string what = "risk tracking '" + t.key + "'";
      if (d_.ExpectMapping(e.value, what)) {
        Fields f(d_, e.value, std::move(what));
        f.Enum("status", t.status);
        f.Str("justification", t.justification);
        f.Str("ticket", t.ticket);
        f.Str("date", t.date);
        f.Str("checked_by", t.checked_by);
        f.Str("owner", t.owner);
        f.CheckUnknown();
      }
      m_.risk_tracking.push_back(std::move(t));
      if (d_.full()) return;
    }
  }

  // `author: Jane` or `author: {name: Jane, homepage: https://...}`.
  void ReadPerson(const Node& n, core::Person& p, const std::string& what) {
    if (n.is_scalar()) {
      d_.Str(n, p.name, what);
      return;
    }
    if (n.is_sequence()) {
      d_.Error(n.loc, what + ": expected a name or a mapping with 'name' and 'homepage', found " +
                          std::string(Describe(n)));
      return;
    }
    Fields f(d_, n, what);
    f.Str("name", p.name);
    f.Str("homepage", p.homepage);
    f.CheckUnknown();
  }

  // `business_overview: text` or `{description: text, images: {file: caption}}`.
  void ReadOverview(const Node* n, core::Overview& o, const std::string& what) {
    if (n == nullptr) return;
    if (n->is_scalar()) {
      d_.Str(*n, o.description, what);
      return;
    }
    if (n->is_sequence()) {
      d_.Error(n->loc, what +
                           ": expected a text or a mapping with 'description' and 'images', "
                           "found " +
                           std::string(Describe(*n)));
      return;
    }
    Fields f(d_, *n, what);
    f.Str("description", o.description);
    f.Texts("images", o.images);
    f.CheckUnknown();
  }

  void ReadMetadata(const Node& n) {
    if (!d_.ExpectMapping(n, "metadata")) return;
    core::Metadata& meta = m_.meta;
    Fields f(d_, n, "metadata");
    f.Str("title", meta.title);
    if (const Node* a = f.Get("author")) ReadPerson(*a, meta.author, f.Name("author"));
    if (const Node* cs = f.Get("contributors"); cs != nullptr && !cs->is_null()) {
      if (!cs->is_sequence()) {
        d_.Error(cs->loc,
                 f.Name("contributors") + ": expected a list, found " + std::string(Describe(*cs)));
      } else {
        for (const Node& item : cs->items) {
          if (item.is_null()) continue;
          core::Person p;
          ReadPerson(item, p, "metadata contributor");
          meta.contributors.push_back(std::move(p));
        }
      }
    }
    f.Str("date", meta.date);
    f.Str("owner_team", meta.owner_team);
    f.Enum("phase", meta.phase);
    f.Enum("business_criticality", meta.business_criticality);
    f.Str("last_reviewed", meta.last_reviewed);
    f.Str("next_review", meta.next_review);
    f.Str("management_summary_comment", meta.management_summary_comment);
    ReadOverview(f.Get("application_description"), meta.application_description,
                 f.Name("application_description"));
    ReadOverview(f.Get("business_overview"), meta.business_overview, f.Name("business_overview"));
    ReadOverview(f.Get("technical_overview"), meta.technical_overview,
                 f.Name("technical_overview"));
    f.CheckUnknown();
  }

  void ReadDiagram(const Node& n) {
    if (!d_.ExpectMapping(n, "diagram")) return;
    core::DiagramTweaks& t = m_.diagram;
    Fields f(d_, n, "diagram");
    f.Int("nodesep", t.nodesep);
    f.Int("ranksep", t.ranksep);
    f.Str("edge_layout", t.edge_layout);
    f.Bool("suppress_edge_labels", t.suppress_edge_labels);
    f.Bool("layout_left_to_right", t.layout_left_to_right);
    f.StrList("invisible_connections", t.invisible_connections);
    f.StrList("same_rank_assets", t.same_rank_assets);
    f.CheckUnknown();
  }

  // The block's presence marks a model converted from Threagile.
  void ReadProvenance(const Node& n) {
    if (!d_.ExpectMapping(n, "threagile")) return;
    core::Provenance& p = m_.provenance;
    p.format = core::Provenance::Format::kThreagile;
    Fields f(d_, n, "threagile");
    f.Str("version", p.threagile_version);
    f.Bool("v1", p.threagile_v1);
    f.StrList("includes", p.includes);
    f.CheckUnknown();
  }

  core::Model& m_;
  Decoder& d_;
};

}  // namespace

base::Status ReadNative(const Node& root, core::Model& model, const NativeReadOptions& options) {
  Decoder d(model.files, options.max_errors);
  NativeReader(model, d).Read(root);
  if (!d.failed()) return base::OkStatus();
  std::vector<base::Diagnostic> diags = d.TakeDiagnostics();
  // Accessors report in reading order; users want file order.
  std::stable_sort(diags.begin(), diags.end(),
                   [](const base::Diagnostic& a, const base::Diagnostic& b) {
                     return std::tie(a.loc.file, a.loc.line, a.loc.column) <
                            std::tie(b.loc.file, b.loc.line, b.loc.column);
                   });
  return base::Error(base::Error::Code::kInvalidInput, std::move(diags));
}

}  // namespace threatpath::formats
