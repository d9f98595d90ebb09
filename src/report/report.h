#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "catalog/catalog.h"
#include "core/model.h"
#include "engine/analyze.h"
#include "graph/attack_paths.h"
#include "graph/stride.h"

namespace threatpath::report {

// The analysis outputs: risks.json, stats.json, technical-assets.json, attack-paths.json,
// report.md, risks.csv, risks.sarif and risks.xlsx. docs/outputs.md describes every file and
// field.
//
// Every writer is a pure function from an analysed model to the bytes of one file: no file is
// written here (the app layer writes outputs atomically), no clock or environment is read, and the
// same input always gives byte-identical output. Writers never fail on odd input (empty models,
// unresolved ids, invalid UTF-8, hostile titles); only the XLSX writer, which needs a temporary
// file, can report an I/O error.

/// Everything the writers read. All references must outlive the call; nothing is copied.
struct AnalysisBundle {
  /// The model that was analysed (after core::DeriveThreagile for a Threagile model). Locations
  /// in the outputs come from its elements' `loc` and its `files` table.
  const core::Model& model;
  /// engine::Analyze's result for `model`; risks are written in its (sorted) order.
  const engine::AnalysisResult& analysis;
  /// graph::FindAttackPaths' report for `model`.
  const graph::AttackPathReport& paths;
  /// graph::StridePrompts' prompts for `model`.
  const std::vector<graph::StridePrompt>& prompts;
  /// The technology catalogue the analysis used.
  const catalog::Catalog& catalog;
};

/// risks.json: a JSON array with one object per risk, in the engine's order, with Threagile's
/// field names and spellings plus `stride`, `cwe`, `explanation` and `location`.
std::string RisksJson(const AnalysisBundle& bundle);

/// stats.json: {"risks": {severity: {status: count}}}, every severity and status present, as
/// Threagile writes it.
std::string StatsJson(const AnalysisBundle& bundle);

/// technical-assets.json: the components keyed by id, in Threagile 0.9.x's shape (Go field names,
/// enumerations as their ordinal numbers), with each component's RAA.
std::string TechnicalAssetsJson(const AnalysisBundle& bundle);

/// attack-paths.json: origins, sensitive assets with their coverage, paths with hops and
/// exposures, from the graph module's report.
std::string AttackPathsJson(const AnalysisBundle& bundle);

/// Diagrams that report.md shows, as file names relative to report.md (the caller writes the
/// files beside it). An empty name means no figure; with no figures at all, report.md has no
/// diagram sections.
struct MarkdownFigures {
  /// The data-flow diagram, or the overview when the diagram is split by trust boundary.
  std::string data_flow;
  /// One diagram per top-level trust boundary when the data-flow diagram is split.
  struct Part {
    std::string title;
    std::string boundary_id;  // empty for the components in no boundary
    std::string file;
    int components = 0;
  };
  std::vector<Part> data_flow_parts;
  /// The data-asset diagram.
  std::string data_asset;
  /// Highlighted diagrams, indexed like bundle.paths.paths; missing entries have none.
  std::vector<std::string> attack_paths;
};

/// report.md: a readable Markdown report (summary, likelihood x impact matrix, data-flow and
/// data-asset diagrams when given, risks by category, attack paths with their diagrams, STRIDE
/// prompts, threats, assumptions, mitigations).
std::string MarkdownReport(const AnalysisBundle& bundle, const MarkdownFigures& figures = {});

/// risks.csv: RFC 4180 (CRLF line ends, quoted where needed), a header row and one row per risk.
std::string RisksCsv(const AnalysisBundle& bundle);

/// risks.sarif: SARIF 2.1.0, one result per risk, located in the model file.
std::string RisksSarif(const AnalysisBundle& bundle);

/// risks.xlsx: one worksheet (named after the model's title, made safe) with the columns of
/// risks.csv, a frozen header row and an autofilter. Deterministic: the document's creation time
/// is fixed. Fails only when the temporary file libxlsxwriter needs cannot be written or read.
base::Result<std::string> RisksXlsx(const AnalysisBundle& bundle);

/// A worksheet name Excel accepts for `title`: the characters []:*?/\ and control characters
/// become '_', leading and trailing apostrophes and spaces are dropped, invalid UTF-8 is
/// replaced, the result is cut to 31 characters, and an empty result (or the reserved "History")
/// becomes "Risks".
std::string SafeSheetName(std::string_view title);

/// One output file and how to produce it.
struct OutputFile {
  std::string name;  // "risks.json", ...
  std::string bytes;
  /// A diagram that report.md shows (written only together with report.md).
  bool figure = false;
};

/// One output file being written piece by piece (see OutputSink).
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  /// Appends bytes. A failure is remembered and reported by Close; later writes do nothing.
  virtual void Write(std::string_view bytes) = 0;
  /// Ends the file: the first write error, or the error of finishing it.
  virtual base::Status Close() = 0;
};

/// Where WriteAll's files go. Writers hand their bytes over in pieces of about a megabyte as
/// they produce them, so no file is ever held whole in memory. Open may be called from two
/// threads at once (risks.xlsx is written on a second thread); each stream is used by one thread.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual base::Result<std::unique_ptr<OutputStream>> Open(const std::string& name,
                                                           bool figure) = 0;
};

/// The eight file names in WriteAll's order.
const std::vector<std::string>& OutputNames();

/// What WriteAll produces besides the eight files.
struct WriteOptions {
  /// The files to write, by name (OutputNames()); empty writes all eight. Files that are not
  /// wanted are not rendered at all.
  std::vector<std::string> only;
  /// Render the diagrams report.md shows as SVG files beside it (see ReportDiagrams).
  bool diagrams = false;
  /// Attack-path diagrams are drawn for the first this many paths of bundle.paths.paths (the
  /// weakest, as report.md and attack-paths.json list them).
  int max_attack_path_diagrams = 10;
  /// diagram::DfdOptions::collapse_threshold: above it the data-flow diagram is split by
  /// top-level trust boundary and the attack-path diagrams are drawn collapsed. 0 never splits.
  int collapse_threshold = 300;
};

/// The diagrams of report.md, rendered to SVG with diagram::Render, and report.md's references
/// to them. Files, in this order: data-flow-diagram.svg (the overview when split), one
/// data-flow-boundary-<slug>.svg per top-level trust boundary (and
/// data-flow-outside-boundaries.svg) when the model exceeds the collapse threshold (top-level
/// parts only, each collapsed like diagram::SplitDataFlowDot's parts, so a big model adds a
/// bounded number of files),
/// data-asset-diagram.svg, attack-path-<n>.svg for n = 1 .. min(paths, max). The data-flow and
/// attack-path diagrams carry risk badges and RAA colours. Fails only when Graphviz does.
struct ReportDiagrams {
  std::vector<OutputFile> files;  // every one with figure = true
  MarkdownFigures figures;
};
base::Result<ReportDiagrams> RenderReportDiagrams(const AnalysisBundle& bundle,
                                                  const WriteOptions& options);

/// Every wanted output in a fixed order (the order of the list at the top of this file),
/// followed by the diagram files when options.diagrams is set and report.md is wanted (report.md
/// then shows them). Each file goes to `sink` as it is rendered; the first error stops the run.
base::Status WriteAll(const AnalysisBundle& bundle, const WriteOptions& options, OutputSink& sink);

/// The same, collected in memory (for tests and small models), in the same order.
base::Result<std::vector<OutputFile>> WriteAll(const AnalysisBundle& bundle,
                                               const WriteOptions& options = {});

}  // namespace threatpath::report
