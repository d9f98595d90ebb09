#include "server/analysis_cache.h"

#include <algorithm>

#include "app/load.h"
#include "diagram/diagram.h"
#include "engine/analyze.h"
#include "report/report.h"

namespace threatpath::server {

base::Result<std::string> RevisionView::Svg(const std::string& kind) const {
  {
    std::lock_guard lock(svg_mu_);
    if (auto it = svgs_.find(kind); it != svgs_.end()) return it->second;
  }
  std::string dot;
  if (kind == "dfd") {
    diagram::DfdOptions options;
    options.risks = analysis->result.risks;
    dot = diagram::DataFlowDot(analysis->model, options);
  } else if (kind == "data") {
    dot = diagram::DataAssetDot(analysis->model);
  } else {
    return base::Error::InvalidInput("query parameter 'kind' must be dfd or data, not '" + kind +
                                     "'")
        .WithField("kind");
  }
  auto svg = diagram::Render(dot, diagram::Format::kSvg);
  if (!svg) return std::move(svg).error();
  std::lock_guard lock(svg_mu_);
  return svgs_.emplace(kind, std::move(*svg)).first->second;
}

std::vector<std::string> FoldDecisions(core::Model& model,
                                       const std::vector<store::Decision>& decisions) {
  std::vector<std::string> replaced;
  for (const auto& d : decisions) {
    core::RiskTracking t;
    t.key = d.synthetic_id;
    t.status = core::Parse<core::RiskStatus>(d.status).value_or(core::RiskStatus::kUnchecked);
    t.justification = d.justification;
    t.ticket = d.ticket;
    t.date = d.date;
    t.owner = d.owner;
    auto it = std::find_if(model.risk_tracking.begin(), model.risk_tracking.end(),
                           [&](const core::RiskTracking& e) { return e.key == d.synthetic_id; });
    if (it == model.risk_tracking.end()) {
      model.risk_tracking.push_back(std::move(t));
      continue;
    }
    t.checked_by = it->checked_by;
    t.loc = it->loc;
    if (it->status != t.status || it->justification != t.justification || it->ticket != t.ticket ||
        it->owner != t.owner) {
      replaced.push_back(d.synthetic_id);
    }
    *it = std::move(t);
  }
  return replaced;
}

base::Result<std::shared_ptr<RevisionView>> AnalyzeRevision(
    const store::Revision& revision, const std::vector<store::Decision>& decisions) {
  app::LoadOptions lo;
  lo.allow_includes = false;
  std::string name = "model-" + std::to_string(revision.model_id) + "-r" +
                     std::to_string(revision.number) + ".yaml";
  auto loaded = app::LoadModelText(revision.document, name, lo);
  if (!loaded) return std::move(loaded).error();
  FoldDecisions(loaded->model, decisions);
  auto view = std::make_shared<RevisionView>();
  view->analysis = app::Analyze(std::move(*loaded), catalog::Catalog::Builtin());
  const app::Analysis& a = *view->analysis;
  report::AnalysisBundle bundle{a.model, a.result, a.paths, a.prompts, *a.catalog};
  view->risks_json = report::RisksJson(bundle);
  view->stats_json = report::StatsJson(bundle);
  view->paths_json = report::AttackPathsJson(bundle);
  view->assets_json = report::TechnicalAssetsJson(bundle);
  view->by_severity = engine::CountBySeverity(a.result.risks);
  for (const auto& r : a.result.risks) {
    if (app::CountsAsOpen(r.status, false)) ++view->open_risks;
  }
  return view;
}

base::Result<AnalysisCache::View> AnalysisCache::Get(
    const std::string& key,
    const std::function<base::Result<std::shared_ptr<RevisionView>>()>& compute) {
  std::promise<base::Result<View>> promise;
  Slot slot;
  bool owner = false;
  {
    std::lock_guard lock(mu_);
    if (auto it = slots_.find(key); it != slots_.end()) {
      ++hits_;
      slot = it->second;
      lru_.remove(key);
      lru_.push_front(key);
    } else {
      ++misses_;
      owner = true;
      slot = promise.get_future().share();
      slots_.emplace(key, slot);
      lru_.push_front(key);
      while (lru_.size() > capacity_) {
        slots_.erase(lru_.back());
        lru_.pop_back();
      }
    }
  }
  if (owner) {
    auto computed = compute();
    if (computed) {
      promise.set_value(View(std::move(*computed)));
    } else {
      promise.set_value(std::move(computed).error());
      std::lock_guard lock(mu_);  // failures are not cached
      if (auto it = slots_.find(key); it != slots_.end()) {
        slots_.erase(it);
        lru_.remove(key);
      }
    }
  }
  return slot.get();
}

std::string AnalysisCache::MetricsText() const {
  std::lock_guard lock(mu_);
  return "# HELP threatpath_analysis_cache_entries Revision analyses held in memory.\n"
         "# TYPE threatpath_analysis_cache_entries gauge\n"
         "threatpath_analysis_cache_entries " +
         std::to_string(slots_.size()) +
         "\n# HELP threatpath_analysis_cache_lookups_total Cache lookups by outcome.\n"
         "# TYPE threatpath_analysis_cache_lookups_total counter\n"
         "threatpath_analysis_cache_lookups_total{result=\"hit\"} " +
         std::to_string(hits_) + "\nthreatpath_analysis_cache_lookups_total{result=\"miss\"} " +
         std::to_string(misses_) + "\n";
}

}  // namespace threatpath::server
