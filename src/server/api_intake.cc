// Design-review intakes: filed with a questionnaire's answers and triaged on arrival, moved
// through their lifecycle by the security team, and ranked into the week's queue.
#include <cmath>
#include <ctime>

#include "intake/queue.h"
#include "intake/triage.h"
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;
using store::Role;

namespace {

constexpr std::string_view kStatuses[] = {"new",         "triaged", "scheduled",
                                          "in-progress", "done",    "declined"};

bool IsStatus(std::string_view s) {
  for (auto known : kStatuses) {
    if (s == known) return true;
  }
  return false;
}

// The lifecycle (docs/server.md, "Intake and findings"): new -> triaged -> scheduled ->
// in-progress -> done, and declined from new, triaged or scheduled.
bool MayBecome(std::string_view from, std::string_view to) {
  if (to == "declined") return from == "new" || from == "triaged" || from == "scheduled";
  return (from == "new" && to == "triaged") || (from == "triaged" && to == "scheduled") ||
         (from == "scheduled" && to == "in-progress") || (from == "in-progress" && to == "done");
}

std::string NextStatuses(std::string_view from) {
  std::string out;
  for (auto to : kStatuses) {
    if (!MayBecome(from, to)) continue;
    if (!out.empty()) out += " or ";
    out += to;
  }
  return out;
}

// Business days until triage is due, by tier and priority band.
int SlaBusinessDays(intake::Tier tier, int priority) {
  switch (tier) {
    case intake::Tier::kSecurityLed:
      return priority >= 70 ? 2 : 5;
    case intake::Tier::kSelfService:
      return priority >= 50 ? 5 : 10;
    case intake::Tier::kNone:
      break;
  }
  return 10;
}

// `now` plus `days` business days (Saturdays and Sundays skipped), as RFC 3339 UTC.
std::string AddBusinessDays(std::time_t now, int days) {
  std::time_t t = now;
  while (days > 0) {
    t += 24 * 60 * 60;
    std::tm tm{};
    gmtime_r(&t, &tm);
    if (tm.tm_wday != 0 && tm.tm_wday != 6) --days;
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Json ParsedOr(const std::string& text, Json fallback) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

Json IntakeJson(const store::Intake& i) {
  return {{"id", i.id},
          {"project_id", i.project_id},
          {"title", i.title},
          {"questionnaire", i.questionnaire},
          {"answers", ParsedOr(i.answers, Json::object())},
          {"tier", i.tier},
          {"priority", i.priority},
          {"reasons", ParsedOr(i.reasons, Json::array())},
          {"findings", ParsedOr(i.findings, Json::array())},
          {"effort_hours", i.effort_hours == 0 ? Json(nullptr) : Json(i.effort_hours)},
          {"status", i.status},
          {"status_reason", i.status_reason},
          {"scheduled_for", i.scheduled_for.empty() ? Json(nullptr) : Json(i.scheduled_for)},
          {"due_at", i.due_at},
          {"version", i.version},
          {"created_by", i.created_by},
          {"created_at", i.created_at},
          {"updated_by", i.updated_by},
          {"updated_at", i.updated_at},
          {"model_id", i.model_id == 0 ? Json(nullptr) : Json(i.model_id)}};
}

// A JSON answer as the intake library's document node. Strings are taken as written ("yes" is a
// yes/no answer, as `yes` is in a YAML answer file); every node of answer `n` (0-based) is placed
// at line n + 1, so a diagnostic's line says which answer it is about.
formats::Node AnswerNode(const Json& value, uint32_t line) {
  formats::Node node;
  node.loc = {0, line, 1};
  if (value.is_null()) return node;
  if (value.is_string()) {
    node.kind = formats::Node::Kind::kScalar;
    node.value = value.get<std::string>();
  } else if (value.is_boolean() || value.is_number()) {
    node.kind = formats::Node::Kind::kScalar;
    node.value = value.dump();
  } else if (value.is_array()) {
    node.kind = formats::Node::Kind::kSequence;
    for (const Json& item : value) node.items.push_back(AnswerNode(item, line));
  } else {
    node.kind = formats::Node::Kind::kMapping;
    for (const auto& [key, item] : value.items()) {
      formats::Node k;
      k.kind = formats::Node::Kind::kScalar;
      k.value = key;
      k.loc = node.loc;
      node.entries.push_back({std::move(k), AnswerNode(item, line)});
    }
  }
  return node;
}

// Triages `answers` with questionnaire `q`. Wrong answers are kInvalidInput with a diagnostic per
// problem (422) and the first offending answer as the field ("answers.<id>").
base::Result<intake::Triage> TriageAnswers(const intake::Questionnaire& q, const Json& answers,
                                           const std::string& title) {
  intake::AnswerSheet sheet;
  sheet.questionnaire = q.id;
  sheet.title = title;
  sheet.files = {"answers"};
  std::vector<std::string> keys;
  for (const auto& [key, value] : answers.items()) {
    auto line = static_cast<uint32_t>(keys.size() + 1);
    keys.push_back(key);
    formats::Node k;
    k.kind = formats::Node::Kind::kScalar;
    k.value = key;
    k.loc = {0, line, 1};
    sheet.answers.push_back({key, k.loc, AnswerNode(value, line)});
  }
  auto triage = intake::Evaluate(q, sheet);
  if (triage) return triage;
  Error e = std::move(triage).error();
  std::string field = "answers";
  for (const auto& d : e.diagnostics()) {
    if (d.severity != base::Severity::kError) continue;
    if (d.loc.line >= 1 && d.loc.line <= keys.size()) field += "." + keys[d.loc.line - 1];
    break;
  }
  return std::move(e).WithField(field);
}

Json ReasonsJson(const intake::Triage& t) {
  Json out = Json::array();
  for (const auto& r : t.reasons) {
    out.push_back({{"source", r.source}, {"answer", r.answer}, {"points", r.points}});
  }
  return out;
}

Json FindingsJson(const intake::Triage& t) {
  Json out = Json::array();
  for (const auto& f : t.findings) {
    out.push_back({{"id", f.id},
                   {"severity", intake::ToString(f.severity)},
                   {"title", f.title},
                   {"why", f.why},
                   {"source", f.source}});
  }
  return out;
}

// The intake, after checking the caller's role in its project; non-members get kNotFound.
base::Result<store::Intake> IntakeFor(store::Store& store, const Request& request,
                                      const Principal& who, Role role) {
  auto id = ParseId(request.params.at("id"), "intake");
  if (!id) return std::move(id).error();
  auto intake = store.GetIntake(*id);
  if (!intake) {
    if (intake.error().code() == Error::Code::kNotFound) {
      return Error::NotFound("intake " + std::to_string(*id) + " does not exist");
    }
    return std::move(intake).error();
  }
  auto allowed = RequireRole(store, who, intake->project_id, role);
  if (!allowed) {
    if (allowed.error().code() == Error::Code::kNotFound) {
      return Error::NotFound("intake " + std::to_string(*id) + " does not exist");
    }
    return std::move(allowed).error();
  }
  return intake;
}

base::Result<std::optional<int64_t>> EffortParam(const Request& request, std::string_view name) {
  return QueryInt(request, name, 0, 1000);
}

Response CreateIntake(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t project_id, ParseId(request.params["id"], "project"));
  TP_CHECK(RequireRole(store, who, project_id, Role::kContributor));
  // `answers` is an object, which the strict reader does not read: it checks the whole body,
  // then reads the other fields from the body without it.
  TP_ASSIGN(JsonBody whole, JsonBody::Parse(request));
  (void)whole;
  Json raw = Json::parse(request.body, nullptr, false);
  Json answers;
  bool has_answers = raw.contains("answers") && !raw["answers"].is_null();
  if (has_answers) answers = raw["answers"];
  raw.erase("answers");
  Request rest = request;
  rest.body = Text(raw);
  TP_ASSIGN(JsonBody body, JsonBody::Parse(rest));
  std::string title = body.String("title", true, 300);
  auto questionnaire = body.OptionalString("questionnaire", 100);
  auto effort = body.OptionalInt("effort_hours", 1, 1000);
  TP_CHECK(body.Finish());
  if (title.find_first_not_of(" \t") == std::string::npos) {
    return ErrorFrom(Error::InvalidInput("'title' must not be empty").WithField("title"));
  }
  if (!has_answers) {
    return ErrorFrom(Error::InvalidInput("'answers' is required").WithField("answers"));
  }
  if (!answers.is_object()) {
    return ErrorFrom(Error::InvalidInput("'answers' must be an object from question id to answer")
                         .WithField("answers"));
  }
  TP_ASSIGN(IntakeQuestionnaire found,
            FindQuestionnaire(store, ApiRoutes::QuestionnairesOf(api), questionnaire.value_or("")));
  const intake::Questionnaire& q = *found.questionnaire;
  TP_ASSIGN(intake::Triage triage, TriageAnswers(q, answers, title));
  store::Intake in;
  in.project_id = project_id;
  in.title = title;
  in.questionnaire = q.id;
  in.answers = Text(answers);
  in.tier = std::string(intake::ToString(triage.tier));
  in.priority = triage.priority;
  in.reasons = Text(ReasonsJson(triage));
  in.findings = Text(FindingsJson(triage));
  in.effort_hours = effort.value_or(0);
  in.due_at = AddBusinessDays(std::time(nullptr), SlaBusinessDays(triage.tier, triage.priority));
  TP_ASSIGN(auto created, store.CreateIntake(in, ActorOf(who)));
  Json out = IntakeJson(created);
  Publish(api, project_id, "intake.create", out);
  Json warnings = Json::array();
  for (const auto& w : triage.warnings) warnings.push_back(w.message);
  out["warnings"] = warnings;
  return JsonResponse(201, out);
}

Response UpdateIntake(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(store::Intake current, IntakeFor(store, request, who, Role::kSecurity));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  int64_t version = body.Int("version", true, 1);
  auto new_status = body.OptionalString("status", 32);
  auto reason = body.OptionalString("reason", 2000);
  auto scheduled_for = body.OptionalString("scheduled_for", 10);
  auto model_id = body.OptionalInt("model_id", 0);
  TP_CHECK(body.Finish());
  if (!new_status && !model_id) {
    return ErrorFrom(Error::InvalidInput(
                         "'status' is required (or 'model_id' alone, to link the intake's model)")
                         .WithField("status"));
  }
  if (!new_status) {
    // Only the model link changes.
    if (reason || scheduled_for) {
      return ErrorFrom(Error::InvalidInput(std::string("'") +
                                           (reason ? "reason" : "scheduled_for") +
                                           "' goes with a status change")
                           .WithField(reason ? "reason" : "scheduled_for"));
    }
    if (version != current.version) {
      return ErrorFrom(Error::Conflict("intake " + std::to_string(current.id) + " is at version " +
                                       std::to_string(current.version) + ", not " +
                                       std::to_string(version))
                           .WithCurrentVersion(current.version));
    }
    store::IntakeChange change{current.status, current.status_reason, current.scheduled_for,
                               model_id};
    TP_ASSIGN(auto updated, store.UpdateIntake(current.id, version, change, ActorOf(who)));
    Json out = IntakeJson(updated);
    Publish(api, updated.project_id, "intake.update", out);
    return JsonResponse(200, out);
  }
  std::string status = *new_status;
  if (!IsStatus(status)) {
    return ErrorFrom(Error::InvalidInput("'status' must be new, triaged, scheduled, in-progress, "
                                         "done or declined, not '" +
                                         status + "'")
                         .WithField("status"));
  }
  if (version != current.version) {
    return ErrorFrom(Error::Conflict("intake " + std::to_string(current.id) + " is at version " +
                                     std::to_string(current.version) + ", not " +
                                     std::to_string(version))
                         .WithCurrentVersion(current.version));
  }
  if (!MayBecome(current.status, status)) {
    std::string next = NextStatuses(current.status);
    return ErrorFrom(Error::InvalidInput("intake " + std::to_string(current.id) + " is " +
                                         current.status + " and cannot become " + status + " (" +
                                         (next.empty() ? "it is final" : "next: " + next) + ")")
                         .WithField("status"));
  }
  std::string why = reason.value_or("");
  if (status == "declined" && why.find_first_not_of(" \t") == std::string::npos) {
    return ErrorFrom(
        Error::InvalidInput("declining an intake needs a 'reason'").WithField("reason"));
  }
  store::IntakeChange change{status, why, current.scheduled_for, model_id};
  if (scheduled_for) {
    if (status != "scheduled") {
      return ErrorFrom(Error::InvalidInput("'scheduled_for' goes with status scheduled")
                           .WithField("scheduled_for"));
    }
    if (!IsDate(*scheduled_for)) {
      return ErrorFrom(Error::InvalidInput("'scheduled_for' must be a date YYYY-MM-DD, not '" +
                                           *scheduled_for + "'")
                           .WithField("scheduled_for"));
    }
    change.scheduled_for = *scheduled_for;
  }
  TP_ASSIGN(auto updated, store.UpdateIntake(current.id, version, change, ActorOf(who)));
  Json out = IntakeJson(updated);
  Publish(api, updated.project_id, "intake.update", out);
  return JsonResponse(200, out);
}

int64_t CreatedSeconds(const std::string& rfc3339) {
  std::tm tm{};
  if (!strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return 0;
  return timegm(&tm);
}

Response Queue(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto hours, QueryInt(request, "hours", 0, 10000));
  TP_ASSIGN(auto none, EffortParam(request, "effort_none"));
  TP_ASSIGN(auto self_service, EffortParam(request, "effort_self_service"));
  TP_ASSIGN(auto security_led, EffortParam(request, "effort_security_led"));
  intake::Capacity capacity;
  if (hours) capacity.hours_per_week = static_cast<double>(*hours);
  if (none) capacity.effort_hours[0] = static_cast<double>(*none);
  if (self_service) capacity.effort_hours[1] = static_cast<double>(*self_service);
  if (security_led) capacity.effort_hours[2] = static_cast<double>(*security_led);
  TP_ASSIGN(auto intakes, store.ListOpenIntakes(who.user.is_admin ? 0 : who.user.id));
  std::vector<intake::QueueEntry> entries;
  entries.reserve(intakes.size());
  for (const auto& i : intakes) {
    intake::QueueEntry e;
    e.id = std::to_string(i.id);
    e.priority = static_cast<int>(i.priority);
    e.created = CreatedSeconds(i.created_at);
    e.tier = intake::ParseTier(i.tier).value_or(intake::Tier::kNone);
    e.status =
        i.status == "in-progress" ? intake::IntakeStatus::kInProgress : intake::IntakeStatus::kOpen;
    entries.push_back(std::move(e));
  }
  intake::QueuePlan plan = intake::PlanQueue(entries, capacity);
  // An intake with its own effort estimate replaces its tier's effort; the week is then filled
  // again in the plan's order with PlanQueue's first-fit rule.
  double left = capacity.hours_per_week, used = 0;
  size_t this_week = 0, waiting = 0, no_work = 0;
  Json list = Json::array();
  for (const intake::Placement& p : plan.order) {
    const store::Intake& i = intakes[p.index];
    double effort = i.effort_hours > 0 ? static_cast<double>(i.effort_hours) : p.hours;
    intake::Decision decision = intake::Decision::kWaits;
    if (effort <= 0) {
      decision = intake::Decision::kNoWork;
      ++no_work;
    } else if (effort <= left) {
      decision = intake::Decision::kThisWeek;
      left -= effort;
      used += effort;
      ++this_week;
    } else {
      ++waiting;
    }
    list.push_back({{"rank", p.rank},
                    {"decision", intake::ToString(decision)},
                    {"fits_this_week", decision != intake::Decision::kWaits},
                    {"hours", effort},
                    {"intake", IntakeJson(i)}});
  }
  return JsonResponse(200, {{"hours_per_week", capacity.hours_per_week},
                            {"effort_hours",
                             {{"none", capacity.effort_hours[0]},
                              {"self-service", capacity.effort_hours[1]},
                              {"security-led", capacity.effort_hours[2]}}},
                            {"hours_used", used},
                            {"hours_left", capacity.hours_per_week - used},
                            {"this_week", this_week},
                            {"waiting", waiting},
                            {"no_work", no_work},
                            {"intakes", list}});
}

}  // namespace

void ApiRoutes::Intake(Api& api, Router& router) {
  store::Store& store = api.store_;

  router.Add("POST", "/api/v1/projects/{id}/intakes",
             Authed(api, Access::kUser,
                    [&api](Request& request, const Principal& who) {
                      return CreateIntake(api, request, who);
                    }),
             {"File a design-review intake; it is triaged on arrival.", "contributor"});

  router.Add("GET", "/api/v1/projects/{id}/intakes",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kViewer));
                      TP_ASSIGN(auto intakes, store.ListIntakes(id));
                      Json out = Json::array();
                      for (const auto& i : intakes) out.push_back(IntakeJson(i));
                      return JsonResponse(200, {{"intakes", out}});
                    }),
             {"List a project's intakes, newest first.", "viewer"});

  router.Add("GET", "/api/v1/intakes/{id}",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(auto intake, IntakeFor(store, request, who, Role::kViewer));
                      return JsonResponse(200, IntakeJson(intake));
                    }),
             {"Read an intake.", "viewer"});

  router.Add("PATCH", "/api/v1/intakes/{id}",
             Authed(api, Access::kUser,
                    [&api](Request& request, const Principal& who) {
                      return UpdateIntake(api, request, who);
                    }),
             {"Move an intake through its lifecycle (needs its version).", "security"});

  router.Add(
      "GET", "/api/v1/queue",
      Authed(api, Access::kUser,
             [&api](Request& request, const Principal& who) { return Queue(api, request, who); }),
      {"The intakes of your projects, ranked, with what fits this week's hours.", "user"});
}

}  // namespace threatpath::server
