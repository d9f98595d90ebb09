// risks.sarif (SARIF 2.1.0).

#include <map>
#include <nlohmann/json.hpp>

#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

using Json = nlohmann::ordered_json;
using internal::RiskView;

const char* Level(core::RiskSeverity s) {
  switch (s) {
    case core::RiskSeverity::kCritical:
    case core::RiskSeverity::kHigh:
      return "error";
    case core::RiskSeverity::kElevated:
    case core::RiskSeverity::kMedium:
      return "warning";
    case core::RiskSeverity::kLow:
      return "note";
  }
  return "warning";
}

// GitHub's scale: 9.0 and above critical, 7.0 high, 4.0 medium, below 4.0 low.
const char* SecuritySeverity(core::RiskSeverity s) {
  switch (s) {
    case core::RiskSeverity::kCritical:
      return "9.5";
    case core::RiskSeverity::kHigh:
      return "8.0";
    case core::RiskSeverity::kElevated:
      return "6.5";
    case core::RiskSeverity::kMedium:
      return "5.0";
    case core::RiskSeverity::kLow:
      return "2.0";
  }
  return "5.0";
}

// "missing-authentication" -> "MissingAuthentication".
std::string PascalCase(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out.empty() ? "Risk" : out;
}

// A URI reference for a model file name as given: relative names stay relative, absolute ones
// become file: URIs; every byte outside the unreserved set and '/' is percent-encoded.
std::string FileUri(std::string path) {
  for (char& c : path) {
    if (c == '\\') c = '/';
  }
  std::string prefix;
  bool drive = path.size() >= 3 &&
               ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) &&
               path[1] == ':' && path[2] == '/';
  if (drive) {
    prefix = "file:///" + path.substr(0, 2);
    path = path.substr(2);
  } else if (!path.empty() && path[0] == '/') {
    prefix = "file://";
  }
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = prefix;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string Text(const std::string& s, const std::string& fallback) {
  return s.empty() ? fallback : s;
}

Json Rule(const engine::RuleInfo& info, core::RiskSeverity highest) {
  Json r;
  r["id"] = info.id;
  r["name"] = PascalCase(info.id);
  std::string title = Text(info.title, info.id);
  r["shortDescription"]["text"] = title;
  r["fullDescription"]["text"] = Text(info.description, title);
  std::string help;
  std::string help_md;
  auto add = [&](const char* label, const std::string& text) {
    if (text.empty()) return;
    if (!help.empty()) {
      help += "\n";
      help_md += "\n\n";
    }
    help += std::string(label) + ": " + text;
    help_md += "**" + std::string(label) + ":** " + text;
  };
  add("Impact", info.impact);
  add("Action", info.action);
  add("Mitigation", info.mitigation);
  add("Check", info.check);
  add("ASVS", info.asvs);
  add("Cheat sheet", info.cheat_sheet);
  if (help.empty()) {
    help = title;
    help_md = title;
  }
  r["help"]["text"] = help;
  r["help"]["markdown"] = help_md;
  if (info.cheat_sheet.rfind("https://", 0) == 0 || info.cheat_sheet.rfind("http://", 0) == 0) {
    r["helpUri"] = info.cheat_sheet;
  }
  r["defaultConfiguration"]["level"] = Level(highest);
  Json tags = Json::array();
  tags.push_back("security");
  tags.push_back("stride/" + std::string(core::ToString(info.stride)));
  if (info.cwe > 0) tags.push_back("external/cwe/cwe-" + std::to_string(info.cwe));
  r["properties"]["security-severity"] = SecuritySeverity(highest);
  r["properties"]["tags"] = tags;
  return r;
}

}  // namespace

std::string RisksSarif(const AnalysisBundle& bundle) {
  internal::ReportView view(bundle);
  const core::Model& model = bundle.model;

  // Rules: the categories that have results, by id, each rated by its highest severity.
  std::map<std::string, core::RiskSeverity> highest;
  for (const RiskView& r : view.risks()) {
    auto [it, added] = highest.try_emplace(r.risk->category, r.risk->severity);
    if (!added && r.risk->severity > it->second) it->second = r.risk->severity;
  }
  Json rules = Json::array();
  std::map<std::string, int> rule_index;
  for (const auto& [id, severity] : highest) {
    rule_index[id] = static_cast<int>(rules.size());
    rules.push_back(Rule(view.Info(id), severity));
  }

  Json results = Json::array();
  for (const RiskView& rv : view.risks()) {
    const engine::Risk& r = *rv.risk;
    Json res;
    res["ruleId"] = r.category;
    res["ruleIndex"] = rule_index[r.category];
    res["level"] = Level(r.severity);
    std::string headline = Text(r.title, r.category);
    if (headline.back() != '.') headline += '.';
    res["message"]["text"] = headline + " " + rv.explanation;
    // Code-scanning services want a location on every result: a risk whose element has no
    // known position is put at the top of the model's entry file.
    Json locations = Json::array();
    base::SourceLocation loc = rv.location;
    if (!loc.known() && !model.files.empty()) loc = {model.files.front(), 1, 1};
    if (loc.known() && !loc.file.empty()) {
      Json physical;
      physical["artifactLocation"]["uri"] = FileUri(loc.file);
      physical["region"]["startLine"] = loc.line;
      if (loc.column > 0) physical["region"]["startColumn"] = loc.column;
      Json l;
      l["physicalLocation"] = physical;
      locations.push_back(std::move(l));
    }
    res["locations"] = locations;
    res["partialFingerprints"]["threatpathSyntheticId/v1"] = r.synthetic_id;
    if (!engine::IsStillAtRisk(r.status)) {
      Json s;
      s["kind"] = "external";
      s["status"] = "accepted";
      if (r.tracking >= 0 && static_cast<size_t>(r.tracking) < model.risk_tracking.size() &&
          !model.risk_tracking[r.tracking].justification.empty()) {
        s["justification"] = model.risk_tracking[r.tracking].justification;
      }
      res["suppressions"] = Json::array({s});
    }
    Json props;
    props["synthetic_id"] = r.synthetic_id;
    props["severity"] = std::string(core::ToString(r.severity));
    props["risk_status"] = std::string(core::ToString(r.status));
    props["exploitation_likelihood"] = std::string(core::ToString(r.likelihood));
    props["exploitation_impact"] = std::string(core::ToString(r.impact));
    props["data_breach_probability"] = std::string(core::ToString(r.breach_probability));
    res["properties"] = props;
    results.push_back(std::move(res));
  }

  Json run;
  run["tool"]["driver"]["name"] = "threatpath";
  run["tool"]["driver"]["rules"] = rules;
  run["results"] = results;
  Json out;
  out["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  out["version"] = "2.1.0";
  out["runs"] = Json::array({run});
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace threatpath::report
