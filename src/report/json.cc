// risks.json, stats.json, technical-assets.json and attack-paths.json.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "catalog/catalog.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

using namespace std::literals;
using Json = nlohmann::ordered_json;
using internal::AppendInt;
using internal::AppendJsonString;
using internal::JsonWriter;
using internal::ReportView;
using internal::RiskView;

// Two-space indentation and a final newline; invalid UTF-8 becomes U+FFFD instead of throwing.
std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

template <typename E>
std::string Name(E v) {
  return std::string(core::ToString(v));
}

template <typename E>
int Ordinal(E v) {
  return static_cast<int>(v);
}

// technical-assets.json writes a technology as its ordinal in Threagile 0.9.x's
// TechnicalAssetTechnology enumeration (0, unknown-technology, for names 0.9.x does not know).
// The built-in catalogue lists exactly those 57 technologies in that order, apart from the ones
// marked master-only (catalog_test.cc pins the order), so the ordinal is a position in it.
int TechnologyOrdinal(const core::Component& c) {
  if (c.technologies.empty()) return 0;
  int ordinal = 0;
  for (const auto& t : catalog::Catalog::Builtin().technologies()) {
    if (t.master_only) continue;
    if (t.id == c.technologies.front()) return ordinal;
    ++ordinal;
  }
  return 0;
}

// `prefix` ("    \"key\": ") and a string value, then ",\n".
void AppendField(std::string& out, std::string_view prefix, std::string_view value) {
  out += prefix;
  AppendJsonString(out, value);
  out += ",\n"sv;
}

// One risk, written directly (risks.json can hold tens of thousands of risks with long breach
// lists). Threagile 0.9.x's Risk fields come first, in its order and with its JSON names; the
// breach list and the location are kept on one line.
void AppendRisk(std::string& out, const RiskView& view) {
  const engine::Risk& r = *view.risk;
  out += "  {\n"sv;
  AppendField(out, "    \"category\": "sv, r.category);
  AppendField(out, "    \"risk_status\": "sv, core::ToString(r.status));
  AppendField(out, "    \"severity\": "sv, core::ToString(r.severity));
  AppendField(out, "    \"exploitation_likelihood\": "sv, core::ToString(r.likelihood));
  AppendField(out, "    \"exploitation_impact\": "sv, core::ToString(r.impact));
  AppendField(out, "    \"title\": "sv, r.title);
  AppendField(out, "    \"synthetic_id\": "sv, r.synthetic_id);
  AppendField(out, "    \"most_relevant_data_asset\": "sv, r.data_asset);
  AppendField(out, "    \"most_relevant_technical_asset\": "sv, r.component);
  AppendField(out, "    \"most_relevant_trust_boundary\": "sv, r.boundary);
  AppendField(out, "    \"most_relevant_shared_runtime\": "sv, r.shared_runtime);
  AppendField(out, "    \"most_relevant_communication_link\": "sv, r.flow);
  AppendField(out, "    \"data_breach_probability\": "sv, core::ToString(r.breach_probability));
  out += "    \"data_breach_technical_assets\": ["sv;
  for (size_t i = 0; i < r.breach_components.size(); ++i) {
    if (i > 0) out += ", "sv;
    AppendJsonString(out, r.breach_components[i]);
  }
  out += "],\n"sv;
  // Threatpath's additions.
  AppendField(out, "    \"stride\": "sv, core::ToString(view.info->stride));
  out += "    \"cwe\": "sv;
  AppendInt(out, view.info->cwe);
  out += ",\n"sv;
  AppendField(out, "    \"explanation\": "sv, view.explanation);
  out += "    \"location\": "sv;
  if (view.location.known()) {
    out += "{\"file\": "sv;
    AppendJsonString(out, view.location.file_name());
    out += ", \"line\": "sv;
    AppendInt(out, view.location.line);
    out += ", \"column\": "sv;
    AppendInt(out, view.location.column);
    out += "}"sv;
  } else {
    out += "null"sv;
  }
  out += "\n  }"sv;
}

