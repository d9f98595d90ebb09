// Mitigations on a session's threats and the assumptions a threat model rests on (docs/server.md,
// "Mitigations and assumptions"): participants record both; the security role or a project admin
// validates an assumption, and refuting one reopens every threat and mitigation linked to it.
#include <algorithm>
#include <map>

#include "server/analysis_cache.h"
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;
using store::Role;

namespace {

constexpr std::string_view kMitigationStatuses[] = {"proposed", "planned", "in-progress",
                                                    "implemented", "verified"};
constexpr std::string_view kAssumptionStatuses[] = {"confirmed", "refuted", "unvalidated"};

// The ids in list field `key` (absent: nullopt); kInvalidInput naming the field when it is not
// a list of positive integers.
base::Result<std::optional<std::vector<store::Id>>> IdsField(const SplitBody& lists,
                                                             const char* key) {
  auto found = lists.taken.find(key);
  if (found == lists.taken.end()) return std::optional<std::vector<store::Id>>();
  auto bad = [&] {
    return Error::InvalidInput(std::string("'") + key + "' must be a list of ids").WithField(key);
  };
  if (!found->second.is_array()) return bad();
  std::vector<store::Id> ids;
  for (const Json& v : found->second) {
    if (!v.is_number_integer() || v.get<int64_t>() < 1) return bad();
    ids.push_back(v.get<int64_t>());
  }
  return std::optional<std::vector<store::Id>>(std::move(ids));
}

// A session the caller may read (a member of its project; others get 404).
base::Result<store::ThreatSession> ReadableSession(store::Store& store, const Principal& who,
                                                   store::Id id) {
  auto s = store.GetThreatSession(id);
  if (!s) return std::move(s).error();
  auto role = RequireRole(store, who, s->project_id, Role::kViewer);
  if (!role) {
    if (role.error().code() == Error::Code::kNotFound) {
      return Error::NotFound("session " + std::to_string(id) + " not found");
    }
    return std::move(role).error();
  }
  return s;
}

// A session the caller may write to: readable, the caller a participant, the session open.
base::Result<store::ThreatSession> WritableSession(store::Store& store, const Principal& who,
                                                   store::Id id) {
  auto s = ReadableSession(store, who, id);
  if (!s) return s;
  if (!std::binary_search(s->participants.begin(), s->participants.end(), who.user.id)) {
    return Error::PermissionDenied("only the participants of session " + std::to_string(s->id) +
                                   " may change it");
  }
  if (s->phase == "closed") {
    return Error::InvalidInput("session " + std::to_string(s->id) + " is closed")
        .WithField("phase");
  }
  return s;
}

// Hides another project's object behind a 404 naming the object.
base::Result<store::ThreatSession> SessionOf(store::Store& store, const Principal& who,
                                             store::Id session_id, const std::string& what,
                                             bool write) {
  auto s =
      write ? WritableSession(store, who, session_id) : ReadableSession(store, who, session_id);
  if (!s && s.error().code() == Error::Code::kNotFound) return Error::NotFound(what + " not found");
  return s;
}

Json MitigationJson(const store::Mitigation& m) {
  return {{"id", m.id},
          {"session_id", m.session_id},
          {"title", m.title},
          {"description", m.description},
          {"status", m.status},
          {"owner", m.owner},
          {"ticket", m.ticket},
          {"threats", m.threats},
          {"version", m.version},
          {"created_by", m.created_by},
          {"created_at", m.created_at},
          {"updated_by", m.updated_by},
          {"updated_at", m.updated_at}};
}

Json AssumptionJson(const store::Assumption& a) {
  return {{"id", a.id},
          {"session_id", a.session_id},
          {"statement", a.statement},
          {"status", a.status},
          {"evidence", a.evidence},
          {"validated_by", a.validated_by == 0 ? Json(nullptr) : Json(a.validated_by)},
          {"validated_at", a.validated_at.empty() ? Json(nullptr) : Json(a.validated_at)},
          {"components", a.components},
          {"threats", a.threats},
          {"mitigations", a.mitigations},
          {"version", a.version},
          {"created_by", a.created_by},
          {"created_at", a.created_at},
          {"updated_by", a.updated_by},
          {"updated_at", a.updated_at}};
}

bool Done(const store::Mitigation& m) {
  return m.status == "implemented" || m.status == "verified";
}

}  // namespace

