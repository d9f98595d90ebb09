#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

// Program metrics (docs/server.md, "Metrics"): intake volume and coverage, triage time, the
// self-service rate, findings by phase and severity, the estimated cost avoided by finding
// issues in design, model freshness and reflection outcomes — per team and month. A pure
// function over plain rows, so that the numbers are testable without a database.
namespace threatpath::app {

/// Team id 0 is the "no team" bucket.
struct MetricsIntake {
  int64_t team_id = 0;
  int64_t project_id = 0;
  std::string created_at;  // RFC 3339 UTC
  std::string tier;        // none, self-service, security-led
  /// When the status first left "new" (RFC 3339), "" while it is still new.
  std::string triaged_at;
  /// Linked to the model made for it (the intake's model_id).
  bool has_model = false;
};

struct MetricsModel {
  int64_t team_id = 0;
  int64_t project_id = 0;
  std::string created_at;          // RFC 3339 UTC
  std::string latest_revision_at;  // RFC 3339 UTC
};

struct MetricsFinding {
  int64_t team_id = 0;
  std::string phase;     // design, pen-test, bug-bounty, incident
  std::string severity;  // none, low, medium, high, critical
  std::string found_on;  // YYYY-MM-DD
};

struct MetricsSession {
  int64_t team_id = 0;
  std::string created_at;  // RFC 3339 UTC
  bool closed = false;
  bool closed_by_poll = false;  // closed because the reflection poll reached its quorum
};

/// Cost units of fixing one finding of a severity in design; a later phase costs
/// `later_multiplier` times the base, design `design_multiplier` times.
struct CostModel {
  std::map<std::string, double, std::less<>> base = {
      {"none", 0}, {"low", 1}, {"medium", 2}, {"high", 5}, {"critical", 10}};
  double design_multiplier = 1;
  double later_multiplier = 30;
};

struct MetricsInput {
  std::string from;                      // YYYY-MM, inclusive
  std::string to;                        // YYYY-MM, inclusive
  int64_t now = 0;                       // unix seconds, for model freshness
  std::map<int64_t, std::string> teams;  // id -> name; teams seen in rows but missing: "team N"
  std::vector<MetricsIntake> intakes;
  std::vector<MetricsModel> models;
  std::vector<MetricsFinding> findings;
  std::vector<MetricsSession> sessions;
  CostModel cost;
};

inline constexpr std::string_view kMetricPhases[] = {"design", "pen-test", "bug-bounty",
                                                     "incident"};
inline constexpr std::string_view kMetricSeverities[] = {"none", "low", "medium", "high",
                                                         "critical"};
inline constexpr int kStaleModelDays = 180;

/// The numbers of one bucket (a team's month, a team's total, the overall month or total).
/// Ratios and times are 0 when there is nothing to divide by.
struct MetricsBucket {
  int64_t intakes = 0;
  int64_t needing_model = 0;  // tier self-service or security-led
  int64_t covered = 0;        // of those, linked to the model made for them
  double coverage = 0;
  int64_t triaged = 0;  // intakes that left "new"
  double triage_median_hours = 0;
  double triage_p90_hours = 0;
  int64_t self_service = 0;
  int64_t security_led = 0;
  double self_service_rate = 0;
  std::map<std::string, std::map<std::string, int64_t>> findings;  // phase -> severity -> n
  int64_t findings_total = 0;
  int64_t design_findings = 0;
  double design_share = 0;
  double cost_avoided = 0;
  int64_t sessions_closed_by_poll = 0;
  int64_t sessions_closed_otherwise = 0;
  int64_t sessions_open = 0;
  // Model freshness: only in totals (a snapshot at `now`, not per month).
  int64_t models = 0;
  double model_age_median_days = 0;
  int64_t models_stale = 0;  // latest revision older than kStaleModelDays
};

struct TeamMetrics {
  int64_t team_id = 0;
  std::string team;
  std::map<std::string, MetricsBucket> by_month;  // every month of the range
  MetricsBucket total;
};

struct ProgramMetrics {
  std::vector<std::string> months;  // from..to
  std::vector<TeamMetrics> teams;   // by team id, "no team" (0) first when present
  std::map<std::string, MetricsBucket> overall_by_month;
  MetricsBucket overall;
};

/// "2026-11" -> months since year 0, nullopt when not a real YYYY-MM.
std::optional<int> ParseMonth(std::string_view text);
/// "2026-11-27T09:45:00Z" -> unix seconds; nullopt when malformed.
std::optional<int64_t> ParseTimestamp(std::string_view text);

/// The median (the mean of the two middle values for an even count) and the 90th percentile
/// (nearest rank: the ceil(0.9 n)-th smallest); 0 for no values.
double Median(std::vector<double> values);
double Percentile90(std::vector<double> values);

/// Computes the metrics; kInvalidInput (field "from" or "to") for a bad or reversed range or one
/// longer than 120 months. Rows outside the range count nowhere except model freshness.
base::Result<ProgramMetrics> ComputeProgramMetrics(const MetricsInput& input);

/// One CSV row per (team, month), then the team's total (month "total"), then the overall rows
/// (team_id empty, team "overall"); a header first; RFC 4180 quoting; CRLF line ends.
std::string ProgramMetricsCsv(const ProgramMetrics& metrics);

}  // namespace threatpath::app
