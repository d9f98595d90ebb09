#pragma once

#include "core/model.h"

namespace threatpath::core {

/// Applies the derivations Threagile 0.9.x makes when it loads a model, so that analysis sees
/// what Threagile sees: data stored by a component counts as processed by it; data sent or
/// received on a flow is processed by both ends; a component's confidentiality, integrity and
/// availability are not lowered, but its availability rises to that of the data it processes.
/// Idempotent. Readers never call this: converted files keep what was written.
void DeriveThreagile(Model& model);

}  // namespace threatpath::core
