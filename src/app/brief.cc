#include "app/brief.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace threatpath::app {

namespace {

using Json = nlohmann::ordered_json;

// The brief as data; both renderers read it, so the Markdown and the JSON always agree.
struct Brief {
  struct Component {
    std::string id, title, type, technologies, boundary;
    bool internet = false;
    std::string entry_reasons;  // empty when not an entry point
  };
  struct Asset {
    std::string id, title, confidentiality, integrity;
    int holders = 0, reachable = 0, exposures = 0;
  };
  struct Assumption {
    std::string id, statement, status, evidence;
    std::vector<std::string> elements;
  };
  struct Path {
    std::string asset, origin, target, weakness;
    int64_t cost = 0;
    std::vector<std::string> components, explanation;
  };
  struct Risk {
    std::string synthetic_id, severity, status, title;
  };
  std::string title;
  std::vector<Component> components;
  std::vector<std::string> boundaries;
  std::vector<Asset> assets;
  std::vector<Assumption> assumptions;
  std::vector<Path> paths;
  std::vector<std::string> exposures;
  std::vector<Risk> risks;
  size_t more_paths = 0;
  /// The assumptions recorded in sessions, sorted; only the server's brief has them.
  bool with_recorded = false;
  std::vector<RecordedAssumption> recorded;
};

// Unvalidated (the testers' work) first, then refuted, then confirmed; an unknown status counts
// as unvalidated.
int StatusRank(std::string_view status) {
  if (status == "refuted") return 1;
  if (status == "confirmed") return 2;
  return 0;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += i;
  }
  return out;
}

Brief Build(const Analysis& a, const BriefOptions& options,
            const std::vector<RecordedAssumption>* recorded) {
  const core::Model& m = a.model;
  Brief b;
  b.title = m.meta.title.empty() ? "Untitled model" : m.meta.title;

  std::map<std::string, std::string> boundary_of;  // component -> innermost boundary title
  for (const auto& tb : m.boundaries) {
    b.boundaries.push_back((tb.title.empty() ? tb.id : tb.title) + " (" +
                           std::string(core::ToString(tb.type)) + ")");
    for (const auto& c : tb.components) boundary_of[c.id] = tb.title.empty() ? tb.id : tb.title;
  }
  std::map<std::string, uint32_t> origins(a.paths.origins.begin(), a.paths.origins.end());
  for (const auto& c : m.components) {
    Brief::Component bc;
    bc.id = c.id;
    bc.title = c.title.empty() ? c.id : c.title;
    bc.type = std::string(core::ToString(c.type));
    bc.technologies = Join(c.technologies, ", ");
    bc.internet = c.internet;
    if (auto it = boundary_of.find(c.id); it != boundary_of.end()) bc.boundary = it->second;
    if (auto it = origins.find(c.id); it != origins.end() && it->second != 0) {
      bc.entry_reasons = graph::DescribeOriginReasons(it->second);
    }
    b.components.push_back(std::move(bc));
  }

  std::map<std::string, const core::DataAsset*> assets;
  for (const auto& d : m.data_assets) assets[d.id] = &d;
  for (const auto& cov : a.paths.assets) {
    Brief::Asset ba;
    ba.id = cov.asset_id;
    if (auto it = assets.find(cov.asset_id); it != assets.end()) {
      ba.title = it->second->title.empty() ? it->second->id : it->second->title;
      ba.confidentiality = std::string(core::ToString(it->second->confidentiality));
      ba.integrity = std::string(core::ToString(it->second->integrity));
    }
    ba.holders = cov.holders;
    ba.reachable = cov.reachable;
    ba.exposures = cov.exposures;
    b.assets.push_back(std::move(ba));
  }

  // Unvalidated first (the testers' work), then refuted (already known to be false), then
  // confirmed; model order within each.
  for (auto status : {core::AssumptionStatus::kUnvalidated, core::AssumptionStatus::kRefuted,
                      core::AssumptionStatus::kConfirmed}) {
    for (const auto& as : m.assumptions) {
      if (as.status != status) continue;
      Brief::Assumption ba;
      ba.id = as.id;
      ba.statement = as.statement.empty() ? as.title : as.statement;
      ba.status = std::string(core::ToString(as.status));
      ba.evidence = as.evidence;
      for (const auto& r : as.elements) ba.elements.push_back(r.id);
      b.assumptions.push_back(std::move(ba));
    }
  }

  for (const auto& p : a.paths.paths) {
    if (b.paths.size() >= options.max_paths) {
      ++b.more_paths;
      continue;
    }
    b.paths.push_back({p.asset_id, p.origin_id, p.target_id, p.weakness_summary, p.cost,
                       p.components, p.explanation});
  }
  for (const auto& e : a.paths.exposures) {
    b.exposures.push_back(e.explanation.empty() ? e.asset_id + " at " + e.component_id
                                                : e.explanation);
  }
  for (const auto& r : a.result.risks) {  // engine order: most severe first
    if (r.severity < options.min_severity || !CountsAsOpen(r.status, false)) continue;
    b.risks.push_back({r.synthetic_id, std::string(core::ToString(r.severity)),
                       std::string(core::ToString(r.status)), r.title});
  }
  if (recorded != nullptr) {
    b.with_recorded = true;
    b.recorded = *recorded;
    std::stable_sort(b.recorded.begin(), b.recorded.end(),
                     [](const RecordedAssumption& x, const RecordedAssumption& y) {
                       int rx = StatusRank(x.status), ry = StatusRank(y.status);
                       return rx != ry ? rx < ry : x.id < y.id;
                     });
  }
  return b;
}

