#include "app/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace threatpath::app {

using base::Error;

namespace {

constexpr int kMaxMonths = 120;

bool Digits(std::string_view s, size_t at, size_t n) {
  for (size_t i = at; i < at + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Number(std::string_view s, size_t at, size_t n) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string MonthName(int index) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", index / 12, index % 12 + 1);
  return buffer;
}

// The raw numbers of one bucket, finished into a MetricsBucket at the end.
struct Acc {
  MetricsBucket b;
  std::vector<double> triage_hours;
  std::vector<double> model_ages;
};

double Ratio(int64_t part, int64_t whole) {
  return whole == 0 ? 0 : static_cast<double>(part) / static_cast<double>(whole);
}

MetricsBucket Finish(Acc acc) {
  MetricsBucket b = std::move(acc.b);
  b.coverage = Ratio(b.covered, b.needing_model);
  b.triaged = static_cast<int64_t>(acc.triage_hours.size());
  b.triage_median_hours = Median(acc.triage_hours);
  b.triage_p90_hours = Percentile90(std::move(acc.triage_hours));
  b.self_service_rate = Ratio(b.self_service, b.self_service + b.security_led);
  b.design_share = Ratio(b.design_findings, b.findings_total);
  b.models = static_cast<int64_t>(acc.model_ages.size());
  b.model_age_median_days = Median(std::move(acc.model_ages));
  return b;
}

MetricsBucket Empty() {
  MetricsBucket b;
  for (auto phase : kMetricPhases) {
    for (auto severity : kMetricSeverities) b.findings[std::string(phase)][std::string(severity)];
  }
  return b;
}

std::string Csv(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Rounded to four decimals, without trailing zeros ("0.6667", "290").
std::string Num(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.4f", v);
  std::string out = buffer;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

}  // namespace

std::optional<int> ParseMonth(std::string_view s) {
  if (s.size() != 7 || s[4] != '-' || !Digits(s, 0, 4) || !Digits(s, 5, 2)) return std::nullopt;
  int month = Number(s, 5, 2);
  if (month < 1 || month > 12) return std::nullopt;
  return Number(s, 0, 4) * 12 + month - 1;
}

std::optional<int64_t> ParseTimestamp(std::string_view s) {
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s.back() != 'Z' || !Digits(s, 0, 4) || !Digits(s, 5, 2) || !Digits(s, 8, 2) ||
      !Digits(s, 11, 2) || !Digits(s, 14, 2) || !Digits(s, 17, 2)) {
    return std::nullopt;
  }
  int month = Number(s, 5, 2), day = Number(s, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  int64_t days = DaysFromCivil(Number(s, 0, 4), month, day);
  return days * 86400 + Number(s, 11, 2) * 3600 + Number(s, 14, 2) * 60 + Number(s, 17, 2);
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Percentile90(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = (v.size() * 9 + 9) / 10;  // ceil(0.9 n), at least 1
  return v[rank - 1];
}

base::Result<ProgramMetrics> ComputeProgramMetrics(const MetricsInput& in) {
  auto from = ParseMonth(in.from);
  if (!from) {
    return Error::InvalidInput("query parameter 'from' must be a month YYYY-MM, not '" + in.from +
                               "'")
        .WithField("from");
  }
  auto to = ParseMonth(in.to);
  if (!to) {
    return Error::InvalidInput("query parameter 'to' must be a month YYYY-MM, not '" + in.to + "'")
        .WithField("to");
  }
  if (*to < *from) {
    return Error::InvalidInput("query parameter 'from' (" + in.from + ") is after 'to' (" + in.to +
                               ")")
        .WithField("from");
  }
  if (*to - *from + 1 > kMaxMonths) {
    return Error::InvalidInput("the range from " + in.from + " to " + in.to + " is longer than " +
                               std::to_string(kMaxMonths) + " months")
        .WithField("from");
  }

  ProgramMetrics out;
  for (int m = *from; m <= *to; ++m) out.months.push_back(MonthName(m));

  // Accumulators: team -> month ("" for the total); the overall under team -1.
  constexpr int64_t kOverall = -1;
  std::map<int64_t, std::map<std::string, Acc>> acc;
  std::set<int64_t> teams;
  for (const auto& [id, name] : in.teams) teams.insert(id);
  auto in_range = [&](std::string_view date) -> std::optional<std::string> {
    auto m = ParseMonth(date.substr(0, 7));
    if (!m || *m < *from || *m > *to) return std::nullopt;
    return std::string(date.substr(0, 7));
  };
  // Calls `add` on the team's month, the team's total, the overall month and the overall total.
  auto each = [&](int64_t team, const std::string& month, auto&& add) {
    teams.insert(team);
    for (int64_t t : {team, kOverall}) {
      for (const std::string& key : {month, std::string()}) {
        Acc& a = acc[t][key];
        add(a);
      }
    }
  };

  for (const auto& i : in.intakes) {
    auto month = in_range(i.created_at);
    auto created = ParseTimestamp(i.created_at);
    if (!month || !created) continue;
    bool needs = i.tier == "self-service" || i.tier == "security-led";
    bool covered = needs && i.has_model;
    std::optional<double> hours;
    if (auto triaged = ParseTimestamp(i.triaged_at)) {
      hours = static_cast<double>(std::max<int64_t>(0, *triaged - *created)) / 3600.0;
    }
    each(i.team_id, *month, [&](Acc& a) {
      ++a.b.intakes;
      if (needs) ++a.b.needing_model;
      if (covered) ++a.b.covered;
      if (i.tier == "self-service") ++a.b.self_service;
      if (i.tier == "security-led") ++a.b.security_led;
      if (hours) a.triage_hours.push_back(*hours);
    });
  }

  for (const auto& f : in.findings) {
    auto month = in_range(f.found_on);
    if (!month) continue;
    bool design = f.phase == "design";
    auto base = in.cost.base.find(f.severity);
    double unit = base == in.cost.base.end() ? 0 : base->second;
    double avoided = design ? unit * (in.cost.later_multiplier - in.cost.design_multiplier) : 0;
    each(f.team_id, *month, [&](Acc& a) {
      ++a.b.findings[f.phase][f.severity];
      ++a.b.findings_total;
      if (design) ++a.b.design_findings;
      a.b.cost_avoided += avoided;
    });
  }

  for (const auto& s : in.sessions) {
    auto month = in_range(s.created_at);
    if (!month) continue;
    each(s.team_id, *month, [&](Acc& a) {
      if (!s.closed) {
        ++a.b.sessions_open;
      } else if (s.closed_by_poll) {
        ++a.b.sessions_closed_by_poll;
      } else {
        ++a.b.sessions_closed_otherwise;
      }
    });
  }

  for (const auto& m : in.models) {
    auto latest = ParseTimestamp(m.latest_revision_at);
    if (!latest) continue;
    double days = static_cast<double>(std::max<int64_t>(0, in.now - *latest)) / 86400.0;
    teams.insert(m.team_id);
    for (int64_t t : {m.team_id, kOverall}) {
      Acc& a = acc[t][""];
      a.model_ages.push_back(days);
      if (days > kStaleModelDays) ++a.b.models_stale;
    }
  }

  auto finish = [&](int64_t team, const std::string& key) {
    auto t = acc.find(team);
    if (t == acc.end()) return Empty();
    auto k = t->second.find(key);
    if (k == t->second.end()) return Empty();
    Acc a = std::move(k->second);
    MetricsBucket filled = Empty();
    for (auto& [phase, severities] : a.b.findings) {
      for (auto& [severity, n] : severities) filled.findings[phase][severity] = n;
    }
    a.b.findings = std::move(filled.findings);
    return Finish(std::move(a));
  };
  for (int64_t team : teams) {
    TeamMetrics tm;
    tm.team_id = team;
    auto name = in.teams.find(team);
    tm.team = team == 0                ? "no team"
              : name != in.teams.end() ? name->second
                                       : "team " + std::to_string(team);
    for (const auto& month : out.months) tm.by_month[month] = finish(team, month);
    tm.total = finish(team, "");
    out.teams.push_back(std::move(tm));
  }
  for (const auto& month : out.months) out.overall_by_month[month] = finish(kOverall, month);
  out.overall = finish(kOverall, "");
  return out;
}

std::string ProgramMetricsCsv(const ProgramMetrics& m) {
  std::string out =
      "team_id,team,month,intakes,needing_model,covered,coverage,triaged,triage_median_hours,"
      "triage_p90_hours,self_service,security_led,self_service_rate";
  for (auto phase : kMetricPhases) {
    for (auto severity : kMetricSeverities) {
      out += ",findings_" + std::string(phase) + "_" + std::string(severity);
    }
  }
  out +=
      ",findings_total,design_findings,design_share,cost_avoided,sessions_closed_by_poll,"
      "sessions_closed_otherwise,sessions_open,models,model_age_median_days,models_stale\r\n";
  // Cells are appended one at a time (a long chain of "," + ... also trips GCC 12's -Wrestrict).
  auto cell = [&out](const std::string& v) {
    out += ',';
    out += v;
  };
  auto row = [&](const std::string& team_id, const std::string& team, const std::string& month,
                 const MetricsBucket& b) {
    out += Csv(team_id);
    cell(Csv(team));
    cell(Csv(month));
    for (int64_t v : {b.intakes, b.needing_model, b.covered}) cell(std::to_string(v));
    cell(Num(b.coverage));
    cell(std::to_string(b.triaged));
    cell(Num(b.triage_median_hours));
    cell(Num(b.triage_p90_hours));
    cell(std::to_string(b.self_service));
    cell(std::to_string(b.security_led));
    cell(Num(b.self_service_rate));
    for (auto phase : kMetricPhases) {
      for (auto severity : kMetricSeverities) {
        int64_t n = 0;
        auto p = b.findings.find(std::string(phase));
        if (p != b.findings.end()) {
          auto s = p->second.find(std::string(severity));
          if (s != p->second.end()) n = s->second;
        }
        cell(std::to_string(n));
      }
    }
    cell(std::to_string(b.findings_total));
    cell(std::to_string(b.design_findings));
    cell(Num(b.design_share));
    cell(Num(b.cost_avoided));
    cell(std::to_string(b.sessions_closed_by_poll));
    cell(std::to_string(b.sessions_closed_otherwise));
    cell(std::to_string(b.sessions_open));
    cell(std::to_string(b.models));
    cell(Num(b.model_age_median_days));
    cell(std::to_string(b.models_stale));
    out += "\r\n";
  };
  for (const auto& t : m.teams) {
    for (const auto& month : m.months)
      row(std::to_string(t.team_id), t.team, month, t.by_month.at(month));
    row(std::to_string(t.team_id), t.team, "total", t.total);
  }
  for (const auto& month : m.months) row("", "overall", month, m.overall_by_month.at(month));
  row("", "overall", "total", m.overall);
  return out;
}

}  // namespace threatpath::app
