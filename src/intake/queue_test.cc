#include "intake/queue.h"

#include <gtest/gtest.h>

namespace threatpath::intake {
namespace {

std::string Plan(const std::vector<QueueEntry>& entries, const Capacity& capacity) {
  QueuePlan plan = PlanQueue(entries, capacity);
  std::string out;
  for (const Placement& p : plan.order) {
    if (!out.empty()) out += " ";
    out += entries[p.index].id + ":" + std::string(ToString(p.decision));
  }
  return out;
}

struct QueueCase {
  const char* name;
  std::vector<QueueEntry> entries;
  Capacity capacity;
  const char* plan;
};

TEST(QueueTest, RanksAndFillsTheWeek) {
  const Tier L = Tier::kSecurityLed, S = Tier::kSelfService, N = Tier::kNone;
  const IntakeStatus O = IntakeStatus::kOpen;
  const QueueCase cases[] = {
      {"priority first",
       {{"a", 10, 1, L, O}, {"b", 90, 5, L, O}, {"c", 50, 3, L, O}},
       {},
       "b:this-week c:this-week a:waits"},
      {"older first on equal priority",
       {{"new", 70, 200, S, O}, {"old", 70, 100, S, O}},
       {},
       "old:this-week new:this-week"},
      {"id breaks full ties",
       {{"z", 70, 100, S, O}, {"m", 70, 100, S, O}},
       {},
       "m:this-week z:this-week"},
      {"first fit lets a small one through",
       {{"big1", 90, 1, L, O}, {"big2", 80, 1, L, O}, {"small", 10, 1, S, O}},
       {.hours_per_week = 20},
       "big1:this-week big2:waits small:this-week"},
      {"tier none needs no hours",
       {{"n", 99, 1, N, O}, {"l", 50, 1, L, O}},
       {.hours_per_week = 16},
       "n:no-work l:this-week"},
      {"done and declined leave the queue",
       {{"d", 99, 1, L, IntakeStatus::kDone},
        {"x", 98, 1, L, IntakeStatus::kDeclined},
        {"o", 10, 1, L, O}},
       {},
       "o:this-week"},
      {"in progress is committed first",
       {{"hot", 95, 1, L, O}, {"busy", 20, 9, L, IntakeStatus::kInProgress}},
       {.hours_per_week = 16},
       "busy:this-week hot:waits"},
      {"custom effort",
       {{"a", 50, 1, S, O}, {"b", 40, 1, S, O}},
       {.hours_per_week = 5, .effort_hours = {0, 3, 10}},
       "a:this-week b:waits"},
      {"no capacity", {{"a", 50, 1, S, O}}, {.hours_per_week = 0}, "a:waits"},
      {"empty", {}, {}, ""},
  };
  for (const QueueCase& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Plan(c.entries, c.capacity), c.plan);
  }
}

TEST(QueueTest, OrderMatchesRanksBefore) {
  std::vector<QueueEntry> entries;
  uint32_t seed = 7;
  auto next = [&](uint32_t mod) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % mod;
  };
  for (int i = 0; i < 3000; ++i) {
    entries.push_back({"id" + std::to_string(next(500)), static_cast<int>(next(101)),
                       static_cast<int64_t>(next(50)), static_cast<Tier>(next(3)),
                       static_cast<IntakeStatus>(next(4))});
  }
  std::vector<const QueueEntry*> expected;
  for (const QueueEntry& e : entries)
    if (e.status == IntakeStatus::kOpen || e.status == IntakeStatus::kInProgress)
      expected.push_back(&e);
  std::stable_sort(expected.begin(), expected.end(),
                   [](const QueueEntry* a, const QueueEntry* b) { return RanksBefore(*a, *b); });
  QueuePlan plan = PlanQueue(entries, Capacity{});
  ASSERT_EQ(plan.order.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const QueueEntry& got = entries[plan.order[i].index];
    // Entries equal in every key may come in either order; compare the keys.
    EXPECT_FALSE(RanksBefore(got, *expected[i]) || RanksBefore(*expected[i], got)) << i;
  }
}

TEST(QueueTest, CountsAndHours) {
  std::vector<QueueEntry> entries = {{"a", 90, 1, Tier::kSecurityLed, IntakeStatus::kOpen},
                                     {"b", 80, 1, Tier::kSecurityLed, IntakeStatus::kOpen},
                                     {"c", 70, 1, Tier::kSecurityLed, IntakeStatus::kOpen},
                                     {"d", 60, 1, Tier::kSelfService, IntakeStatus::kOpen},
                                     {"e", 50, 1, Tier::kNone, IntakeStatus::kOpen}};
  QueuePlan plan = PlanQueue(entries, Capacity{});
  EXPECT_EQ(plan.this_week, 3u);  // 16 + 16 + 2 of 40
  EXPECT_EQ(plan.waiting, 1u);
  EXPECT_EQ(plan.no_work, 1u);
  EXPECT_DOUBLE_EQ(plan.hours_used, 34);
  EXPECT_EQ(plan.order[3].rank, 4u);
}

}  // namespace
}  // namespace threatpath::intake