// Markdown table cells: pipes and line breaks would break the table.
std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// #5 "Token replay" (mitigate); the state `none` when it is empty.
std::string LinkText(const RecordedAssumption::Link& l) {
  return "#" + std::to_string(l.id) + " \"" + Cell(l.title) + "\" (" +
         (l.state.empty() ? std::string("none") : Cell(l.state)) + ")";
}

void RecordedItem(std::string& md, const RecordedAssumption& a) {
  md += "- **#" + std::to_string(a.id) + "** (";
  md += a.status == "refuted" ? "**refuted**" : Cell(a.status);
  if (!a.validated_by.empty() || !a.validated_at.empty()) {
    md += " by " + Cell(a.validated_by.empty() ? "unknown" : a.validated_by);
    if (!a.validated_at.empty()) md += ", " + Cell(a.validated_at);
  }
  md += "): " + Cell(a.statement);
  if (!a.evidence.empty()) md += ". Evidence: " + Cell(a.evidence);
  md += "\n  - session " + std::to_string(a.session_id) + " \"" + Cell(a.session_title) +
        "\" on revision " + std::to_string(a.revision) + ", recorded by " + Cell(a.created_by) +
        ", " + Cell(a.created_at) + "\n";
  if (!a.components.empty()) md += "  - components: " + Cell(Join(a.components, ", ")) + "\n";
  auto links = [&](const char* what, const std::vector<RecordedAssumption::Link>& list) {
    if (list.empty()) return;
    md += std::string("  - ") + what + ": ";
    for (size_t i = 0; i < list.size(); ++i) md += (i ? ", " : "") + LinkText(list[i]);
    md += "\n";
  };
  links("threats", a.threats);
  links("mitigations", a.mitigations);
}

void RecordedSection(std::string& md, const Brief& b) {
  md += "\n### Recorded in threat-modeling sessions\n\n";
  if (b.recorded.empty()) {
    md += "No assumption has been recorded in a session of this model.\n";
    return;
  }
  static constexpr const char* kGroups[] = {
      "To validate (unvalidated):",
      "Refuted (the threats and mitigations that relied on them were reopened):", "Confirmed:"};
  bool first = true;
  for (int group = 0; group < 3; ++group) {
    bool any = false;
    for (const auto& a : b.recorded) {
      if (StatusRank(a.status) != group) continue;
      if (!any) md += std::string(first ? "" : "\n") + "**" + kGroups[group] + "**\n\n";
      any = true;
      first = false;
      RecordedItem(md, a);
    }
  }
}

