// Collaborative threat-modeling sessions (docs/server.md, "Sessions"): participants add threats
// to one revision of a model, rate them (the median shows the group's view, the spread its
// disagreement), decide a response, and close the session by a reflection poll.
#include <algorithm>
#include <cmath>
#include <map>

#include "server/analysis_cache.h"
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;
using store::Role;

namespace {

constexpr std::string_view kPhases[] = {"discover", "prioritize", "mitigate", "reflect", "closed"};
constexpr std::string_view kStride[] = {"spoofing",          "tampering",
                                        "repudiation",       "information-disclosure",
                                        "denial-of-service", "elevation-of-privilege"};
constexpr std::string_view kResponses[] = {"mitigate", "eliminate", "transfer", "accept"};

// The phase after `phase`, or "" when there is none.
std::string_view NextPhase(std::string_view phase) {
  for (size_t i = 0; i + 1 < std::size(kPhases); ++i) {
    if (kPhases[i] == phase) return kPhases[i + 1];
  }
  return {};
}

Json ParsedOr(const std::string& text, Json fallback) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

double Median(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 == 1 ? static_cast<double>(v[n / 2]) : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// The group's rating: the median of the participants' ratings, likelihood and impact each,
// with the spread (max - min) so that disagreement shows. null without ratings.
Json RatingSummary(const store::Threat& t) {
  if (t.ratings.empty()) return nullptr;
  std::vector<int64_t> likelihood, impact;
  for (const auto& r : t.ratings) {
    likelihood.push_back(r.likelihood);
    impact.push_back(r.impact);
  }
  auto axis = [](const std::vector<int64_t>& v) {
    auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return Json{{"median", Median(v)}, {"spread", *hi - *lo}, {"min", *lo}, {"max", *hi}};
  };
  return {{"count", t.ratings.size()}, {"likelihood", axis(likelihood)}, {"impact", axis(impact)}};
}

Json ThreatJson(const store::Threat& t) {
  Json ratings = Json::array();
  for (const auto& r : t.ratings) {
    ratings.push_back({{"user_id", r.user_id},
                       {"likelihood", r.likelihood},
                       {"impact", r.impact},
                       {"updated_at", r.updated_at}});
  }
  return {{"id", t.id},
          {"session_id", t.session_id},
          {"title", t.title},
          {"stride", t.stride},
          {"source", t.source},
          {"prerequisites", t.prerequisites},
          {"action", t.action},
          {"impact", t.impact},
          {"affected_assets", ParsedOr(t.affected_assets, Json::array())},
          {"from_risk", OrNull(t.from_risk)},
          {"response", OrNull(t.response)},
          {"justification", t.justification},
          {"owner", t.owner},
          {"rating", RatingSummary(t)},
          {"ratings", ratings},
          {"version", t.version},
          {"created_by", t.created_by},
          {"created_at", t.created_at},
          {"updated_by", t.updated_by},
          {"updated_at", t.updated_at}};
}

Json CommentJson(const store::ThreatComment& c) {
  return {{"id", c.id},
          {"threat_id", c.threat_id},
          {"user_id", c.user_id},
          {"text", c.text},
          {"created_at", c.created_at}};
}

// Yes votes needed to close: the least yes with yes * 1000 > quorum_permille * participants.
int64_t YesNeeded(const store::ThreatSession& s) {
  auto n = static_cast<int64_t>(s.participants.size());
  return s.quorum_permille * n / 1000 + 1;
}

Json PollJson(const store::ThreatSession& s, const std::vector<store::ReflectionVote>& votes) {
  int64_t yes = 0, no = 0;
  Json list = Json::array();
  for (const auto& v : votes) {
    (v.good_enough ? yes : no) += 1;
    list.push_back({{"user_id", v.user_id},
                    {"good_enough", v.good_enough},
                    {"comment", v.comment},
                    {"updated_at", v.updated_at}});
  }
  auto pending = static_cast<int64_t>(s.participants.size()) - yes - no;
  return {{"yes", yes},
          {"no", no},
          {"pending", pending},
          {"needed", YesNeeded(s)},
          {"closed_at", OrNull(s.closed_at)},
          {"votes", list}};
}

Json SessionJson(const store::ThreatSession& s, const std::vector<store::ReflectionVote>& votes) {
  return {{"id", s.id},
          {"project_id", s.project_id},
          {"model_id", s.model_id},
          {"revision", s.revision},
          {"title", s.title},
          {"phase", s.phase},
          {"facilitator_id", s.facilitator_id},
          {"participants", s.participants},
          {"quorum_ratio", s.quorum_permille / 1000.0},
          {"poll", PollJson(s, votes)},
          {"version", s.version},
          {"created_by", s.created_by},
          {"created_at", s.created_at},
          {"updated_by", s.updated_by},
          {"updated_at", s.updated_at}};
}

base::Result<Json> SessionWithPoll(store::Store& store, const store::ThreatSession& s) {
  auto votes = store.ListReflectionVotes(s.id);
  if (!votes) return std::move(votes).error();
  return SessionJson(s, *votes);
}

// A session the caller may read (a member of its project; others get 404).
base::Result<store::ThreatSession> ReadableSession(store::Store& store, const Principal& who,
                                                   const std::string& id_text) {
  auto id = ParseId(id_text, "session");
  if (!id) return std::move(id).error();
  auto s = store.GetThreatSession(*id);
  if (!s) return std::move(s).error();
  auto role = RequireRole(store, who, s->project_id, Role::kViewer);
  if (!role) {
    if (role.error().code() == Error::Code::kNotFound) {
      return Error::NotFound("session " + std::to_string(*id) + " not found");
    }
    return std::move(role).error();
  }
  return s;
}

bool IsParticipant(const store::ThreatSession& s, store::Id user) {
  return std::binary_search(s.participants.begin(), s.participants.end(), user);
}

// A session the caller may write to: readable, the caller a participant, the session open.
base::Result<store::ThreatSession> WritableSession(store::Store& store, const Principal& who,
                                                   const std::string& id_text) {
  auto s = ReadableSession(store, who, id_text);
  if (!s) return s;
  if (!IsParticipant(*s, who.user.id)) {
    return Error::PermissionDenied("only the participants of session " + std::to_string(s->id) +
                                   " may change it");
  }
  if (s->phase == "closed") {
    return Error::InvalidInput("session " + std::to_string(s->id) + " is closed")
        .WithField("phase");
  }
  return s;
}

// A threat and its session, for a participant's write.
base::Result<std::pair<store::Threat, store::ThreatSession>> WritableThreat(
    store::Store& store, const Principal& who, const std::string& id_text) {
  auto id = ParseId(id_text, "threat");
  if (!id) return std::move(id).error();
  auto t = store.GetThreat(*id);
  if (!t) return std::move(t).error();
  auto s = store.GetThreatSession(t->session_id);
  if (!s) return std::move(s).error();
  auto role = RequireRole(store, who, s->project_id, Role::kViewer);
  if (!role) {
    if (role.error().code() == Error::Code::kNotFound) {
      return Error::NotFound("threat " + std::to_string(*id) + " not found");
    }
    return std::move(role).error();
  }
  auto writable = WritableSession(store, who, std::to_string(s->id));
  if (!writable) return std::move(writable).error();
  return std::make_pair(std::move(*t), std::move(*writable));
}

// The analysis of a session's revision (without decisions: they change no risk or asset).
base::Result<AnalysisCache::View> RevisionAnalysis(Api& api, const store::ThreatSession& s) {
  store::Store& store = ApiRoutes::StoreOf(api);
  std::string key = "m" + std::to_string(s.model_id) + "/r" + std::to_string(s.revision);
  return ApiRoutes::CacheOf(api).Get(key, [&]() -> base::Result<std::shared_ptr<RevisionView>> {
    auto rev = store.GetRevision(s.model_id, s.revision);
    if (!rev) return std::move(rev).error();
    return AnalyzeRevision(*rev, {});
  });
}

Response CreateSession(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t model_id, ParseId(request.params["id"], "model"));
  TP_ASSIGN(auto model, store.GetModel(model_id));
  TP_CHECK(RequireRole(store, who, model.project_id, Role::kContributor));
  TP_ASSIGN(SplitBody split, TakeFields(request, {"participants", "quorum_ratio"}));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(split.rest));
  store::ThreatSession s;
  s.model_id = model_id;
  s.title = body.String("title", true, 300);
  s.revision = body.OptionalInt("revision", 1).value_or(model.version);
  s.facilitator_id = body.Int("facilitator", true, 1);
  TP_CHECK(body.Finish());
  auto participants = split.taken.find("participants");
  if (participants == split.taken.end()) {
    return ErrorFrom(Error::InvalidInput("'participants' is required").WithField("participants"));
  }
  if (!participants->second.is_array() || participants->second.empty()) {
    return ErrorFrom(Error::InvalidInput("'participants' must be a non-empty list of user ids")
                         .WithField("participants"));
  }
  for (const Json& p : participants->second) {
    if (!p.is_number_integer() || p.get<int64_t>() < 1) {
      return ErrorFrom(Error::InvalidInput("'participants' must be a non-empty list of user ids")
                           .WithField("participants"));
    }
    s.participants.push_back(p.get<int64_t>());
  }
  auto quorum = split.taken.find("quorum_ratio");
  if (quorum != split.taken.end()) {
    const Json& q = quorum->second;
    if (!q.is_number() || q.get<double>() < 0 || q.get<double>() >= 1) {
      return ErrorFrom(
          Error::InvalidInput("'quorum_ratio' must be a number from 0 up to (not including) 1")
              .WithField("quorum_ratio"));
    }
    s.quorum_permille = std::min<int64_t>(999, std::lround(q.get<double>() * 1000));
  }
  if (Blank(s.title)) {
    return ErrorFrom(Error::InvalidInput("'title' must not be empty").WithField("title"));
  }
  if (s.revision > model.version) {
    return ErrorFrom(Error::InvalidInput("model " + std::to_string(model_id) + " has no revision " +
                                         std::to_string(s.revision))
                         .WithField("revision"));
  }
  TP_ASSIGN(auto created, store.CreateThreatSession(s, ActorOf(who)));
  Json out = SessionJson(created, {});
  Publish(api, created.project_id, "session.create", {{"session", out}});
  return JsonResponse(201, out);
}

