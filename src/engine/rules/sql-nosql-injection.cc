// sql-nosql-injection: database access protocols used by in-scope callers.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "sql-nosql-injection",
      .title = "SQL/NoSQL-Injection",
      .stride = Stride::kTampering,
      .cwe = 89,
      .function = RiskFunction::kDevelopment,
      .asvs = "V5 - Validation, Sanitization and Encoding Verification Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/"
          "SQL_Injection_Prevention_Cheat_Sheet.html",
      .description =
          "A caller queries a database; if it builds queries from input, the input "
          "can change the query.",
      .impact =
          "Attackers may read and change data through altered queries and sometimes run "
          "code on the database host.",
      .detection_logic =
          "Flows from in-scope callers over database protocols (JDBC, ODBC, SQL "
          "and NoSQL access, encrypted or not), and over HTTP(S) or binary "
          "protocols when the target is a database or identity database.",
      .risk_assessment =
          "Medium impact, high when the database holds strictly-confidential or "
          "mission-critical data; very likely, likely for DevOps flows.",
      .false_positives = "Queries that contain nothing the caller's users control.",
      .action = "Injection prevention",
      .mitigation =
          "Bind parameters instead of building query text; for third-party products "
          "check that they do and keep them patched.",
      .check = "Are the measures of the linked cheat sheet and ASVS chapter applied?",
      .model_failure_possible_reason = false,
  };
  return info;
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    bool database = ctx.IsAny(c, {"database", "identity-store-database"});
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone || ctx.component(s).out_of_scope) continue;
      const core::Flow& flow = ctx.flow(f);
      if (!(IsDatabaseAccessProtocol(flow.protocol, true) && database) &&
          !IsDatabaseAccessProtocol(flow.protocol, false)) {
        continue;
      }
      const core::Component& db = ctx.component(c);
      const core::Component& caller = ctx.component(s);
      bool high = ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
                  ctx.HighestIntegrity(c) == Criticality::kMissionCritical;
      Likelihood likelihood =
          flow.usage == Usage::kDevOps ? Likelihood::kLikely : Likelihood::kVeryLikely;
      Risk r = NewRisk(Info(), likelihood, high ? Impact::kHigh : Impact::kMedium);
      r.title = "SQL/NoSQL injection from " + Q(caller.title) + " into database " + Q(db.title) +
                " over " + Q(flow.title);
      r.component = caller.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {caller.id, db.id, flow.id});
      SetBreach(r, BreachProbability::kProbable, {db.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& SqlNosqlInjectionRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
