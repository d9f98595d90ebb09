// report.md.

#include <array>
#include <map>

#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

using internal::ReportView;
using internal::RiskView;

// Text from the model, made inert: Markdown punctuation is backslash-escaped (so a title cannot
// open a link, emphasis or raw HTML) and line breaks become spaces.
std::string Md(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '#':
      case '!':
      case '~':
        out += '\\';
        out += c;
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// An id in code font; backticks inside are replaced so that the span cannot end early.
std::string Code(std::string_view id) {
  std::string s(id);
  for (char& c : s) {
    if (c == '`' || c == '\n' || c == '\r') c = '\'';
  }
  if (s.empty()) return "";
  return "`" + s + "`";
}

template <typename E>
std::string Name(E v) {
  return std::string(core::ToString(v));
}

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  for (char& c : s) {
    if (c == '-') c = ' ';
  }
  return s;
}

std::string Location(const base::SourceLocation& loc) {
  return loc.known() ? " (" + Code(loc.ToString()) + ")" : "";
}

void Metadata(std::string& out, const core::Model& m) {
  const core::Metadata& meta = m.meta;
  out += "# Threat model report: " + Md(meta.title.empty() ? "(untitled)" : meta.title) + "\n\n";
  std::vector<std::string> facts;
  if (!meta.author.name.empty()) facts.push_back("Author: " + Md(meta.author.name));
  if (!meta.owner_team.empty()) facts.push_back("Owner team: " + Md(meta.owner_team));
  if (!meta.date.empty()) facts.push_back("Date: " + Md(meta.date));
  facts.push_back("Phase: " + Name(meta.phase));
  facts.push_back("Business criticality: " + Name(meta.business_criticality));
  if (!meta.last_reviewed.empty()) facts.push_back("Last reviewed: " + Md(meta.last_reviewed));
  if (!meta.next_review.empty()) facts.push_back("Next review: " + Md(meta.next_review));
  for (const std::string& f : facts) out += "- " + f + "\n";
  out += "\n";
  if (!meta.management_summary_comment.empty()) {
    out += "> " + Md(meta.management_summary_comment) + "\n\n";
  }
}

void Summary(std::string& out, const ReportView& view) {
  const auto& risks = view.bundle().analysis.risks;
  out += "## Summary\n\n";
  int open = 0;
  for (const engine::Risk& r : risks) open += engine::IsStillAtRisk(r.status) ? 1 : 0;
  out += std::to_string(risks.size()) + " risks, " + std::to_string(open) +
         " still at risk (unchecked, in discussion, accepted or in progress).\n\n";

  constexpr int kStatuses = 6;
  std::array<std::array<int, kStatuses>, 5> counts = {};
  for (const engine::Risk& r : risks) {
    ++counts[static_cast<int>(r.severity)][static_cast<int>(r.status)];
  }
  out += "| severity |";
  for (int s = 0; s < kStatuses; ++s) out += " " + Name(static_cast<core::RiskStatus>(s)) + " |";
  out += " total |\n|---|";
  for (int s = 0; s <= kStatuses; ++s) out += "--:|";
  out += "\n";
  for (int sev = 4; sev >= 0; --sev) {
    out += "| " + Name(static_cast<core::RiskSeverity>(sev)) + " |";
    int total = 0;
    for (int s = 0; s < kStatuses; ++s) {
      out += " " + std::to_string(counts[sev][s]) + " |";
      total += counts[sev][s];
    }
    out += " " + std::to_string(total) + " |\n";
  }
  out += "\n";
  if (view.bundle().paths.truncated) {
    out += "The attack-path search hit a work bound: alternative routes are incomplete.\n\n";
  }
}

void Matrix(std::string& out, const ReportView& view) {
  out += "## Likelihood × impact\n\n";
  out +=
      "Risks by exploitation likelihood (rows) and impact (columns); in parentheses, those "
      "still at risk.\n\n";
  std::array<std::array<int, 4>, 4> all = {};
  std::array<std::array<int, 4>, 4> open = {};
  for (const engine::Risk& r : view.bundle().analysis.risks) {
    ++all[static_cast<int>(r.likelihood)][static_cast<int>(r.impact)];
    if (engine::IsStillAtRisk(r.status)) {
      ++open[static_cast<int>(r.likelihood)][static_cast<int>(r.impact)];
    }
  }
  out += "| likelihood ↓ impact → |";
  for (int i = 0; i < 4; ++i) out += " " + Name(static_cast<core::Impact>(i)) + " |";
  out += "\n|---|--:|--:|--:|--:|\n";
  for (int l = 3; l >= 0; --l) {
    out += "| " + Name(static_cast<core::Likelihood>(l)) + " |";
    for (int i = 0; i < 4; ++i) {
      out += " " + std::to_string(all[l][i]) + " (" + std::to_string(open[l][i]) + ") |";
    }
    out += "\n";
  }
  out += "\n";
}