Response GetSession(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto s, ReadableSession(store, who, request.params["id"]));
  TP_ASSIGN(Json out, SessionWithPoll(store, s));
  TP_ASSIGN(auto threats, store.ListThreats(s.id));
  TP_ASSIGN(auto mitigations, store.ListMitigations(s.id));
  Json list = Json::array();
  for (const auto& t : threats) {
    Json j = ThreatJson(t);
    Json residual = ThreatResidualJson(t, mitigations);
    j["mitigations"] = std::move(residual["mitigations"]);
    j["residual"] = std::move(residual["residual"]);
    TP_ASSIGN(auto comments, store.ListThreatComments(t.id));
    j["comments"] = Json::array();
    for (const auto& c : comments) j["comments"].push_back(CommentJson(c));
    list.push_back(std::move(j));
  }
  out["threats"] = std::move(list);
  // Where the engine's view of the session's revision is, to start threats from: its risks
  // (a threat's from_risk names one) and its STRIDE review prompts.
  std::string revision =
      "/api/v1/models/" + std::to_string(s.model_id) + "/revisions/" + std::to_string(s.revision);
  out["starting_points"] = {{"risks", revision + "/risks"}, {"prompts", revision + "/prompts"}};
  return JsonResponse(200, out);
}

Response ChangePhase(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto s, ReadableSession(store, who, request.params["id"]));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  int64_t version = body.Int("version", true, 1);
  std::string phase = body.String("phase", true, 32);
  TP_CHECK(body.Finish());
  if (who.user.id != s.facilitator_id &&
      !RequireRole(store, who, s.project_id, Role::kAdmin).has_value()) {
    return ErrorFrom(Error::PermissionDenied("only the facilitator of session " +
                                             std::to_string(s.id) +
                                             " or a project admin may change its phase"));
  }
  if (!OneOf(phase, kPhases)) {
    return ErrorFrom(
        Error::InvalidInput("'phase' must be " + Listed(kPhases) + ", not '" + phase + "'")
            .WithField("phase"));
  }
  if (version != s.version) {
    return ErrorFrom(Error::Conflict("session " + std::to_string(s.id) + " is at version " +
                                     std::to_string(s.version) + ", not " + std::to_string(version))
                         .WithCurrentVersion(s.version));
  }
  std::string_view next = NextPhase(s.phase);
  if (phase != next) {
    std::string message = next.empty() ? "session " + std::to_string(s.id) + " is closed"
                                       : "the next phase after " + s.phase + " is " +
                                             std::string(next) + ", not " + phase;
    return ErrorFrom(Error::InvalidInput(message).WithField("phase"));
  }
  TP_ASSIGN(auto changed, store.SetSessionPhase(s.id, version, phase, ActorOf(who)));
  TP_ASSIGN(Json out, SessionWithPoll(store, changed));
  Publish(api, changed.project_id, changed.phase == "closed" ? "session.close" : "session.phase",
          {{"session_id", changed.id},
           {"model_id", changed.model_id},
           {"phase", changed.phase},
           {"version", changed.version},
           {"poll", out["poll"]}});
  return JsonResponse(200, out);
}

