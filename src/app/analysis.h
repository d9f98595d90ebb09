#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/load.h"
#include "engine/analyze.h"
#include "graph/attack_paths.h"
#include "graph/flow_graph.h"
#include "graph/stride.h"

namespace threatpath::app {

struct AnalysisOptions {
  engine::AnalyzeOptions rules;
  graph::AttackPathOptions paths;
  graph::StrideOptions prompts;
  /// Whether to find the STRIDE review prompts. Only report.md, report.html and the server show
  /// them; `check`, `diff`, `brief` and `diagram` leave them out (about a tenth of the CPU of
  /// analysing a large model).
  bool with_prompts = true;
};

/// The options of a run that needs no STRIDE review prompts.
inline AnalysisOptions WithoutPrompts() {
  AnalysisOptions options;
  options.with_prompts = false;
  return options;
}

/// Everything `analyze`, `check` and `diff` need about one model: the model as analysed (after
/// Threagile's load-time derivations), the engine's risks and RAA, the attack paths and the
/// STRIDE review prompts. Heap-allocated and immovable, because the flow graph refers to the
/// model.
struct Analysis {
  core::Model model;
  formats::ModelFormat format = formats::ModelFormat::kNative;
  const catalog::Catalog* catalog = nullptr;
  engine::AnalysisResult result;
  std::unique_ptr<graph::FlowGraph> graph;
  graph::AttackPathReport paths;
  std::vector<graph::StridePrompt> prompts;
  /// Milliseconds spent per phase (for progress output and benchmarks).
  double rules_ms = 0, paths_ms = 0;

  Analysis() = default;
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;
};

/// Analyses a loaded model: applies core::DeriveThreagile (for every model, so a model and its
/// conversion give the same risks), runs the rules, finds attack paths and prompts. Never fails
/// on a model that passed validation.
std::unique_ptr<Analysis> Analyze(LoadedModel loaded, const catalog::Catalog& catalog,
                                  const AnalysisOptions& options = {});

/// True when a risk counts against a CI gate: its status is unchecked, in discussion or in
/// progress — or accepted, when `include_accepted` is set.
bool CountsAsOpen(core::RiskStatus status, bool include_accepted);

}  // namespace threatpath::app