void Risks(std::string& out, const ReportView& view) {
  out += "## Risks by category\n\n";
  if (view.risks().empty()) {
    out += "No risks.\n\n";
    return;
  }
  // Categories in the order of their first (most severe) risk.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const RiskView*>> by_category;
  for (const RiskView& r : view.risks()) {
    auto& list = by_category[r.risk->category];
    if (list.empty()) order.push_back(r.risk->category);
    list.push_back(&r);
  }
  for (const std::string& category : order) {
    const auto& list = by_category[category];
    const engine::RuleInfo& info = *list.front()->info;
    out += "### " + Md(info.title.empty() ? category : info.title) + "\n\n";
    std::string facts = Code(category) + " · STRIDE: " + Name(info.stride);
    if (info.cwe > 0) facts += " · CWE-" + std::to_string(info.cwe);
    facts += " · " + std::to_string(list.size()) + (list.size() == 1 ? " risk" : " risks");
    out += facts + "\n\n";
    if (!info.description.empty()) out += Md(info.description) + "\n\n";
    if (!info.impact.empty()) out += "**Impact:** " + Md(info.impact) + "\n\n";
    if (!info.mitigation.empty()) out += "**Mitigation:** " + Md(info.mitigation) + "\n\n";
    if (!info.check.empty()) out += "**Check:** " + Md(info.check) + "\n\n";
    for (const RiskView* r : list) {
      const engine::Risk& risk = *r->risk;
      out += "- **" + Name(risk.severity) + "** (" + Name(risk.likelihood) + ", " +
             Name(risk.impact) + " impact), " + Name(risk.status) + ": " + Md(risk.title) +
             Location(r->location) + "  \n  " + Code(risk.synthetic_id) + "\n";
    }
    out += "\n";
  }
  const auto& orphaned = view.bundle().analysis.orphaned_tracking;
  if (!orphaned.empty()) {
    out += "Risk-tracking entries that match no risk:\n\n";
    for (const engine::OrphanedTracking& o : orphaned) {
      out += "- " + Code(o.key) + Location(view.model().Where(o.loc)) + "\n";
    }
    out += "\n";
  }
}

void AttackPaths(std::string& out, const ReportView& view) {
  const graph::AttackPathReport& report = view.bundle().paths;
  out += "## Attack paths\n\n";
  if (report.assets.empty()) {
    out += "No sensitive data assets.\n\n";
    return;
  }
  if (!report.origins.empty()) {
    out += "Attackers start at:\n\n";
    for (const auto& [id, reasons] : report.origins) {
      out += "- " + Md(view.Name(id)) + " " + Code(id) + ": " +
             Md(graph::DescribeOriginReasons(reasons)) + "\n";
    }
    out += "\n";
  }
  std::map<std::string, std::vector<const graph::AttackPath*>> paths;
  for (const graph::AttackPath& p : report.paths) paths[p.asset_id].push_back(&p);
  std::map<std::string, std::vector<const graph::Exposure*>> exposures;
  for (const graph::Exposure& e : report.exposures) exposures[e.asset_id].push_back(&e);
  for (const graph::AssetCoverage& a : report.assets) {
    out += "### " + Md(view.Name(a.asset_id)) + "\n\n";
    out += Code(a.asset_id) + ": " + std::to_string(a.reachable) + " of " +
           std::to_string(a.holders) + " holders reachable from an origin, " +
           std::to_string(a.exposures) + " exposed.\n\n";
    for (const graph::Exposure* e : exposures[a.asset_id]) {
      out += "- Exposed: " + Md(e->explanation) + "\n";
    }
    if (!exposures[a.asset_id].empty()) out += "\n";
    for (const graph::AttackPath* p : paths[a.asset_id]) {
      out += "- Cost " + std::to_string(p->cost) + ": " + Md(view.Name(p->origin_id)) + " → " +
             Md(view.Name(p->target_id)) + " (" + Md(p->weakness_summary) + ")\n";
      for (const std::string& line : p->explanation) out += "  - " + Md(line) + "\n";
    }
    if (!paths[a.asset_id].empty()) out += "\n";
  }
}

