#include "server/api.h"

#include <chrono>

#include "server/analysis_cache.h"
#include "server/api_internal.h"
#include "server/events.h"

namespace threatpath::server {

std::string_view OpenApiDocument();  // server/openapi.json, built in

using base::Error;

Api::Api(store::Store& store, ApiOptions options)
    : store_(store),
      options_(options),
      user_limiter_(options.login_failures_per_user, options.login_window),
      address_limiter_(options.login_failures_per_address, options.login_window),
      cache_(std::make_unique<AnalysisCache>(options.analysis_cache_entries)),
      questionnaires_(std::make_unique<QuestionnaireCache>()),
      hub_(std::make_unique<EventHub>(store)) {}

Api::~Api() { Shutdown(); }

void Api::Shutdown() {
  if (hub_) hub_->Stop();
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

store::Actor ActorOf(const Principal& who) { return {who.user.id, who.user.username}; }

namespace {

bool IsUnsafe(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

}  // namespace

base::Result<Principal> Api::Authenticate(const Request& request, bool check_csrf) {
  Principal who;
  std::string_view authz = request.Header("authorization");
  if (!authz.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authz.substr(0, kBearer.size()) != kBearer || authz.size() == kBearer.size()) {
      return Error::Unauthenticated("the Authorization header must be 'Bearer <token>'")
          .WithField("Authorization");
    }
    auto token = store_.UseToken(auth::TokenHash(authz.substr(kBearer.size())));
    if (!token) {
      if (token.error().code() == Error::Code::kNotFound) {
        return Error::Unauthenticated("the API token is unknown or revoked")
            .WithField("Authorization");
      }
      return std::move(token).error();
    }
    auto user = store_.GetUser(token->user_id);
    if (!user) return std::move(user).error();
    if (user->disabled) return Error::Unauthenticated("the account is disabled");
    who.user = std::move(*user);
    who.via_token = true;
    return who;
  }
  auto cookie = request.Cookie("tp_session");
  if (!cookie || cookie->empty()) {
    return Error::Unauthenticated("sign in first: no session cookie or bearer token");
  }
  std::string hash = auth::TokenHash(*cookie);
  auto session = store_.GetSession(hash, NowSeconds());
  if (!session) {
    if (session.error().code() == Error::Code::kNotFound) {
      return Error::Unauthenticated("the session has ended; sign in again");
    }
    return std::move(session).error();
  }
  auto user = store_.GetUser(session->user_id);
  if (!user) return std::move(user).error();
  if (user->disabled) return Error::Unauthenticated("the account is disabled");
  if (check_csrf && IsUnsafe(request.method) &&
      !auth::SecretsEqual(request.Header("x-csrf-token"), session->csrf_token)) {
    return Error::PermissionDenied(
               "the X-CSRF-Token header is missing or wrong (GET /api/v1/auth/session gives it)")
        .WithField("X-CSRF-Token");
  }
  who.user = std::move(*user);
  who.csrf_token = session->csrf_token;
  who.session_hash = hash;
  return who;
}

Handler Authed(Api& api, Access access, AuthedHandler handler) {
  return [&api, access, handler = std::move(handler)](Request& request) -> Response {
    if (access == Access::kPublic) return handler(request, Principal{});
    TP_ASSIGN(Principal who, api.Authenticate(request, true));
    if (access == Access::kAdmin && !who.user.is_admin) {
      return ErrorFrom(Error::PermissionDenied("only server administrators may do this"));
    }
    return handler(request, who);
  };
}

base::Status RequireRole(store::Store& store, const Principal& who, store::Id project_id,
                         store::Role role) {
  if (who.user.is_admin) {
    auto project = store.GetProject(project_id);
    if (!project) return std::move(project).error();
    return base::OkStatus();
  }
  // A membership implies the project; without one, a missing project and someone else's look
  // the same (one query, and no oracle for project ids).
  auto have = store.RoleOf(project_id, who.user.id);
  if (!have) return std::move(have).error();
  if (!*have) {
    return Error::NotFound("project " + std::to_string(project_id) + " does not exist");
  }
  if (static_cast<int>(**have) < static_cast<int>(role)) {
    return Error::PermissionDenied(std::string("this needs the ") + store::RoleName(role) +
                                   " role in the project; you are " + store::RoleName(**have));
  }
  return base::OkStatus();
}

void Publish(Api& api, store::Id project_id, std::string_view type, const Json& payload) {
  auto event = ApiRoutes::StoreOf(api).PublishEvent(
      project_id, type, payload.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (!event) {
    LogJson("error", "publishing an event failed",
            {{"type", std::string(type)}, {"detail", event.error().ToString()}});
  }
}

Json UserJson(const store::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"is_admin", u.is_admin},
          {"disabled", u.disabled},
          {"created_at", u.created_at}};
}

Json ProjectJson(const store::Project& p) {
  Json j = {{"id", p.id},
            {"name", p.name},
            {"description", p.description},
            {"team_id", p.team_id == 0 ? Json(nullptr) : Json(p.team_id)},
            {"version", p.version},
            {"created_at", p.created_at},
            {"updated_at", p.updated_at}};
  return j;
}

Json ModelJson(const store::Model& m) {
  return {{"id", m.id},
          {"project_id", m.project_id},
          {"name", m.name},
          {"version", m.version},
          {"decisions_version", m.decisions_version},
          {"created_at", m.created_at},
          {"updated_at", m.updated_at}};
}

Json AuditJson(const store::AuditEntry& e) {
  Json detail = Json::parse(e.detail.empty() ? "{}" : e.detail, nullptr, false);
  if (detail.is_discarded()) detail = Json::object();
  return {{"id", e.id},
          {"at", e.at},
          {"actor_id", e.actor_id},
          {"actor", e.actor},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"project_id", e.project_id == 0 ? Json(nullptr) : Json(e.project_id)},
          {"version_before", e.version_before},
          {"version_after", e.version_after},
          {"detail", detail}};
}

