#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace threatpath::risk {

/// The metrics of a CVSS v4.0 vector, in the order of the specification's vector-string table.
enum class Cvss4Metric {
  // Base (all required).
  kAV,
  kAC,
  kAT,
  kPR,
  kUI,
  kVC,
  kVI,
  kVA,
  kSC,
  kSI,
  kSA,
  // Threat.
  kE,
  // Environmental.
  kCR,
  kIR,
  kAR,
  kMAV,
  kMAC,
  kMAT,
  kMPR,
  kMUI,
  kMVC,
  kMVI,
  kMVA,
  kMSC,
  kMSI,
  kMSA,
  // Supplemental (never change the score).
  kS,
  kAU,
  kR,
  kV,
  kRE,
  kU,
};
inline constexpr size_t kCvss4MetricCount = 32;

/// A parsed CVSS v4.0 vector. Optional metrics that were not given hold "X".
class Cvss4Vector {
 public:
  /// Parses "CVSS:4.0/AV:N/AC:L/AT:N/...". Metrics may come in any order; the eleven base
  /// metrics are required. Errors are kInvalidInput naming the metric and its column.
  static base::Result<Cvss4Vector> Parse(std::string_view vector);

  std::string_view Get(Cvss4Metric metric) const { return values_[static_cast<size_t>(metric)]; }
  bool HasThreat() const;
  bool HasEnvironmental() const;

  /// The same vector with the threat metric, or the threat and environmental metrics, reset to
  /// X: scoring these gives CVSS-B and CVSS-BT (supplemental metrics are kept).
  Cvss4Vector BaseOnly() const;
  Cvss4Vector BaseAndThreat() const;

  /// The vector in the specification's order, without metrics that are X.
  std::string ToString() const;

 private:
  std::array<std::string_view, kCvss4MetricCount> values_{};
};

/// FIRST's data tables for v4.0 scoring (cvss4_tables.json: MacroVector scores, the
/// highest-severity vectors of each EQ level, and the depth of each level). They are third-party
/// data and are loaded at run time, never compiled in; docs/cvss.md says where they are looked for.
class Cvss4Tables {
 public:
  /// Reads and checks the JSON text. `name` is used in error messages.
  static base::Result<Cvss4Tables> Parse(std::string_view json_text, std::string_view name);
  /// Reads the file at `path` (kNotFound / kIo when it cannot be read).
  static base::Result<Cvss4Tables> Load(const std::string& path);

  /// Where Default() looks, in order: $THREATPATH_CVSS4_TABLES (when set),
  /// <dir of the executable>/../share/threatpath/cvss4_tables.json,
  /// ../shared/fixtures/cvss4/cvss4_tables.json relative to the current directory, and the
  /// same relative to the source tree this library was built from.
  static std::vector<std::string> DefaultSearchPaths();
  /// The tables from the first of DefaultSearchPaths() that exists, loaded once per process.
  /// kUnsupported (naming the paths tried) when there is none; the load error when the file found
  /// is malformed.
  static base::Result<const Cvss4Tables*> Default();

  /// Where these tables were read from.
  const std::string& source() const { return source_; }

 private:
  friend class Cvss4Scorer;
  // A highest-severity fragment ("AV:N/PR:N/UI:N/"): a distance level per metric, -1 when the
  // fragment does not set it. Indexes follow kDistanceMetrics in cvss4.cc.
  using Fragment = std::array<int, 14>;

  std::string source_;
  std::map<int, double> scores_;  // key: the MacroVector as a six-digit decimal number
  std::array<std::vector<Fragment>, 3> eq1_max_;
  std::array<std::vector<Fragment>, 2> eq2_max_;
  std::array<std::array<std::vector<Fragment>, 2>, 3> eq3eq6_max_;
  std::array<std::vector<Fragment>, 3> eq4_max_;
  std::array<int, 3> eq1_depth_{};
  std::array<int, 2> eq2_depth_{};
  std::array<std::array<int, 2>, 3> eq3eq6_depth_{};
  std::array<int, 3> eq4_depth_{};
};

/// The score of a v4.0 vector and how it was reached.
struct Cvss4Result {
  double score = 0;
  std::string macro_vector;  // "EQ1 EQ2 EQ3 EQ4 EQ5 EQ6" as six digits, e.g. "000200"
};

/// Scores `vector` with FIRST's v4.0 algorithm (specification section 8): MacroVector from the
/// equivalence sets EQ1-EQ6, its score from the tables, minus the mean proportional severity
/// distance to the next lower MacroVectors, rounded to one decimal. Threat and environmental
/// metrics given in the vector are applied (X means E:A and CR/IR/AR:H, per the spec).
/// kInvalidInput only when the tables lack an entry the vector needs.
base::Result<Cvss4Result> ScoreCvss4(const Cvss4Vector& vector, const Cvss4Tables& tables);

}  // namespace threatpath::risk