// A threat's residual state: "mitigated" when its response is mitigate or eliminate, it has at
// least one mitigation, and every one of them is implemented or verified; "open" otherwise.
Json ThreatResidualJson(const store::Threat& t, const std::vector<store::Mitigation>& all) {
  std::vector<store::Id> linked;
  bool all_done = true;
  for (const auto& m : all) {
    if (!std::binary_search(m.threats.begin(), m.threats.end(), t.id)) continue;
    linked.push_back(m.id);
    all_done = all_done && Done(m);
  }
  bool responded = t.response == "mitigate" || t.response == "eliminate";
  bool mitigated = responded && !linked.empty() && all_done;
  return {{"threat_id", t.id},
          {"response", t.response.empty() ? Json(nullptr) : Json(t.response)},
          {"mitigations", linked},
          {"residual", mitigated ? "mitigated" : "open"}};
}

namespace {

Response CreateMitigation(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t id, ParseId(request.params["id"], "session"));
  TP_ASSIGN(auto s, WritableSession(store, who, id));
  TP_ASSIGN(SplitBody lists, TakeFields(request, {"threats"}));
  TP_ASSIGN(auto threats, IdsField(lists, "threats"));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(lists.rest));
  store::Mitigation m;
  m.session_id = s.id;
  m.title = body.String("title", true, 300);
  m.description = body.OptionalString("description", 4000).value_or("");
  m.status = body.OptionalString("status", 32).value_or("proposed");
  m.owner = body.OptionalString("owner", 200).value_or("");
  m.ticket = body.OptionalString("ticket", 300).value_or("");
  TP_CHECK(body.Finish());
  if (Blank(m.title)) {
    return ErrorFrom(Error::InvalidInput("'title' must not be empty").WithField("title"));
  }
  if (!OneOf(m.status, kMitigationStatuses)) {
    return ErrorFrom(Error::InvalidInput("'status' must be " + Listed(kMitigationStatuses) +
                                         ", not '" + m.status + "'")
                         .WithField("status"));
  }
  m.threats = threats.value_or(std::vector<store::Id>{});
  TP_ASSIGN(auto created, store.CreateMitigation(m, ActorOf(who)));
  Json out = MitigationJson(created);
  Publish(api, s.project_id, "mitigation.create", {{"session_id", s.id}, {"mitigation", out}});
  return JsonResponse(201, out);
}

Response ListMitigations(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t id, ParseId(request.params["id"], "session"));
  TP_ASSIGN(auto s, ReadableSession(store, who, id));
  TP_ASSIGN(auto mitigations, store.ListMitigations(s.id));
  TP_ASSIGN(auto threats, store.ListThreats(s.id));
  Json list = Json::array();
  for (const auto& m : mitigations) list.push_back(MitigationJson(m));
  Json residual = Json::array();
  for (const auto& t : threats) residual.push_back(ThreatResidualJson(t, mitigations));
  return JsonResponse(200, {{"mitigations", list}, {"threats", residual}});
}

Response UpdateMitigation(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t id, ParseId(request.params["id"], "mitigation"));
  TP_ASSIGN(auto before, store.GetMitigation(id));
  TP_ASSIGN(auto s,
            SessionOf(store, who, before.session_id, "mitigation " + std::to_string(id), true));
  TP_ASSIGN(SplitBody lists, TakeFields(request, {"threats"}));
  TP_ASSIGN(auto threats, IdsField(lists, "threats"));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(lists.rest));
  int64_t version = body.Int("version", true, 1);
  store::MitigationChange change;
  change.status = body.OptionalString("status", 32);
  change.owner = body.OptionalString("owner", 200);
  change.ticket = body.OptionalString("ticket", 300);
  change.threats = threats;
  TP_CHECK(body.Finish());
  if (change.status && !OneOf(*change.status, kMitigationStatuses)) {
    return ErrorFrom(Error::InvalidInput("'status' must be " + Listed(kMitigationStatuses) +
                                         ", not '" + *change.status + "'")
                         .WithField("status"));
  }
  TP_ASSIGN(auto updated, store.UpdateMitigation(id, version, change, ActorOf(who)));
  Json out = MitigationJson(updated);
  Publish(api, s.project_id, "mitigation.update", {{"session_id", s.id}, {"mitigation", out}});
  return JsonResponse(200, out);
}

