#pragma once

#include "core/enums.h"
#include "core/ref.h"

namespace threatpath::core {

/// A trust boundary: components inside it and boundaries nested in it. Nesting must be acyclic
/// and a component sits directly in at most one boundary.
struct TrustBoundary : Element {
  BoundaryType type = BoundaryType::kNetworkOnPrem;
  Refs components;
  Refs nested;
};

/// Components that run on the same runtime (a VM host, a cluster): compromise of one can reach
/// the others.
struct SharedRuntime : Element {
  Refs components;
};

}  // namespace threatpath::core
