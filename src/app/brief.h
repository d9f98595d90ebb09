#pragma once

#include <string>

#include "app/analysis.h"

namespace threatpath::app {

/// What goes into a pen-test brief.
struct BriefOptions {
  /// The weakest attack paths listed (they are sorted weakest first).
  size_t max_paths = 10;
  /// Open risks at or above this severity are listed.
  core::RiskSeverity min_severity = core::RiskSeverity::kHigh;
};

/// A brief for the pen testers of a model: scope (components, entry points, trust boundaries),
/// the critical data assets and how many of their holders an attacker reaches, the assumptions
/// to validate (unvalidated first, refuted ones flagged), the weakest attack paths with their
/// weaknesses, assets exposed at entry points, and the open risks at or above the severity.
/// Deterministic: the same analysis gives the same bytes.
std::string PenTestBriefMarkdown(const Analysis& analysis, const BriefOptions& options = {});

/// The same as JSON (for tools and the server): {"model", "scope", "critical_assets",
/// "assumptions", "attack_paths", "exposures", "open_risks"}.
std::string PenTestBriefJson(const Analysis& analysis, const BriefOptions& options = {});

}  // namespace threatpath::app
