#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth.h"
#include "server/http.h"
#include "store/store.h"

// The JSON API under /api/v1: accounts, teams, projects, memberships, versioned threat models
// analysed by the engine, risk-tracking decisions, the audit log and live events. docs/server.md
// and the OpenAPI document (server/openapi.json, served at /api/v1/openapi.json) describe it.
namespace threatpath::server {

struct ApiOptions {
  auth::PasswordCost password_cost = auth::PasswordCost::kInteractive;
  std::chrono::seconds session_ttl{12 * 3600};
  /// Add `Secure` to the session cookie (set when served over TLS by a proxy).
  bool secure_cookies = false;
  /// Failed logins allowed per user name and per client address within the window.
  int login_failures_per_user = 5;
  int login_failures_per_address = 20;
  std::chrono::seconds login_window{300};
  /// Analyses of revisions kept in memory.
  size_t analysis_cache_entries = 32;
};

/// Who is calling: resolved from the session cookie or a bearer token.
struct Principal {
  store::User user;
  bool via_token = false;
  std::string csrf_token;  // for cookie sessions
  std::string session_hash;
};

class EventHub;
class AnalysisCache;
class QuestionnaireCache;

class Api {
 public:
  Api(store::Store& store, ApiOptions options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  /// Adds every route (and /healthz, /readyz, /metrics, /api/v1/openapi.json).
  void Register(Router& router);
  /// The live-event socket: /api/v1/events.
  std::vector<WebSocketRoute> WebSocketRoutes();

  /// On an empty database, creates the user "admin" with a generated password and returns the
  /// password (to be printed once); nullopt when users exist.
  base::Result<std::optional<std::string>> Bootstrap();

  /// Extra Prometheus lines (store health, cache, logins, events); the server's own counters
  /// come from `server_metrics`.
  void SetServerMetrics(std::function<std::string()> server_metrics) {
    server_metrics_ = std::move(server_metrics);
  }

  /// Stops the event hub's thread (before the store goes away).
  void Shutdown();

  /// Authenticates a request: bearer token or session cookie; for cookie sessions, unsafe
  /// methods must carry X-CSRF-Token. Public for the WebSocket upgrade and tests.
  base::Result<Principal> Authenticate(const Request& request, bool check_csrf);

 private:
  friend struct ApiRoutes;
  store::Store& store_;
  ApiOptions options_;
  auth::RateLimiter user_limiter_;
  auth::RateLimiter address_limiter_;
  std::unique_ptr<AnalysisCache> cache_;
  std::unique_ptr<QuestionnaireCache> questionnaires_;
  std::unique_ptr<EventHub> hub_;
  std::function<std::string()> server_metrics_;
  std::atomic<uint64_t> logins_ok_{0}, logins_failed_{0}, logins_limited_{0};
};

}  // namespace threatpath::server
