#include "risk/cvss4.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "risk/cvss_parse.h"

#ifndef TP_RISK_SOURCE_DIR
#define TP_RISK_SOURCE_DIR ""
#endif

namespace threatpath::risk {

namespace {

using internal::MetricSpec;
using M = Cvss4Metric;

const std::vector<MetricSpec>& Specs() {
  static const std::vector<MetricSpec> specs = {
      {"AV", {"N", "A", "L", "P"}, true},
      {"AC", {"L", "H"}, true},
      {"AT", {"N", "P"}, true},
      {"PR", {"N", "L", "H"}, true},
      {"UI", {"N", "P", "A"}, true},
      {"VC", {"H", "L", "N"}, true},
      {"VI", {"H", "L", "N"}, true},
      {"VA", {"H", "L", "N"}, true},
      {"SC", {"H", "L", "N"}, true},
      {"SI", {"H", "L", "N"}, true},
      {"SA", {"H", "L", "N"}, true},
      {"E", {"X", "A", "P", "U"}},
      {"CR", {"X", "H", "M", "L"}},
      {"IR", {"X", "H", "M", "L"}},
      {"AR", {"X", "H", "M", "L"}},
      {"MAV", {"X", "N", "A", "L", "P"}},
      {"MAC", {"X", "L", "H"}},
      {"MAT", {"X", "N", "P"}},
      {"MPR", {"X", "N", "L", "H"}},
      {"MUI", {"X", "N", "P", "A"}},
      {"MVC", {"X", "H", "L", "N"}},
      {"MVI", {"X", "H", "L", "N"}},
      {"MVA", {"X", "H", "L", "N"}},
      {"MSC", {"X", "H", "L", "N"}},
      {"MSI", {"X", "S", "H", "L", "N"}},
      {"MSA", {"X", "S", "H", "L", "N"}},
      {"S", {"X", "N", "P"}},
      {"AU", {"X", "N", "Y"}},
      {"R", {"X", "A", "U", "I"}},
      {"V", {"X", "D", "C"}},
      {"RE", {"X", "L", "M", "H"}},
      {"U", {"X", "Clear", "Green", "Amber", "Red"}},
  };
  return specs;
}

constexpr size_t Index(M m) { return static_cast<size_t>(m); }

// The metrics whose severity distance the interpolation measures, with their levels in tenths
// (section 8.3: the lower the level, the more severe the value).
struct DistanceMetric {
  std::string_view name;
  std::vector<std::pair<std::string_view, int>> levels;
};
const std::array<DistanceMetric, 14>& DistanceMetrics() {
  static const std::array<DistanceMetric, 14> metrics = {{
      {"AV", {{"N", 0}, {"A", 1}, {"L", 2}, {"P", 3}}},
      {"PR", {{"N", 0}, {"L", 1}, {"H", 2}}},
      {"UI", {{"N", 0}, {"P", 1}, {"A", 2}}},
      {"AC", {{"L", 0}, {"H", 1}}},
      {"AT", {{"N", 0}, {"P", 1}}},
      {"VC", {{"H", 0}, {"L", 1}, {"N", 2}}},
      {"VI", {{"H", 0}, {"L", 1}, {"N", 2}}},
      {"VA", {{"H", 0}, {"L", 1}, {"N", 2}}},
      {"SC", {{"H", 1}, {"L", 2}, {"N", 3}}},
      {"SI", {{"S", 0}, {"H", 1}, {"L", 2}, {"N", 3}}},
      {"SA", {{"S", 0}, {"H", 1}, {"L", 2}, {"N", 3}}},
      {"CR", {{"H", 0}, {"M", 1}, {"L", 2}}},
      {"IR", {{"H", 0}, {"M", 1}, {"L", 2}}},
      {"AR", {{"H", 0}, {"M", 1}, {"L", 2}}},
  }};
  return metrics;
}
// Which of DistanceMetrics() each EQ's fragments set.
constexpr std::array<size_t, 3> kEq1Metrics = {0, 1, 2};
constexpr std::array<size_t, 2> kEq2Metrics = {3, 4};
constexpr std::array<size_t, 6> kEq3Eq6Metrics = {5, 6, 7, 11, 12, 13};
constexpr std::array<size_t, 3> kEq4Metrics = {8, 9, 10};

std::optional<int> Level(size_t distance_metric, std::string_view value) {
  for (const auto& [v, level] : DistanceMetrics()[distance_metric].levels) {
    if (v == value) return level;
  }
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Vector

base::Result<Cvss4Vector> Cvss4Vector::Parse(std::string_view vector) {
  if (!vector.starts_with("CVSS:4.0/")) {
    return internal::VectorError(1, "expected the prefix 'CVSS:4.0/'");
  }
  auto values = internal::ParseMetrics(vector, 9, Specs());
  if (!values) return std::move(values).error();
  Cvss4Vector out;
  std::copy(values->begin(), values->end(), out.values_.begin());
  return out;
}

bool Cvss4Vector::HasThreat() const { return Get(M::kE) != "X"; }

bool Cvss4Vector::HasEnvironmental() const {
  return std::any_of(values_.begin() + Index(M::kCR), values_.begin() + Index(M::kS),
                     [](std::string_view v) { return v != "X"; });
}

Cvss4Vector Cvss4Vector::BaseAndThreat() const {
  Cvss4Vector out = *this;
  std::fill(out.values_.begin() + Index(M::kCR), out.values_.begin() + Index(M::kS), "X");
  return out;
}

Cvss4Vector Cvss4Vector::BaseOnly() const {
  Cvss4Vector out = BaseAndThreat();
  out.values_[Index(M::kE)] = "X";
  return out;
}

std::string Cvss4Vector::ToString() const {
  std::string out = "CVSS:4.0";
  for (size_t i = 0; i < kCvss4MetricCount; ++i) {
    if (values_[i] == "X") continue;
    out += '/';
    out += Specs()[i].name;
    out += ':';
    out += values_[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables

namespace {

using nlohmann::json;

base::Error TableError(std::string_view name, const std::string& where, const std::string& what) {
  return base::Error::InvalidInput(std::string(name) + ": " + where + ": " + what);
}

// Parses "AV:N/PR:N/UI:N/" into a fragment that must set exactly `metrics`.
template <size_t N>
base::Result<std::array<int, 14>> ParseFragment(std::string_view name, const std::string& where,
                                                const json& node,
                                                const std::array<size_t, N>& metrics) {
  if (!node.is_string()) return TableError(name, where, "expected a string");
  const std::string text = node.get<std::string>();
  std::array<int, 14> fragment;
  fragment.fill(-1);
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t slash = std::min(rest.find('/'), rest.size());
    const std::string_view part = rest.substr(0, slash);
    rest = rest.substr(std::min(slash + 1, rest.size()));
    if (part.empty()) continue;
    const size_t colon = part.find(':');
    const std::string_view metric = part.substr(0, std::min(colon, part.size()));
    const auto it = std::find_if(metrics.begin(), metrics.end(),
                                 [&](size_t m) { return DistanceMetrics()[m].name == metric; });
    if (colon == std::string_view::npos || it == metrics.end()) {
      return TableError(name, where, "unexpected " + internal::Quote(part));
    }
    const auto level = Level(*it, part.substr(colon + 1));
    if (!level || fragment[*it] != -1) {
      return TableError(name, where, "bad or repeated " + internal::Quote(part));
    }
    fragment[*it] = *level;
  }
  for (size_t m : metrics) {
    if (fragment[m] == -1) {
      return TableError(name, where, "does not set " + std::string(DistanceMetrics()[m].name));
    }
  }
  return fragment;
}

template <size_t N>
base::Status ParseFragments(std::string_view name, const json& root, const std::string& path,
                            const std::array<size_t, N>& metrics,
                            std::vector<std::array<int, 14>>* out) {
  const json* node = &root;
  std::string where = "max_composed";
  std::string_view rest = path;
  while (!rest.empty()) {
    const size_t dot = std::min(rest.find('.'), rest.size());
    const std::string key(rest.substr(0, dot));
    rest = rest.substr(std::min(dot + 1, rest.size()));
    where += "." + key;
    if (!node->is_object() || !node->contains(key)) return TableError(name, where, "missing");
    node = &(*node)[key];
  }
  if (!node->is_array() || node->empty()) {
    return TableError(name, where, "expected a non-empty array");
  }
  for (size_t i = 0; i < node->size(); ++i) {
    auto fragment = ParseFragment(name, where + "[" + std::to_string(i) + "]", (*node)[i], metrics);
    if (!fragment) return std::move(fragment).error();
    out->push_back(*fragment);
  }
  return base::OkStatus();
}

base::Result<int> ParseDepth(std::string_view name, const json& root, const std::string& path) {
  const json* node = &root;
  std::string where = "max_severity";
  std::string_view rest = path;
  while (!rest.empty()) {
    const size_t dot = std::min(rest.find('.'), rest.size());
    const std::string key(rest.substr(0, dot));
    rest = rest.substr(std::min(dot + 1, rest.size()));
    where += "." + key;
    if (!node->is_object() || !node->contains(key)) return TableError(name, where, "missing");
    node = &(*node)[key];
  }
  if (!node->is_number_integer() || node->get<int64_t>() <= 0 || node->get<int64_t>() > 100) {
    return TableError(name, where, "expected an integer from 1 to 100");
  }
  return static_cast<int>(node->get<int64_t>());
}

bool ValidMacroVector(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  return eq1 <= 2 && eq2 <= 1 && eq3 <= 2 && eq4 <= 2 && eq5 <= 2 && eq6 <= 1 &&
         !(eq3 == 2 && eq6 == 0);
}

int Key(const std::array<int, 6>& eq) {
  int key = 0;
  for (int digit : eq) key = key * 10 + digit;
  return key;
}

}  // namespace

base::Result<Cvss4Tables> Cvss4Tables::Parse(std::string_view json_text, std::string_view name) {
  const json root = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return base::Error::InvalidInput(std::string(name) + ": not a JSON object");
  }
  Cvss4Tables out;
  out.source_ = std::string(name);

  // macrovector_scores: exactly the 270 possible MacroVectors.
  if (!root.contains("macrovector_scores") || !root["macrovector_scores"].is_object()) {
    return TableError(name, "macrovector_scores", "missing or not an object");
  }
  for (const auto& [key, value] : root["macrovector_scores"].items()) {
    const std::string where = "macrovector_scores." + key;
    std::array<int, 6> eq{};
    bool ok = key.size() == 6;
    for (size_t i = 0; ok && i < 6; ++i) {
      ok = key[i] >= '0' && key[i] <= '9';
      if (ok) eq[i] = key[i] - '0';
    }
    if (!ok || !ValidMacroVector(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5])) {
      return TableError(name, where, "not a MacroVector");
    }
    if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 10) {
      return TableError(name, where, "expected a score from 0 to 10");
    }
    out.scores_[Key(eq)] = value.get<double>();
  }
  if (out.scores_.size() != 270) {
    return TableError(name, "macrovector_scores",
                      "expected 270 MacroVectors, found " + std::to_string(out.scores_.size()));
  }

  if (!root.contains("max_composed") || !root.contains("max_severity")) {
    return base::Error::InvalidInput(std::string(name) + ": missing max_composed or max_severity");
  }
  const json& composed = root["max_composed"];
  const json& severity = root["max_severity"];
  for (int l = 0; l < 3; ++l) {
    const std::string level = std::to_string(l);
    auto st = ParseFragments(name, composed, "eq1." + level, kEq1Metrics, &out.eq1_max_[l]);
    if (!st) return std::move(st).error();
    st = ParseFragments(name, composed, "eq4." + level, kEq4Metrics, &out.eq4_max_[l]);
    if (!st) return std::move(st).error();
    auto depth = ParseDepth(name, severity, "eq1." + level);
    if (!depth) return std::move(depth).error();
    out.eq1_depth_[l] = *depth;
    depth = ParseDepth(name, severity, "eq4." + level);
    if (!depth) return std::move(depth).error();
    out.eq4_depth_[l] = *depth;
    if (l < 2) {
      st = ParseFragments(name, composed, "eq2." + level, kEq2Metrics, &out.eq2_max_[l]);
      if (!st) return std::move(st).error();
      depth = ParseDepth(name, severity, "eq2." + level);
      if (!depth) return std::move(depth).error();
      out.eq2_depth_[l] = *depth;
    }
    for (int l6 = 0; l6 < 2; ++l6) {
      if (l == 2 && l6 == 0) continue;
      const std::string key = level + "." + std::to_string(l6);
      st = ParseFragments(name, composed, "eq3." + key, kEq3Eq6Metrics, &out.eq3eq6_max_[l][l6]);
      if (!st) return std::move(st).error();
      depth = ParseDepth(name, severity, "eq3eq6." + key);
      if (!depth) return std::move(depth).error();
      out.eq3eq6_depth_[l][l6] = *depth;
    }
  }
  return out;
}

base::Result<Cvss4Tables> Cvss4Tables::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return base::Error::NotFound("CVSS v4.0 tables not found: " + path);
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return base::Error::Io("cannot read " + path);
  return Parse(text.str(), path);
}

std::vector<std::string> Cvss4Tables::DefaultSearchPaths() {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  if (const char* env = std::getenv("THREATPATH_CVSS4_TABLES"); env != nullptr && *env != 0) {
    paths.emplace_back(env);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && exe.has_parent_path()) {
    paths.push_back(
        (exe.parent_path() / ".." / "share" / "threatpath" / "cvss4_tables.json").string());
  }
  const fs::path relative = fs::path("..") / "shared" / "fixtures" / "cvss4" / "cvss4_tables.json";
  const fs::path cwd = fs::current_path(ec);
  if (!ec) paths.push_back((cwd / relative).string());
  const std::string_view source_dir = TP_RISK_SOURCE_DIR;
  if (!source_dir.empty()) paths.push_back((fs::path(source_dir) / relative).string());
  return paths;
}

base::Result<const Cvss4Tables*> Cvss4Tables::Default() {
  static const base::Result<Cvss4Tables> tables = []() -> base::Result<Cvss4Tables> {
    const std::vector<std::string> paths = DefaultSearchPaths();
    std::error_code ec;
    for (const std::string& path : paths) {
      if (std::filesystem::is_regular_file(path, ec)) return Load(path);
    }
    std::string tried;
    for (const std::string& path : paths) tried += (tried.empty() ? "" : ", ") + path;
    return base::Error(base::Error::Code::kUnsupported,
                       "CVSS v4.0 scoring needs FIRST's tables: set THREATPATH_CVSS4_TABLES to "
                       "the path of cvss4_tables.json (see docs/cvss.md); tried " +
                           tried);
  }();
  if (!tables) return tables.error();
  return &*tables;
}

// ---------------------------------------------------------------------------------------------
// Scoring (specification section 8)

class Cvss4Scorer {
 public:
  Cvss4Scorer(const Cvss4Vector& v, const Cvss4Tables& t) : v_(v), t_(t) {}

