// Accounts: sign-in and sessions, users (server admins), API tokens.
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;

namespace {

constexpr std::string_view kCookie = "tp_session";

base::Status CheckUsername(const std::string& name) {
  if (name.empty() || name.size() > 64 ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
          std::string::npos) {
    return Error::InvalidInput("a user name has 1 to 64 letters, digits, '.', '_' or '-'")
        .WithField("username");
  }
  return base::OkStatus();
}

std::string SessionCookie(const std::string& token, int64_t max_age, bool secure) {
  std::string c = std::string(kCookie) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

Json TokenJson(const store::ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"user_id", t.user_id},
          {"created_at", t.created_at},
          {"last_used_at", t.last_used_at.empty() ? Json(nullptr) : Json(t.last_used_at)},
          {"revoked", t.revoked}};
}

}  // namespace

Response ApiRoutes::Login(Api& api, Request& request) {
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  std::string username = body.String("username", true, 64);
  std::string password = body.String("password", true, auth::kMaxPasswordLength);
  TP_CHECK(body.Finish());

  std::string user_key = "user:" + username;
  std::string address_key = "addr:" + request.remote;
  int64_t wait = std::max(api.user_limiter_.RetryAfter(user_key),
                          api.address_limiter_.RetryAfter(address_key));
  if (wait > 0) {
    ++api.logins_limited_;
    Response r =
        ErrorFrom(Error(Error::Code::kRateLimited,
                        "too many failed sign-ins; try again in " + std::to_string(wait) + " s"));
    return r.With("Retry-After", std::to_string(wait));
  }

  store::Store& store = api.store_;
  auto user = store.FindUser(username);
  bool ok = false;
  if (user && !user->disabled) {
    auto hash = store.PasswordHash(user->id);
    ok = hash && auth::VerifyPassword(*hash, password);
  } else {
    if (!user && user.error().code() != Error::Code::kNotFound) return ErrorFrom(user.error());
    auth::VerifyPassword(auth::DummyHash(), password);  // same time as for a real user
  }
  if (!ok) {
    ++api.logins_failed_;
    api.user_limiter_.Fail(user_key);
    api.address_limiter_.Fail(address_key);
    store::AuditEntry entry;
    entry.actor_id = user ? user->id : 0;
    entry.actor = username;
    entry.action = "auth.login_failed";
    entry.object_type = "user";
    entry.object_id = user ? std::to_string(user->id) : "";
    entry.detail = Json{{"remote", request.remote}}.dump();
    (void)store.Audit(entry);
    return ErrorFrom(Error::Unauthenticated("wrong user name or password"));
  }
  ++api.logins_ok_;
  api.user_limiter_.Succeed(user_key);

  std::string token = auth::RandomToken();
  store::Session session{auth::TokenHash(token), user->id, auth::RandomToken(),
                         NowSeconds() + api.options_.session_ttl.count()};
  TP_CHECK(store.CreateSession(session));
  store::AuditEntry entry;
  entry.actor_id = user->id;
  entry.actor = user->username;
  entry.action = "auth.login";
  entry.object_type = "user";
  entry.object_id = std::to_string(user->id);
  entry.detail = Json{{"remote", request.remote}}.dump();
  (void)store.Audit(entry);

  Response r = JsonResponse(200, {{"user", UserJson(*user)},
                                  {"csrf_token", session.csrf_token},
                                  {"expires_at", session.expires_at}});
  return r.With("Set-Cookie", SessionCookie(token, api.options_.session_ttl.count(),
                                            api.options_.secure_cookies));
}

