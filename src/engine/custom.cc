#include "engine/custom.h"

#include <algorithm>

namespace threatpath::engine {

RuleInfo CustomCategoryInfo(const core::RiskCategory& category) {
  RuleInfo info;
  info.id = category.id;
  info.title = category.title;
  info.stride = category.stride;
  info.cwe = category.cwe;
  info.function = category.function;
  info.asvs = category.asvs;
  info.cheat_sheet = category.cheat_sheet;
  info.description = category.description;
  info.impact = category.impact;
  info.detection_logic = category.detection_logic;
  info.risk_assessment = category.risk_assessment;
  info.false_positives = category.false_positives;
  info.action = category.action;
  info.mitigation = category.mitigation;
  info.check = category.check;
  info.model_failure_possible_reason = category.model_failure_possible_reason;
  return info;
}

std::vector<Risk> CustomRisks(const core::Model& model) {
  std::vector<Risk> risks;
  for (const core::RiskCategory& category : model.risk_categories) {
    for (const core::IdentifiedRisk& identified : category.risks) {
      Risk r;
      r.category = category.id;
      r.severity = identified.severity;
      r.likelihood = identified.likelihood;
      r.impact = identified.impact;
      r.title = identified.title;
      r.data_asset = identified.most_relevant_data_asset.id;
      r.component = identified.most_relevant_component.id;
      r.flow = identified.most_relevant_flow.id;
      r.boundary = identified.most_relevant_boundary.id;
      r.shared_runtime = identified.most_relevant_shared_runtime.id;
      r.breach_probability = identified.breach_probability;
      for (const core::Ref& ref : identified.breach_components) {
        r.breach_components.push_back(ref.id);
      }
      std::sort(r.breach_components.begin(), r.breach_components.end());
      r.breach_components.erase(std::unique(r.breach_components.begin(), r.breach_components.end()),
                                r.breach_components.end());
      r.synthetic_id = category.id;
      for (const std::string* part :
           {&r.component, &r.flow, &r.boundary, &r.shared_runtime, &r.data_asset}) {
        if (!part->empty()) r.synthetic_id += "@" + *part;
      }
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace threatpath::engine