  base::Result<Cvss4Result> Score() const {
    const std::array<int, 6> eq = MacroVector();
    Cvss4Result out;
    for (int digit : eq) out.macro_vector += static_cast<char>('0' + digit);

    // A vector with no impact on either system scores 0 whatever else it says.
    if (Effective(M::kVC) == "N" && Effective(M::kVI) == "N" && Effective(M::kVA) == "N" &&
        Effective(M::kSC) == "N" && Effective(M::kSI) == "N" && Effective(M::kSA) == "N") {
      return out;
    }
    const std::optional<double> value = Lookup(eq);
    if (!value) {
      return base::Error::InvalidInput(t_.source_ + ": no score for MacroVector " +
                                       out.macro_vector);
    }

    // Scores of the next lower MacroVector along each EQ (absent when the EQ is at its lowest).
    auto lower = [&](size_t i) {
      std::array<int, 6> next = eq;
      ++next[i];
      return Lookup(next);
    };
    const std::optional<double> eq1_lower = lower(0);
    const std::optional<double> eq2_lower = lower(1);
    const std::optional<double> eq4_lower = lower(3);
    const std::optional<double> eq5_lower = lower(4);
    // EQ3 and EQ6 move together: from 00 either 01 or 10 (the higher), 01 and 10 go to 11,
    // 11 goes to 21, and 21 is the lowest.
    std::optional<double> eq3eq6_lower;
    if (eq[2] == 0 && eq[5] == 0) {
      const auto left = Lookup({eq[0], eq[1], 0, eq[3], eq[4], 1});
      const auto right = Lookup({eq[0], eq[1], 1, eq[3], eq[4], 0});
      eq3eq6_lower = left && right ? std::max(*left, *right) : left ? left : right;
    } else if (eq[2] == 2 && eq[5] == 1) {
      eq3eq6_lower = std::nullopt;
    } else if (eq[5] == 1) {
      eq3eq6_lower = Lookup({eq[0], eq[1], eq[2] + 1, eq[3], eq[4], 1});
    } else {
      eq3eq6_lower = Lookup({eq[0], eq[1], eq[2], eq[3], eq[4], 1});
    }

    // The severity distance from the first highest-severity vector of this MacroVector that is
    // at least as severe as the vector in every metric.
    const std::array<int, 14> levels = EffectiveLevels();
    const std::array<int, 14> max = HighestSeverityVector(eq, levels);
    auto distance = [&](auto metrics) {
      int sum = 0;
      for (size_t m : metrics) sum += levels[m] - max[m];
      return sum;
    };

    // Each EQ with a lower MacroVector contributes (score gap) x (distance / depth); EQ5 (E)
    // has no levels inside a MacroVector and contributes 0 but still counts.
    double total = 0;
    int count = 0;
    auto add = [&](const std::optional<double>& lower_score, int dist, int depth) {
      if (!lower_score) return;
      ++count;
      total += (*value - *lower_score) * static_cast<double>(dist) / depth;
    };
    add(eq1_lower, distance(kEq1Metrics), t_.eq1_depth_[eq[0]]);
    add(eq2_lower, distance(kEq2Metrics), t_.eq2_depth_[eq[1]]);
    add(eq3eq6_lower, distance(kEq3Eq6Metrics), t_.eq3eq6_depth_[eq[2]][eq[5]]);
    add(eq4_lower, distance(kEq4Metrics), t_.eq4_depth_[eq[3]]);
    add(eq5_lower, 0, 1);
    const double mean = count == 0 ? 0 : total / count;
    const double score = std::clamp(*value - mean, 0.0, 10.0);
    // Round half up to one decimal; the epsilon keeps x.x5 from falling to x.x4999... in binary.
    out.score = std::floor(score * 10 + 0.5 + 1e-6) / 10;
    return out;
  }

