// Writes core::Model as a Threagile document, in the 0.9.x ("v1") or the later ("master")
// dialect. The two differ in three places: v1 names one `technology` per technical asset,
// spells `enduser-*` values and keeps custom risk categories in `individual_risk_categories`
// (a map keyed by title); master writes `technologies` lists, `end-user-*` values and a
// `custom_risk_categories` list whose entries carry their `title`.
//
// Elements are keyed by title (the id is a field), links are written under their source
// technical asset keyed by their title. Every field is written, because Threagile 0.9.x rejects
// missing enum values; only diagram tweaks at their defaults are left out. Reading the output
// back with ReadThreagile gives the same model.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "formats/threagile.h"

namespace threatpath::formats {
namespace {

using core::Ref;

Node Str(const std::string& s) { return Node::String(s); }

Node StrList(const std::vector<std::string>& list) {
  Node seq = Node::Sequence();
  for (const std::string& s : list) seq.Push(Node::String(s));
  return seq;
}

Node RefList(const core::Refs& refs) {
  Node seq = Node::Sequence();
  for (const Ref& r : refs) seq.Push(Node::String(r.id));
  return seq;
}

Node Texts(const core::TextMap& texts) {
  Node map = Node::Mapping();
  for (const auto& [key, text] : texts) map.Add(key, Node::String(text));
  return map;
}

class Writer {
 public:
  Writer(const core::Model& model, bool v1) : m_(model), v1_(v1) {}

  Node Write() {
    Node doc = Node::Mapping();
    const core::Metadata& meta = m_.meta;
    std::string version = m_.provenance.threagile_version;
    if (version.empty() && m_.provenance.format != core::Provenance::Format::kThreagile) {
      version = "1.0.0";  // the schema version both code lines write
    }
    if (!version.empty()) doc.Add("threagile_version", Str(version));
    doc.Add("title", Str(meta.title));
    doc.Add("date", Str(meta.date));
    doc.Add("author", Person(meta.author));
    if (!meta.contributors.empty()) {
      Node& list = doc.Add("contributors", Node::Sequence());
      for (const core::Person& p : meta.contributors) list.Push(Person(p));
    }
    doc.Add("management_summary_comment", Str(meta.management_summary_comment));
    doc.Add("business_criticality", Enum(meta.business_criticality));
    if (!meta.application_description.description.empty() ||
        !meta.application_description.images.empty()) {
      doc.Add("application_description", Overview(meta.application_description));
    }
    doc.Add("business_overview", Overview(meta.business_overview));
    doc.Add("technical_overview", Overview(meta.technical_overview));
    doc.Add("questions", Texts(m_.questions));
    doc.Add("abuse_cases", Texts(m_.abuse_cases));
    doc.Add("security_requirements", Texts(m_.security_requirements));
    doc.Add("tags_available", StrList(m_.tags_available));
    doc.Add("data_assets", DataAssets());
    doc.Add("technical_assets", TechnicalAssets());
    doc.Add("trust_boundaries", TrustBoundaries());
    doc.Add("shared_runtimes", SharedRuntimes());
    if (v1_) {
      doc.Add("individual_risk_categories", IndividualRiskCategories());
    } else {
      doc.Add("custom_risk_categories", CustomRiskCategories());
    }
    doc.Add("risk_tracking", RiskTracking());
    Diagram(doc);
    return doc;
  }

 private:
  template <typename E>
  Node Enum(E v) const {
    return Node::String(std::string(core::ToString(v)));
  }

  // The 0.9.x spellings of the two values that were renamed later.
  Node Enum(core::Authorization v) const {
    if (v1_ && v == core::Authorization::kEndUserIdentityPropagation) {
      return Node::String("enduser-identity-propagation");
    }
    return Node::String(std::string(core::ToString(v)));
  }
  Node Enum(core::Encryption v) const {
    if (v1_ && v == core::Encryption::kDataWithEndUserIndividualKey) {
      return Node::String("data-with-enduser-individual-key");
    }
    return Node::String(std::string(core::ToString(v)));
  }

