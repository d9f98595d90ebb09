#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The HTTP layer's plain types. Handlers see these, never Boost.Beast's: Beast and Asio live in
// server/http_server.cc only (WebSocket sessions included).
namespace threatpath::server {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string, without '?'
  /// Header names lower-cased; repeated headers joined with ", ".
  std::map<std::string, std::string> headers;
  std::string body;
  std::string remote;      // peer address "127.0.0.1"
  std::string request_id;  // generated per request, echoed in X-Request-Id and logs
  /// Path parameters captured by the router ("{id}" in "/api/v1/models/{id}").
  std::map<std::string, std::string> params;

  /// The header's value, or empty when absent. `name` in lower case.
  std::string_view Header(std::string_view name) const;
  /// A query parameter, percent-decoded; nullopt when absent.
  std::optional<std::string> QueryParam(std::string_view name) const;
  /// A cookie from the Cookie header; nullopt when absent.
  std::optional<std::string> Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)
  std::string body;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string content_type, std::string body);
  static Response NoContent();
  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

/// The one error shape of the API: {"error": {"status": 409, "code": "conflict",
/// "message": "...", "field": "...", "current_version": 7, "request_id": "..."}}; "field" and
/// "current_version" only when known (non-empty, non-zero). "request_id" is left out here: the
/// server adds it to every JSON error body (status >= 400 with an "error" object and no
/// request_id) before sending, and also sends it as the X-Request-Id header.
Response ErrorResponse(int status, std::string_view code, std::string_view message,
                       std::string_view field = {}, int64_t current_version = 0);

using Handler = std::function<Response(Request&)>;

/// Describes a route for the OpenAPI document and the tests that keep it true.
struct RouteInfo {
  std::string summary;
  /// Minimum project role, or "admin" (server admin), "user" (any signed-in user), "public".
  std::string access = "user";
};

/// Matches method and path patterns with "{name}" segments. Unknown path: 404; known path with
/// another method: 405 with Allow. Patterns are matched segment by segment; a literal segment
/// wins over a parameter.
class Router {
 public:
  struct Route {
    std::string method;
    std::string pattern;
    RouteInfo info;
    Handler handler;
  };
  void Add(std::string method, std::string pattern, Handler handler, RouteInfo info = {});
  /// Finds the route, fills request.params, and calls it; errors as ErrorResponse.
  Response Dispatch(Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

/// A WebSocket connection as handlers see it. Send is thread-safe and never blocks: messages
/// queue per connection (a connection whose queue exceeds its limit is closed as too slow).
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  virtual void Send(std::string text) = 0;
  virtual void Close(std::string_view reason) = 0;
  virtual bool open() const = 0;
};

/// Decides on an upgrade request: a non-empty `reject` refuses it with that response; otherwise
/// `on_open` is called with the connection once the handshake is done, `on_message` for each text
/// message the client sends, and `on_close` once when it goes away.
struct WebSocketRoute {
  std::string pattern;  // e.g. "/api/v1/events"
  std::function<std::optional<Response>(Request&)> accept;
  std::function<void(const Request&, std::shared_ptr<WebSocketConnection>)> on_open;
  std::function<void(const std::shared_ptr<WebSocketConnection>&, std::string_view)> on_message;
  std::function<void(const std::shared_ptr<WebSocketConnection>&)> on_close;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see HttpServer::port)
  int threads = 2;
  size_t body_limit = 8 * 1024 * 1024;    // 413 beyond
  size_t header_limit = 16 * 1024;        // 431 beyond
  std::chrono::seconds read_timeout{30};  // a slow client loses its connection
  std::chrono::seconds idle_timeout{60};  // keep-alive connections without a request
  std::chrono::seconds shutdown_grace{10};
  size_t websocket_queue_limit = 4096;  // messages queued per connection before it is closed
  std::string static_dir;               // serve files from here for non-API GETs; empty: none
  bool access_log = true;               // one JSON line per request on stderr; off for benchmarks
};

/// Counters the server keeps for /metrics.
struct ServerStats {
  uint64_t requests = 0;
  uint64_t responses_4xx = 0;
  uint64_t responses_5xx = 0;
  uint64_t websocket_open = 0;
  uint64_t connections_open = 0;
};

/// One-line structured log records (JSON lines on stderr): request id, method, target, status,
/// bytes, duration. Thread-safe.
void LogJson(std::string_view level, std::string_view message,
             const std::vector<std::pair<std::string, std::string>>& fields = {});

/// Every response carries Content-Length (except 1xx/204/304, which have no body), X-Request-Id,
/// X-Content-Type-Options and Referrer-Policy; /api/ responses add Cache-Control: no-store and
/// HTML responses a Content-Security-Policy. Destroy the server only after Run has returned (or
/// when Run was never called).
class HttpServer {
 public:
  HttpServer(ServerOptions options, const Router& router, std::vector<WebSocketRoute> websockets);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens; fails with a clear message when the address is taken.
  bool Start(std::string* error);
  /// The bound port (useful with port 0).
  uint16_t port() const;
  /// Runs the I/O threads until Stop; SIGTERM and SIGINT call Stop when `handle_signals`.
  void Run(bool handle_signals);
  /// Graceful stop: stop accepting, let requests in flight finish (up to shutdown_grace), close
  /// WebSockets with a going-away close frame, then return from Run.
  void Stop();
  ServerStats stats() const;
  /// Prometheus text for the server's own counters (the API adds its own lines).
  std::string MetricsText() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace threatpath::server