const char* OriginReasonToken(uint32_t bit) {
  switch (bit) {
    case graph::kInternetFacing:
      return "internet-facing";
    case graph::kExternalEntity:
      return "external-entity";
    case graph::kHumanClient:
      return "human-client";
    case graph::kOutsideBoundaries:
      return "outside-boundaries";
    case graph::kUntrustedBoundary:
      return "untrusted-boundary";
  }
  return nullptr;
}

const char* WeaknessToken(uint32_t bit) {
  switch (bit) {
    case graph::kNoAuthentication:
      return "no-authentication";
    case graph::kNoAuthorization:
      return "no-authorization";
    case graph::kUnencryptedCrossing:
      return "unencrypted-crossing";
    case graph::kRefutedAssumption:
      return "refuted-assumption";
  }
  return nullptr;
}

void Bits(JsonWriter& w, uint32_t bits, const char* (*token)(uint32_t)) {
  w.BeginArray();
  for (int i = 0; i < 32; ++i) {
    uint32_t bit = 1u << i;
    if ((bits & bit) == 0) continue;
    const char* t = token(bit);
    if (t != nullptr) w.String(t);
  }
  w.EndArray();
}

void Strings(JsonWriter& w, const std::vector<std::string>& v) {
  w.StringArray(v, [](const std::string& s) -> std::string_view { return s; });
}

void Refs(JsonWriter& w, const core::Refs& refs) {
  w.StringArray(refs, [](const core::Ref& r) -> std::string_view { return r.id; });
}

// Go writes a float64 that holds a whole number without a fraction ("100", not "100.0").
void Number(JsonWriter& w, double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    w.Int(static_cast<int64_t>(v));
  } else if (!std::isfinite(v)) {
    w.Int(0);
  } else {
    w.Double(v);
  }
}

void Link(JsonWriter& w, const core::Flow& f) {
  w.BeginObject();
  w.Member("Id", f.id);
  w.Member("SourceId", f.from.id);
  w.Member("TargetId", f.to.id);
  w.Member("Title", f.title);
  w.Member("Description", f.description);
  w.Member("Protocol", Ordinal(f.protocol));
  w.Key("Tags");
  Strings(w, f.tags);
  w.Member("VPN", f.vpn);
  w.Member("IpFiltered", f.ip_filtered);
  w.Member("Readonly", f.readonly);
  w.Member("Authentication", Ordinal(f.authentication));
  w.Member("Authorization", Ordinal(f.authorization));
  w.Member("Usage", Ordinal(f.usage));
  w.Key("DataAssetsSent");
  Refs(w, f.data_sent);
  w.Key("DataAssetsReceived");
  Refs(w, f.data_received);
  w.Member("DiagramTweakWeight", f.diagram_tweak_weight);
  w.Member("DiagramTweakConstraint", f.diagram_tweak_constraint);
  w.EndObject();
}

}  // namespace

