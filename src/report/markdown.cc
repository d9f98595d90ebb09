// report.md.

#include <array>
#include <charconv>
#include <unordered_map>

#include "report/report.h"
#include "report/view.h"

namespace threatpath::report {
namespace {

using internal::ReportView;
using internal::RiskView;

// Text from the model, made inert: Markdown punctuation is backslash-escaped (so a title cannot
// open a link, emphasis or raw HTML) and line breaks become spaces.
void AppendMd(std::string& out, std::string_view s) {
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
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
        out.append(s.data() + run, i - run);
        out += '\\';
        out += c;
        run = i + 1;
        break;
      case '\n':
      case '\r':
      case '\t':
        out.append(s.data() + run, i - run);
        out += ' ';
        run = i + 1;
        break;
      default:
        break;
    }
  }
  out.append(s.data() + run, s.size() - run);
}

std::string Md(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendMd(out, s);
  return out;
}

// An id in code font; backticks inside are replaced so that the span cannot end early.
void AppendCode(std::string& out, std::string_view id) {
  if (id.empty()) return;
  out += '`';
  size_t start = out.size();
  out += id;
  for (size_t i = start; i < out.size(); ++i) {
    if (out[i] == '`' || out[i] == '\n' || out[i] == '\r') out[i] = '\'';
  }
  out += '`';
}

std::string Code(std::string_view id) {
  std::string out;
  AppendCode(out, id);
  return out;
}

template <typename E>
std::string Name(E v) {
  return std::string(core::ToString(v));
}

// "denial-of-service" -> "Denial of service".
void AppendCapitalized(std::string& out, std::string_view s) {
  size_t start = out.size();
  out += s;
  if (start < out.size() && out[start] >= 'a' && out[start] <= 'z') {
    out[start] = static_cast<char>(out[start] - 'a' + 'A');
  }
  for (size_t i = start; i < out.size(); ++i) {
    if (out[i] == '-') out[i] = ' ';
  }
}

std::string Location(const base::SourceLocation& loc) {
  return loc.known() ? " (" + Code(loc.ToString()) + ")" : "";
}

// " (`file:line:column`)" as Location writes it, for a resolved position.
void AppendLocation(std::string& out, const internal::Position& loc) {
  if (!loc.known()) return;
  char buf[32];
  std::string_view file = loc.file_name();
  out += " (`";
  size_t start = out.size();
  out += file.empty() ? std::string_view("<input>") : file;
  for (size_t i = start; i < out.size(); ++i) {
    if (out[i] == '`' || out[i] == '\n' || out[i] == '\r') out[i] = '\'';
  }
  out += ':';
  out.append(buf, std::to_chars(buf, buf + sizeof(buf), loc.line).ptr);
  if (loc.column != 0) {
    out += ':';
    out.append(buf, std::to_chars(buf, buf + sizeof(buf), loc.column).ptr);
  }
  out += "`)";
}

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof(buf), v).ptr);
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
  for (int s = 0; s < kStatuses; ++s) {
    out += ' ';
    out += core::ToString(static_cast<core::RiskStatus>(s));
    out += " |";
  }
  out += " total |\n|---|";
  for (int s = 0; s <= kStatuses; ++s) out += "--:|";
  out += "\n";
  for (int sev = 4; sev >= 0; --sev) {
    out += "| " + Name(static_cast<core::RiskSeverity>(sev)) + " |";
    int total = 0;
    for (int s = 0; s < kStatuses; ++s) {
      out += ' ';
      AppendInt(out, counts[sev][s]);
      out += " |";
      total += counts[sev][s];
    }
    out += ' ';
    AppendInt(out, total);
    out += " |\n";
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
  for (int i = 0; i < 4; ++i) {
    out += ' ';
    out += core::ToString(static_cast<core::Impact>(i));
    out += " |";
  }
  out += "\n|---|--:|--:|--:|--:|\n";
  for (int l = 3; l >= 0; --l) {
    out += "| " + Name(static_cast<core::Likelihood>(l)) + " |";
    for (int i = 0; i < 4; ++i) {
      out += ' ';
      AppendInt(out, all[l][i]);
      out += " (";
      AppendInt(out, open[l][i]);
      out += ") |";
    }
    out += "\n";
  }
  out += "\n";
}