 private:
  // The value scoring uses: the modified metric when given, else the base metric; E:X counts as
  // A and CR/IR/AR:X as H (the worst case).
  std::string_view Effective(M metric) const {
    switch (metric) {
      case M::kE:
        return v_.Get(M::kE) == "X" ? "A" : v_.Get(M::kE);
      case M::kCR:
      case M::kIR:
      case M::kAR:
        return v_.Get(metric) == "X" ? "H" : v_.Get(metric);
      default:
        break;
    }
    const size_t modified = Index(metric) - Index(M::kAV) + Index(M::kMAV);
    if (Index(metric) <= Index(M::kSA) && v_.Get(static_cast<M>(modified)) != "X") {
      return v_.Get(static_cast<M>(modified));
    }
    return v_.Get(metric);
  }

  std::array<int, 6> MacroVector() const {
    auto is = [&](M m, std::string_view value) { return Effective(m) == value; };
    std::array<int, 6> eq{};
    // EQ1 (table 24).
    if (is(M::kAV, "N") && is(M::kPR, "N") && is(M::kUI, "N")) {
      eq[0] = 0;
    } else if ((is(M::kAV, "N") || is(M::kPR, "N") || is(M::kUI, "N")) && !is(M::kAV, "P")) {
      eq[0] = 1;
    } else {
      eq[0] = 2;
    }
    // EQ2 (table 25).
    eq[1] = is(M::kAC, "L") && is(M::kAT, "N") ? 0 : 1;
    // EQ3 (table 26).
    if (is(M::kVC, "H") && is(M::kVI, "H")) {
      eq[2] = 0;
    } else if (is(M::kVC, "H") || is(M::kVI, "H") || is(M::kVA, "H")) {
      eq[2] = 1;
    } else {
      eq[2] = 2;
    }
    // EQ4 (table 27): Safety only through MSI/MSA.
    if (is(M::kSI, "S") || is(M::kSA, "S")) {
      eq[3] = 0;
    } else if (is(M::kSC, "H") || is(M::kSI, "H") || is(M::kSA, "H")) {
      eq[3] = 1;
    } else {
      eq[3] = 2;
    }
    // EQ5 (table 28).
    eq[4] = is(M::kE, "A") ? 0 : is(M::kE, "P") ? 1 : 2;
    // EQ6 (table 29).
    eq[5] = (is(M::kCR, "H") && is(M::kVC, "H")) || (is(M::kIR, "H") && is(M::kVI, "H")) ||
                    (is(M::kAR, "H") && is(M::kVA, "H"))
                ? 0
                : 1;
    return eq;
  }

