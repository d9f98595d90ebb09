// Writes core::Model as a native document (docs/format.md).
//
// A field is written only when it differs from the default member value of its struct, so the
// output of a small model stays small. Elements and fields are written in a fixed order (model
// order for elements, docs/format.md order for fields), so the output is deterministic.

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/enums.h"
#include "formats/native.h"

namespace threatpath::formats {
namespace {

// Builds one mapping, skipping values equal to their defaults.
class Out {
 public:
  explicit Out(Node& map) : map_(map) {}

  void Str(std::string_view key, const std::string& v, const std::string& def = {}) {
    if (v != def) map_.Add(std::string(key), Node::String(v));
  }
  void Always(std::string_view key, const std::string& v) {
    map_.Add(std::string(key), Node::String(v));
  }
  void Bool(std::string_view key, bool v, bool def) {
    if (v != def) map_.Add(std::string(key), Node::Bool(v));
  }
  void Int(std::string_view key, int v, int def) {
    if (v != def) map_.Add(std::string(key), Node::Int(v));
  }
  template <typename E>
  void Enum(std::string_view key, E v, E def) {
    if (v != def) map_.Add(std::string(key), Node::String(std::string(core::ToString(v))));
  }
  template <typename E>
  void EnumList(std::string_view key, const std::vector<E>& v) {
    if (v.empty()) return;
    Node& seq = map_.Add(std::string(key), Node::Sequence());
    for (E e : v) seq.Push(Node::String(std::string(core::ToString(e))));
  }
  void StrList(std::string_view key, const std::vector<std::string>& v) {
    if (v.empty()) return;
    Node& seq = map_.Add(std::string(key), Node::Sequence());
    for (const std::string& s : v) seq.Push(Node::String(s));
  }
  void Refs(std::string_view key, const core::Refs& v) {
    if (v.empty()) return;
    Node& seq = map_.Add(std::string(key), Node::Sequence());
    for (const core::Ref& r : v) seq.Push(Node::String(r.id));
  }
  void Ref(std::string_view key, const core::Ref& r) {
    if (!r.id.empty()) map_.Add(std::string(key), Node::String(r.id));
  }
  void Texts(std::string_view key, const core::TextMap& v) {
    if (v.empty()) return;
    Node& m = map_.Add(std::string(key), Node::Mapping());
    for (const auto& [k, text] : v) m.Add(k, Node::String(text));
  }
  /// Adds `child` under `key` unless it came out empty.
  void Child(std::string_view key, Node child) {
    if (!child.entries.empty() || !child.items.empty() || child.is_scalar()) {
      map_.Add(std::string(key), std::move(child));
    }
  }