void Risks(internal::Chunked& chunked, const ReportView& view) {
  std::string& out = chunked.text;
  out += "## Risks by category\n\n";
  if (view.risks().empty()) {
    out += "No risks.\n\n";
    return;
  }
  // Categories in the order of their first (most severe) risk.
  std::vector<std::vector<const RiskView*>> by_category(view.categories().size());
  for (const RiskView& r : view.risks()) by_category[r.category].push_back(&r);
  for (size_t c = 0; c < by_category.size(); ++c) {
    const auto& list = by_category[c];
    std::string_view category = view.categories()[c].id;
    const engine::RuleInfo& info = *view.categories()[c].info;
    out += "### ";
    AppendMd(out, info.title.empty() ? category : std::string_view(info.title));
    out += "\n\n";
    AppendCode(out, category);
    out += " · STRIDE: ";
    out += core::ToString(info.stride);
    if (info.cwe > 0) {
      out += " · CWE-";
      AppendInt(out, info.cwe);
    }
    out += " · ";
    AppendInt(out, static_cast<int64_t>(list.size()));
    out += list.size() == 1 ? " risk" : " risks";
    out += "\n\n";
    auto paragraph = [&](std::string_view label, const std::string& text) {
      if (text.empty()) return;
      out += label;
      AppendMd(out, text);
      out += "\n\n";
    };
    paragraph("", info.description);
    paragraph("**Impact:** ", info.impact);
    paragraph("**Mitigation:** ", info.mitigation);
    paragraph("**Check:** ", info.check);
    for (const RiskView* r : list) {
      const engine::Risk& risk = *r->risk;
      out += "- **";
      out += core::ToString(risk.severity);
      out += "** (";
      out += core::ToString(risk.likelihood);
      out += ", ";
      out += core::ToString(risk.impact);
      out += " impact), ";
      out += core::ToString(risk.status);
      out += ": ";
      AppendMd(out, risk.title);
      AppendLocation(out, r->location);
      out += "  \n  ";
      AppendCode(out, risk.synthetic_id);
      out += '\n';
      chunked.Boundary();
    }
    out += '\n';
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

// A link destination. File names come from the diagram writers (slugs, digits and dashes), but
// any character that would end the destination is percent-encoded anyway.
void AppendDestination(std::string& out, std::string_view file) {
  for (char c : file) {
    if (c == '(' || c == ')' || c == ' ' || c == '<' || c == '>' || c == '\\' ||
        static_cast<unsigned char>(c) < 0x20) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      out += c;
    }
  }
}

// A Markdown image: ![alt](file).
void AppendImage(std::string& out, std::string_view alt, std::string_view file) {
  out += "![";
  AppendMd(out, alt);
  out += "](";
  AppendDestination(out, file);
  out += ')';
}

void Diagrams(std::string& out, const MarkdownFigures& figures) {
  if (!figures.data_flow.empty()) {
    out += "## Data-flow diagram\n\n";
    if (!figures.data_flow_parts.empty()) {
      out +=
          "The model is large, so the diagram shows each top-level trust boundary as one node; "
          "each boundary has its own diagram below (its nested boundaries collapsed in turn when "
          "it is large too), with the components it exchanges data with elsewhere as dashed "
          "stubs.\n\n";
      AppendImage(out, "Data-flow diagram: overview", figures.data_flow);
      out += "\n\n";
      for (const MarkdownFigures::Part& p : figures.data_flow_parts) {
        out += "- [";
        AppendMd(out, p.title);
        out += "](";
        AppendDestination(out, p.file);
        out += ')';
        if (!p.boundary_id.empty()) {
          out += ' ';
          AppendCode(out, p.boundary_id);
        }
        out += ": ";
        AppendInt(out, p.components);
        out += p.components == 1 ? " component\n" : " components\n";
      }
      out += "\n";
    } else {
      AppendImage(out, "Data-flow diagram", figures.data_flow);
      out += "\n\n";
    }
  }
  if (!figures.data_asset.empty()) {
    out += "## Data-asset diagram\n\n";
    AppendImage(out, "Data-asset diagram", figures.data_asset);
    out += "\n\n";
  }
}

void AttackPaths(internal::Chunked& chunked, const ReportView& view,
                 const MarkdownFigures& figures) {
  std::string& out = chunked.text;
  const graph::AttackPathReport& report = view.bundle().paths;
  out += "## Attack paths\n\n";
  if (report.assets.empty()) {
    out += "No sensitive data assets.\n\n";
    return;
  }
  if (!figures.attack_paths.empty()) {
    out +=
        "The figures draw each route on the data-flow diagram: its flows bold and red, its "
        "components outlined in red, the origin filled red and the target purple.\n\n";
  }
  if (!report.origins.empty()) {
    out += "Attackers start at:\n\n";
    for (const auto& [id, reasons] : report.origins) {
      out += "- ";
      AppendMd(out, view.Name(id, 'c'));
      out += ' ';
      AppendCode(out, id);
      out += ": ";
      AppendMd(out, graph::DescribeOriginReasons(reasons));
      out += '\n';
    }
    out += "\n";
  }
  // Indices into report.paths, per asset.
  std::unordered_map<std::string_view, std::vector<size_t>> paths;
  for (size_t i = 0; i < report.paths.size(); ++i) paths[report.paths[i].asset_id].push_back(i);
  std::unordered_map<std::string_view, std::vector<const graph::Exposure*>> exposures;
  for (const graph::Exposure& e : report.exposures) exposures[e.asset_id].push_back(&e);
  static const std::vector<size_t> kNoPaths;
  static const std::vector<const graph::Exposure*> kNoExposures;
  for (const graph::AssetCoverage& a : report.assets) {
    out += "### ";
    AppendMd(out, view.Name(a.asset_id, 'd'));
    out += "\n\n";
    AppendCode(out, a.asset_id);
    out += ": ";
    AppendInt(out, a.reachable);
    out += " of ";
    AppendInt(out, a.holders);
    out += " holders reachable from an origin, ";
    AppendInt(out, a.exposures);
    out += " exposed.\n\n";
    auto e = exposures.find(a.asset_id);
    const auto& asset_exposures = e == exposures.end() ? kNoExposures : e->second;
    for (const graph::Exposure* x : asset_exposures) {
      out += "- Exposed: ";
      AppendMd(out, x->explanation);
      out += '\n';
    }
    if (!asset_exposures.empty()) out += "\n";
    auto p = paths.find(a.asset_id);
    const auto& asset_paths = p == paths.end() ? kNoPaths : p->second;
    for (size_t index : asset_paths) {
      const graph::AttackPath* path = &report.paths[index];
      out += "- Cost ";
      AppendInt(out, path->cost);
      out += ": ";
      AppendMd(out, view.Name(path->origin_id, 'c'));
      out += " → ";
      AppendMd(out, view.Name(path->target_id, 'c'));
      out += " (";
      AppendMd(out, path->weakness_summary);
      out += ")\n";
      for (const std::string& line : path->explanation) {
        out += "  - ";
        AppendMd(out, line);
        out += '\n';
      }
      if (index < figures.attack_paths.size() && !figures.attack_paths[index].empty()) {
        // A blank line and the item's indentation: the image is a paragraph of this item.
        out += "\n  ";
        std::string alt = "Attack path " + std::to_string(index + 1) + ": ";
        alt += view.Name(path->origin_id, 'c');
        alt += " → ";
        alt += view.Name(path->target_id, 'c');
        AppendImage(out, alt, figures.attack_paths[index]);
        out += '\n';
      }
    }
    if (!asset_paths.empty()) out += "\n";
    chunked.Boundary();
  }
}

void Prompts(internal::Chunked& chunked, const ReportView& view) {
  std::string& out = chunked.text;
  const auto& prompts = view.bundle().prompts;
  out += "## STRIDE review prompts\n\n";
  if (prompts.empty()) {
    out += "No prompts.\n\n";
    return;
  }
  out += "Questions for a threat-modeling session, per element (not findings).\n\n";
  const std::string* current = nullptr;
  for (const graph::StridePrompt& p : prompts) {
    if (current == nullptr || p.element_id != *current) {
      if (current != nullptr) out += "\n";
      out += "### ";
      AppendCapitalized(out, graph::ElementKindName(p.kind));
      out += ' ';
      AppendMd(out, view.Name(p.element_id));
      out += "\n\n";
      current = &p.element_id;
    }
    out += "- **";
    AppendCapitalized(out, core::ToString(p.category));
    out += ":** ";
    AppendMd(out, p.question);
    out += '\n';
    chunked.Boundary();
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

namespace internal {

void MarkdownReport(const ReportView& view, const MarkdownFigures& figures, OutputStream& stream) {
  const AnalysisBundle& bundle = view.bundle();
  Chunked chunked(stream);
  std::string& out = chunked.text;
  Metadata(out, bundle.model);
  Summary(out, view);
  Matrix(out, view);
  Diagrams(out, figures);
  Risks(chunked, view);
  AttackPaths(chunked, view, figures);
  Prompts(chunked, view);
  Threats(out, bundle.model);
  Assumptions(out, bundle.model);
  Mitigations(out, bundle.model);
  // Exactly one newline at the end. The last three sections always write something and never
  // hand the buffer over, so the end of the file is still in it.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  chunked.Finish();
}

}  // namespace internal

std::string MarkdownReport(const AnalysisBundle& bundle, const MarkdownFigures& figures) {
  internal::ReportView view(bundle);
  return internal::ToString([&](OutputStream& s) { internal::MarkdownReport(view, figures, s); });
}

}  // namespace threatpath::report