Response CreateThreat(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto s, WritableSession(store, who, request.params["id"]));
  TP_ASSIGN(SplitBody split, TakeFields(request, {"affected_assets"}));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(split.rest));
  store::Threat t;
  t.session_id = s.id;
  t.title = body.String("title", true, 300);
  t.stride = body.String("stride", true, 32);
  t.source = body.OptionalString("source", 2000).value_or("");
  t.prerequisites = body.OptionalString("prerequisites", 2000).value_or("");
  t.action = body.OptionalString("action", 2000).value_or("");
  t.impact = body.OptionalString("impact", 2000).value_or("");
  t.from_risk = body.OptionalString("from_risk", 300).value_or("");
  TP_CHECK(body.Finish());
  if (Blank(t.title)) {
    return ErrorFrom(Error::InvalidInput("'title' must not be empty").WithField("title"));
  }
  if (!OneOf(t.stride, kStride)) {
    return ErrorFrom(
        Error::InvalidInput("'stride' must be " + Listed(kStride) + ", not '" + t.stride + "'")
            .WithField("stride"));
  }
  Json assets = Json::array();
  if (auto given = split.taken.find("affected_assets"); given != split.taken.end()) {
    if (!given->second.is_array()) {
      return ErrorFrom(Error::InvalidInput("'affected_assets' must be a list of asset ids")
                           .WithField("affected_assets"));
    }
    for (const Json& a : given->second) {
      if (!a.is_string()) {
        return ErrorFrom(Error::InvalidInput("'affected_assets' must be a list of asset ids")
                             .WithField("affected_assets"));
      }
      assets.push_back(a);
    }
  }
  if (!assets.empty() || !t.from_risk.empty()) {
    TP_ASSIGN(auto view, RevisionAnalysis(api, s));
    const core::Model& m = view->analysis->model;
    for (const Json& a : assets) {
      const std::string& id = a.get_ref<const std::string&>();
      bool known = std::any_of(m.components.begin(), m.components.end(),
                               [&](const auto& c) { return c.id == id; }) ||
                   std::any_of(m.data_assets.begin(), m.data_assets.end(),
                               [&](const auto& d) { return d.id == id; });
      if (!known) {
        return ErrorFrom(Error::InvalidInput("revision " + std::to_string(s.revision) +
                                             " of model " + std::to_string(s.model_id) +
                                             " has no asset '" + id + "'")
                             .WithField("affected_assets"));
      }
    }
    if (!t.from_risk.empty()) {
      const auto& risks = view->analysis->result.risks;
      bool known = std::any_of(risks.begin(), risks.end(),
                               [&](const auto& r) { return r.synthetic_id == t.from_risk; });
      if (!known) {
        return ErrorFrom(Error::InvalidInput("revision " + std::to_string(s.revision) +
                                             " of model " + std::to_string(s.model_id) +
                                             " has no risk '" + t.from_risk + "'")
                             .WithField("from_risk"));
      }
    }
  }
  t.affected_assets = Text(assets);
  TP_ASSIGN(auto created, store.CreateThreat(t, ActorOf(who)));
  Json out = ThreatJson(created);
  Publish(api, s.project_id, "threat.create", {{"session_id", s.id}, {"threat", out}});
  return JsonResponse(201, out);
}

