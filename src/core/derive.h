#pragma once

#include "core/model.h"

namespace threatpath::core {

/// Applies what Threagile 0.9.1 derives when it loads a model, so that analysis sees what
/// Threagile sees: an empty description defaults to the title, tags are trimmed and lower-cased
/// (not on shared runtimes), diagram spacing and link weights get their defaults, image paths lose
/// their folders, risk-tracking keys are trimmed. Data lists and CIA ratings stay as written: 0.9.1
/// takes stored data and the highest rating of processed and stored data into account where its
/// rules ask (see derive.cc). Idempotent. Readers never call this: converted files keep what was
/// written.
void DeriveThreagile(Model& model);

}  // namespace threatpath::core
