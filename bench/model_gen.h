#pragma once

#include <cstdint>

#include "core/model.h"

namespace threatpath::bench {

/// Builds an org-scale model with a fixed seed: `components` components, about three flows per
/// component, one data asset per ten components, trust boundaries nested three deep (a network
/// per ~100 components, each holding execution environments), and shared runtimes. The same
/// arguments always give the same model.
core::Model GenerateModel(size_t components, uint32_t seed = 42);

}  // namespace threatpath::bench