Response RateThreat(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto found, WritableThreat(store, who, request.params["id"]));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  store::ThreatRating r;
  r.user_id = who.user.id;
  r.likelihood = body.Int("likelihood", true, 1, 5);
  r.impact = body.Int("impact", true, 1, 5);
  TP_CHECK(body.Finish());
  TP_ASSIGN(auto rated, store.PutThreatRating(found.first.id, r, ActorOf(who)));
  Json out = ThreatJson(rated);
  Publish(api, found.second.project_id, "threat.rating",
          {{"session_id", found.second.id},
           {"threat_id", rated.id},
           {"user_id", who.user.id},
           {"likelihood", r.likelihood},
           {"impact", r.impact},
           {"rating", out["rating"]}});
  return JsonResponse(200, out);
}

Response RespondToThreat(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto found, WritableThreat(store, who, request.params["id"]));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  int64_t version = body.Int("version", true, 1);
  store::ThreatResponse change;
  change.response = body.String("response", true, 32);
  change.justification = body.OptionalString("justification", 2000).value_or("");
  change.owner = body.OptionalString("owner", 200).value_or("");
  TP_CHECK(body.Finish());
  if (!OneOf(change.response, kResponses)) {
    return ErrorFrom(Error::InvalidInput("'response' must be " + Listed(kResponses) + ", not '" +
                                         change.response + "'")
                         .WithField("response"));
  }
  if (change.response == "accept") {
    if (Blank(change.justification)) {
      return ErrorFrom(Error::InvalidInput("accepting a threat needs a justification")
                           .WithField("justification"));
    }
    if (Blank(change.owner)) {
      return ErrorFrom(Error::InvalidInput("accepting a threat needs an owner").WithField("owner"));
    }
  }
  TP_ASSIGN(auto updated,
            store.UpdateThreatResponse(found.first.id, version, change, ActorOf(who)));
  Json out = ThreatJson(updated);
  Publish(api, found.second.project_id, "threat.update",
          {{"session_id", found.second.id}, {"threat", out}});
  return JsonResponse(200, out);
}

