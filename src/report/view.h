#pragma once

// Internal to src/report: what every writer needs to know about a risk beyond engine::Risk.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/source_location.h"
#include "engine/risk.h"
#include "report/report.h"

namespace threatpath::report::internal {

/// One risk with its category's metadata, the location of its most relevant element and an
/// explanation sentence.
struct RiskView {
  const engine::Risk* risk = nullptr;
  const engine::RuleInfo* info = nullptr;  // never null
  base::SourceLocation location;           // line 0 when unknown
  std::string explanation;
};

/// Resolves categories and element ids of a bundle once, for all writers. Built in
/// O(elements + risks); holds references into the bundle.
class ReportView {
 public:
  explicit ReportView(const AnalysisBundle& bundle);
  ReportView(const ReportView&) = delete;
  ReportView& operator=(const ReportView&) = delete;

  const AnalysisBundle& bundle() const { return bundle_; }
  const core::Model& model() const { return bundle_.model; }
  /// In the engine's order.
  const std::vector<RiskView>& risks() const { return risks_; }

  /// The metadata of a built-in rule or custom category; a stand-in (title = id) when unknown.
  const engine::RuleInfo& Info(const std::string& category) const;

  /// "Title" of the element with this id (any kind), or the id itself when it has no title or
  /// does not resolve.
  std::string Name(std::string_view id) const;

 private:
  struct ElementRef {
    const core::Element* element;
    char kind;  // 'c'omponent, 'f'low, 'b'oundary, 'r'untime, 'd'ata asset
  };
  const ElementRef* Find(std::string_view id) const;
  base::SourceLocation LocationOf(const engine::Risk& risk) const;
  std::string Explain(const engine::Risk& risk, const engine::RuleInfo& info) const;

  const AnalysisBundle& bundle_;
  std::unordered_map<std::string_view, ElementRef> elements_;
  std::unordered_map<std::string, const engine::RuleInfo*> infos_;
  std::vector<std::unique_ptr<engine::RuleInfo>> unknown_infos_;
  std::vector<RiskView> risks_;
};

/// Replaces invalid UTF-8 sequences with U+FFFD.
std::string ValidUtf8(std::string_view s);

/// Number of code points in valid UTF-8.
size_t Utf8Length(std::string_view s);

/// The first `n` code points of valid UTF-8.
std::string Utf8Prefix(std::string_view s, size_t n);

/// The columns of risks.csv and risks.xlsx, and one risk's cells.
const std::vector<std::string_view>& TableColumns();
std::vector<std::string> TableRow(const RiskView& view);

}  // namespace threatpath::report::internal
