// missing-hardening: components attractive enough to need explicit hardening.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

constexpr double kRaaLimit = 55;
constexpr double kRaaLimitReduced = 40;

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "missing-hardening",
      .title = "Missing Hardening",
      .stride = Stride::kTampering,
      .cwe = 16,
      .function = RiskFunction::kOperations,
      .asvs = "V14 - Configuration Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "Components with a relative attacker attractiveness of 55 % or more (40 % "
          "for data stores, application servers, identity providers and ERP "
          "systems) need explicit hardening.",
      .impact =
          "Attackers find it easier to break into valuable targets left with default "
          "configuration.",
      .detection_logic =
          "In-scope components with an RAA of at least 55 %, or at least 40 % "
          "for data stores, application servers, identity providers and ERP "
          "systems.",
      .risk_assessment =
          "Low impact, medium for strictly-confidential or mission-critical data; "
          "likely.",
      .false_positives = "Rare.",
      .action = "System hardening",
      .mitigation =
          "Apply hardening guides (CIS benchmarks, vendor guides, OWASP advice, "
          "database security assessment tools and similar).",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
      .tags = {"tomcat"},
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& comp = ctx.component(c);
    if (comp.out_of_scope) continue;
    bool reduced_limit = comp.type == ComponentType::kDatastore ||
                         ctx.IsAny(c, {"application-server", "identity-provider", "erp"});
    if (ctx.raa(c) < kRaaLimit && !(ctx.raa(c) >= kRaaLimitReduced && reduced_limit)) continue;
    bool high = ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
                ctx.HighestIntegrity(c) == Criticality::kMissionCritical;
    Risk r = NewRisk(Info(), Likelihood::kLikely, high ? Impact::kMedium : Impact::kLow);
    r.title = "Missing hardening of " + Q(comp.title);
    r.component = comp.id;
    r.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(r, BreachProbability::kImprobable, {comp.id});
    risks.push_back(std::move(r));
  }
  return risks;
}

}  // namespace

const Rule& MissingHardeningRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
