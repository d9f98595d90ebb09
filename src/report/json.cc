// risks.json, stats.json, technical-assets.json and attack-paths.json.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

using Json = nlohmann::ordered_json;
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

Json StringArray(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const std::string& s : v) a.push_back(s);
  return a;
}

Json RefArray(const core::Refs& refs) {
  Json a = Json::array();
  for (const core::Ref& r : refs) a.push_back(r.id);
  return a;
}

// Go writes a float64 that holds a whole number without a fraction ("100", not "100.0").
Json Number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return static_cast<int64_t>(v);
  }
  if (!std::isfinite(v)) return 0;
  return v;
}

// Threagile 0.9.x's TechnicalAssetTechnology enumeration, in order; technical-assets.json writes
// a technology as its position here (0, unknown-technology, for names 0.9.x does not know).
constexpr std::array<std::string_view, 57> kThreagileV1Technologies = {
    "unknown-technology",
    "client-system",
    "browser",
    "desktop",
    "mobile-app",
    "devops-client",
    "web-server",
    "web-application",
    "application-server",
    "database",
    "file-server",
    "local-file-system",
    "erp",
    "cms",
    "web-service-rest",
    "web-service-soap",
    "ejb",
    "search-index",
    "search-engine",
    "service-registry",
    "reverse-proxy",
    "load-balancer",
    "build-pipeline",
    "sourcecode-repository",
    "artifact-registry",
    "code-inspection-platform",
    "monitoring",
    "ldap-server",
    "container-platform",
    "batch-processing",
    "event-listener",
    "identity-provider",
    "identity-store-ldap",
    "identity-store-database",
    "tool",
    "cli",
    "task",
    "function",
    "gateway",
    "iot-device",
    "message-queue",
    "stream-processing",
    "service-mesh",
    "data-lake",
    "big-data-platform",
    "report-engine",
    "ai",
    "mail-server",
    "vault",
    "hsm",
    "waf",
    "ids",
    "ips",
    "scheduler",
    "mainframe",
    "block-storage",
    "library",
};

int TechnologyOrdinal(const core::Component& c) {
  if (c.technologies.empty()) return 0;
  for (size_t i = 0; i < kThreagileV1Technologies.size(); ++i) {
    if (kThreagileV1Technologies[i] == c.technologies.front()) return static_cast<int>(i);
  }
  return 0;
}

// A JSON string: quotes, backslashes and control characters escaped, invalid UTF-8 replaced by
// U+FFFD (the same text nlohmann::json writes).
void AppendString(std::string& out, std::string_view raw) {
  static const char kHex[] = "0123456789abcdef";
  bool plain = true;  // printable ASCII without quotes or backslashes: copied as it is
  for (char ch : raw) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x80 || ch == '"' || ch == '\\') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += '"';
    out.append(raw);
    out += '"';
    return;
  }
  std::string s = internal::ValidUtf8(raw);
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void AppendField(std::string& out, std::string_view key, std::string_view value) {
  out += "    ";
  AppendString(out, key);
  out += ": ";
  AppendString(out, value);
  out += ",\n";
}

// One risk, written directly (risks.json can hold tens of thousands of risks with long breach
// lists, so no document tree is built). Threagile 0.9.x's Risk fields come first, in its order
// and with its JSON names; the breach list is kept on one line.
void AppendRisk(std::string& out, const RiskView& view) {
  const engine::Risk& r = *view.risk;
  out += "  {\n";
  AppendField(out, "category", r.category);
  AppendField(out, "risk_status", core::ToString(r.status));
  AppendField(out, "severity", core::ToString(r.severity));
  AppendField(out, "exploitation_likelihood", core::ToString(r.likelihood));
  AppendField(out, "exploitation_impact", core::ToString(r.impact));
  AppendField(out, "title", r.title);
  AppendField(out, "synthetic_id", r.synthetic_id);
  AppendField(out, "most_relevant_data_asset", r.data_asset);
  AppendField(out, "most_relevant_technical_asset", r.component);
  AppendField(out, "most_relevant_trust_boundary", r.boundary);
  AppendField(out, "most_relevant_shared_runtime", r.shared_runtime);
  AppendField(out, "most_relevant_communication_link", r.flow);
  AppendField(out, "data_breach_probability", core::ToString(r.breach_probability));
  out += "    \"data_breach_technical_assets\": [";
  for (size_t i = 0; i < r.breach_components.size(); ++i) {
    if (i > 0) out += ", ";
    AppendString(out, r.breach_components[i]);
  }
  out += "],\n";
  // Threatpath's additions.
  AppendField(out, "stride", core::ToString(view.info->stride));
  out += "    \"cwe\": " + std::to_string(view.info->cwe) + ",\n";
  AppendField(out, "explanation", view.explanation);
  out += "    \"location\": ";
  if (view.location.known()) {
    out += "{\"file\": ";
    AppendString(out, view.location.file);
    out += ", \"line\": " + std::to_string(view.location.line) +
           ", \"column\": " + std::to_string(view.location.column) + "}";
  } else {
    out += "null";
  }
  out += "\n  }";
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

Json Bits(uint32_t bits, const char* (*token)(uint32_t)) {
  Json a = Json::array();
  for (int i = 0; i < 32; ++i) {
    uint32_t bit = 1u << i;
    if ((bits & bit) == 0) continue;
    const char* t = token(bit);
    if (t != nullptr) a.push_back(t);
  }
  return a;
}

}  // namespace

