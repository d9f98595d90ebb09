#include "engine/analyze.h"

#include <algorithm>
#include <tuple>

#include "engine/context.h"
#include "engine/custom.h"
#include "engine/rule.h"

namespace threatpath::engine {

AnalysisResult Analyze(const core::Model& model, const catalog::Catalog& catalog,
                       const AnalyzeOptions& options) {
  AnalysisResult result;
  AnalysisContext ctx(model, catalog);
  for (const std::string& id : options.skip_rules) {
    if (FindRule(id) == nullptr) result.unknown_skipped_rules.push_back(id);
  }
  for (const Rule* rule : BuiltinRules()) {
    const std::string& id = rule->Info().id;
    if (std::find(options.skip_rules.begin(), options.skip_rules.end(), id) !=
        options.skip_rules.end()) {
      continue;
    }
    std::vector<Risk> risks = rule->Generate(ctx);
    result.risks.insert(result.risks.end(), std::make_move_iterator(risks.begin()),
                        std::make_move_iterator(risks.end()));
  }
  std::vector<Risk> custom = CustomRisks(model);
  result.risks.insert(result.risks.end(), std::make_move_iterator(custom.begin()),
                      std::make_move_iterator(custom.end()));
  for (const core::RiskCategory& category : model.risk_categories) {
    result.custom_categories.push_back(CustomCategoryInfo(category));
  }
  result.orphaned_tracking = ApplyRiskTracking(model.risk_tracking, result.risks);
  SortRisks(result.risks);
  result.raa = ctx.raa();
  return result;
}

void SortRisks(std::vector<Risk>& risks) {
  // Sort positions rather than the (large) risks themselves, then move each risk once.
  std::vector<size_t> order(risks.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto key = [](const Risk& r) {
    return std::tie(r.category, r.synthetic_id, r.title, r.component, r.flow, r.data_asset,
                    r.boundary, r.shared_runtime);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Risk& a = risks[x];
    const Risk& b = risks[y];
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.impact != b.impact) return a.impact > b.impact;
    if (a.likelihood != b.likelihood) return a.likelihood > b.likelihood;
    return key(a) < key(b);
  });
  std::vector<Risk> sorted;
  sorted.reserve(risks.size());
  for (size_t i : order) sorted.push_back(std::move(risks[i]));
  risks = std::move(sorted);
}

std::array<int, 5> CountBySeverity(const std::vector<Risk>& risks) {
  std::array<int, 5> counts = {};
  for (const Risk& r : risks) ++counts[static_cast<int>(r.severity)];
  return counts;
}

}  // namespace threatpath::engine