std::string Markdown(const Brief& b, const BriefOptions& options) {
  std::string md = "# Pen-test brief: " + Cell(b.title) + "\n\n";
  md +=
      "What the design's threat model asks a penetration test to look at: the entry points and "
      "the critical data, the assumptions the model relies on (validate them), the weakest "
      "attack paths, and the open risks.\n\n";

  md += "## Scope\n\n| component | type | technologies | trust boundary | entry point |\n";
  md += "|---|---|---|---|---|\n";
  for (const auto& c : b.components) {
    md += "| " + Cell(c.title) + " (`" + Cell(c.id) + "`) | " + c.type + " | " +
          Cell(c.technologies) + " | " + Cell(c.boundary) + " | " +
          (c.entry_reasons.empty() ? "" : Cell(c.entry_reasons)) + " |\n";
  }
  if (!b.boundaries.empty()) {
    md += "\nTrust boundaries: " + Cell(Join(b.boundaries, "; ")) + ".\n";
  }

  md += "\n## Critical data assets\n\n";
  if (b.assets.empty()) {
    md += "No data asset is rated sensitive.\n";
  } else {
    md +=
        "| asset | confidentiality | integrity | holders | reached from an entry point | "
        "exposed at an entry point |\n|---|---|---|--:|--:|--:|\n";
    for (const auto& a : b.assets) {
      md += "| " + Cell(a.title) + " (`" + Cell(a.id) + "`) | " + a.confidentiality + " | " +
            a.integrity + " | " + std::to_string(a.holders) + " | " + std::to_string(a.reachable) +
            " | " + std::to_string(a.exposures) + " |\n";
    }
  }

  md += "\n## Assumptions to validate\n\n";
  if (b.with_recorded) md += "### In the model document\n\n";
  if (b.assumptions.empty()) {
    md += "The model records no assumptions.\n";
  } else {
    for (const auto& a : b.assumptions) {
      md += "- **" + Cell(a.id) + "** (" + a.status + "): " + Cell(a.statement);
      if (!a.elements.empty()) md += " — concerns " + Cell(Join(a.elements, ", "));
      if (!a.evidence.empty()) md += ". Evidence: " + Cell(a.evidence);
      md += "\n";
    }
  }
  if (b.with_recorded) RecordedSection(md, b);

  md += "\n## Weakest attack paths\n\n";
  if (b.paths.empty()) {
    md += "No attack path reaches a sensitive data asset.\n";
  } else {
    int n = 0;
    for (const auto& p : b.paths) {
      md += std::to_string(++n) + ". **" + Cell(p.asset) +
            "**: " + Cell(Join(p.components, " → ")) + " (cost " + std::to_string(p.cost) + ")";
      if (!p.weakness.empty()) md += ": " + Cell(p.weakness);
      md += "\n";
      for (const auto& line : p.explanation) md += "   - " + Cell(line) + "\n";
    }
    if (b.more_paths > 0) {
      md += "\n" + std::to_string(b.more_paths) + " more paths are in attack-paths.json.\n";
    }
  }

  if (!b.exposures.empty()) {
    md += "\n## Sensitive data at entry points\n\n";
    for (const auto& e : b.exposures) md += "- " + Cell(e) + "\n";
  }

  md += "\n## Open risks at or above " + std::string(core::ToString(options.min_severity)) + "\n\n";
  if (b.risks.empty()) {
    md += "None.\n";
  } else {
    md += "| severity | status | risk | synthetic id |\n|---|---|---|---|\n";
    for (const auto& r : b.risks) {
      md += "| " + r.severity + " | " + r.status + " | " + Cell(r.title) + " | `" +
            Cell(r.synthetic_id) + "` |\n";
    }
  }
  return md;
}

