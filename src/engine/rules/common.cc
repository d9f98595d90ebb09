#include "engine/rules/common.h"

#include <algorithm>

#include "engine/severity.h"

namespace threatpath::engine::rules {

Risk NewRisk(const RuleInfo& info, Likelihood likelihood, Impact impact) {
  Risk r;
  r.category = info.id;
  r.likelihood = likelihood;
  r.impact = impact;
  r.severity = CalculateSeverity(likelihood, impact);
  return r;
}

std::string SyntheticId(const RuleInfo& info, std::initializer_list<std::string_view> parts) {
  std::string out = info.id;
  for (std::string_view p : parts) {
    out += '@';
    out += p;
  }
  return out;
}

void SetBreach(Risk& risk, BreachProbability probability, std::vector<std::string> components) {
  std::sort(components.begin(), components.end());
  components.erase(std::unique(components.begin(), components.end()), components.end());
  risk.breach_probability = probability;
  risk.breach_components = std::move(components);
}

std::string Q(std::string_view title) {
  std::string out = "'";
  out += title;
  out += "'";
  return out;
}

bool IsSensitive(const AnalysisContext& ctx, int c) {
  return ctx.HighestConfidentiality(c) >= Confidentiality::kConfidential ||
         ctx.HighestIntegrity(c) >= Criticality::kCritical ||
         ctx.HighestAvailability(c) >= Criticality::kCritical;
}

bool IsVerySensitive(const AnalysisContext& ctx, int c) {
  return ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
         ctx.HighestIntegrity(c) == Criticality::kMissionCritical ||
         ctx.HighestAvailability(c) == Criticality::kMissionCritical;
}

bool HasTopConfidentialityOrIntegrity(const AnalysisContext& ctx, int c) {
  return ctx.HighestConfidentiality(c) == Confidentiality::kStrictlyConfidential ||
         ctx.HighestIntegrity(c) == Criticality::kMissionCritical;
}

Likelihood LikelihoodByUsage(const core::Flow& flow) {
  return flow.usage == Usage::kDevOps ? Likelihood::kLikely : Likelihood::kVeryLikely;
}

bool IsSensitiveOwn(const core::Component& comp) {
  return comp.confidentiality >= Confidentiality::kConfidential ||
         comp.integrity >= Criticality::kCritical || comp.availability >= Criticality::kCritical;
}

bool IsVerySensitiveOwn(const core::Component& comp) {
  return comp.confidentiality == Confidentiality::kStrictlyConfidential ||
         comp.integrity == Criticality::kMissionCritical ||
         comp.availability == Criticality::kMissionCritical;
}

bool IsWebAccessProtocol(Protocol p) {
  return p == Protocol::kHttp || p == Protocol::kHttps || p == Protocol::kWs ||
         p == Protocol::kWss || p == Protocol::kReverseProxyWebProtocol ||
         p == Protocol::kReverseProxyWebProtocolEncrypted;
}

bool IsDatabaseAccessProtocol(Protocol p, bool lax) {
  bool strict = p == Protocol::kJdbcEncrypted || p == Protocol::kOdbcEncrypted ||
                p == Protocol::kNosqlAccessProtocolEncrypted ||
                p == Protocol::kSqlAccessProtocolEncrypted || p == Protocol::kJdbc ||
                p == Protocol::kOdbc || p == Protocol::kNosqlAccessProtocol ||
                p == Protocol::kSqlAccessProtocol;
  if (strict) return true;
  return lax && (p == Protocol::kHttps || p == Protocol::kHttp || p == Protocol::kBinary ||
                 p == Protocol::kBinaryEncrypted);
}

}  // namespace threatpath::engine::rules
