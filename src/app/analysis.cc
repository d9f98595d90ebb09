#include "app/analysis.h"

#include <chrono>
#include <future>

#include "core/derive.h"

namespace threatpath::app {

namespace {
double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}
}  // namespace

std::unique_ptr<Analysis> Analyze(LoadedModel loaded, const catalog::Catalog& catalog,
                                  const AnalysisOptions& options) {
  auto a = std::make_unique<Analysis>();
  a->model = std::move(loaded.model);
  a->format = loaded.format;
  a->catalog = &catalog;
  core::DeriveThreagile(a->model);

  // The attack paths and prompts read only the model, so they are found on a second thread
  // while the rules run; each phase's time is its own.
  std::future<void> paths = std::async(std::launch::async, [&a, &options] {
    auto start = std::chrono::steady_clock::now();
    a->graph = std::make_unique<graph::FlowGraph>(a->model);
    a->paths = graph::FindAttackPaths(*a->graph, options.paths);
    if (options.with_prompts) a->prompts = graph::StridePrompts(*a->graph, options.prompts);
    a->paths_ms = MsSince(start);
  });
  auto start = std::chrono::steady_clock::now();
  a->result = engine::Analyze(a->model, catalog, options.rules);
  a->rules_ms = MsSince(start);
  paths.get();
  return a;
}

bool CountsAsOpen(core::RiskStatus status, bool include_accepted) {
  switch (status) {
    case core::RiskStatus::kUnchecked:
    case core::RiskStatus::kInDiscussion:
    case core::RiskStatus::kInProgress:
      return true;
    case core::RiskStatus::kAccepted:
      return include_accepted;
    case core::RiskStatus::kMitigated:
    case core::RiskStatus::kFalsePositive:
      return false;
  }
  return true;
}

}  // namespace threatpath::app
