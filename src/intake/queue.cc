#include "intake/queue.h"

#include <algorithm>
#include <numeric>

namespace threatpath::intake {

bool RanksBefore(const QueueEntry& a, const QueueEntry& b) {
  bool a_active = a.status == IntakeStatus::kInProgress;
  bool b_active = b.status == IntakeStatus::kInProgress;
  if (a_active != b_active) return a_active;
  if (a.priority != b.priority) return a.priority > b.priority;
  if (a.created != b.created) return a.created < b.created;
  return a.id < b.id;
}

QueuePlan PlanQueue(std::span<const QueueEntry> entries, const Capacity& capacity) {
  // Sorting small keys instead of the entries keeps the sort in cache; ids are only compared on
  // full ties. The order is RanksBefore's for priorities within ±2^29 (they are 0–100).
  struct Key {
    int64_t created;
    int32_t rank_priority;  // in-progress intakes lifted above every priority
    uint32_t index;
  };
  std::vector<Key> keys;
  keys.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const QueueEntry& e = entries[i];
    if (e.status != IntakeStatus::kOpen && e.status != IntakeStatus::kInProgress) continue;
    int32_t lift = e.status == IntakeStatus::kInProgress ? (int32_t{1} << 30) : 0;
    keys.push_back(
        {e.created, lift + std::clamp(e.priority, -(1 << 29), 1 << 29), static_cast<uint32_t>(i)});
  }
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.rank_priority != b.rank_priority) return a.rank_priority > b.rank_priority;
    if (a.created != b.created) return a.created < b.created;
    return entries[a.index].id < entries[b.index].id;
  });
  std::vector<uint32_t> idx;
  idx.reserve(keys.size());
  for (const Key& k : keys) idx.push_back(k.index);
  QueuePlan plan;
  plan.order.reserve(idx.size());
  double left = capacity.hours_per_week;
  for (size_t r = 0; r < idx.size(); ++r) {
    const QueueEntry& e = entries[idx[r]];
    Placement p;
    p.index = idx[r];
    p.rank = r + 1;
    p.hours = capacity.Effort(e.tier);
    if (p.hours <= 0) {
      p.decision = Decision::kNoWork;
      ++plan.no_work;
    } else if (p.hours <= left) {
      p.decision = Decision::kThisWeek;
      left -= p.hours;
      plan.hours_used += p.hours;
      ++plan.this_week;
    } else {
      p.decision = Decision::kWaits;
      ++plan.waiting;
    }
    plan.order.push_back(p);
  }
  return plan;
}

std::string_view ToString(Decision decision) {
  switch (decision) {
    case Decision::kThisWeek:
      return "this-week";
    case Decision::kWaits:
      return "waits";
    case Decision::kNoWork:
      return "no-work";
  }
  return "?";
}

std::string_view ToString(IntakeStatus status) {
  switch (status) {
    case IntakeStatus::kOpen:
      return "open";
    case IntakeStatus::kInProgress:
      return "in-progress";
    case IntakeStatus::kDone:
      return "done";
    case IntakeStatus::kDeclined:
      return "declined";
  }
  return "?";
}

}  // namespace threatpath::intake
