// Program metrics over the projects the caller can view (docs/server.md, "Metrics"): the handler
// gathers rows from the store; app::ComputeProgramMetrics does the arithmetic.
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "app/metrics.h"
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;

namespace {

constexpr int kDefaultMonths = 12;

std::string MonthOf(int64_t unix_seconds, int back) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  int index = (tm.tm_year + 1900) * 12 + tm.tm_mon - back;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", index / 12, index % 12 + 1);
  return buffer;
}

Json BucketJson(const app::MetricsBucket& b, bool with_models) {
  Json findings = Json::object();
  for (auto phase : app::kMetricPhases) {
    Json severities = Json::object();
    for (auto severity : app::kMetricSeverities) {
      int64_t n = 0;
      auto p = b.findings.find(std::string(phase));
      if (p != b.findings.end()) {
        auto s = p->second.find(std::string(severity));
        if (s != p->second.end()) n = s->second;
      }
      severities[std::string(severity)] = n;
    }
    findings[std::string(phase)] = severities;
  }
  Json out = {{"intakes", b.intakes},
              {"needing_model", b.needing_model},
              {"covered", b.covered},
              {"coverage", b.coverage},
              {"triaged", b.triaged},
              {"triage_median_hours", b.triage_median_hours},
              {"triage_p90_hours", b.triage_p90_hours},
              {"self_service", b.self_service},
              {"security_led", b.security_led},
              {"self_service_rate", b.self_service_rate},
              {"findings", findings},
              {"findings_total", b.findings_total},
              {"design_findings", b.design_findings},
              {"design_share", b.design_share},
              {"cost_avoided", b.cost_avoided},
              {"sessions",
               {{"closed_by_poll", b.sessions_closed_by_poll},
                {"closed_otherwise", b.sessions_closed_otherwise},
                {"open", b.sessions_open}}}};
  if (with_models) {
    out["models"] = {{"count", b.models},
                     {"age_median_days", b.model_age_median_days},
                     {"stale", b.models_stale},
                     {"stale_after_days", app::kStaleModelDays}};
  }
  return out;
}

Json Definitions(const app::CostModel& cost) {
  Json base = Json::object();
  for (const auto& [severity, units] : cost.base) base[severity] = units;
  return {
      {"month", "UTC calendar month: intakes and sessions by created_at, findings by found_on"},
      {"coverage",
       "covered / needing_model: of the intakes triaged self-service or security-led, those "
       "linked to the model made for them (the intake's model_id, set with PATCH "
       "/api/v1/intakes/{id})"},
      {"triage_hours",
       "hours from an intake's created_at to its first status change (the first intake.update "
       "audit entry that changed the status; updated_at when the audit log has none); median, "
       "and p90 by nearest rank"},
      {"self_service_rate", "self_service / (self_service + security_led)"},
      {"design_share", "findings with phase design / all findings"},
      {"cost_avoided",
       "for each design-phase finding: base[severity] * (later_multiplier - design_multiplier)"},
      {"cost_base", base},
      {"design_multiplier", cost.design_multiplier},
      {"later_multiplier", cost.later_multiplier},
      {"sessions",
       "sessions by created_at: closed by the reflection poll (a session.close audit entry), "
       "closed otherwise (by the facilitator), still open"},
      {"models",
       "in totals only, a snapshot now: days since each model's latest revision (median) and how "
       "many are older than stale_after_days"}};
}

