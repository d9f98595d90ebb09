// Google Benchmark: ranking the intake queue and triaging one answer sheet
// (docs/questionnaires.md, "Performance").
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "intake/queue.h"
#include "intake/triage.h"

namespace {

using namespace threatpath::intake;

std::vector<QueueEntry> MakeQueue(size_t n) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> priority(0, 100), tier(0, 2), status(0, 9);
  std::uniform_int_distribution<int64_t> created(1'700'000'000, 1'730'000'000);
  std::vector<QueueEntry> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i].id = "intake-" + std::to_string(i);
    out[i].priority = priority(rng);
    out[i].created = created(rng);
    out[i].tier = static_cast<Tier>(tier(rng));
    int s = status(rng);  // 80% open, 10% in progress, 10% done
    out[i].status = s < 8    ? IntakeStatus::kOpen
                    : s == 8 ? IntakeStatus::kInProgress
                             : IntakeStatus::kDone;
  }
  return out;
}

void BM_PlanQueue(benchmark::State& state) {
  auto entries = MakeQueue(static_cast<size_t>(state.range(0)));
  Capacity capacity;
  for (auto _ : state) {
    QueuePlan plan = PlanQueue(entries, capacity);
    benchmark::DoNotOptimize(plan.order.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanQueue)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_TriageDesignReview(benchmark::State& state) {
  const Questionnaire& q = DesignReview();
  std::string text =
      "questionnaire: design-review\nanswers:\n  summary: s\n  change_kind: new_system\n"
      "  data_kinds: [pii, credentials]\n  data_volume: medium\n  internet_facing: yes\n"
      "  anonymous_access: yes\n  service_template: no\n  standard_auth: no\n"
      "  secrets_store: yes\n  standard_logging: yes\n";
  for (auto _ : state) {
    auto sheet = ReadAnswers(text, "a.yaml");
    auto t = Evaluate(q, *sheet);
    benchmark::DoNotOptimize(t.has_value());
  }
}
BENCHMARK(BM_TriageDesignReview)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