// The version a DELETE names (?version=N); kInvalidInput on "version" when it is missing.
base::Result<int64_t> DeleteVersion(const Request& request) {
  auto version = QueryInt(request, "version", 1, INT64_MAX);
  if (!version) return std::move(version).error();
  if (!*version) {
    return Error::InvalidInput("query parameter 'version' is required").WithField("version");
  }
  return **version;
}

Response DeleteMitigation(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t id, ParseId(request.params["id"], "mitigation"));
  TP_ASSIGN(auto before, store.GetMitigation(id));
  TP_ASSIGN(auto s,
            SessionOf(store, who, before.session_id, "mitigation " + std::to_string(id), true));
  TP_ASSIGN(int64_t version, DeleteVersion(request));
  TP_CHECK(store.DeleteMitigation(id, version, ActorOf(who)));
  Publish(api, s.project_id, "mitigation.delete",
          {{"session_id", s.id}, {"mitigation_id", id}, {"threats", before.threats}});
  return Response::NoContent();
}

Response CreateAssumption(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t id, ParseId(request.params["id"], "session"));
  TP_ASSIGN(auto s, WritableSession(store, who, id));
  TP_ASSIGN(SplitBody lists, TakeFields(request, {"components", "threats", "mitigations"}));
  TP_ASSIGN(auto threats, IdsField(lists, "threats"));
  TP_ASSIGN(auto mitigations, IdsField(lists, "mitigations"));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(lists.rest));
  store::Assumption a;
  a.session_id = s.id;
  a.statement = body.String("statement", true, 2000);
  TP_CHECK(body.Finish());
  if (Blank(a.statement)) {
    return ErrorFrom(Error::InvalidInput("'statement' must not be empty").WithField("statement"));
  }
  if (auto given = lists.taken.find("components"); given != lists.taken.end()) {
    auto bad =
        Error::InvalidInput("'components' must be a list of component ids").WithField("components");
    if (!given->second.is_array()) return ErrorFrom(bad);
    for (const Json& c : given->second) {
      if (!c.is_string()) return ErrorFrom(bad);
      a.components.push_back(c.get<std::string>());
    }
  }
  if (!a.components.empty()) {
    std::string key = "m" + std::to_string(s.model_id) + "/r" + std::to_string(s.revision);
    TP_ASSIGN(auto view, ApiRoutes::CacheOf(api).Get(
                             key, [&]() -> base::Result<std::shared_ptr<RevisionView>> {
                               auto rev = store.GetRevision(s.model_id, s.revision);
                               if (!rev) return std::move(rev).error();
                               return AnalyzeRevision(*rev, {});
                             }));
    const auto& components = view->analysis->model.components;
    for (const std::string& c : a.components) {
      bool known = std::any_of(components.begin(), components.end(),
                               [&](const auto& k) { return k.id == c; });
      if (!known) {
        return ErrorFrom(Error::InvalidInput("revision " + std::to_string(s.revision) +
                                             " of model " + std::to_string(s.model_id) +
                                             " has no component '" + c + "'")
                             .WithField("components"));
      }
    }
  }
  a.threats = threats.value_or(std::vector<store::Id>{});
  a.mitigations = mitigations.value_or(std::vector<store::Id>{});
  TP_ASSIGN(auto created, store.CreateAssumption(a, ActorOf(who)));
  Json out = AssumptionJson(created);
  Publish(api, s.project_id, "assumption.create", {{"session_id", s.id}, {"assumption", out}});
  return JsonResponse(201, out);
}

Response ListAssumptions(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t id, ParseId(request.params["id"], "session"));
  TP_ASSIGN(auto s, ReadableSession(store, who, id));
  TP_ASSIGN(auto assumptions, store.ListAssumptions(s.id));
  Json list = Json::array();
  for (const auto& a : assumptions) list.push_back(AssumptionJson(a));
  return JsonResponse(200, {{"assumptions", list}});
}