namespace internal {

void RisksJson(const ReportView& view, OutputStream& stream) {
  Chunked chunked(stream);
  std::string& out = chunked.text;
  if (view.risks().empty()) {
    out += "[]\n";
    chunked.Finish();
    return;
  }
  out += "[\n";
  bool first = true;
  for (const RiskView& r : view.risks()) {
    if (!first) out += ",\n";
    first = false;
    AppendRisk(out, r);
    chunked.Boundary();
  }
  out += "\n]\n";
  chunked.Finish();
}

void AttackPathsJson(const ReportView& view, OutputStream& stream) {
  const graph::AttackPathReport& report = view.bundle().paths;
  Chunked chunked(stream);
  std::string& out = chunked.text;
  JsonWriter w(out);
  w.BeginObject();
  w.Member("truncated", report.truncated);

  w.Key("origins");
  w.BeginArray();
  for (const auto& [id, reasons] : report.origins) {
    w.BeginObject();
    w.Member("component", id);
    w.Key("reasons");
    Bits(w, reasons, OriginReasonToken);
    w.EndObject();
  }
  w.EndArray();

  std::unordered_map<std::string_view, int> path_counts;
  for (const graph::AttackPath& p : report.paths) ++path_counts[p.asset_id];
  w.Key("assets");
  w.BeginArray();
  for (const graph::AssetCoverage& a : report.assets) {
    w.BeginObject();
    w.Member("data_asset", a.asset_id);
    w.Member("title", view.Name(a.asset_id, 'd'));
    w.Member("holders", a.holders);
    w.Member("reachable", a.reachable);
    w.Member("exposures", a.exposures);
    auto count = path_counts.find(a.asset_id);
    w.Member("paths", count == path_counts.end() ? 0 : count->second);
    w.EndObject();
  }
  w.EndArray();

  w.Key("paths");
  w.BeginArray();
  for (const graph::AttackPath& p : report.paths) {
    w.BeginObject();
    w.Member("data_asset", p.asset_id);
    w.Member("origin", p.origin_id);
    w.Member("target", p.target_id);
    w.Member("target_stores", p.target_stores);
    w.Member("cost", p.cost);
    w.Key("origin_reasons");
    Bits(w, p.origin_reasons, OriginReasonToken);
    w.Key("components");
    Strings(w, p.components);
    w.Key("hops");
    w.BeginArray();
    for (const graph::Hop& h : p.hops) {
      w.BeginObject();
      w.Member("flow", h.flow_id);
      w.Member("from", h.from_id);
      w.Member("to", h.to_id);
      w.Member("cost", h.cost);
      w.Key("weaknesses");
      Bits(w, h.weaknesses, WeaknessToken);
      w.Key("refuted_assumptions");
      Strings(w, h.refuted_assumptions);
      w.Member("explanation", h.explanation);
      w.EndObject();
    }
    w.EndArray();
    w.Member("weakness_summary", p.weakness_summary);
    w.Key("explanation");
    Strings(w, p.explanation);
    w.EndObject();
    chunked.Boundary();
  }
  w.EndArray();

  w.Key("exposures");
  w.BeginArray();
  for (const graph::Exposure& e : report.exposures) {
    w.BeginObject();
    w.Member("data_asset", e.asset_id);
    w.Member("component", e.component_id);
    w.Member("stores", e.stores);
    w.Key("origin_reasons");
    Bits(w, e.origin_reasons, OriginReasonToken);
    w.Key("refuted_assumptions");
    Strings(w, e.refuted_assumptions);
    w.Member("explanation", e.explanation);
    w.EndObject();
    chunked.Boundary();
  }
  w.EndArray();
  w.EndObject();
  out += '\n';
  chunked.Finish();
}

void TechnicalAssetsJson(const AnalysisBundle& bundle, OutputStream& stream) {
  const core::Model& m = bundle.model;
  // Keyed by id in sorted order (Go sorts map keys); the first component wins a duplicate id.
  std::vector<size_t> order;
  order.reserve(m.components.size());
  for (size_t i = 0; i < m.components.size(); ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return m.components[a].id < m.components[b].id; });

  std::unordered_map<std::string_view, std::vector<size_t>> flows_from;
  for (size_t f = 0; f < m.flows.size(); ++f) flows_from[m.flows[f].from.id].push_back(f);

