#pragma once

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

/// report.md: a readable Markdown report (summary, likelihood x impact matrix, risks by
/// category, attack paths, STRIDE prompts, threats, assumptions, mitigations).
std::string MarkdownReport(const AnalysisBundle& bundle);

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
};

/// Every output in a fixed order (the order of the list at the top of this file).
base::Result<std::vector<OutputFile>> WriteAll(const AnalysisBundle& bundle);

}  // namespace threatpath::report
