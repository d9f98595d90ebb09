#pragma once

#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/analysis.h"
#include "base/result.h"
#include "store/store.h"

// Analyses of stored revisions, kept in memory. A revision never changes, so its analysis is
// computed once; the latest revision's view also depends on the model's risk-tracking decisions,
// so its key includes the decisions_version. Concurrent requests for the same key wait for one
// computation (single flight).
namespace threatpath::server {

/// A revision as analysed, with the JSON outputs rendered once.
struct RevisionView {
  std::unique_ptr<app::Analysis> analysis;
  std::string risks_json;
  std::string stats_json;
  std::string paths_json;
  std::string assets_json;
  std::array<int, 5> by_severity{};  // indexed by core::RiskSeverity
  int open_risks = 0;

  /// The data-flow ("dfd") or data-asset ("data") diagram as SVG, rendered on first use.
  base::Result<std::string> Svg(const std::string& kind) const;

 private:
  mutable std::mutex svg_mu_;
  mutable std::map<std::string, std::string> svgs_;
};

/// Reads, validates and analyses a stored revision document, with `decisions` applied as risk
/// tracking (pass none for old revisions).
base::Result<std::shared_ptr<RevisionView>> AnalyzeRevision(
    const store::Revision& revision, const std::vector<store::Decision>& decisions);

/// Applies API decisions to a model's risk tracking: an entry with the decision's synthetic id
/// is replaced, otherwise one is added. Returns the keys whose uploaded entries differed.
std::vector<std::string> FoldDecisions(core::Model& model,
                                       const std::vector<store::Decision>& decisions);

class AnalysisCache {
 public:
  using View = std::shared_ptr<const RevisionView>;
  explicit AnalysisCache(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  base::Result<View> Get(
      const std::string& key,
      const std::function<base::Result<std::shared_ptr<RevisionView>>()>& compute);
  std::string MetricsText() const;

 private:
  using Slot = std::shared_future<base::Result<View>>;
  mutable std::mutex mu_;
  size_t capacity_;
  std::map<std::string, Slot> slots_;
  std::list<std::string> lru_;  // most recent at the front
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace threatpath::server
