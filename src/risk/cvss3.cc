#include "risk/cvss3.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "risk/cvss_parse.h"

namespace threatpath::risk {

namespace {

using internal::MetricSpec;

const std::vector<MetricSpec>& Specs() {
  static const std::vector<MetricSpec> specs = {
      {"AV", {"N", "A", "L", "P"}, true},
      {"AC", {"L", "H"}, true},
      {"PR", {"N", "L", "H"}, true},
      {"UI", {"N", "R"}, true},
      {"S", {"U", "C"}, true},
      {"C", {"H", "L", "N"}, true},
      {"I", {"H", "L", "N"}, true},
      {"A", {"H", "L", "N"}, true},
      {"E", {"X", "H", "F", "P", "U"}},
      {"RL", {"X", "U", "W", "T", "O"}},
      {"RC", {"X", "C", "R", "U"}},
      {"CR", {"X", "H", "M", "L"}},
      {"IR", {"X", "H", "M", "L"}},
      {"AR", {"X", "H", "M", "L"}},
      {"MAV", {"X", "N", "A", "L", "P"}},
      {"MAC", {"X", "L", "H"}},
      {"MPR", {"X", "N", "L", "H"}},
      {"MUI", {"X", "N", "R"}},
      {"MS", {"X", "U", "C"}},
      {"MC", {"X", "H", "L", "N"}},
      {"MI", {"X", "H", "L", "N"}},
      {"MA", {"X", "H", "L", "N"}},
  };
  return specs;
}

constexpr size_t kFirstTemporal = static_cast<size_t>(Cvss3Metric::kE);
constexpr size_t kFirstEnvironmental = static_cast<size_t>(Cvss3Metric::kCR);

double AttackVector(char v) {
  switch (v) {
    case 'N':
      return 0.85;
    case 'A':
      return 0.62;
    case 'L':
      return 0.55;
    default:
      return 0.2;  // P
  }
}
double AttackComplexity(char v) { return v == 'L' ? 0.77 : 0.44; }
double PrivilegesRequired(char v, bool scope_changed) {
  switch (v) {
    case 'N':
      return 0.85;
    case 'L':
      return scope_changed ? 0.68 : 0.62;
    default:
      return scope_changed ? 0.5 : 0.27;  // H
  }
}
double UserInteraction(char v) { return v == 'N' ? 0.85 : 0.62; }
double CiaImpact(char v) {
  switch (v) {
    case 'H':
      return 0.56;
    case 'L':
      return 0.22;
    default:
      return 0;  // N
  }
}
double ExploitCodeMaturity(char v) {
  switch (v) {
    case 'F':
      return 0.97;
    case 'P':
      return 0.94;
    case 'U':
      return 0.91;
    default:
      return 1;  // X, H
  }
}
double RemediationLevel(char v) {
  switch (v) {
    case 'W':
      return 0.97;
    case 'T':
      return 0.96;
    case 'O':
      return 0.95;
    default:
      return 1;  // X, U
  }
}
double ReportConfidence(char v) {
  switch (v) {
    case 'R':
      return 0.96;
    case 'U':
      return 0.92;
    default:
      return 1;  // X, C
  }
}
double Requirement(char v) {
  switch (v) {
    case 'H':
      return 1.5;
    case 'L':
      return 0.5;
    default:
      return 1;  // X, M
  }
}

}  // namespace

base::Result<Cvss3Vector> Cvss3Vector::Parse(std::string_view vector) {
  std::string version;
  if (vector.starts_with("CVSS:3.1/")) {
    version = "3.1";
  } else if (vector.starts_with("CVSS:3.0/")) {
    version = "3.0";
  } else {
    return internal::VectorError(1, "expected the prefix 'CVSS:3.1/' or 'CVSS:3.0/'");
  }
  auto values = internal::ParseMetrics(vector, 9, Specs());
  if (!values) return std::move(values).error();
  Cvss3Vector out;
  out.version_ = std::move(version);
  for (size_t i = 0; i < kCvss3MetricCount; ++i) out.values_[i] = (*values)[i].front();
  return out;
}

bool Cvss3Vector::HasTemporal() const {
  return std::any_of(values_.begin() + kFirstTemporal, values_.begin() + kFirstEnvironmental,
                     [](char v) { return v != 'X'; });
}

bool Cvss3Vector::HasEnvironmental() const {
  return std::any_of(values_.begin() + kFirstEnvironmental, values_.end(),
                     [](char v) { return v != 'X'; });
}

std::string Cvss3Vector::ToString() const {
  std::string out = "CVSS:" + version_;
  for (size_t i = 0; i < kCvss3MetricCount; ++i) {
    if (values_[i] == 'X') continue;
    out += '/';
    out += Specs()[i].name;
    out += ':';
    out += values_[i];
  }
  return out;
}

double Roundup(double value) {
  const auto int_input = static_cast<int64_t>(std::llround(value * 100000.0));
  if (int_input % 10000 == 0) return static_cast<double>(int_input) / 100000.0;
  return static_cast<double>(int_input / 10000 + 1) / 10.0;
}

std::string_view CvssSeverity(double score) {
  if (score <= 0) return "None";
  if (score < 4.0) return "Low";
  if (score < 7.0) return "Medium";
  if (score < 9.0) return "High";
  return "Critical";
}

Cvss3Scores ScoreCvss3(const Cvss3Vector& v) {
  using M = Cvss3Metric;
  Cvss3Scores out;

  // Base (section 7.1).
  const bool changed = v.Get(M::kS) == 'C';
  const double iss = 1 - (1 - CiaImpact(v.Get(M::kC))) * (1 - CiaImpact(v.Get(M::kI))) *
                             (1 - CiaImpact(v.Get(M::kA)));
  out.impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  out.exploitability = 8.22 * AttackVector(v.Get(M::kAV)) * AttackComplexity(v.Get(M::kAC)) *
                       PrivilegesRequired(v.Get(M::kPR), changed) * UserInteraction(v.Get(M::kUI));
  if (out.impact <= 0) {
    out.base = 0;
  } else if (changed) {
    out.base = Roundup(std::min(1.08 * (out.impact + out.exploitability), 10.0));
  } else {
    out.base = Roundup(std::min(out.impact + out.exploitability, 10.0));
  }

  // Temporal (section 7.2).
  const double temporal_factor = ExploitCodeMaturity(v.Get(M::kE)) *
                                 RemediationLevel(v.Get(M::kRL)) * ReportConfidence(v.Get(M::kRC));
  out.temporal = Roundup(out.base * temporal_factor);
  if (!v.HasEnvironmental()) {
    out.environmental = out.temporal;
    return out;
  }

  // Environmental (section 7.3): each modified metric falls back to its base metric when X.
  auto modified = [&v](M modified_metric, M base_metric) {
    const char m = v.Get(modified_metric);
    return m == 'X' ? v.Get(base_metric) : m;
  };
  const bool m_changed = modified(M::kMS, M::kS) == 'C';
  const double miss =
      std::min(1 - (1 - Requirement(v.Get(M::kCR)) * CiaImpact(modified(M::kMC, M::kC))) *
                       (1 - Requirement(v.Get(M::kIR)) * CiaImpact(modified(M::kMI, M::kI))) *
                       (1 - Requirement(v.Get(M::kAR)) * CiaImpact(modified(M::kMA, M::kA))),
               0.915);
  double m_impact;
  if (!m_changed) {
    m_impact = 6.42 * miss;
  } else if (v.version() == "3.0") {
    m_impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss - 0.02, 15);
  } else {
    m_impact = 7.52 * (miss - 0.029) - 3.25 * std::pow(miss * 0.9731 - 0.02, 13);
  }
  const double m_exploitability = 8.22 * AttackVector(modified(M::kMAV, M::kAV)) *
                                  AttackComplexity(modified(M::kMAC, M::kAC)) *
                                  PrivilegesRequired(modified(M::kMPR, M::kPR), m_changed) *
                                  UserInteraction(modified(M::kMUI, M::kUI));
  if (m_impact <= 0) {
    out.environmental = 0;
  } else if (m_changed) {
    out.environmental =
        Roundup(Roundup(std::min(1.08 * (m_impact + m_exploitability), 10.0)) * temporal_factor);
  } else {
    out.environmental =
        Roundup(Roundup(std::min(m_impact + m_exploitability, 10.0)) * temporal_factor);
  }
  return out;
}

}  // namespace threatpath::risk
