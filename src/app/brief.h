#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/analysis.h"

namespace threatpath::app {

/// What goes into a pen-test brief.
struct BriefOptions {
  /// The weakest attack paths listed (they are sorted weakest first).
  size_t max_paths = 10;
  /// Open risks at or above this severity are listed.
  core::RiskSeverity min_severity = core::RiskSeverity::kHigh;
};

/// An assumption recorded through the server's API in a threat-modeling session of the model,
/// as plain data (the brief does not depend on the store). docs/server.md, "Mitigations and
/// assumptions".
struct RecordedAssumption {
  /// A threat or mitigation the assumption is linked to (refuting it reopens them).
  struct Link {
    int64_t id = 0;
    std::string title;
    std::string state;  // a threat's response ("" while undecided), a mitigation's status
  };
  int64_t id = 0;
  int64_t session_id = 0;
  std::string session_title;
  int64_t revision = 0;  // the revision the session reviewed
  std::string statement;
  std::string status;  // unvalidated, confirmed or refuted
  std::string evidence;
  std::string validated_by;  // user name; "" when never validated
  std::string validated_at;  // RFC 3339; "" when never validated
  std::string created_by;    // user name
  std::string created_at;    // RFC 3339
  std::vector<std::string> components;
  std::vector<Link> threats;
  std::vector<Link> mitigations;
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

/// The brief with the assumptions recorded in the model's sessions as well (the server's brief).
/// Markdown: "Assumptions to validate" gets a part for the model document's assumptions and one
/// for the recorded ones, grouped unvalidated ("to validate"), refuted, confirmed, by id within
/// a group, each with its status, evidence, who recorded and validated it when, its session and
/// its links. JSON: the same plus "recorded_assumptions" after "assumptions", in that order.
/// `recorded` may come in any order; the output is the same.
std::string PenTestBriefMarkdown(const Analysis& analysis, const BriefOptions& options,
                                 const std::vector<RecordedAssumption>& recorded);
std::string PenTestBriefJson(const Analysis& analysis, const BriefOptions& options,
                             const std::vector<RecordedAssumption>& recorded);

}  // namespace threatpath::app