std::string RisksJson(const AnalysisBundle& bundle) {
  ReportView view(bundle);
  if (view.risks().empty()) return "[]\n";
  std::string out = "[\n";
  bool first = true;
  for (const RiskView& r : view.risks()) {
    if (!first) out += ",\n";
    first = false;
    AppendRisk(out, r);
  }
  out += "\n]\n";
  return out;
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
  for (const engine::Risk& r : bundle.analysis.risks) {
    Json& cell = risks[Name(r.severity)][Name(r.status)];
    cell = cell.get<int64_t>() + 1;
  }
  Json out;
  out["risks"] = risks;
  return Dump(out);
}

std::string TechnicalAssetsJson(const AnalysisBundle& bundle) {
  const core::Model& m = bundle.model;
  // Keyed by id in sorted order (Go sorts map keys); the first component wins a duplicate id.
  std::vector<size_t> order;
  for (size_t i = 0; i < m.components.size(); ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return m.components[a].id < m.components[b].id; });

  std::unordered_map<std::string_view, std::vector<size_t>> flows_from;
  for (size_t f = 0; f < m.flows.size(); ++f) flows_from[m.flows[f].from.id].push_back(f);

  // The top-level object is assembled by hand: ordered_json looks keys up linearly, which would
  // make large models quadratic.
  std::string out = "{";
  const std::string* previous = nullptr;
  for (size_t i : order) {
    const core::Component& c = m.components[i];
    if (previous != nullptr && *previous == c.id) continue;
    previous = &c.id;
    Json j;
    j["Id"] = c.id;
    j["Title"] = c.title;
    j["Description"] = c.description;
    j["Usage"] = Ordinal(c.usage);
    j["Type"] = Ordinal(c.type);
    j["Size"] = Ordinal(c.size);
    j["Technology"] = TechnologyOrdinal(c);
    j["Machine"] = Ordinal(c.machine);
    j["Internet"] = c.internet;
    j["MultiTenant"] = c.multi_tenant;
    j["Redundant"] = c.redundant;
    j["CustomDevelopedParts"] = c.custom_developed_parts;
    j["OutOfScope"] = c.out_of_scope;
    j["UsedAsClientByHuman"] = c.used_as_client_by_human;
    j["Encryption"] = Ordinal(c.encryption);
    j["JustificationOutOfScope"] = c.justification_out_of_scope;
    j["Owner"] = c.owner;
    j["Confidentiality"] = Ordinal(c.confidentiality);
    j["Integrity"] = Ordinal(c.integrity);
    j["Availability"] = Ordinal(c.availability);
    j["JustificationCiaRating"] = c.justification_cia_rating;
    j["Tags"] = StringArray(c.tags);
    j["DataAssetsProcessed"] = RefArray(c.data_processed);
    j["DataAssetsStored"] = RefArray(c.data_stored);
    Json formats = Json::array();
    for (core::DataFormat f : c.data_formats_accepted) formats.push_back(Ordinal(f));
    j["DataFormatsAccepted"] = formats;
    // Threagile nests links under their source; they are written in model order.
    Json links = Json::array();
    auto outgoing = flows_from.find(c.id);
    for (size_t index : outgoing == flows_from.end() ? std::vector<size_t>{} : outgoing->second) {
      const core::Flow& f = m.flows[index];
      Json l;
      l["Id"] = f.id;
      l["SourceId"] = f.from.id;
      l["TargetId"] = f.to.id;
      l["Title"] = f.title;
      l["Description"] = f.description;
      l["Protocol"] = Ordinal(f.protocol);
      l["Tags"] = StringArray(f.tags);
      l["VPN"] = f.vpn;
      l["IpFiltered"] = f.ip_filtered;
      l["Readonly"] = f.readonly;
      l["Authentication"] = Ordinal(f.authentication);
      l["Authorization"] = Ordinal(f.authorization);
      l["Usage"] = Ordinal(f.usage);
      l["DataAssetsSent"] = RefArray(f.data_sent);
      l["DataAssetsReceived"] = RefArray(f.data_received);
      l["DiagramTweakWeight"] = f.diagram_tweak_weight;
      l["DiagramTweakConstraint"] = f.diagram_tweak_constraint;
      links.push_back(std::move(l));
    }
    j["CommunicationLinks"] = links;
    j["DiagramTweakOrder"] = c.diagram_tweak_order;
    double raa = i < bundle.analysis.raa.size() ? bundle.analysis.raa[i] : 0.0;
    j["RAA"] = Number(raa);
    std::string body = Json(c.id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                       ": " + j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    out += out.size() == 1 ? "\n  " : ",\n  ";
    // Nested one level: indent every line of the value by two more spaces. Strings in dumped
    // JSON never contain a raw line break, so every '\n' is between tokens.
    for (char ch : body) {
      out += ch;
      if (ch == '\n') out += "  ";
    }
  }
  out += out.size() == 1 ? "}\n" : "\n}\n";
  return out;
}