void ApiRoutes::Accounts(Api& api, Router& router) {
  store::Store& store = api.store_;

  router.Add(
      "POST", "/api/v1/auth/login", [&api](Request& r) { return Login(api, r); },
      {"Sign in with user name and password; sets the session cookie and returns the CSRF token.",
       "public"});

  router.Add("POST", "/api/v1/auth/logout",
             Authed(api, Access::kUser,
                    [&store, &api](Request&, const Principal& who) {
                      if (!who.session_hash.empty())
                        TP_CHECK(store.DeleteSession(who.session_hash));
                      Response r = Response::NoContent();
                      return r.With("Set-Cookie",
                                    SessionCookie("", 0, api.options_.secure_cookies));
                    }),
             {"End the current session.", "user"});

  router.Add(
      "GET", "/api/v1/auth/session",
      Authed(
          api, Access::kUser,
          [](Request&, const Principal& who) {
            Json j = {{"user", UserJson(who.user)}, {"via", who.via_token ? "token" : "session"}};
            if (!who.via_token) j["csrf_token"] = who.csrf_token;
            return JsonResponse(200, j);
          }),
      {"The signed-in user and the session's CSRF token.", "user"});

  router.Add(
      "PUT", "/api/v1/auth/password",
      Authed(
          api, Access::kUser,
          [&store, &api](Request& request, const Principal& who) {
            TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
            std::string current = body.String("current_password", true, auth::kMaxPasswordLength);
            std::string next = body.String("new_password", true, auth::kMaxPasswordLength + 1);
            TP_CHECK(body.Finish());
            auto policy = auth::CheckPasswordPolicy(next);
            if (!policy) {
              return ErrorFrom(
                  Error::InvalidInput(policy.error().message()).WithField("new_password"));
            }
            TP_ASSIGN(std::string hash, store.PasswordHash(who.user.id));
            if (!auth::VerifyPassword(hash, current)) {
              return ErrorFrom(Error::PermissionDenied("the current password is wrong")
                                   .WithField("current_password"));
            }
            TP_ASSIGN(std::string next_hash, auth::HashPassword(next, api.options_.password_cost));
            TP_CHECK(store.SetPasswordHash(who.user.id, next_hash, ActorOf(who)));
            return Response::NoContent();
          }),
      {"Change your own password.", "user"});

  router.Add("GET", "/api/v1/users",
             Authed(api, Access::kAdmin,
                    [&store](Request&, const Principal&) {
                      TP_ASSIGN(auto users, store.ListUsers());
                      Json out = Json::array();
                      for (const auto& u : users) out.push_back(UserJson(u));
                      return JsonResponse(200, {{"users", out}});
                    }),
             {"List users.", "admin"});

  router.Add("POST", "/api/v1/users",
             Authed(api, Access::kAdmin,
                    [&store, &api](Request& request, const Principal& who) {
                      TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
                      store::NewUser nu;
                      nu.username = body.String("username", true, 64);
                      nu.display_name = body.String("display_name", false, 200);
                      std::string password =
                          body.String("password", true, auth::kMaxPasswordLength + 1);
                      nu.is_admin = body.OptionalBool("is_admin").value_or(false);
                      TP_CHECK(body.Finish());
                      TP_CHECK(CheckUsername(nu.username));
                      TP_CHECK(auth::CheckPasswordPolicy(password));
                      TP_ASSIGN(nu.password_hash,
                                auth::HashPassword(password, api.options_.password_cost));
                      TP_ASSIGN(auto user, store.CreateUser(nu, ActorOf(who)));
                      return JsonResponse(201, UserJson(user));
                    }),
             {"Create a user.", "admin"});

  router.Add("GET", "/api/v1/users/{id}",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "user"));
                      if (!who.user.is_admin && id != who.user.id) {
                        return ErrorFrom(Error::PermissionDenied(
                            "only server administrators may read other users"));
                      }
                      TP_ASSIGN(auto user, store.GetUser(id));
                      return JsonResponse(200, UserJson(user));
                    }),
             {"Read a user (yourself, or anyone as an admin).", "user"});

  router.Add("GET", "/api/v1/tokens",
             Authed(api, Access::kUser,
                    [&store](Request&, const Principal& who) {
                      TP_ASSIGN(auto tokens, store.ListTokens(who.user.id));
                      Json out = Json::array();
                      for (const auto& t : tokens) out.push_back(TokenJson(t));
                      return JsonResponse(200, {{"tokens", out}});
                    }),
             {"List your API tokens (never their secrets).", "user"});

  router.Add("POST", "/api/v1/tokens",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
                      std::string name = body.String("name", true, 200);
                      TP_CHECK(body.Finish());
                      if (name.empty()) {
                        return ErrorFrom(
                            Error::InvalidInput("'name' must not be empty").WithField("name"));
                      }
                      std::string secret = "tp_" + auth::RandomToken();
                      store::ApiToken t;
                      t.user_id = who.user.id;
                      t.name = name;
                      t.token_hash = auth::TokenHash(secret);
                      TP_ASSIGN(auto created, store.CreateToken(t, ActorOf(who)));
                      Json j = TokenJson(created);
                      j["token"] = secret;  // shown once
                      return JsonResponse(201, j);
                    }),
             {"Create an API token for CI; the secret is in the response only.", "user"});

  router.Add("DELETE", "/api/v1/tokens/{id}",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "token"));
                      TP_ASSIGN(auto token, store.GetToken(id));
                      if (token.user_id != who.user.id && !who.user.is_admin) {
                        return ErrorFrom(
                            Error::NotFound("token " + std::to_string(id) + " does not exist"));
                      }
                      TP_CHECK(store.RevokeToken(id, ActorOf(who)));
                      return Response::NoContent();
                    }),
             {"Revoke one of your API tokens (any, as an admin).", "user"});
}

}  // namespace threatpath::server