  static Node Person(const core::Person& p) {
    Node map = Node::Mapping();
    map.Add("name", Str(p.name));
    map.Add("homepage", Str(p.homepage));
    return map;
  }

  static Node Overview(const core::Overview& o) {
    Node map = Node::Mapping();
    map.Add("description", Str(o.description));
    Node& images = map.Add("images", Node::Sequence());
    for (const auto& [file, caption] : o.images) {
      Node item = Node::Mapping();
      item.Add(file, Str(caption));
      images.Push(std::move(item));
    }
    return map;
  }

  // Threagile keys elements by title, so titles must be unique within a section. Models from
  // other sources may repeat a title or have none; the id then stands in or is appended.
  static std::string Key(std::set<std::string>& used, const core::Element& el) {
    std::string key = el.title.empty() ? el.id : el.title;
    if (!used.insert(key).second) {
      key += " (" + el.id + ")";
      for (int n = 2; !used.insert(key).second; ++n) {
        key = (el.title.empty() ? el.id : el.title) + " (" + el.id + " " + std::to_string(n) + ")";
      }
    }
    return key;
  }

  Node DataAssets() const {
    Node section = Node::Mapping();
    std::set<std::string> used;
    for (const core::DataAsset& a : m_.data_assets) {
      Node& n = section.Add(Key(used, a), Node::Mapping());
      n.Add("id", Str(a.id));
      n.Add("description", Str(a.description));
      n.Add("usage", Enum(a.usage));
      n.Add("tags", StrList(a.tags));
      n.Add("origin", Str(a.origin));
      n.Add("owner", Str(a.owner));
      n.Add("quantity", Enum(a.quantity));
      n.Add("confidentiality", Enum(a.confidentiality));
      n.Add("integrity", Enum(a.integrity));
      n.Add("availability", Enum(a.availability));
      n.Add("justification_cia_rating", Str(a.justification_cia_rating));
    }
    return section;
  }

  Node TechnicalAssets() const {
    std::map<std::string, std::vector<const core::Flow*>> outgoing;
    for (const core::Flow& f : m_.flows) outgoing[f.from.id].push_back(&f);

    Node section = Node::Mapping();
    std::set<std::string> used;
    for (const core::Component& c : m_.components) {
      Node& n = section.Add(Key(used, c), Node::Mapping());
      n.Add("id", Str(c.id));
      n.Add("description", Str(c.description));
      n.Add("type", Enum(c.type));
      n.Add("usage", Enum(c.usage));
      n.Add("used_as_client_by_human", Node::Bool(c.used_as_client_by_human));
      n.Add("out_of_scope", Node::Bool(c.out_of_scope));
      n.Add("justification_out_of_scope", Str(c.justification_out_of_scope));
      n.Add("size", Enum(c.size));
      if (v1_) {
        if (!c.technologies.empty()) n.Add("technology", Str(c.technologies.front()));
      } else {
        n.Add("technologies", StrList(c.technologies));
      }
      n.Add("tags", StrList(c.tags));
      n.Add("internet", Node::Bool(c.internet));
      n.Add("machine", Enum(c.machine));
      n.Add("encryption", Enum(c.encryption));
      n.Add("owner", Str(c.owner));
      n.Add("confidentiality", Enum(c.confidentiality));
      n.Add("integrity", Enum(c.integrity));
      n.Add("availability", Enum(c.availability));
      n.Add("justification_cia_rating", Str(c.justification_cia_rating));
      n.Add("multi_tenant", Node::Bool(c.multi_tenant));
      n.Add("redundant", Node::Bool(c.redundant));
      n.Add("custom_developed_parts", Node::Bool(c.custom_developed_parts));
      n.Add("data_assets_processed", RefList(c.data_processed));
      n.Add("data_assets_stored", RefList(c.data_stored));
      Node& formats = n.Add("data_formats_accepted", Node::Sequence());
      for (core::DataFormat f : c.data_formats_accepted) formats.Push(Enum(f));
      if (c.diagram_tweak_order != 0)
        n.Add("diagram_tweak_order", Node::Int(c.diagram_tweak_order));
      Node& links = n.Add("communication_links", Node::Mapping());
      std::set<std::string> link_keys;
      // A component id appears once; if it repeats, its flows go under the first one only.
      auto it = outgoing.find(c.id);
      if (it == outgoing.end()) continue;
      for (const core::Flow* f : it->second) links.Add(LinkKey(link_keys, *f), Link(*f));
      outgoing.erase(it);
    }
    return section;
  }