Response ValidateAssumption(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t id, ParseId(request.params["id"], "assumption"));
  TP_ASSIGN(auto before, store.GetAssumption(id));
  TP_ASSIGN(auto s,
            SessionOf(store, who, before.session_id, "assumption " + std::to_string(id), false));
  auto allowed = RequireRole(store, who, s.project_id, Role::kSecurity);
  if (!allowed) {
    return ErrorFrom(Error::PermissionDenied(
        "only the security role or a project admin may validate an assumption"));
  }
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  int64_t version = body.Int("version", true, 1);
  std::string status = body.String("status", true, 32);
  std::string evidence = body.OptionalString("evidence", 4000).value_or("");
  TP_CHECK(body.Finish());
  if (!OneOf(status, kAssumptionStatuses)) {
    return ErrorFrom(Error::InvalidInput("'status' must be " + Listed(kAssumptionStatuses) +
                                         ", not '" + status + "'")
                         .WithField("status"));
  }
  if (status != "unvalidated" && Blank(evidence)) {
    return ErrorFrom(Error::InvalidInput("an assumption " + status + " needs its evidence")
                         .WithField("evidence"));
  }
  TP_ASSIGN(auto result, store.ValidateAssumption(id, version, status, evidence, ActorOf(who)));
  Json out = AssumptionJson(result.assumption);
  Json threats = Json::array();
  for (const auto& t : result.reopened_threats) {
    threats.push_back(t.id);
    Publish(
        api, s.project_id, "threat.reopen",
        {{"session_id", s.id}, {"threat_id", t.id}, {"assumption_id", id}, {"version", t.version}});
  }
  Json mitigations = Json::array();
  for (const auto& m : result.reopened_mitigations) {
    mitigations.push_back(m.id);
    Publish(api, s.project_id, "mitigation.reopen",
            {{"session_id", s.id},
             {"mitigation_id", m.id},
             {"assumption_id", id},
             {"version", m.version}});
  }
  out["reopened"] = {{"threats", threats}, {"mitigations", mitigations}};
  Publish(api, s.project_id, "assumption.update", {{"session_id", s.id}, {"assumption", out}});
  return JsonResponse(200, out);
}

Response DeleteAssumption(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t id, ParseId(request.params["id"], "assumption"));
  TP_ASSIGN(auto before, store.GetAssumption(id));
  TP_ASSIGN(auto s,
            SessionOf(store, who, before.session_id, "assumption " + std::to_string(id), true));
  TP_ASSIGN(int64_t version, DeleteVersion(request));
  TP_CHECK(store.DeleteAssumption(id, version, ActorOf(who)));
  Publish(api, s.project_id, "assumption.delete", {{"session_id", s.id}, {"assumption_id", id}});
  return Response::NoContent();
}

}  // namespace

void ApiRoutes::Assumptions(Api& api, Router& router) {
  auto route = [&api](Response (*handler)(Api&, Request&, const Principal&)) {
    return Authed(api, Access::kUser, [&api, handler](Request& request, const Principal& who) {
      return handler(api, request, who);
    });
  };
  router.Add("POST", "/api/v1/sessions/{id}/mitigations", route(CreateMitigation),
             {"Add a mitigation of some of the session's threats (participants).", "viewer"});
  router.Add("GET", "/api/v1/sessions/{id}/mitigations", route(ListMitigations),
             {"List a session's mitigations and each threat's residual state.", "viewer"});
  router.Add("PATCH", "/api/v1/mitigations/{id}", route(UpdateMitigation),
             {"Change a mitigation's status, owner, ticket or threats (participants; needs its "
              "version).",
              "viewer"});
  router.Add("DELETE", "/api/v1/mitigations/{id}", route(DeleteMitigation),
             {"Delete a mitigation with its links (participants; needs ?version=).", "viewer"});
  router.Add("POST", "/api/v1/sessions/{id}/assumptions", route(CreateAssumption),
             {"Record an assumption of the session (participants).", "viewer"});
  router.Add("GET", "/api/v1/sessions/{id}/assumptions", route(ListAssumptions),
             {"List a session's assumptions.", "viewer"});
  router.Add("PATCH", "/api/v1/assumptions/{id}", route(ValidateAssumption),
             {"Confirm or refute an assumption with evidence (security role or project admin); "
              "refuting reopens its linked threats and mitigations.",
              "security"});
  router.Add("DELETE", "/api/v1/assumptions/{id}", route(DeleteAssumption),
             {"Delete an assumption with its links (participants; needs ?version=).", "viewer"});
}

}  // namespace threatpath::server
