#include "engine/analyze.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string_view>
#include <thread>
#include <tuple>

#include "engine/context.h"
#include "engine/custom.h"
#include "engine/rule.h"

namespace threatpath::engine {

namespace {

// Worker threads for the rules: the machine's cores, at most four (the rules are short; more
// threads only add start-up cost).
unsigned Workers(size_t tasks) {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>({tasks, cores, 4}));
}

// Runs task(i) for i in [0, n) on Workers(n) threads (the calling thread is one of them).
template <typename F>
void ParallelFor(size_t n, F&& task) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) task(i);
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < Workers(n); ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
}

}  // namespace

AnalysisResult Analyze(const core::Model& model, const catalog::Catalog& catalog,
                       const AnalyzeOptions& options) {
  AnalysisResult result;
  AnalysisContext ctx(model, catalog);
  for (const std::string& id : options.skip_rules) {
    if (FindRule(id) == nullptr) result.unknown_skipped_rules.push_back(id);
  }
  std::vector<const Rule*> rules;
  for (const Rule* rule : BuiltinRules()) {
    const std::string& id = rule->Info().id;
    if (std::find(options.skip_rules.begin(), options.skip_rules.end(), id) ==
        options.skip_rules.end()) {
      rules.push_back(rule);
    }
  }
  // The context is immutable and rules share nothing else, so they run in parallel; their
  // risks are put together in rule order, so the result does not depend on the threads.
  std::vector<std::vector<Risk>> found(rules.size() + 1);
  ParallelFor(rules.size() + 1, [&](size_t i) {
    found[i] = i < rules.size() ? rules[i]->Generate(ctx) : CustomRisks(model);
  });
  size_t total = 0;
  for (const auto& f : found) total += f.size();
  result.risks.reserve(total);
  for (auto& f : found) {
    result.risks.insert(result.risks.end(), std::make_move_iterator(f.begin()),
                        std::make_move_iterator(f.end()));
    std::vector<Risk>().swap(f);
  }
  for (const core::RiskCategory& category : model.risk_categories) {
    result.custom_categories.push_back(CustomCategoryInfo(category));
  }
  result.orphaned_tracking = ApplyRiskTracking(model.risk_tracking, result.risks);
  SortRisks(result.risks);
  result.raa = ctx.raa();
  return result;
}

void SortRisks(std::vector<Risk>& risks) {
  // Sorts compact keys rather than the (large) risks, then moves each risk once. The first
  // three criteria and the category's rank among the categories present are packed into one
  // integer, so most comparisons touch no string; the synthetic id, which usually starts with
  // the category id, is compared without that shared prefix. Only full ties read the risks.
  std::vector<std::string_view> categories;
  for (const Risk& r : risks) {
    // Risks come grouped by rule, so skipping repeats keeps this list short.
    if (categories.empty() || categories.back() != r.category) categories.push_back(r.category);
  }
  std::sort(categories.begin(), categories.end());
  categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
  struct Key {
    uint64_t prefix;       // higher sorts first
    std::string_view sid;  // the synthetic id, without the category id when it starts with it
    uint32_t index;
    bool cut;  // whether `sid` is cut
  };
  std::vector<Key> keys(risks.size());
  for (size_t i = 0; i < risks.size(); ++i) {
    const Risk& r = risks[i];
    auto rank = static_cast<uint64_t>(
        std::lower_bound(categories.begin(), categories.end(), std::string_view(r.category)) -
        categories.begin());
    Key& k = keys[i];
    k.prefix = (static_cast<uint64_t>(r.severity) << 56) | (static_cast<uint64_t>(r.impact) << 48) |
               (static_cast<uint64_t>(r.likelihood) << 40) | (0xFFFFFFFFull - rank);
    k.sid = r.synthetic_id;
    k.cut = k.sid.starts_with(r.category);
    if (k.cut) k.sid.remove_prefix(r.category.size());
    k.index = static_cast<uint32_t>(i);
  }
  auto rest = [](const Risk& r) {
    return std::tie(r.title, r.component, r.flow, r.data_asset, r.boundary, r.shared_runtime);
  };
  auto less = [&](const Key& x, const Key& y) {
    if (x.prefix != y.prefix) return x.prefix > y.prefix;
    // Same category: when both ids start with it, comparing what follows is comparing the ids.
    const std::vector<Risk>& all = risks;
    int sid = x.cut == y.cut
                  ? x.sid.compare(y.sid)
                  : std::string_view(all[x.index].synthetic_id).compare(all[y.index].synthetic_id);
    if (sid != 0) return sid < 0;
    return rest(all[x.index]) < rest(all[y.index]);
  };
  // Two halves sorted on two threads and merged (the left half first among equals): the same
  // order as one stable sort.
  const size_t half = keys.size() / 2;
  if (keys.size() >= 20000 && Workers(2) > 1) {
    std::thread left([&] { std::stable_sort(keys.begin(), keys.begin() + half, less); });
    std::stable_sort(keys.begin() + half, keys.end(), less);
    left.join();
    std::vector<Key> merged(keys.size());
    std::merge(keys.begin(), keys.begin() + half, keys.begin() + half, keys.end(), merged.begin(),
               less);
    keys = std::move(merged);
  } else {
    std::stable_sort(keys.begin(), keys.end(), less);
  }
  std::vector<Risk> sorted;
  sorted.reserve(risks.size());
  for (const Key& k : keys) sorted.push_back(std::move(risks[k.index]));
  risks = std::move(sorted);
}

std::array<int, 5> CountBySeverity(const std::vector<Risk>& risks) {
  std::array<int, 5> counts = {};
  for (const Risk& r : risks) ++counts[static_cast<int>(r.severity)];
  return counts;
}

}  // namespace threatpath::engine
