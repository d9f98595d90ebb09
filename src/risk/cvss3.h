#pragma once

#include <array>
#include <string>
#include <string_view>

#include "base/result.h"

namespace threatpath::risk {

/// The metrics of a CVSS v3.x vector, in the order of the specification's table 15.
enum class Cvss3Metric {
  // Base (all required).
  kAV,
  kAC,
  kPR,
  kUI,
  kS,
  kC,
  kI,
  kA,
  // Temporal (optional).
  kE,
  kRL,
  kRC,
  // Environmental (optional).
  kCR,
  kIR,
  kAR,
  kMAV,
  kMAC,
  kMPR,
  kMUI,
  kMS,
  kMC,
  kMI,
  kMA,
};
inline constexpr size_t kCvss3MetricCount = 22;

/// A parsed CVSS v3.0 or v3.1 vector. Every metric holds its one-letter value; optional metrics
/// that were not given (or were given as X) hold 'X'.
class Cvss3Vector {
 public:
  /// Parses "CVSS:3.1/AV:N/AC:L/..." (or "CVSS:3.0/..."). Metrics may come in any order; the
  /// eight base metrics are required. Errors are kInvalidInput naming the metric and its column.
  static base::Result<Cvss3Vector> Parse(std::string_view vector);

  /// "3.0" or "3.1".
  const std::string& version() const { return version_; }
  char Get(Cvss3Metric metric) const { return values_[static_cast<size_t>(metric)]; }
  bool HasTemporal() const;
  bool HasEnvironmental() const;

  /// The vector in the specification's order, without metrics that are X.
  std::string ToString() const;

 private:
  std::string version_;
  std::array<char, kCvss3MetricCount> values_{};
};

/// Scores per the specification of the vector's version. `temporal` equals `base` when no
/// temporal metric is given; `environmental` equals `temporal` when no environmental metric is
/// given. `impact` and `exploitability` are the base sub-scores, unrounded.
struct Cvss3Scores {
  double base = 0;
  double temporal = 0;
  double environmental = 0;
  double impact = 0;
  double exploitability = 0;
};

/// Base, temporal and environmental scores (CVSS v3.1 specification, section 7; for "3.0"
/// vectors the v3.0 modified-impact formula for a changed scope).
Cvss3Scores ScoreCvss3(const Cvss3Vector& vector);

/// Appendix A's Roundup: the smallest number with one decimal that is >= `value`, computed on
/// integers so that 4.000000000000001 gives 4.0 rather than 4.1.
double Roundup(double value);

/// The qualitative rating of a score (table 14, same for v3.x and v4.0): "None" (0.0), "Low",
/// "Medium", "High" or "Critical".
std::string_view CvssSeverity(double score);

}  // namespace threatpath::risk
