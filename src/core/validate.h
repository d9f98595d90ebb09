#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/error.h"
#include "core/model.h"

namespace threatpath::core {

struct ValidateOptions {
  /// Ids of the known technologies. Empty means "do not check technologies".
  std::vector<std::string> technologies;
  /// Check tags against `tags_available` when the model declares any (Threagile does).
  bool check_tags = true;
  /// Stop collecting after this many errors.
  size_t max_errors = 50;
};

/// Checks the model's invariants: ids present, well-formed and unique across every kind of
/// element (within each kind in a model from Threagile, which keeps one id space per kind); every
/// reference resolves to an element of the right kind; trust-boundary nesting is acyclic and a
/// boundary is nested in at most one parent; a component sits directly in at most one boundary;
/// flows do not start and end at the same component; tags are declared. Returns every problem found
/// (up to `max_errors`), in file order; an empty list means valid.
std::vector<base::Diagnostic> Validate(const Model& model, const ValidateOptions& options = {});

}  // namespace threatpath::core
