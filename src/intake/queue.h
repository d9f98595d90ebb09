#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "intake/questionnaire.h"

namespace threatpath::intake {

/// Where an intake stands with the security team.
enum class IntakeStatus : uint8_t {
  kOpen,        // waiting for the security team
  kInProgress,  // the security team is working on it: its effort is committed first
  kDone,        // finished; not in the queue
  kDeclined,    // not pursued; not in the queue
};

/// One intake as the queue sees it.
struct QueueEntry {
  std::string id;
  int priority = 0;     // 0–100 from the triage
  int64_t created = 0;  // seconds since the epoch; smaller is older
  Tier tier = Tier::kNone;
  IntakeStatus status = IntakeStatus::kOpen;
};

/// The security team's week: hours available and the effort one intake of each tier costs.
struct Capacity {
  double hours_per_week = 40;
  /// Indexed by Tier: none, self-service, security-led.
  std::array<double, 3> effort_hours = {0, 2, 16};

  double Effort(Tier tier) const { return effort_hours[static_cast<size_t>(tier)]; }
};

enum class Decision : uint8_t {
  kThisWeek,  // fits in this week's hours
  kWaits,     // does not fit; stays in the queue
  kNoWork,    // costs no security hours (e.g. tier none)
};

struct Placement {
  size_t index = 0;  // into the input
  size_t rank = 0;   // 1-based position in the queue
  Decision decision = Decision::kWaits;
  double hours = 0;  // this intake's effort
};

struct QueuePlan {
  std::vector<Placement> order;  // queue order; done and declined intakes are left out
  double hours_used = 0;         // of this week's hours
  size_t this_week = 0, waiting = 0, no_work = 0;
};

/// True when `a` ranks before `b`: higher priority, then older (smaller `created`), then smaller
/// id. In-progress intakes rank before open ones.
bool RanksBefore(const QueueEntry& a, const QueueEntry& b);

/// Ranks the open and in-progress intakes and fills the week greedily in rank order: each
/// intake whose effort fits in the hours left is taken (first fit; a smaller intake further down
/// may still fit after a larger one did not). Pure; O(n log n).
QueuePlan PlanQueue(std::span<const QueueEntry> entries, const Capacity& capacity);

std::string_view ToString(Decision decision);    // "this-week", "waits", "no-work"
std::string_view ToString(IntakeStatus status);  // "open", "in-progress", "done", "declined"

}  // namespace threatpath::intake
