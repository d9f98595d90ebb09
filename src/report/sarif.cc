// risks.sarif (SARIF 2.1.0).

#include <algorithm>

#include "report/json_writer.h"
#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

using internal::CategoryView;
using internal::JsonWriter;
using internal::Position;
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

void Rule(JsonWriter& w, const engine::RuleInfo& info, core::RiskSeverity highest) {
  w.BeginObject();
  w.Member("id", info.id);
  w.Member("name", PascalCase(info.id));
  std::string title = Text(info.title, info.id);
  w.Key("shortDescription");
  w.BeginObject();
  w.Member("text", title);
  w.EndObject();
  w.Key("fullDescription");
  w.BeginObject();
  w.Member("text", Text(info.description, title));
  w.EndObject();
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
  w.Key("help");
  w.BeginObject();
  w.Member("text", help);
  w.Member("markdown", help_md);
  w.EndObject();
  if (info.cheat_sheet.rfind("https://", 0) == 0 || info.cheat_sheet.rfind("http://", 0) == 0) {
    w.Member("helpUri", info.cheat_sheet);
  }
  w.Key("defaultConfiguration");
  w.BeginObject();
  w.Member("level", Level(highest));
  w.EndObject();
  w.Key("properties");
  w.BeginObject();
  w.Member("security-severity", SecuritySeverity(highest));
  w.Key("tags");
  w.BeginArray();
  w.String("security");
  w.String("stride/" + std::string(core::ToString(info.stride)));
  if (info.cwe > 0) w.String("external/cwe/cwe-" + std::to_string(info.cwe));
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

}  // namespace

namespace internal {

void RisksSarif(const ReportView& view, OutputStream& stream) {
  const core::Model& model = view.model();

  // Rules: the categories that have results, by id, each rated by its highest severity.
  const std::vector<CategoryView>& categories = view.categories();
  std::vector<core::RiskSeverity> highest(categories.size());
  std::vector<bool> seen(categories.size());
  for (const RiskView& r : view.risks()) {
    if (!seen[r.category] || r.risk->severity > highest[r.category]) {
      highest[r.category] = r.risk->severity;
    }
    seen[r.category] = true;
  }
  std::vector<uint32_t> by_id(categories.size());
  for (uint32_t c = 0; c < by_id.size(); ++c) by_id[c] = c;
  std::sort(by_id.begin(), by_id.end(),
            [&](uint32_t a, uint32_t b) { return categories[a].id < categories[b].id; });
  std::vector<int> rule_index(categories.size());
  for (size_t i = 0; i < by_id.size(); ++i) rule_index[by_id[i]] = static_cast<int>(i);

  // Code-scanning services want a location on every result: a risk whose element has no known
  // position is put at the top of the model's entry file. URIs are made once per file.
  std::vector<std::string> uris(model.files.size());
  auto uri = [&](const std::string* file) -> std::string_view {
    if (file >= model.files.data() && file < model.files.data() + model.files.size()) {
      std::string& cached = uris[file - model.files.data()];
      if (cached.empty()) cached = FileUri(*file);
      return cached;
    }
    return {};
  };

  Chunked chunked(stream);
  std::string& out = chunked.text;
  JsonWriter w(out);
  w.BeginObject();
  w.Member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  w.Member("version", "2.1.0");
  w.Key("runs");
  w.BeginArray();
  w.BeginObject();
  w.Key("tool");
  w.BeginObject();
  w.Key("driver");
  w.BeginObject();
  w.Member("name", "threatpath");
  w.Key("rules");
  w.BeginArray();
  for (uint32_t c : by_id) Rule(w, *categories[c].info, highest[c]);
  w.EndArray();
  w.EndObject();
  w.EndObject();

  w.Key("results");
  w.BeginArray();
  std::string message;
  for (const RiskView& rv : view.risks()) {
    const engine::Risk& r = *rv.risk;
    w.BeginObject();
    w.Member("ruleId", r.category);
    w.Member("ruleIndex", rule_index[rv.category]);
    w.Member("level", Level(r.severity));
    // "<title>. <explanation>"
    const std::string& headline = r.title.empty() ? r.category : r.title;
    message.assign(headline);
    if (headline.empty() || headline.back() != '.') message += '.';
    message += ' ';
    message += rv.explanation;
    w.Key("message");
    w.BeginObject();
    w.Member("text", message);
    w.EndObject();
    w.Key("locations");
    w.BeginArray();
    Position loc = rv.location;
    std::string_view file = loc.file_name();
    if (!loc.known() && !model.files.empty()) {
      loc = {&model.files.front(), 1, 1};
      file = model.files.front();
    }
    if (loc.known() && !file.empty()) {
      w.BeginObject();
      w.Key("physicalLocation");
      w.BeginObject();
      w.Key("artifactLocation");
      w.BeginObject();
      std::string_view cached = uri(loc.file);
      w.Member("uri", cached.empty() ? std::string_view(FileUri(std::string(file))) : cached);
      w.EndObject();
      w.Key("region");
      w.BeginObject();
      w.Member("startLine", loc.line);
      if (loc.column > 0) w.Member("startColumn", loc.column);
      w.EndObject();
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.Key("partialFingerprints");
    w.BeginObject();
    w.Member("threatpathSyntheticId/v1", r.synthetic_id);
    w.EndObject();
    if (!engine::IsStillAtRisk(r.status)) {
      w.Key("suppressions");
      w.BeginArray();
      w.BeginObject();
      w.Member("kind", "external");
      w.Member("status", "accepted");
      if (r.tracking >= 0 && static_cast<size_t>(r.tracking) < model.risk_tracking.size() &&
          !model.risk_tracking[r.tracking].justification.empty()) {
        w.Member("justification", model.risk_tracking[r.tracking].justification);
      }
      w.EndObject();
      w.EndArray();
    }
    w.Key("properties");
    w.BeginObject();
    w.Member("synthetic_id", r.synthetic_id);
    w.Member("severity", core::ToString(r.severity));
    w.Member("risk_status", core::ToString(r.status));
    w.Member("exploitation_likelihood", core::ToString(r.likelihood));
    w.Member("exploitation_impact", core::ToString(r.impact));
    w.Member("data_breach_probability", core::ToString(r.breach_probability));
    w.EndObject();
    w.EndObject();
    chunked.Boundary();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  out += '\n';
  chunked.Finish();
}

}  // namespace internal

std::string RisksSarif(const AnalysisBundle& bundle) {
  internal::ReportView view(bundle);
  return internal::ToString([&](OutputStream& s) { internal::RisksSarif(view, s); });
}

}  // namespace threatpath::report
