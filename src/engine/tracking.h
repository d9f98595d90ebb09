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

/// True when the wildcard tracking key matches a synthetic id the way Threagile 0.9.x matches
/// them: the key becomes a regular expression in which everything is literal except '*', which
/// stands for one or more characters other than '@', and that expression may match anywhere in
/// the id (it is not anchored, so "missing-waf@*" also matches "missing-waf@web@extra").
/// Comparison is case-sensitive; Threagile applies keys to lower-cased ids.
bool TrackingKeyMatches(std::string_view key, std::string_view synthetic_id);

/// Sets `status` and `tracking` of every risk from the model's risk tracking, as Threagile 0.9.x
/// does (main.go `parseModel`, `applyWildcardRiskTrackingEvaluation`, `checkRiskTracking` and
/// model/types.go `GetRiskTrackingStatusDefaultingUnchecked`):
///  - an entry whose key has no '*' files itself under its key as written;
///  - then each wildcard entry, in model order (Threagile's order is a Go map's, i.e. random),
///    files itself under the lower-cased id of every risk it matches (TrackingKeyMatches on the
///    lower-cased id) unless something is already filed under that lower-cased id;
///  - a risk takes the entry filed under its id exactly as it is, so a wildcard never applies to
///    a risk whose id has upper-case letters, and an exact key must match the case of the id.
/// Risks without an entry stay unchecked. Returns the entries Threagile reports as referring to
/// no risk (it stops with an error on these unless told to ignore them), in model order: an
/// exact key that is no risk's lower-cased id, and a wildcard that filed itself nowhere.
std::vector<OrphanedTracking> ApplyRiskTracking(const std::vector<core::RiskTracking>& tracking,
                                                std::vector<Risk>& risks);

}  // namespace threatpath::engine