void Prompts(std::string& out, const ReportView& view) {
  const auto& prompts = view.bundle().prompts;
  out += "## STRIDE review prompts\n\n";
  if (prompts.empty()) {
    out += "No prompts.\n\n";
    return;
  }
  out += "Questions for a threat-modeling session, per element (not findings).\n\n";
  std::string current;
  bool first = true;
  for (const graph::StridePrompt& p : prompts) {
    if (first || p.element_id != current) {
      if (!first) out += "\n";
      out += "### " + Capitalized(std::string(graph::ElementKindName(p.kind))) + " " +
             Md(view.Name(p.element_id)) + "\n\n";
      current = p.element_id;
      first = false;
    }
    out += "- **" + Capitalized(Name(p.category)) + ":** " + Md(p.question) + "\n";
  }
  out += "\n";
}

std::string Ids(const core::Refs& refs) {
  std::string out;
  for (const core::Ref& r : refs) out += (out.empty() ? "" : ", ") + Code(r.id);
  return out;
}

void Threats(std::string& out, const core::Model& m) {
  if (m.threats.empty()) return;
  out += "## Threats\n\n";
  out += "| threat | STRIDE | likelihood | impact | status | response | owner | mitigations |\n";
  out += "|---|---|---|---|---|---|---|---|\n";
  for (const core::Threat& t : m.threats) {
    out += "| " + Md(t.title.empty() ? t.id : t.title) + " " + Code(t.id) + " | " + Name(t.stride) +
           " | " + Name(t.likelihood) + " | " + Name(t.impact_rating) + " | " + Name(t.status) +
           " | " + Name(t.response) + " | " + Md(t.owner) + " | " + Ids(t.mitigations) + " |\n";
  }
  out += "\n";
}

void Assumptions(std::string& out, const core::Model& m) {
  out += "## Assumptions\n\n";
  if (m.assumptions.empty()) {
    out += "No assumptions recorded.\n\n";
    return;
  }
  out += "| assumption | status | evidence | validated by | on | elements |\n";
  out += "|---|---|---|---|---|---|\n";
  for (const core::Assumption& a : m.assumptions) {
    std::string what = Md(a.title.empty() ? a.id : a.title) + " " + Code(a.id);
    if (!a.statement.empty()) what += ": " + Md(a.statement);
    std::string status = Name(a.status);
    if (a.status == core::AssumptionStatus::kRefuted) status = "**" + status + "**";
    out += "| " + what + " | " + status + " | " + Md(a.evidence) + " | " + Md(a.validated_by) +
           " | " + Md(a.validated_on) + " | " + Ids(a.elements) + " |\n";
  }
  out += "\n";
}

void Mitigations(std::string& out, const core::Model& m) {
  out += "## Mitigations\n\n";
  if (m.mitigations.empty()) {
    out += "No mitigations recorded.\n\n";
    return;
  }
  out += "| mitigation | status | owner | ticket | threats |\n";
  out += "|---|---|---|---|---|\n";
  for (const core::Mitigation& x : m.mitigations) {
    std::string what = Md(x.title.empty() ? x.id : x.title) + " " + Code(x.id);
    if (!x.description.empty() && x.description != x.title) what += ": " + Md(x.description);
    out += "| " + what + " | " + Name(x.status) + " | " + Md(x.owner) + " | " + Md(x.ticket) +
           " | " + Ids(x.threats) + " |\n";
  }
  out += "\n";
}

}  // namespace

std::string MarkdownReport(const AnalysisBundle& bundle) {
  ReportView view(bundle);
  std::string out;
  Metadata(out, bundle.model);
  Summary(out, view);
  Matrix(out, view);
  Risks(out, view);
  AttackPaths(out, view);
  Prompts(out, view);
  Threats(out, bundle.model);
  Assumptions(out, bundle.model);
  Mitigations(out, bundle.model);
  // Exactly one newline at the end.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

}  // namespace threatpath::report
