// wrong-communication-link-content: flows whose data or protocol contradicts the model.

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() { return BuiltinRuleInfo("wrong-communication-link-content"); }

Risk Make(const core::Component& comp, const core::Flow& flow, const std::string& reason) {
  Risk r = NewRisk(Info(), Likelihood::kUnlikely, Impact::kLow);
  r.title = "Inconsistent flow " + Q(flow.title) + " of " + Q(comp.title) + ": " + reason;
  r.component = comp.id;
  r.flow = flow.id;
  r.synthetic_id = SyntheticId(Info(), {comp.id, flow.id});
  SetBreach(r, BreachProbability::kImprobable, {});
  return r;
}

std::string FirstTechnology(const core::Component& comp) {
  return comp.technologies.empty() ? "unknown-technology" : comp.technologies.front();
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    for (int f : ctx.outgoing(c)) {
      const core::Flow& flow = ctx.flow(f);
      if (flow.readonly ? flow.data_received.empty() : flow.data_sent.empty()) {
        risks.push_back(Make(
            comp, flow,
            flow.readonly ? "read-only but receives no data" : "not read-only but sends no data"));
      }
      int t = ctx.target(f);
      if (t == AnalysisContext::kNone) continue;
      const core::Component& target = ctx.component(t);
      if (flow.protocol == Protocol::kInProcessLibraryCall && !ctx.Is(t, "library")) {
        risks.push_back(Make(comp, flow,
                             "in-process library call to technology " + FirstTechnology(target) +
                                 " instead of library"));
      }
      if (flow.protocol == Protocol::kLocalFileAccess && !ctx.Is(t, "local-file-system")) {
        risks.push_back(Make(comp, flow,
                             "local file access to technology " + FirstTechnology(target) +
                                 " instead of local-file-system"));
      }
      if (flow.protocol == Protocol::kContainerSpawning &&
          target.machine != core::Machine::kContainer) {
        risks.push_back(Make(comp, flow,
                             "container spawning of a " +
                                 std::string(core::ToString(target.machine)) +
                                 " machine instead of a container"));
      }
    }
  }
  return risks;
}

}  // namespace

const Rule& WrongCommunicationLinkContentRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