 private:
  Node& map_;
};

// Writes title (when not the id), description and tags: the keys every element has.
void WriteElement(Out& o, const core::Element& e) {
  o.Str("title", e.title, e.id);
  o.Str("description", e.description);
  o.StrList("tags", e.tags);
}

// A section keyed by id; `fill` writes the kind-specific fields.
template <typename T, typename Fill>
void WriteSection(Node& root, std::string_view name, const std::vector<T>& elements, Fill fill,
                  std::vector<std::string>* notes) {
  if (elements.empty()) return;
  Node& section = root.Add(std::string(name), Node::Mapping());
  section.entries.reserve(elements.size());
  static const T kDefault{};
  // Ids key the section's mapping, so they must differ. Only a model read from Threagile can
  // repeat one (two links whose titles give the same id): the repeat is written as "id~2",
  // "id~3", ... (the first free one), and a note says so.
  bool repeats = false;
  {
    std::unordered_set<std::string_view> ids;
    for (const T& el : elements) repeats = repeats || !ids.insert(el.id).second;
  }
  std::unordered_set<std::string> used;  // keys written so far, when an id repeats
  for (const T& el : elements) {
    std::string key = el.id;
    if (repeats && !used.insert(el.id).second) {
      for (int n = 2;; ++n) {
        key = el.id + "~" + std::to_string(n);
        if (std::none_of(elements.begin(), elements.end(),
                         [&key](const T& other) { return other.id == key; }) &&
            !used.count(key)) {
          break;
        }
      }
      if (notes != nullptr) {
        notes->push_back(std::string(name) + ": id '" + el.id + "' is used twice ('" + el.title +
                         "'); written as '" + key + "'");
      }
      used.insert(key);
    }
    Node& map = section.Add(key, Node::Mapping());
    Out o(map);
    WriteElement(o, el);
    fill(o, el, kDefault);
  }
}

void WriteDataAsset(Out& o, const core::DataAsset& a, const core::DataAsset& def) {
  o.Enum("usage", a.usage, def.usage);
  o.Str("origin", a.origin);
  o.Str("owner", a.owner);
  o.Enum("quantity", a.quantity, def.quantity);
  o.Enum("confidentiality", a.confidentiality, def.confidentiality);
  o.Enum("integrity", a.integrity, def.integrity);
  o.Enum("availability", a.availability, def.availability);
  o.Str("justification_cia_rating", a.justification_cia_rating);
}

void WriteComponent(Out& o, const core::Component& c, const core::Component& def) {
  o.Enum("type", c.type, def.type);
  o.Enum("usage", c.usage, def.usage);
  o.Bool("used_as_client_by_human", c.used_as_client_by_human, def.used_as_client_by_human);
  o.Bool("out_of_scope", c.out_of_scope, def.out_of_scope);
  o.Str("justification_out_of_scope", c.justification_out_of_scope);
  o.Enum("size", c.size, def.size);
  o.StrList("technologies", c.technologies);
  o.Bool("internet", c.internet, def.internet);
  o.Enum("machine", c.machine, def.machine);
  o.Enum("encryption", c.encryption, def.encryption);
  o.Str("owner", c.owner);
  o.Enum("confidentiality", c.confidentiality, def.confidentiality);
  o.Enum("integrity", c.integrity, def.integrity);
  o.Enum("availability", c.availability, def.availability);
  o.Str("justification_cia_rating", c.justification_cia_rating);
  o.Bool("multi_tenant", c.multi_tenant, def.multi_tenant);
  o.Bool("redundant", c.redundant, def.redundant);
  o.Bool("custom_developed_parts", c.custom_developed_parts, def.custom_developed_parts);
  o.Refs("data_processed", c.data_processed);
  o.Refs("data_stored", c.data_stored);
  o.EnumList("data_formats_accepted", c.data_formats_accepted);
  o.Int("diagram_tweak_order", c.diagram_tweak_order, def.diagram_tweak_order);
}

void WriteFlow(Out& o, const core::Flow& f, const core::Flow& def) {
  // Required keys: always written, even when empty, so the output reads back the same way.
  o.Always("from", f.from.id);
  o.Always("to", f.to.id);
  o.Enum("protocol", f.protocol, def.protocol);
  o.Enum("authentication", f.authentication, def.authentication);
  o.Enum("authorization", f.authorization, def.authorization);
  o.Enum("usage", f.usage, def.usage);
  o.Bool("vpn", f.vpn, def.vpn);
  o.Bool("ip_filtered", f.ip_filtered, def.ip_filtered);
  o.Bool("readonly", f.readonly, def.readonly);
  o.Refs("data_sent", f.data_sent);
  o.Refs("data_received", f.data_received);
  o.Int("diagram_tweak_weight", f.diagram_tweak_weight, def.diagram_tweak_weight);
  o.Bool("diagram_tweak_constraint", f.diagram_tweak_constraint, def.diagram_tweak_constraint);
}

void WriteBoundary(Out& o, const core::TrustBoundary& b, const core::TrustBoundary& def) {
  o.Enum("type", b.type, def.type);
  o.Refs("components", b.components);
  o.Refs("nested", b.nested);
}

void WriteThreat(Out& o, const core::Threat& t, const core::Threat& def) {
  o.Enum("stride", t.stride, def.stride);
  o.Str("source", t.source);
  o.Str("prerequisites", t.prerequisites);
  o.Str("action", t.action);
  o.Str("impact", t.impact);
  o.Refs("affected", t.affected);
  o.Enum("likelihood", t.likelihood, def.likelihood);
  o.Enum("impact_rating", t.impact_rating, def.impact_rating);
  o.Enum("status", t.status, def.status);
  o.Enum("response", t.response, def.response);
  o.Str("owner", t.owner);
  o.Str("justification", t.justification);
  o.Refs("mitigations", t.mitigations);
}

void WriteMitigation(Out& o, const core::Mitigation& m, const core::Mitigation& def) {
  o.Enum("status", m.status, def.status);
  o.Str("owner", m.owner);
  o.Str("ticket", m.ticket);
  o.Refs("threats", m.threats);
}

void WriteAssumption(Out& o, const core::Assumption& a, const core::Assumption& def) {
  o.Str("statement", a.statement);
  o.Refs("elements", a.elements);
  o.Refs("threats", a.threats);
  o.Refs("mitigations", a.mitigations);
  o.Enum("status", a.status, def.status);
  o.Str("evidence", a.evidence);
  o.Str("validated_by", a.validated_by);
  o.Str("validated_on", a.validated_on);
}

void WriteRiskCategory(Out& o, const core::RiskCategory& c, const core::RiskCategory& def) {
  o.Str("impact", c.impact);
  o.Str("asvs", c.asvs);
  o.Str("cheat_sheet", c.cheat_sheet);
  o.Str("action", c.action);
  o.Str("mitigation", c.mitigation);
  o.Str("check", c.check);
  o.Enum("function", c.function, def.function);
  o.Enum("stride", c.stride, def.stride);
  o.Str("detection_logic", c.detection_logic);
  o.Str("risk_assessment", c.risk_assessment);
  o.Str("false_positives", c.false_positives);
  o.Bool("model_failure_possible_reason", c.model_failure_possible_reason,
         def.model_failure_possible_reason);
  o.Int("cwe", c.cwe, def.cwe);
  if (c.risks.empty()) return;
  Node risks = Node::Mapping();
  static const core::IdentifiedRisk kDef{};
  for (const core::IdentifiedRisk& r : c.risks) {
    Out ro(risks.Add(r.title, Node::Mapping()));
    ro.Enum("severity", r.severity, kDef.severity);
    ro.Enum("exploitation_likelihood", r.likelihood, kDef.likelihood);
    ro.Enum("exploitation_impact", r.impact, kDef.impact);
    ro.Enum("data_breach_probability", r.breach_probability, kDef.breach_probability);
    ro.Refs("data_breach_components", r.breach_components);
    ro.Ref("most_relevant_data_asset", r.most_relevant_data_asset);
    ro.Ref("most_relevant_component", r.most_relevant_component);
    ro.Ref("most_relevant_flow", r.most_relevant_flow);
    ro.Ref("most_relevant_boundary", r.most_relevant_boundary);
    ro.Ref("most_relevant_shared_runtime", r.most_relevant_shared_runtime);
  }
  o.Child("risks", std::move(risks));
}

// A person is written as a bare name unless it has a homepage.
Node PersonNode(const core::Person& p) {
  if (p.homepage.empty()) return Node::String(p.name);
  Node n = Node::Mapping();
  Out o(n);
  o.Str("name", p.name);
  o.Str("homepage", p.homepage);
  return n;
}

// An overview is written as its text unless it has images.
Node OverviewNode(const core::Overview& ov) {
  if (ov.images.empty()) {
    return ov.description.empty() ? Node::Null() : Node::String(ov.description);
  }
  Node n = Node::Mapping();
  Out o(n);
  o.Str("description", ov.description);
  o.Texts("images", ov.images);
  return n;
}

Node MetadataNode(const core::Metadata& meta) {
  static const core::Metadata kDef{};
  Node n = Node::Mapping();
  Out o(n);
  o.Str("title", meta.title);
  if (!meta.author.name.empty() || !meta.author.homepage.empty()) {
    n.Add("author", PersonNode(meta.author));
  }
  if (!meta.contributors.empty()) {
    Node& seq = n.Add("contributors", Node::Sequence());
    for (const core::Person& p : meta.contributors) seq.Push(PersonNode(p));
  }
  o.Str("date", meta.date);
  o.Str("owner_team", meta.owner_team);
  o.Enum("phase", meta.phase, kDef.phase);
  o.Enum("business_criticality", meta.business_criticality, kDef.business_criticality);
  o.Str("last_reviewed", meta.last_reviewed);
  o.Str("next_review", meta.next_review);
  o.Str("management_summary_comment", meta.management_summary_comment);
  o.Child("application_description", OverviewNode(meta.application_description));
  o.Child("business_overview", OverviewNode(meta.business_overview));
  o.Child("technical_overview", OverviewNode(meta.technical_overview));
  return n;
}

Node DiagramNode(const core::DiagramTweaks& t) {
  static const core::DiagramTweaks kDef{};
  Node n = Node::Mapping();
  Out o(n);
  o.Int("nodesep", t.nodesep, kDef.nodesep);
  o.Int("ranksep", t.ranksep, kDef.ranksep);
  o.Str("edge_layout", t.edge_layout);
  o.Bool("suppress_edge_labels", t.suppress_edge_labels, kDef.suppress_edge_labels);
  o.Bool("layout_left_to_right", t.layout_left_to_right, kDef.layout_left_to_right);
  o.StrList("invisible_connections", t.invisible_connections);
  o.StrList("same_rank_assets", t.same_rank_assets);
  return n;
}

}  // namespace

Node WriteNative(const core::Model& m, std::vector<std::string>* notes) {
  Node root = Node::Mapping();
  root.Add("threatpath", Node::Int(kNativeFormatVersion));
  Out top(root);
  top.Child("metadata", MetadataNode(m.meta));
  top.StrList("tags_available", m.tags_available);
  WriteSection(root, "data_assets", m.data_assets, WriteDataAsset, notes);
  WriteSection(root, "components", m.components, WriteComponent, notes);
  WriteSection(root, "flows", m.flows, WriteFlow, notes);
  WriteSection(root, "boundaries", m.boundaries, WriteBoundary, notes);
  WriteSection(
      root, "shared_runtimes", m.shared_runtimes,
      [](Out& o, const core::SharedRuntime& r, const core::SharedRuntime&) {
        o.Refs("components", r.components);
      },
      notes);
  WriteSection(root, "threats", m.threats, WriteThreat, notes);
  WriteSection(root, "mitigations", m.mitigations, WriteMitigation, notes);
  WriteSection(root, "assumptions", m.assumptions, WriteAssumption, notes);
  WriteSection(root, "risk_categories", m.risk_categories, WriteRiskCategory, notes);
  if (!m.risk_tracking.empty()) {
    static const core::RiskTracking kDef{};
    Node& section = root.Add("risk_tracking", Node::Mapping());
    for (const core::RiskTracking& t : m.risk_tracking) {
      Out o(section.Add(t.key, Node::Mapping()));
      o.Enum("status", t.status, kDef.status);
      o.Str("justification", t.justification);
      o.Str("ticket", t.ticket);
      o.Str("date", t.date);
      o.Str("checked_by", t.checked_by);
      o.Str("owner", t.owner);
    }
  }
  top.Texts("security_requirements", m.security_requirements);
  top.Texts("questions", m.questions);
  top.Texts("abuse_cases", m.abuse_cases);
  top.Child("diagram", DiagramNode(m.diagram));

  const core::Provenance& p = m.provenance;
  if (p.format == core::Provenance::Format::kThreagile) {
    Node& n = root.Add("threagile", Node::Mapping());
    Out o(n);
    o.Str("version", p.threagile_version);
    o.Bool("v1", p.threagile_v1, false);
    o.StrList("includes", p.includes);
  }
  return root;
}

}  // namespace threatpath::formats