  Chunked chunked(stream);
  std::string& out = chunked.text;
  JsonWriter w(out);
  w.BeginObject();
  const std::string* previous = nullptr;
  for (size_t i : order) {
    const core::Component& c = m.components[i];
    if (previous != nullptr && *previous == c.id) continue;
    previous = &c.id;
    w.Key(c.id);
    w.BeginObject();
    w.Member("Id", c.id);
    w.Member("Title", c.title);
    w.Member("Description", c.description);
    w.Member("Usage", Ordinal(c.usage));
    w.Member("Type", Ordinal(c.type));
    w.Member("Size", Ordinal(c.size));
    w.Member("Technology", TechnologyOrdinal(c));
    w.Member("Machine", Ordinal(c.machine));
    w.Member("Internet", c.internet);
    w.Member("MultiTenant", c.multi_tenant);
    w.Member("Redundant", c.redundant);
    w.Member("CustomDevelopedParts", c.custom_developed_parts);
    w.Member("OutOfScope", c.out_of_scope);
    w.Member("UsedAsClientByHuman", c.used_as_client_by_human);
    w.Member("Encryption", Ordinal(c.encryption));
    w.Member("JustificationOutOfScope", c.justification_out_of_scope);
    w.Member("Owner", c.owner);
    w.Member("Confidentiality", Ordinal(c.confidentiality));
    w.Member("Integrity", Ordinal(c.integrity));
    w.Member("Availability", Ordinal(c.availability));
    w.Member("JustificationCiaRating", c.justification_cia_rating);
    w.Key("Tags");
    Strings(w, c.tags);
    w.Key("DataAssetsProcessed");
    Refs(w, c.data_processed);
    w.Key("DataAssetsStored");
    Refs(w, c.data_stored);
    w.Key("DataFormatsAccepted");
    w.BeginArray();
    for (core::DataFormat f : c.data_formats_accepted) w.Int(Ordinal(f));
    w.EndArray();
    // Threagile nests links under their source; they are written in model order.
    w.Key("CommunicationLinks");
    w.BeginArray();
    auto outgoing = flows_from.find(c.id);
    if (outgoing != flows_from.end()) {
      for (size_t index : outgoing->second) Link(w, m.flows[index]);
    }
    w.EndArray();
    w.Member("DiagramTweakOrder", c.diagram_tweak_order);
    w.Key("RAA");
    Number(w, i < bundle.analysis.raa.size() ? bundle.analysis.raa[i] : 0.0);
    w.EndObject();
    chunked.Boundary();
  }
  w.EndObject();
  out += '\n';
  chunked.Finish();
}

}  // namespace internal

std::string RisksJson(const AnalysisBundle& bundle) {
  ReportView view(bundle);
  return internal::ToString([&](OutputStream& s) { internal::RisksJson(view, s); });
}

std::string StatsJson(const AnalysisBundle& bundle) {
  // Go writes map keys sorted, so severities and statuses appear in alphabetical order.
  std::vector<std::string> severities = core::CanonicalNames<core::RiskSeverity>();
  std::vector<std::string> statuses = core::CanonicalNames<core::RiskStatus>();
  std::sort(severities.begin(), severities.end());
  std::sort(statuses.begin(), statuses.end());
  Json risks;
  for (const std::string& sev : severities) {
    Json per_status;
    for (const std::string& st : statuses) per_status[st] = 0;
    risks[sev] = per_status;
  }
  // Counted per (severity, status) first, in the order of first appearance.
  std::vector<std::pair<std::pair<core::RiskSeverity, core::RiskStatus>, int64_t>> counts;
  for (const engine::Risk& r : bundle.analysis.risks) {
    auto key = std::make_pair(r.severity, r.status);
    auto it =
        std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == key; });
    if (it == counts.end()) {
      counts.push_back({key, 1});
    } else {
      ++it->second;
    }
  }
  for (const auto& [key, n] : counts) {
    Json& cell = risks[Name(key.first)][Name(key.second)];
    cell = cell.get<int64_t>() + n;
  }
  Json out;
  out["risks"] = risks;
  return Dump(out);
}

std::string TechnicalAssetsJson(const AnalysisBundle& bundle) {
  return internal::ToString([&](OutputStream& s) { internal::TechnicalAssetsJson(bundle, s); });
}

std::string AttackPathsJson(const AnalysisBundle& bundle) {
  ReportView view(bundle);
  return internal::ToString([&](OutputStream& s) { internal::AttackPathsJson(view, s); });
}

}  // namespace threatpath::report
