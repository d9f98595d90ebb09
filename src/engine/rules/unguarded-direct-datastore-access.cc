// unguarded-direct-datastore-access: sensitive data stores reached directly across a network
// trust boundary.

#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const RuleInfo& Info() {
  static const RuleInfo info = {
      .id = "unguarded-direct-datastore-access",
      .title = "Unguarded Direct Datastore Access",
      .stride = Stride::kElevationOfPrivilege,
      .cwe = 501,
      .function = RiskFunction::kArchitecture,
      .asvs = "V1 - Architecture, Design and Threat Modeling Requirements",
      .cheat_sheet =
          "https://cheatsheetseries.owasp.org/cheatsheets/Attack_Surface_Analysis_Cheat_Sheet.html",
      .description =
          "A sensitive data store is accessed directly from another network trust "
          "boundary instead of through a service that guards it.",
      .impact =
          "An attacker who controls the caller can attack the data store itself, with no "
          "component in between that filters or limits what it is asked.",
      .detection_logic =
          "In-scope data stores rated at least confidential or critical (own rating) with "
          "incoming flows from another network trust boundary that shares no parent boundary, "
          "except DevOps flows, identity stores called by an identity provider, and file "
          "servers accessed over FTP, FTPS or SFTP.",
      .risk_assessment =
          "Low impact, medium when the store is strictly confidential or "
          "mission critical or its RAA exceeds 40 %; likely.",
      .false_positives = "Callers trusted as much as the data store itself.",
      .action = "Guard the data store",
      .mitigation =
          "Put a service or application in front of the data store and let only it "
          "talk to the store.",
      .check =
          "Is the data store encapsulated as the linked cheat sheet and ASVS chapter "
          "recommend?",
      .model_failure_possible_reason = false,
  };
  return info;
}

bool FileServerViaFileTransfer(const AnalysisContext& ctx, int c, const core::Flow& flow) {
  return ctx.Is(c, "file-server") &&
         (flow.protocol == Protocol::kFtp || flow.protocol == Protocol::kFtps ||
          flow.protocol == Protocol::kSftp);
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  std::vector<Risk> risks;
  for (int c : ctx.components_by_id()) {
    const core::Component& store = ctx.component(c);
    if (store.out_of_scope || store.type != ComponentType::kDatastore) continue;
    for (int f : ctx.incoming(c)) {
      int s = ctx.source(f);
      if (s == AnalysisContext::kNone) continue;
      const core::Flow& flow = ctx.flow(f);
      if (ctx.IsAny(c, {"identity-store-ldap", "identity-store-database"}) &&
          ctx.Is(s, "identity-provider")) {
        continue;
      }
      if (store.confidentiality < Confidentiality::kConfidential &&
          store.integrity < Criticality::kCritical) {
        continue;
      }
      if (!ctx.IsAcrossTrustBoundaryNetworkOnly(f) || FileServerViaFileTransfer(ctx, c, flow) ||
          flow.usage == Usage::kDevOps || ctx.IsSharingSameParentTrustBoundary(c, s)) {
        continue;
      }
      bool high = store.confidentiality == Confidentiality::kStrictlyConfidential ||
                  store.integrity == Criticality::kMissionCritical;
      Impact impact = high || ctx.raa(c) > 40 ? Impact::kMedium : Impact::kLow;
      const core::Component& caller = ctx.component(s);
      Risk r = NewRisk(Info(), Likelihood::kLikely, impact);
      r.title = "Direct access to data store " + Q(store.title) + " by " + Q(caller.title) +
                " over " + Q(flow.title);
      r.component = store.id;
      r.flow = flow.id;
      r.synthetic_id = SyntheticId(Info(), {flow.id, caller.id, store.id});
      SetBreach(r, BreachProbability::kImprobable, {store.id});
      risks.push_back(std::move(r));
    }
  }
  return risks;
}

}  // namespace

const Rule& UnguardedDirectDatastoreAccessRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