Response CommentOnThreat(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto found, WritableThreat(store, who, request.params["id"]));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  std::string text = body.String("text", true, 4000);
  TP_CHECK(body.Finish());
  if (Blank(text)) {
    return ErrorFrom(Error::InvalidInput("'text' must not be empty").WithField("text"));
  }
  TP_ASSIGN(auto comment, store.AddThreatComment(found.first.id, text, ActorOf(who)));
  Json out = CommentJson(comment);
  Publish(api, found.second.project_id, "comment.create",
          {{"session_id", found.second.id}, {"threat_id", found.first.id}, {"comment", out}});
  return JsonResponse(201, out);
}

Response Vote(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(auto s, WritableSession(store, who, request.params["id"]));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  auto good_enough = body.OptionalBool("good_enough");
  std::string comment = body.OptionalString("comment", 2000).value_or("");
  TP_CHECK(body.Finish());
  if (!good_enough) {
    return ErrorFrom(Error::InvalidInput("'good_enough' is required").WithField("good_enough"));
  }
  store::ReflectionVote vote{who.user.id, *good_enough, comment, ""};
  TP_ASSIGN(auto after, store.PutReflectionVote(s.id, vote, ActorOf(who)));
  TP_ASSIGN(Json out, SessionWithPoll(store, after));
  Publish(api, s.project_id, "reflection.vote",
          {{"session_id", s.id},
           {"user_id", who.user.id},
           {"good_enough", *good_enough},
           {"poll", out["poll"]}});
  if (after.phase == "closed") {
    Publish(api, s.project_id, "session.close",
            {{"session_id", s.id},
             {"model_id", s.model_id},
             {"phase", after.phase},
             {"version", after.version},
             {"poll", out["poll"]}});
  }
  return JsonResponse(200, out);
}

}  // namespace

void ApiRoutes::Sessions(Api& api, Router& router) {
  auto route = [&api](Response (*handler)(Api&, Request&, const Principal&)) {
    return Authed(api, Access::kUser, [&api, handler](Request& request, const Principal& who) {
      return handler(api, request, who);
    });
  };
  store::Store& store = api.store_;

  router.Add("POST", "/api/v1/models/{id}/sessions", route(CreateSession),
             {"Start a threat-modeling session on a revision of the model.", "contributor"});
  router.Add("GET", "/api/v1/models/{id}/sessions",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "model"));
                      TP_ASSIGN(auto model, store.GetModel(id));
                      TP_CHECK(RequireRole(store, who, model.project_id, Role::kViewer));
                      TP_ASSIGN(auto sessions, store.ListThreatSessions(id));
                      Json out = Json::array();
                      for (const auto& s : sessions) {
                        TP_ASSIGN(Json j, SessionWithPoll(store, s));
                        out.push_back(std::move(j));
                      }
                      return JsonResponse(200, {{"sessions", out}});
                    }),
             {"List a model's sessions, newest first.", "viewer"});
  router.Add("GET", "/api/v1/sessions/{id}", route(GetSession),
             {"Read a session with its poll, threats, ratings and comments.", "viewer"});
  router.Add("PATCH", "/api/v1/sessions/{id}", route(ChangePhase),
             {"Move a session to its next phase (the facilitator or a project admin).", "viewer"});
  router.Add("POST", "/api/v1/sessions/{id}/threats", route(CreateThreat),
             {"Add a threat to a session (participants).", "viewer"});
  router.Add("PUT", "/api/v1/sessions/{id}/reflection", route(Vote),
             {"Vote in the reflection poll (participants, phase reflect).", "viewer"});
  router.Add("PUT", "/api/v1/threats/{id}/rating", route(RateThreat),
             {"Rate a threat's likelihood and impact (participants).", "viewer"});
  router.Add("PATCH", "/api/v1/threats/{id}", route(RespondToThreat),
             {"Decide a threat's response (participants; needs its version).", "viewer"});
  router.Add("POST", "/api/v1/threats/{id}/comments", route(CommentOnThreat),
             {"Comment on a threat (participants).", "viewer"});
}

}  // namespace threatpath::server
