#include "engine/raa.h"

#include <algorithm>
#include <limits>

#include "engine/context.h"

namespace threatpath::engine {
namespace {

using core::Confidentiality;
using core::Criticality;
using core::Quantity;

// Weights of a rating depending on where the rated thing sits relative to the component.
constexpr double kConfOwn[] = {8, 13, 21, 34, 55};
constexpr double kConfData[] = {5, 8, 13, 21, 34};
constexpr double kConfTransfer[] = {2, 3, 5, 8, 13};
constexpr double kCritOwn[] = {5, 8, 13, 21, 34};
constexpr double kCritData[] = {3, 5, 8, 13, 21};
constexpr double kCritTransfer[] = {2, 3, 5, 8, 13};
constexpr double kQuantity[] = {1, 2, 3, 5};

int I(Confidentiality v) { return static_cast<int>(v); }
int I(Criticality v) { return static_cast<int>(v); }
double Q(Quantity v) { return kQuantity[static_cast<int>(v)]; }

void AddData(double& score, const core::DataAsset& d, const double* conf, const double* crit) {
  score += conf[I(d.confidentiality)] * Q(d.quantity);
  score += crit[I(d.integrity)] * Q(d.quantity);
  score += crit[I(d.availability)];
}

// Maps absolute scores to percent of the spread between the smallest and largest score.
class Relative {
 public:
  explicit Relative(const std::vector<double>& scores) {
    min_ = std::numeric_limits<double>::max();
    max_ = std::numeric_limits<double>::lowest();
    for (double s : scores) {
      max_ = std::max(max_, s);
      min_ = std::min(min_, s);
    }
    if (scores.empty()) min_ = max_ = 0;
    if (!(min_ < max_)) max_ = min_ + 1;
    spread_ = max_ - min_;
  }
  double operator()(double score) const {
    double percent = (score - min_) / spread_ * 100;
    return percent <= 0 ? 1 : percent;
  }

 private:
  double min_, max_, spread_;
};

}  // namespace

double AttackerAttractiveness(const AnalysisContext& ctx, int c) {
  const core::Component& comp = ctx.component(c);
  if (comp.out_of_scope) return 0;
  double score = 0;
  score += kConfOwn[I(comp.confidentiality)];
  score += kCritOwn[I(comp.integrity)];
  score += kCritOwn[I(comp.availability)];
  for (int d : ctx.processed(c)) AddData(score, ctx.data_asset(d), kConfData, kCritData);
  for (int d : ctx.stored(c)) AddData(score, ctx.data_asset(d), kConfData, kCritData);
  for (int f : ctx.outgoing(c)) {
    for (int d : ctx.sent(f)) AddData(score, ctx.data_asset(d), kConfTransfer, kCritTransfer);
    for (int d : ctx.received(f)) {
      AddData(score, ctx.data_asset(d), kConfTransfer, kCritTransfer);
    }
  }
  if (ctx.IsAny(c, {"load-balancer", "reverse-proxy"})) score = score / 5.5;
  if (ctx.Is(c, "monitoring")) score = score / 5;
  if (ctx.Is(c, "container-platform")) score = score * 5;
  if (ctx.Is(c, "vault")) score = score * 2;
  if (ctx.IsAny(c, {"build-pipeline", "sourcecode-repository", "artifact-registry"})) {
    score = score * 2;
  }
  if (ctx.IsAny(c, {"identity-provider", "identity-store-database", "identity-store-ldap"})) {
    score = score * 2.5;
  } else if (comp.type == core::ComponentType::kDatastore) {
    score = score * 2;
  }
  if (comp.multi_tenant) score = score * 1.5;
  return score;
}

std::vector<double> ComputeRaa(const AnalysisContext& ctx) {
  int n = ctx.component_count();
  std::vector<double> aa(n);
  for (int c = 0; c < n; ++c) aa[c] = AttackerAttractiveness(ctx, c);
  Relative relative(aa);
  std::vector<double> rel(n);
  for (int c = 0; c < n; ++c) rel[c] = relative(aa[c]);

  std::vector<double> raa(n);
  for (int c = 0; c < n; ++c) {
    double adjustment = 0;
    if (!ctx.component(c).out_of_scope) {
      for (int f : ctx.outgoing(c)) {
        int t = ctx.target(f);
        if (t == AnalysisContext::kNone) continue;
        double delta = rel[t] - rel[c];
        if (delta > 0) adjustment = std::max(adjustment, delta / 3);
      }
    }
    raa[c] = relative(aa[c] + adjustment);
  }
  return raa;
}

}  // namespace threatpath::engine