Response ProgramMetrics(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  int64_t now = NowSeconds();
  std::string format = request.QueryParam("format").value_or("json");
  if (format != "json" && format != "csv") {
    return ErrorFrom(
        Error::InvalidInput("query parameter 'format' must be json or csv, not '" + format + "'")
            .WithField("format"));
  }
  app::MetricsInput in;
  in.now = now;
  in.to = request.QueryParam("to").value_or(MonthOf(now, 0));
  if (auto from = request.QueryParam("from")) {
    in.from = *from;
  } else if (auto to = app::ParseMonth(in.to)) {
    // Twelve months ending at `to`.
    int index = *to - (kDefaultMonths - 1);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", index / 12, index % 12 + 1);
    in.from = buffer;
  } else {
    in.from = "2000-01";  // any month: the error names 'to'
  }
  TP_ASSIGN(auto team, QueryInt(request, "team", 0, INT64_MAX));
  TP_ASSIGN(auto design, QueryInt(request, "design_multiplier", 0, 1000));
  TP_ASSIGN(auto later, QueryInt(request, "later_multiplier", 0, 1000));
  if (design) in.cost.design_multiplier = static_cast<double>(*design);
  if (later) in.cost.later_multiplier = static_cast<double>(*later);
  // Refuse a bad range before reading anything.
  {
    app::MetricsInput check;
    check.from = in.from;
    check.to = in.to;
    TP_CHECK(app::ComputeProgramMetrics(check));
  }

  TP_ASSIGN(auto projects, store.ListProjects(who.user.is_admin ? 0 : who.user.id));
  TP_ASSIGN(auto teams, store.ListTeams());
  std::map<int64_t, std::string> team_names;
  for (const auto& t : teams) team_names[t.id] = t.name;
  if (team && *team != 0 && !team_names.count(*team)) {
    return ErrorFrom(Error::NotFound("team " + std::to_string(*team)));
  }
  if (team) {
    in.teams[*team] = *team == 0 ? "no team" : team_names[*team];
  }
  for (const auto& p : projects) {
    if (team && p.team_id != *team) continue;
    in.teams[p.team_id] = p.team_id == 0 ? "no team" : team_names[p.team_id];

    // The audit log: the first status change of each intake, the sessions the poll closed.
    std::map<std::string, std::string> first_change;
    std::set<std::string> closed_by_poll;
    store::AuditQuery query;
    query.project_id = p.id;
    query.limit = 1000;
    for (;;) {
      TP_ASSIGN(auto page, store.ListAudit(query));
      for (const auto& e : page) {
        if (e.action == "intake.update" && e.object_type == "intake") {
          // A change of the model link alone keeps the status: not a triage.
          Json detail = Json::parse(e.detail, nullptr, false);
          bool status_changed = !detail.is_object() || !detail.contains("from") ||
                                !detail.contains("to") || detail["from"] != detail["to"];
          if (status_changed) first_change.emplace(e.object_id, e.at);
        } else if (e.action == "session.close" && e.object_type == "session") {
          closed_by_poll.insert(e.object_id);
        }
      }
      if (page.size() < static_cast<size_t>(query.limit)) break;
      query.after_id = page.back().id;
    }

    TP_ASSIGN(auto intakes, store.ListIntakes(p.id));
    for (const auto& i : intakes) {
      app::MetricsIntake row{p.team_id, p.id, i.created_at, i.tier, "", i.model_id != 0};
      auto change = first_change.find(std::to_string(i.id));
      if (change != first_change.end()) {
        row.triaged_at = change->second;
      } else if (i.status != "new") {
        row.triaged_at = i.updated_at;
      }
      in.intakes.push_back(std::move(row));
    }
    TP_ASSIGN(auto findings, store.ListFindings(p.id));
    for (const auto& f : findings) {
      in.findings.push_back({p.team_id, f.phase, f.severity, f.found_on});
    }
    TP_ASSIGN(auto models, store.ListModels(p.id));
    for (const auto& m : models) {
      TP_ASSIGN(auto revisions, store.ListRevisions(m.id));
      std::string latest = revisions.empty() ? m.updated_at : revisions.front().created_at;
      in.models.push_back({p.team_id, p.id, m.created_at, latest});
      TP_ASSIGN(auto sessions, store.ListThreatSessions(m.id));
      for (const auto& s : sessions) {
        bool closed = !s.closed_at.empty();
        in.sessions.push_back({p.team_id, s.created_at, closed,
                               closed && closed_by_poll.count(std::to_string(s.id))});
      }
    }
  }

  TP_ASSIGN(auto metrics, app::ComputeProgramMetrics(in));
  if (format == "csv") {
    return Response::Text(200, "text/csv; charset=utf-8", app::ProgramMetricsCsv(metrics));
  }
  Json teams_json = Json::array();
  for (const auto& t : metrics.teams) {
    Json by_month = Json::object();
    for (const auto& month : metrics.months)
      by_month[month] = BucketJson(t.by_month.at(month), false);
    teams_json.push_back({{"team_id", t.team_id == 0 ? Json(nullptr) : Json(t.team_id)},
                          {"team", t.team},
                          {"by_month", by_month},
                          {"total", BucketJson(t.total, true)}});
  }
  Json overall_by_month = Json::object();
  for (const auto& month : metrics.months) {
    overall_by_month[month] = BucketJson(metrics.overall_by_month.at(month), false);
  }
  Json overall = BucketJson(metrics.overall, true);
  overall["by_month"] = overall_by_month;
  return JsonResponse(200, {{"from", in.from},
                            {"to", in.to},
                            {"months", metrics.months},
                            {"teams", teams_json},
                            {"overall", overall},
                            {"definitions", Definitions(in.cost)}});
}

}  // namespace

void ApiRoutes::Metrics(Api& api, Router& router) {
  router.Add("GET", "/api/v1/metrics/program",
             Authed(api, Access::kUser,
                    [&api](Request& request, const Principal& who) {
                      return ProgramMetrics(api, request, who);
                    }),
             {"Program metrics per team and month over the projects the caller can view.", "user"});
}

}  // namespace threatpath::server