void Api::Register(Router& router) {
  router.Add("GET", "/healthz",
             [](Request&) {
               return JsonResponse(200, {{"status", "ok"}});
             },
             {"Liveness: the process answers.", "public"});
  router.Add("GET", "/readyz",
             [this](Request&) {
               auto ping = store_.Ping();
               if (!ping) {
                 return ErrorResponse(503, "unavailable", "the database is not reachable");
               }
               return JsonResponse(200, {{"status", "ready"}, {"database", store_.backend()}});
             },
             {"Readiness: the database answers.", "public"});
  router.Add("GET", "/metrics",
             [this](Request&) {
               std::string text = server_metrics_ ? server_metrics_() : std::string();
               bool up = static_cast<bool>(store_.Ping());
               text += "# HELP threatpath_database_up Whether the last database ping succeeded.\n";
               text += "# TYPE threatpath_database_up gauge\n";
               text += "threatpath_database_up " + std::string(up ? "1" : "0") + "\n";
               text += "# HELP threatpath_logins_total Login attempts by outcome.\n";
               text += "# TYPE threatpath_logins_total counter\n";
               text +=
                   "threatpath_logins_total{result=\"ok\"} " + std::to_string(logins_ok_) + "\n";
               text += "threatpath_logins_total{result=\"failed\"} " +
                       std::to_string(logins_failed_) + "\n";
               text += "threatpath_logins_total{result=\"rate_limited\"} " +
                       std::to_string(logins_limited_) + "\n";
               text += cache_->MetricsText();
               text += questionnaires_->MetricsText();
               text += hub_->MetricsText();
               return Response::Text(200, "text/plain; version=0.0.4", std::move(text));
             },
             {"Prometheus metrics.", "public"});
  router.Add("GET", "/api/v1/openapi.json",
             [](Request&) { return Response::Json(200, std::string(OpenApiDocument())); },
             {"This API's OpenAPI 3 description.", "public"});
  ApiRoutes::Accounts(*this, router);
  ApiRoutes::Projects(*this, router);
  ApiRoutes::Models(*this, router);
  ApiRoutes::Intake(*this, router);
  ApiRoutes::Findings(*this, router);
  ApiRoutes::Sessions(*this, router);
  ApiRoutes::Assumptions(*this, router);
  ApiRoutes::Metrics(*this, router);
  ApiRoutes::Questionnaires(*this, router);
}

std::vector<WebSocketRoute> Api::WebSocketRoutes() { return {hub_->Route(*this)}; }

base::Result<std::optional<std::string>> Api::Bootstrap() {
  auto count = store_.CountUsers();
  if (!count) return std::move(count).error();
  if (*count > 0) return std::optional<std::string>();
  std::string password = auth::GeneratePassword();
  auto hash = auth::HashPassword(password, options_.password_cost);
  if (!hash) return std::move(hash).error();
  store::NewUser admin{"admin", "Administrator", *hash, true};
  auto user = store_.CreateUser(admin, store::Actor{});
  if (!user) return std::move(user).error();
  return std::optional<std::string>(password);
}

}  // namespace threatpath::server
