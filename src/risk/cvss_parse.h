#pragma once

// Internal to risk: the vector-string grammar shared by CVSS v3.x and v4.0. Not for other modules.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace threatpath::risk::internal {

/// One metric a vector may contain. `values` lists the accepted abbreviations; for optional
/// metrics the first one is "X" (Not Defined), which is what an absent metric reads as.
struct MetricSpec {
  std::string_view name;
  std::vector<std::string_view> values;
  bool required = false;
};

/// Splits `vector` (whose first `prefix_len` characters, "CVSS:3.1/" and the like, the caller
/// has checked) into NAME:VALUE pairs and checks each against `specs`. Returns, per spec, the
/// chosen value as a view into the spec's own storage ("X" when an optional metric is absent).
/// Errors are kInvalidInput and name the metric and its column (1-based, in `vector`): empty
/// component, missing ':', unknown metric, duplicate metric, bad value, missing required metric.
base::Result<std::vector<std::string_view>> ParseMetrics(std::string_view vector, size_t prefix_len,
                                                         std::span<const MetricSpec> specs);

/// "invalid CVSS vector at column N: message", as kInvalidInput.
base::Error VectorError(size_t column, const std::string& message);

/// `text` quoted for an error message: at most 24 characters, control bytes as '?'.
std::string Quote(std::string_view text);

}  // namespace threatpath::risk::internal
