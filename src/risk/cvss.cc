#include "risk/cvss.h"

#include "risk/cvss_parse.h"

namespace threatpath::risk {

namespace {

base::Result<CvssScore> ScoreV3(std::string_view text) {
  auto vector = Cvss3Vector::Parse(text);
  if (!vector) return std::move(vector).error();
  const Cvss3Scores scores = ScoreCvss3(*vector);
  CvssScore out;
  out.version = vector->version();
  out.base = scores.base;
  out.threat_or_temporal = scores.temporal;
  out.environmental = scores.environmental;
  out.overall = scores.environmental;
  out.severity = std::string(CvssSeverity(out.overall));
  out.normalized_vector = vector->ToString();
  return out;
}

base::Result<CvssScore> ScoreV4(std::string_view text, const Cvss4Tables* tables) {
  auto vector = Cvss4Vector::Parse(text);
  if (!vector) return std::move(vector).error();
  if (tables == nullptr) {
    return base::Error(base::Error::Code::kUnsupported,
                       "CVSS v4.0 scoring needs FIRST's tables: set THREATPATH_CVSS4_TABLES to "
                       "the path of cvss4_tables.json (see docs/cvss.md)");
  }
  auto base = ScoreCvss4(vector->BaseOnly(), *tables);
  if (!base) return std::move(base).error();
  auto threat = ScoreCvss4(vector->BaseAndThreat(), *tables);
  if (!threat) return std::move(threat).error();
  auto full = ScoreCvss4(*vector, *tables);
  if (!full) return std::move(full).error();
  CvssScore out;
  out.version = "4.0";
  out.base = base->score;
  out.threat_or_temporal = threat->score;
  out.environmental = full->score;
  out.overall = full->score;
  out.severity = std::string(CvssSeverity(out.overall));
  out.normalized_vector = vector->ToString();
  return out;
}

}  // namespace

base::Result<CvssScore> ScoreCvss(std::string_view vector, const Cvss4Tables* tables) {
  if (vector.starts_with("CVSS:3.1/") || vector.starts_with("CVSS:3.0/")) return ScoreV3(vector);
  if (vector.starts_with("CVSS:4.0/")) return ScoreV4(vector, tables);
  if (vector.starts_with("CVSS:")) {
    const std::string_view version = vector.substr(5, vector.find('/') - 5);
    return base::Error(base::Error::Code::kUnsupported,
                       "CVSS version " + internal::Quote(version) +
                           " is not supported (expected 3.0, 3.1 or 4.0)");
  }
  return internal::VectorError(
      1, "expected a vector starting with 'CVSS:3.1/', 'CVSS:3.0/' or 'CVSS:4.0/'");
}

}  // namespace threatpath::risk
