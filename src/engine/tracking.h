#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/risk_category.h"
#include "engine/risk.h"

namespace threatpath::engine {

/// A risk-tracking entry that applies to no risk.
struct OrphanedTracking {
  int index = -1;  // position in Model::risk_tracking
  std::string key;
  bool wildcard = false;
  core::Loc loc;

  friend bool operator==(const OrphanedTracking&, const OrphanedTracking&) = default;
};

/// True when a tracking key matches a synthetic id. Both are split at '@' and must have the same
/// number of parts; in a key part, '*' stands for one or more characters (so a part that is just
/// "*" matches any one part). Comparison ignores case.
bool TrackingKeyMatches(std::string_view key, std::string_view synthetic_id);

/// Sets `status` and `tracking` of every risk from the model's risk tracking: an entry whose key
/// equals the risk's synthetic id wins; otherwise the first wildcard entry (in model order) that
/// matches. Risks without an entry stay unchecked. Returns the entries that applied to no risk,
/// in model order (Threagile stops with an error on these unless told to ignore them).
///
/// Threagile 0.9.x differs in two corner cases: its wildcard match is not anchored (a key with
/// fewer parts can match a longer id), and its exact match is case-sensitive while its orphan
/// check is not. Threatpath matches whole ids, ignoring case.
std::vector<OrphanedTracking> ApplyRiskTracking(const std::vector<core::RiskTracking>& tracking,
                                                std::vector<Risk>& risks);

}  // namespace threatpath::engine