Json LinksJson(const std::vector<RecordedAssumption::Link>& list, const char* state) {
  Json out = Json::array();
  for (const auto& l : list) {
    out.push_back({{"id", l.id},
                   {"title", l.title},
                   {state, l.state.empty() ? Json(nullptr) : Json(l.state)}});
  }
  return out;
}

Json RecordedJson(const RecordedAssumption& a) {
  auto or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  return {{"id", a.id},
          {"session_id", a.session_id},
          {"session_title", a.session_title},
          {"revision", a.revision},
          {"statement", a.statement},
          {"status", a.status},
          {"evidence", a.evidence},
          {"validated_by", or_null(a.validated_by)},
          {"validated_at", or_null(a.validated_at)},
          {"created_by", a.created_by},
          {"created_at", a.created_at},
          {"components", a.components},
          {"threats", LinksJson(a.threats, "response")},
          {"mitigations", LinksJson(a.mitigations, "status")}};
}

std::string JsonText(const Brief& b) {
  Json j;
  j["model"] = b.title;
  Json comps = Json::array();
  for (const auto& c : b.components) {
    comps.push_back(
        {{"id", c.id},
         {"title", c.title},
         {"type", c.type},
         {"technologies", c.technologies},
         {"trust_boundary", c.boundary},
         {"internet", c.internet},
         {"entry_point", c.entry_reasons.empty() ? Json(nullptr) : Json(c.entry_reasons)}});
  }
  j["scope"] = {{"components", comps}, {"trust_boundaries", b.boundaries}};
  Json assets = Json::array();
  for (const auto& a : b.assets) {
    assets.push_back({{"id", a.id},
                      {"title", a.title},
                      {"confidentiality", a.confidentiality},
                      {"integrity", a.integrity},
                      {"holders", a.holders},
                      {"reachable", a.reachable},
                      {"exposures", a.exposures}});
  }
  j["critical_assets"] = assets;
  Json assumptions = Json::array();
  for (const auto& a : b.assumptions) {
    assumptions.push_back({{"id", a.id},
                           {"statement", a.statement},
                           {"status", a.status},
                           {"evidence", a.evidence},
                           {"elements", a.elements}});
  }
  j["assumptions"] = assumptions;
  if (b.with_recorded) {
    Json recorded = Json::array();
    for (const auto& a : b.recorded) recorded.push_back(RecordedJson(a));
    j["recorded_assumptions"] = std::move(recorded);
  }
  Json paths = Json::array();
  for (const auto& p : b.paths) {
    paths.push_back({{"asset", p.asset},
                     {"origin", p.origin},
                     {"target", p.target},
                     {"cost", p.cost},
                     {"components", p.components},
                     {"weaknesses", p.weakness},
                     {"explanation", p.explanation}});
  }
  j["attack_paths"] = paths;
  j["more_attack_paths"] = b.more_paths;
  j["exposures"] = b.exposures;
  Json risks = Json::array();
  for (const auto& r : b.risks) {
    risks.push_back({{"synthetic_id", r.synthetic_id},
                     {"severity", r.severity},
                     {"status", r.status},
                     {"title", r.title}});
  }
  j["open_risks"] = risks;
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string PenTestBriefMarkdown(const Analysis& analysis, const BriefOptions& options) {
  return Markdown(Build(analysis, options, nullptr), options);
}

std::string PenTestBriefJson(const Analysis& analysis, const BriefOptions& options) {
  return JsonText(Build(analysis, options, nullptr));
}

std::string PenTestBriefMarkdown(const Analysis& analysis, const BriefOptions& options,
                                 const std::vector<RecordedAssumption>& recorded) {
  return Markdown(Build(analysis, options, &recorded), options);
}

std::string PenTestBriefJson(const Analysis& analysis, const BriefOptions& options,
                             const std::vector<RecordedAssumption>& recorded) {
  return JsonText(Build(analysis, options, &recorded));
}

}  // namespace threatpath::app
