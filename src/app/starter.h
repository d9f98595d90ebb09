#pragma once

#include <string_view>

namespace threatpath::app {

/// The commented starter model that `threatpath init` writes (examples/starter.yaml, built in).
std::string_view StarterModel();

}  // namespace threatpath::app
