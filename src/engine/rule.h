#pragma once

#include <string_view>
#include <vector>

#include "engine/context.h"
#include "engine/risk.h"

namespace threatpath::engine {

/// A built-in risk rule: static metadata plus a pure function from the analysis context to the
/// risks it finds. Rules keep no state, so one instance serves every analysis and thread.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& Info() const = 0;
  /// Risks found in the model, with category, severity, titles and synthetic ids filled in and
  /// status left unchecked (risk tracking is applied afterwards).
  virtual std::vector<Risk> Generate(const AnalysisContext& ctx) const = 0;
};

/// The built-in rules in a fixed order (the order Threagile 0.9.x runs them in).
const std::vector<const Rule*>& BuiltinRules();

/// The built-in rule with this id, or nullptr.
const Rule* FindRule(std::string_view id);

}  // namespace threatpath::engine
