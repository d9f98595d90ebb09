// missing-cloud-hardening: cloud boundaries, runtimes and components tagged with a cloud
// provider.

#include <algorithm>
#include <set>

#include "engine/rule_catalog.h"
#include "engine/rules/common.h"
#include "engine/rules/rules.h"

namespace threatpath::engine::rules {
namespace {

const std::vector<std::string>& AwsSubTags() {
  static const std::vector<std::string> tags = {
      "aws:vpc",    "aws:ec2",      "aws:s3",  "aws:ebs", "aws:apigateway",
      "aws:lambda", "aws:dynamodb", "aws:rds", "aws:sqs", "aws:iam"};
  return tags;
}

const std::vector<std::string>& CloudTags() {
  static const std::vector<std::string> tags = [] {
    std::vector<std::string> t = {"aws", "azure", "gcp", "ocp"};
    t.insert(t.end(), AwsSubTags().begin(), AwsSubTags().end());
    return t;
  }();
  return tags;
}

const RuleInfo& Info() { return BuiltinRuleInfo("missing-cloud-hardening"); }

Impact ImpactOf(Confidentiality c, Criticality i, Criticality a) {
  if (c == Confidentiality::kStrictlyConfidential || i == Criticality::kMissionCritical ||
      a == Criticality::kMissionCritical) {
    return Impact::kVeryHigh;
  }
  if (c >= Confidentiality::kConfidential || i >= Criticality::kCritical ||
      a >= Criticality::kCritical) {
    return Impact::kHigh;
  }
  return Impact::kMedium;
}

std::string Title(const std::string& element, const std::string& provider,
                  const std::string& guide) {
  std::string t = "Missing cloud hardening";
  if (!provider.empty()) t += " (" + provider + ")";
  t += " of " + Q(element);
  if (!guide.empty()) t += ": follow the " + guide;
  return t;
}

struct Provider {
  const char* base_tag;
  const char* name;
  const char* guide;
};
constexpr Provider kProviders[] = {
    {"aws", "AWS", "CIS Benchmark for AWS"},
    {"azure", "Azure", "CIS Benchmark for Microsoft Azure"},
    {"gcp", "GCP", "CIS Benchmark for Google Cloud Computing Platform"},
    {"ocp", "OCP", "vendor best practices for Oracle Cloud Platform"},
};
constexpr int kProviderCount = 4;

struct Sets {
  std::set<int> runtimes[kProviderCount], boundaries[kProviderCount], components[kProviderCount];
  std::set<int> unspecific_runtimes, unspecific_boundaries, aws_sub_tagged;
};

void AddComponent(const AnalysisContext& ctx, int c, const std::vector<std::string>& tags,
                  Sets& sets) {
  if (AnalysisContext::IsTaggedWithAny(ctx.component(c).tags, AwsSubTags())) {
    sets.aws_sub_tagged.insert(c);
  }
  for (int p = 0; p < kProviderCount; ++p) {
    if (AnalysisContext::IsTaggedWithBaseTag(tags, kProviders[p].base_tag)) {
      sets.components[p].insert(c);
    }
  }
}

std::vector<Risk> Generate(const AnalysisContext& ctx) {
  Sets sets;
  for (int b = 0; b < ctx.boundary_count(); ++b) {
    const core::TrustBoundary& boundary = ctx.boundary(b);
    bool tagged = AnalysisContext::IsTaggedWithAny(boundary.tags, CloudTags());
    if (!tagged && !AnalysisContext::IsWithinCloud(boundary.type)) continue;
    if (tagged) {
      for (int p = 0; p < kProviderCount; ++p) {
        if (AnalysisContext::IsTaggedWithBaseTag(boundary.tags, kProviders[p].base_tag)) {
          sets.boundaries[p].insert(b);
        }
      }
    } else {
      sets.unspecific_boundaries.insert(b);
    }
    for (int c : ctx.ComponentsInside(b)) {
      if (AnalysisContext::IsTaggedWithAny(ctx.component(c).tags, CloudTags())) {
        AddComponent(ctx, c, ctx.component(c).tags, sets);
      } else if (tagged) {
        AddComponent(ctx, c, boundary.tags, sets);
      }
    }
  }
  for (int c = 0; c < ctx.component_count(); ++c) {
    if (AnalysisContext::IsTaggedWithAny(ctx.component(c).tags, CloudTags())) {
      AddComponent(ctx, c, ctx.component(c).tags, sets);
    }
  }
  for (int r = 0; r < ctx.runtime_count(); ++r) {
    const core::SharedRuntime& runtime = ctx.runtime(r);
    if (!AnalysisContext::IsTaggedWithAny(runtime.tags, CloudTags())) continue;
    for (int p = 0; p < kProviderCount; ++p) {
      if (AnalysisContext::IsTaggedWithBaseTag(runtime.tags, kProviders[p].base_tag)) {
        sets.runtimes[p].insert(r);
      }
    }
    for (int c : ctx.RuntimeComponents(r)) AddComponent(ctx, c, runtime.tags, sets);
  }
  // A runtime or boundary tagged with a provider counts for that provider only.
  for (int p = 0; p < kProviderCount; ++p) {
    for (int b : sets.boundaries[p]) sets.unspecific_boundaries.erase(b);
  }

  std::vector<Risk> risks;
  bool added[kProviderCount] = {};
  auto runtime_risk = [&](int r, const std::string& provider, const std::string& guide) {
    const core::SharedRuntime& runtime = ctx.runtime(r);
    Risk risk =
        NewRisk(Info(), Likelihood::kUnlikely,
                ImpactOf(ctx.HighestConfidentialityOfRuntime(r), ctx.HighestIntegrityOfRuntime(r),
                         ctx.HighestAvailabilityOfRuntime(r)));
    risk.title = Title(runtime.title, provider, guide);
    risk.shared_runtime = runtime.id;
    risk.synthetic_id = SyntheticId(Info(), {runtime.id});
    std::vector<std::string> breach;
    for (int c : ctx.RuntimeComponents(r)) breach.push_back(ctx.id(c));
    SetBreach(risk, BreachProbability::kProbable, std::move(breach));
    risks.push_back(std::move(risk));
  };
  auto boundary_risk = [&](int b, const std::string& provider, const std::string& guide) {
    const core::TrustBoundary& boundary = ctx.boundary(b);
    Risk risk =
        NewRisk(Info(), Likelihood::kUnlikely,
                ImpactOf(ctx.HighestConfidentialityOfBoundary(b), ctx.HighestIntegrityOfBoundary(b),
                         ctx.HighestAvailabilityOfBoundary(b)));
    risk.title = Title(boundary.title, provider, guide);
    risk.boundary = boundary.id;
    risk.synthetic_id = SyntheticId(Info(), {boundary.id});
    std::vector<std::string> breach;
    for (int c : ctx.ComponentsInside(b)) breach.push_back(ctx.id(c));
    SetBreach(risk, BreachProbability::kProbable, std::move(breach));
    risks.push_back(std::move(risk));
  };
  auto component_risk = [&](int c, const std::string& provider, const std::string& guide) {
    const core::Component& comp = ctx.component(c);
    Risk risk = NewRisk(Info(), Likelihood::kUnlikely,
                        ImpactOf(ctx.HighestConfidentiality(c), ctx.HighestIntegrity(c),
                                 ctx.HighestAvailability(c)));
    risk.title = Title(comp.title, provider, guide);
    risk.component = comp.id;
    risk.synthetic_id = SyntheticId(Info(), {comp.id});
    SetBreach(risk, BreachProbability::kProbable, {comp.id});
    risks.push_back(std::move(risk));
  };

  for (int p = 0; p < kProviderCount; ++p) {
    for (int r : sets.runtimes[p]) {
      runtime_risk(r, kProviders[p].name, kProviders[p].guide);
      added[p] = true;
    }
  }
  for (int p = 0; p < kProviderCount; ++p) {
    for (int b : sets.boundaries[p]) {
      boundary_risk(b, kProviders[p].name, kProviders[p].guide);
      added[p] = true;
    }
  }
  for (int b : sets.unspecific_boundaries) boundary_risk(b, "", "");
  // Otherwise one risk per provider, at its most sensitive component (first by id on ties).
  for (int p = 0; p < kProviderCount; ++p) {
    if (added[p] || sets.components[p].empty()) continue;
    int best = AnalysisContext::kNone;
    std::vector<int> by_id(sets.components[p].begin(), sets.components[p].end());
    std::sort(by_id.begin(), by_id.end(), [&](int a, int b) { return ctx.id(a) < ctx.id(b); });
    for (int c : by_id) {
      if (best == AnalysisContext::kNone || ctx.SensitivityScore(c) > ctx.SensitivityScore(best)) {
        best = c;
      }
    }
    component_risk(best, kProviders[p].name, kProviders[p].guide);
  }
  for (int c : sets.aws_sub_tagged) {
    if (ctx.IsTaggedWithAnyTraversingUp(c, {"aws:ec2"})) {
      component_risk(c, "EC2", "CIS Benchmark for Amazon Linux");
    }
    if (ctx.IsTaggedWithAnyTraversingUp(c, {"aws:s3"})) {
      component_risk(c, "S3", "security best practices for AWS S3");
    }
  }
  return risks;
}

}  // namespace

const Rule& MissingCloudHardeningRule() {
  static const FunctionRule rule(Info, Generate);
  return rule;
}

}  // namespace threatpath::engine::rules
