#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "report/report.h"

namespace threatpath::report {

// report.html: one self-contained, accessible HTML page (inline CSS, inline SVG and a small plain
// script; nothing is fetched from the network) with the summary, a likelihood x impact heat map,
// the data-flow diagram, data assets, components by RAA, a sortable and filterable risk table,
// attack paths with their diagrams, assumptions, mitigations and STRIDE prompts.
//
// Like the other writers it is a pure function: no clock, no environment, byte-identical output
// for the same input. All text from the model is HTML-escaped (Threagile's <b> markup shows as
// text); invalid UTF-8 is replaced.

/// Diagrams rendered by the caller (diagram::Render with Format::kSvg). Anything before "<svg"
/// (XML prolog, DOCTYPE, comments) is dropped and the SVG's ids are prefixed ("dfd-",
/// "path-<n>-") so that several diagrams can share one page. A string without "<svg" is ignored.
struct HtmlOptions {
  /// The data-flow diagram (diagram::DataFlowDot); empty: the section says there is none.
  std::string data_flow_svg;
  /// One diagram per attack path (diagram::AttackPathDot), indexed like bundle.paths.paths;
  /// missing or empty entries are left out.
  std::vector<std::string> attack_path_svgs;
};

/// report.html for `bundle` with the given diagrams.
std::string HtmlReport(const AnalysisBundle& bundle, const HtmlOptions& options = {});

/// report.html with the diagrams rendered here: the data-flow diagram with risk badges and RAA
/// colours, and one highlighted diagram per attack path. Fails only when Graphviz does.
base::Result<std::string> HtmlReportWithDiagrams(const AnalysisBundle& bundle);

}  // namespace threatpath::report