std::string AttackPathsJson(const AnalysisBundle& bundle) {
  ReportView view(bundle);
  const graph::AttackPathReport& report = bundle.paths;
  Json out;
  out["truncated"] = report.truncated;

  Json origins = Json::array();
  for (const auto& [id, reasons] : report.origins) {
    Json o;
    o["component"] = id;
    o["reasons"] = Bits(reasons, OriginReasonToken);
    origins.push_back(std::move(o));
  }
  out["origins"] = origins;

  std::unordered_map<std::string_view, int> path_counts;
  for (const graph::AttackPath& p : report.paths) ++path_counts[p.asset_id];
  Json assets = Json::array();
  for (const graph::AssetCoverage& a : report.assets) {
    Json j;
    j["data_asset"] = a.asset_id;
    j["title"] = view.Name(a.asset_id);
    j["holders"] = a.holders;
    j["reachable"] = a.reachable;
    j["exposures"] = a.exposures;
    auto count = path_counts.find(a.asset_id);
    j["paths"] = count == path_counts.end() ? 0 : count->second;
    assets.push_back(std::move(j));
  }
  out["assets"] = assets;

  Json paths = Json::array();
  for (const graph::AttackPath& p : report.paths) {
    Json j;
    j["data_asset"] = p.asset_id;
    j["origin"] = p.origin_id;
    j["target"] = p.target_id;
    j["target_stores"] = p.target_stores;
    j["cost"] = p.cost;
    j["origin_reasons"] = Bits(p.origin_reasons, OriginReasonToken);
    j["components"] = StringArray(p.components);
    Json hops = Json::array();
    for (const graph::Hop& h : p.hops) {
      Json hj;
      hj["flow"] = h.flow_id;
      hj["from"] = h.from_id;
      hj["to"] = h.to_id;
      hj["cost"] = h.cost;
      hj["weaknesses"] = Bits(h.weaknesses, WeaknessToken);
      hj["refuted_assumptions"] = StringArray(h.refuted_assumptions);
      hj["explanation"] = h.explanation;
      hops.push_back(std::move(hj));
    }
    j["hops"] = hops;
    j["weakness_summary"] = p.weakness_summary;
    j["explanation"] = StringArray(p.explanation);
    paths.push_back(std::move(j));
  }
  out["paths"] = paths;

  Json exposures = Json::array();
  for (const graph::Exposure& e : report.exposures) {
    Json j;
    j["data_asset"] = e.asset_id;
    j["component"] = e.component_id;
    j["stores"] = e.stores;
    j["origin_reasons"] = Bits(e.origin_reasons, OriginReasonToken);
    j["refuted_assumptions"] = StringArray(e.refuted_assumptions);
    j["explanation"] = e.explanation;
    exposures.push_back(std::move(j));
  }
  out["exposures"] = exposures;
  return Dump(out);
}

}  // namespace threatpath::report
