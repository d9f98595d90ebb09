#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "risk/cvss3.h"
#include "risk/cvss4.h"

namespace threatpath::risk {

/// The scores of one CVSS vector, whatever its version.
struct CvssScore {
  std::string version;  // "3.0", "3.1" or "4.0"
  double base = 0;      // v3: base score; v4: CVSS-B (threat and environmental metrics ignored)
  /// v3: temporal score (= base when no temporal metric is given);
  /// v4: CVSS-BT (environmental metrics ignored; = CVSS-B when E is not given).
  double threat_or_temporal = 0;
  /// v3: environmental score (= temporal when no environmental metric is given);
  /// v4: CVSS-BTE, the whole vector (= CVSS-BT when no environmental metric is given).
  double environmental = 0;
  /// The score the vector as written stands for (v3: the environmental score; v4: CVSS-BTE).
  double overall = 0;
  std::string severity;           // rating of `overall`: None, Low, Medium, High or Critical
  std::string normalized_vector;  // canonical metric order, X metrics dropped
};

/// Scores a vector, dispatching on its prefix: "CVSS:3.1/" and "CVSS:3.0/" always work;
/// "CVSS:4.0/" needs `tables` (kUnsupported when null: "CVSS v4.0 scoring needs FIRST's
/// tables: ..."). Malformed vectors are kInvalidInput naming the metric and its column; other
/// versions ("CVSS:2.0/") are kUnsupported.
base::Result<CvssScore> ScoreCvss(std::string_view vector, const Cvss4Tables* tables);

}  // namespace threatpath::risk
