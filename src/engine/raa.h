#pragma once

#include <vector>

namespace threatpath::engine {

class AnalysisContext;

/// Relative attacker attractiveness (RAA), as Threagile 0.9.x computes it.
///
/// The absolute attractiveness of an in-scope component is the sum of Fibonacci-like weights of
/// its own confidentiality, integrity and availability, plus, for every data asset it processes
/// and every one it stores, the weights of that data asset's ratings (confidentiality and
/// integrity multiplied by the data quantity factor 1, 2, 3 or 5), plus the same (with smaller
/// weights) for every data asset sent or received on its outgoing flows. Technology factors
/// follow: load balancers and reverse proxies / 5.5, monitoring / 5, container platforms x 5,
/// vaults x 2, build pipelines, source repositories and artifact registries x 2, identity
/// providers and identity stores x 2.5 (otherwise data stores x 2), multi-tenant x 1.5.
/// Out-of-scope components score 0.
///
/// A score is made relative by placing it between the minimum and maximum absolute score of all
/// components, in percent (values at or below 0 become 1). The RAA of a component adds to its
/// absolute score a "pivoting" bonus: a third of the largest positive difference between the
/// relative score of a target of one of its outgoing flows and its own relative score (0 for
/// out-of-scope components); the sum is made relative the same way.
///
/// Threagile recomputes the minimum and maximum inside nested loops; this computes every value
/// once, in O(components + flows + data references), with the same floating-point operations in
/// the same order, so the results are identical.

/// Absolute attractiveness of component `c` (0 when out of scope).
double AttackerAttractiveness(const AnalysisContext& ctx, int c);

/// RAA of every component, indexed like Model::components.
std::vector<double> ComputeRaa(const AnalysisContext& ctx);

}  // namespace threatpath::engine
