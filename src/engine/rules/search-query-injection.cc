// search-query-injection: search engines queried by in-scope callers.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "search-query-injection",
      .title = "Search-Query Injection",
      .stride = Stride::kTampering,
      .cwe = 74,
      .function = RiskFunction::kDevelopment,
      .asvs = "V5 - Validation, Sanitization and Encoding Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Injection_Prevention_Cheat_Sheet.html",
      .description =
          "A caller queries a search engine or index; if it builds queries from "
          "input, the input can change the query (as known from Solr and similar "
          "engines).",
      .impact =
          "Attackers may read more of the index than allowed and sometimes run code on "
          "the search engine.",
      .detection_logic =
          "Flows from in-scope callers into search engines and search indexes "
          "over HTTP(S) or binary protocols.",
      .risk_assessment =
          "Medium impact; high for strictly-confidential or mission-critical "
          "data, low for at most internal and operational data. Very likely, "
          "likely for DevOps flows.",
      .false_positives = "Queries that contain nothing the caller's users control.",
      .action = "Injection prevention",
      .mitigation =
          "Encode query syntax characters and do not pass raw queries through; for "
          "third-party products check that they do and keep them patched.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    if (!ctx.IsAny(c, {"search-engine", "search-index"})) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || ctx.component(s).out_of_scope) continue;
      const core::Flow& flow = ctx.flow(f);
      if (flow.protocol != Protocol::kHttp && flow.protocol != Protocol::kHttps &&
          flow.protocol != Protocol::kBinary && flow.protocol != Protocol::kBinaryEncrypted) {
        continue;
      }
      const core::Component& engine = ctx.component(c);
      const core::Component& caller = ctx.component(s);
      Impact impact = Impact::kMedium;
      if (ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
          ctx.HighestIntegrity(c) == Criticality::kMissionCritical) {
        impact = Impact::kHigh;
      } else if (ctx.HighestConfidentiality(c) <= Confidentiality::kInternal &&
                 ctx.HighestIntegrity(c) == Criticality::kOperational) {
        impact = Impact::kLow;
      }
      Likelihood likelihood =
          flow.usage == Usage::kDevOps ? Likelihood::kLikely : Likelihood::kVeryLikely;
      Risk r = NewRisk(Info(), likelihood, impact);
      r.title = "Search query injection from " + Q(caller.title) + " into search engine " +
                Q(engine.title) + " over " + Q(flow.title);
      r.component = caller.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {caller.id, engine.id, flow.id});
      SetBreach(r, BreachProbability::kProbable, {engine.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& SearchQueryInjectionRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