  static std::string LinkKey(std::set<std::string>& used, const core::Flow& f) {
    if (!f.title.empty() && used.insert(f.title).second) return f.title;
    core::Element stand_in;
    stand_in.title = f.title;
    stand_in.id = f.id;
    return Key(used, stand_in);
  }

  Node Link(const core::Flow& f) const {
    Node n = Node::Mapping();
    n.Add("target", Str(f.to.id));
    n.Add("description", Str(f.description));
    n.Add("protocol", Enum(f.protocol));
    n.Add("authentication", Enum(f.authentication));
    n.Add("authorization", Enum(f.authorization));
    n.Add("tags", StrList(f.tags));
    n.Add("vpn", Node::Bool(f.vpn));
    n.Add("ip_filtered", Node::Bool(f.ip_filtered));
    n.Add("readonly", Node::Bool(f.readonly));
    n.Add("usage", Enum(f.usage));
    n.Add("data_assets_sent", RefList(f.data_sent));
    n.Add("data_assets_received", RefList(f.data_received));
    if (f.diagram_tweak_weight != 1)
      n.Add("diagram_tweak_weight", Node::Int(f.diagram_tweak_weight));
    // Threagile inverts the flag when it loads it: writing `true` turns the constraint off.
    if (!f.diagram_tweak_constraint) n.Add("diagram_tweak_constraint", Node::Bool(true));
    return n;
  }

  Node TrustBoundaries() const {
    Node section = Node::Mapping();
    std::set<std::string> used;
    for (const core::TrustBoundary& b : m_.boundaries) {
      Node& n = section.Add(Key(used, b), Node::Mapping());
      n.Add("id", Str(b.id));
      n.Add("description", Str(b.description));
      n.Add("type", Enum(b.type));
      n.Add("tags", StrList(b.tags));
      n.Add("technical_assets_inside", RefList(b.components));
      n.Add("trust_boundaries_nested", RefList(b.nested));
    }
    return section;
  }

  Node SharedRuntimes() const {
    Node section = Node::Mapping();
    std::set<std::string> used;
    for (const core::SharedRuntime& r : m_.shared_runtimes) {
      Node& n = section.Add(Key(used, r), Node::Mapping());
      n.Add("id", Str(r.id));
      n.Add("description", Str(r.description));
      n.Add("tags", StrList(r.tags));
      n.Add("technical_assets_running", RefList(r.components));
    }
    return section;
  }