  std::array<int, 14> EffectiveLevels() const {
    static constexpr std::array<M, 14> kMetrics = {M::kAV, M::kPR, M::kUI, M::kAC, M::kAT,
                                                   M::kVC, M::kVI, M::kVA, M::kSC, M::kSI,
                                                   M::kSA, M::kCR, M::kIR, M::kAR};
    std::array<int, 14> levels{};
    for (size_t i = 0; i < kMetrics.size(); ++i) {
      levels[i] = Level(i, Effective(kMetrics[i])).value_or(0);
    }
    return levels;
  }

  // Composes the fragments of each EQ level in order (EQ1 outermost) and returns the first
  // combination no metric of the vector is more severe than. With FIRST's tables one always
  // exists; should a table not provide one, the last combination is used.
  std::array<int, 14> HighestSeverityVector(const std::array<int, 6>& eq,
                                            const std::array<int, 14>& levels) const {
    std::array<int, 14> composed{};
    for (const auto& f1 : t_.eq1_max_[eq[0]]) {
      for (const auto& f2 : t_.eq2_max_[eq[1]]) {
        for (const auto& f3 : t_.eq3eq6_max_[eq[2]][eq[5]]) {
          for (const auto& f4 : t_.eq4_max_[eq[3]]) {
            bool ok = true;
            for (size_t m = 0; m < composed.size(); ++m) {
              composed[m] = std::max({f1[m], f2[m], f3[m], f4[m]});
              ok = ok && levels[m] >= composed[m];
            }
            if (ok) return composed;
          }
        }
      }
    }
    return composed;
  }

  std::optional<double> Lookup(const std::array<int, 6>& eq) const {
    const auto it = t_.scores_.find(Key(eq));
    if (it == t_.scores_.end()) return std::nullopt;
    return it->second;
  }

  const Cvss4Vector& v_;
  const Cvss4Tables& t_;
};

base::Result<Cvss4Result> ScoreCvss4(const Cvss4Vector& vector, const Cvss4Tables& tables) {
  return Cvss4Scorer(vector, tables).Score();
}

}  // namespace threatpath::risk