  void RiskCategoryFields(const core::RiskCategory& c, Node& n) const {
    n.Add("description", Str(c.description));
    n.Add("impact", Str(c.impact));
    n.Add("asvs", Str(c.asvs));
    n.Add("cheat_sheet", Str(c.cheat_sheet));
    n.Add("action", Str(c.action));
    n.Add("mitigation", Str(c.mitigation));
    n.Add("check", Str(c.check));
    n.Add("function", Enum(c.function));
    n.Add("stride", Enum(c.stride));
    n.Add("detection_logic", Str(c.detection_logic));
    n.Add("risk_assessment", Str(c.risk_assessment));
    n.Add("false_positives", Str(c.false_positives));
    n.Add("model_failure_possible_reason", Node::Bool(c.model_failure_possible_reason));
    n.Add("cwe", Node::Int(c.cwe));
    Node& risks = n.Add("risks_identified", Node::Mapping());
    std::set<std::string> used;
    for (const core::IdentifiedRisk& r : c.risks) {
      std::string key = r.title;
      for (int i = 2; !used.insert(key).second; ++i) key = r.title + " (" + std::to_string(i) + ")";
      Node& rn = risks.Add(key, Node::Mapping());
      rn.Add("severity", Enum(r.severity));
      rn.Add("exploitation_likelihood", Enum(r.likelihood));
      rn.Add("exploitation_impact", Enum(r.impact));
      rn.Add("data_breach_probability", Enum(r.breach_probability));
      rn.Add("data_breach_technical_assets", RefList(r.breach_components));
      OptionalRef(rn, "most_relevant_data_asset", r.most_relevant_data_asset);
      OptionalRef(rn, "most_relevant_technical_asset", r.most_relevant_component);
      OptionalRef(rn, "most_relevant_communication_link", r.most_relevant_flow);
      OptionalRef(rn, "most_relevant_trust_boundary", r.most_relevant_boundary);
      OptionalRef(rn, "most_relevant_shared_runtime", r.most_relevant_shared_runtime);
    }
  }

  static void OptionalRef(Node& n, std::string key, const Ref& r) {
    if (!r.id.empty()) n.Add(std::move(key), Str(r.id));
  }

  Node IndividualRiskCategories() const {
    Node section = Node::Mapping();
    std::set<std::string> used;
    for (const core::RiskCategory& c : m_.risk_categories) {
      Node& n = section.Add(Key(used, c), Node::Mapping());
      n.Add("id", Str(c.id));
      RiskCategoryFields(c, n);
    }
    return section;
  }

  Node CustomRiskCategories() const {
    Node list = Node::Sequence();
    for (const core::RiskCategory& c : m_.risk_categories) {
      Node& n = list.Push(Node::Mapping());
      n.Add("id", Str(c.id));
      n.Add("title", Str(c.title));
      RiskCategoryFields(c, n);
    }
    return list;
  }

  Node RiskTracking() const {
    Node section = Node::Mapping();
    std::set<std::string> used;
    for (const core::RiskTracking& t : m_.risk_tracking) {
      if (!used.insert(t.key).second) continue;  // a key can be tracked once only
      Node& n = section.Add(t.key, Node::Mapping());
      n.Add("status", Enum(t.status));
      n.Add("justification", Str(t.justification));
      n.Add("ticket", Str(t.ticket));
      n.Add("date", Str(t.date));
      n.Add("checked_by", Str(t.checked_by));
    }
    return section;
  }

  void Diagram(Node& doc) const {
    const core::DiagramTweaks& t = m_.diagram;
    if (t.nodesep != 0) doc.Add("diagram_tweak_nodesep", Node::Int(t.nodesep));
    if (t.ranksep != 0) doc.Add("diagram_tweak_ranksep", Node::Int(t.ranksep));
    if (!t.edge_layout.empty()) doc.Add("diagram_tweak_edge_layout", Str(t.edge_layout));
    if (t.suppress_edge_labels) doc.Add("diagram_tweak_suppress_edge_labels", Node::Bool(true));
    if (t.layout_left_to_right) doc.Add("diagram_tweak_layout_left_to_right", Node::Bool(true));
    if (!t.invisible_connections.empty()) {
      doc.Add("diagram_tweak_invisible_connections_between_assets",
              StrList(t.invisible_connections));
    }
    if (!t.same_rank_assets.empty()) {
      doc.Add("diagram_tweak_same_rank_assets", StrList(t.same_rank_assets));
    }
  }

  const core::Model& m_;
  bool v1_;
};

}  // namespace

Node WriteThreagile(const core::Model& model, ThreagileDialect dialect) {
  bool v1 = dialect == ThreagileDialect::kV1 ||
            (dialect == ThreagileDialect::kAsRead && model.provenance.threagile_v1);
  return Writer(model, v1).Write();
}

}  // namespace threatpath::formats
