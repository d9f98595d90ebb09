// HttpServer on Boost.Beast/Asio: HTTP/1.1 sessions with keep-alive, static files, WebSocket
// sessions, graceful shutdown and the server's own metrics. The only product file that includes
// Beast or Asio.
//
// Threads and strands: `options.threads` threads run one io_context. Every connection's socket is
// bound to its own strand, so a session's handlers never run concurrently; handlers (Router
// dispatch) run inside those completion handlers, on the io threads. The acceptor and the signal
// set share one more strand. Stop() may be called from any thread.

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "server/http.h"
#include "server/http_internal.h"

namespace threatpath::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::array<double, 11> kDurationBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                     0.5,   1,    2.5,   5,    10};
constexpr size_t kWebSocketMessageLimit = 64 * 1024;
// After an error response that ends the connection, how long and how much of the client's
// remaining upload is read and dropped so that closing does not reset the connection before the
// client has read the response.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 1024 * 1024;
constexpr char kHtmlCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
    "data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

class HttpSession;
class WsSession;

std::string LowerFirst(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

// Everything the sessions share. HttpServer::Impl is this under the name the header declares.
struct ServerCore {
  ServerCore(ServerOptions opts, const Router& r, std::vector<WebSocketRoute> ws)
      : options(std::move(opts)),
        router(r),
        websockets(std::move(ws)),
        ioc(std::max(1, options.threads)),
        drain_timer(ioc) {
    if (!options.static_dir.empty()) {
      std::error_code ec;
      static_root =
          std::filesystem::weakly_canonical(std::filesystem::absolute(options.static_dir, ec), ec);
      if (ec) static_root.clear();
    }
  }

  ServerOptions options;
  const Router& router;
  std::vector<WebSocketRoute> websockets;
  std::filesystem::path static_root;

  // Counters.
  std::atomic<uint64_t> requests{0};
  std::array<std::atomic<uint64_t>, 6> responses{};  // by status class 1..5; 0 for others
  std::atomic<int64_t> connections_open{0};
  std::atomic<int64_t> websocket_open{0};
  std::array<std::atomic<uint64_t>, kDurationBuckets.size()> duration_buckets{};
  std::atomic<uint64_t> duration_count{0};
  std::atomic<uint64_t> duration_sum_us{0};

  // Live sessions, for Stop.
  std::mutex mutex;
  bool stopping = false;
  std::map<const void*, std::weak_ptr<HttpSession>> http_sessions;
  std::map<const void*, std::weak_ptr<WsSession>> ws_sessions;

  // The io_context outlives the I/O objects below it (members are destroyed in reverse order);
  // sessions still queued in it are destroyed with it and unregister from the map above.
  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;
  asio::steady_timer drain_timer;
  Clock::time_point drain_deadline;
  uint16_t bound_port = 0;

  void RecordResponse(int status, Clock::duration elapsed) {
    int cls = status / 100;
    responses[cls >= 1 && cls <= 5 ? cls : 0]++;
    double seconds = std::chrono::duration<double>(elapsed).count();
    for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
      if (seconds <= kDurationBuckets[i]) duration_buckets[i]++;
    }
    duration_count++;
    duration_sum_us += static_cast<uint64_t>(seconds * 1e6);
  }

  bool Register(const void* key, std::weak_ptr<HttpSession> session) {
    std::lock_guard<std::mutex> lock(mutex);
    if (stopping) return false;
    http_sessions[key] = std::move(session);
    return true;
  }
  bool Register(const void* key, std::weak_ptr<WsSession> session) {
    std::lock_guard<std::mutex> lock(mutex);
    if (stopping) return false;
    ws_sessions[key] = std::move(session);
    return true;
  }
  void Unregister(const void* key) {
    std::lock_guard<std::mutex> lock(mutex);
    http_sessions.erase(key);
    ws_sessions.erase(key);
  }

  void DoAccept();
  void Stop();
  void CheckDrained();
};

// ---------------------------------------------------------------------------------------------
// WebSocket

class WsHandle : public WebSocketConnection {
 public:
  void Send(std::string text) override;
  void Close(std::string_view reason) override;
  bool open() const override { return open_.load(); }

  std::weak_ptr<WsSession> session_;
  std::atomic<bool> open_{false};
};

class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(ServerCore& core, tcp::socket socket, const WebSocketRoute& route, Request request)
      : core_(core),
        ws_(std::move(socket)),
        route_(route),
        request_(std::move(request)),
        handle_(std::make_shared<WsHandle>()) {}

  ~WsSession() {
    NotifyClosed();
    core_.Unregister(this);
  }

  // On the strand, from the HTTP session that read the upgrade request.
  void Start(http::request<http::string_body> upgrade) {
    handle_->session_ = weak_from_this();
    if (!core_.Register(this, weak_from_this())) {
      beast::get_lowest_layer(ws_).close();
      return;
    }
    upgrade_ = std::move(upgrade);
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = std::max<std::chrono::steady_clock::duration>(
        core_.options.idle_timeout, std::chrono::seconds(2));
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    std::string request_id = request_.request_id;
    ws_.set_option(websocket::stream_base::decorator(
        [request_id](websocket::response_type& res) { res.set("X-Request-Id", request_id); }));
    ws_.read_message_max(kWebSocketMessageLimit);
    ws_.async_accept(upgrade_,
                     [self = shared_from_this()](beast::error_code ec) { self->OnAccept(ec); });
  }

  // Any thread.
  void Send(std::string text) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      self->Enqueue(std::move(text));
    });
  }
  void Close(websocket::close_code code, std::string_view reason) {
    asio::post(ws_.get_executor(),
               [self = shared_from_this(), code, reason = std::string(reason.substr(0, 120))] {
                 self->CloseWith(code, reason);
               });
  }
  // On the strand: the server is stopping.
  void Shutdown() {
    if (!opened_) {
      closing_ = true;
      beast::error_code ec;
      beast::get_lowest_layer(ws_).socket().close(ec);
      return;
    }
    CloseWith(websocket::close_code::going_away, "server shutting down");
  }
  asio::any_io_executor executor() { return ws_.get_executor(); }

 private:
  void OnAccept(beast::error_code ec) {
    upgrade_ = {};
    if (ec) return;
    if (closing_) {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
      return;
    }
    opened_ = true;
    handle_->open_ = true;
    core_.websocket_open++;
    ws_.text(true);
    if (route_.on_open) {
      try {
        route_.on_open(request_, handle_);
      } catch (const std::exception& e) {
        LogJson("error", "websocket on_open threw",
                {{"request_id", request_.request_id}, {"what", e.what()}});
      }
    }
    DoRead();
  }

  void DoRead() {
    ws_.async_read(read_buffer_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
      NotifyClosed();
      return;
    }
    if (ws_.got_text() && route_.on_message && !closing_) {
      std::string message = beast::buffers_to_string(read_buffer_.data());
      try {
        route_.on_message(handle_, message);
      } catch (const std::exception& e) {
        LogJson("error", "websocket on_message threw",
                {{"request_id", request_.request_id}, {"what", e.what()}});
      }
    }
    read_buffer_.consume(read_buffer_.size());
    DoRead();
  }

  void Enqueue(std::string text) {
    if (!opened_ || closing_) return;
    if (queue_.size() >= core_.options.websocket_queue_limit) {
      LogJson("warn", "websocket client too slow; closing",
              {{"request_id", request_.request_id}, {"remote", request_.remote}});
      CloseWith(websocket::close_code::policy_error, "too slow");
      return;
    }
    queue_.push_back(std::move(text));
    if (!writing_) WriteNext();
  }

  void WriteNext() {
    writing_ = true;
    ws_.async_write(
        asio::buffer(queue_.front()),
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    writing_ = false;
    if (!queue_.empty()) queue_.pop_front();
    if (ec) {
      queue_.clear();
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
      return;
    }
    if (close_pending_) {
      close_pending_ = false;
      DoClose();
      return;
    }
    if (!queue_.empty()) WriteNext();
  }

  void CloseWith(websocket::close_code code, std::string reason) {
    if (!opened_ || closing_) return;
    closing_ = true;
    handle_->open_ = false;
    close_reason_ = websocket::close_reason(code, reason);
    if (writing_) {
      // Keep the message being written; drop the rest.
      while (queue_.size() > 1) queue_.pop_back();
      close_pending_ = true;
    } else {
      queue_.clear();
      DoClose();
    }
  }

  void DoClose() {
    ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().close(ignored);
      }
    });
  }

  void NotifyClosed() {
    if (!opened_ || notified_) return;
    notified_ = true;
    handle_->open_ = false;
    core_.websocket_open--;
    if (route_.on_close) {
      try {
        route_.on_close(handle_);
      } catch (const std::exception& e) {
        LogJson("error", "websocket on_close threw",
                {{"request_id", request_.request_id}, {"what", e.what()}});
      }
    }
  }

  ServerCore& core_;
  websocket::stream<beast::tcp_stream> ws_;
  const WebSocketRoute& route_;
  Request request_;
  std::shared_ptr<WsHandle> handle_;
  http::request<http::string_body> upgrade_;
  beast::flat_buffer read_buffer_;
  std::deque<std::string> queue_;
  websocket::close_reason close_reason_;
  bool opened_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool close_pending_ = false;
  bool notified_ = false;
};

void WsHandle::Send(std::string text) {
  if (!open_) return;
  if (auto session = session_.lock()) session->Send(std::move(text));
}

void WsHandle::Close(std::string_view reason) {
  if (auto session = session_.lock()) session->Close(websocket::close_code::normal, reason);
}

// ---------------------------------------------------------------------------------------------
// HTTP

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(ServerCore& core, tcp::socket socket) : core_(core), stream_(std::move(socket)) {
    beast::error_code ec;
    tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = peer.address().to_string();
    core_.connections_open++;
  }
  ~HttpSession() {
    core_.connections_open--;
    core_.Unregister(this);
  }

  void Start() {
    if (!core_.Register(this, weak_from_this())) return;  // stopping: the socket just closes
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(); });
  }

  // On the strand: the server is stopping. A connection waiting for a request closes now; one
  // whose request is being handled or answered closes after the response.
  void Shutdown() {
    stop_ = true;
    if (state_ != State::kBusy) Close();
  }
  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  enum class State { kReading, kBusy, kLingering };

  // Between requests the idle timeout applies; once the first byte of a request is in, the read
  // timeout does.
  void WaitForRequest() {
    state_ = State::kReading;
    if (stop_) return Close();
    if (buffer_.size() > 0) return ReadRequest();
    stream_.expires_after(first_request_ ? core_.options.read_timeout : core_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->Close();
                              self->ReadRequest();
                            });
  }

  void ReadRequest() {
    first_request_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(
        std::min<size_t>(core_.options.header_limit, std::numeric_limits<uint32_t>::max())));
    parser_->body_limit(core_.options.body_limit);
    stream_.expires_after(core_.options.read_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    if (parser_->is_done()) return Handle();
    // A client that asked for "100 Continue" waits for it before sending the body.
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue, sizeof kContinue - 1),
                        [self = shared_from_this()](beast::error_code ec, size_t) {
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->OnReadError(ec);
                       self->Handle();
                     });
  }

  void OnReadError(beast::error_code ec) {
    state_ = State::kBusy;
    if (ec == http::error::header_limit) {
      return SendError(431, "limit-exceeded", "request header too large");
    }
    if (ec == http::error::body_limit) {
      return SendError(413, "limit-exceeded", "request body too large");
    }
    // end_of_stream before a request, timeouts, resets, aborts: nobody to answer.
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return SendError(400, "invalid-input", "malformed HTTP request");
    }
    Close();
  }

  // An error detected while reading: answer and close the connection.
  void SendError(int status, std::string_view code, std::string_view message) {
    Request request;
    request.request_id = internal::NewRequestId();
    request.remote = remote_;
    if (parser_ && parser_->is_header_done()) {
      request.method = std::string(parser_->get().method_string());
      request.target = std::string(parser_->get().target());
      request.path = request.target.substr(0, request.target.find('?'));
    }
    core_.requests++;
    Send(request, ErrorResponse(status, code, message), /*keep_alive=*/false, Clock::now(),
         /*version=*/11);
  }

  // Turns the parsed message into the handler's Request; false for a target that is not a
  // percent-decodable origin-form path.
  bool Convert(const http::request<http::string_body>& req, Request& request) {
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.remote = remote_;
    for (const auto& field : req) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
      if (!inserted) {
        it->second += ", ";
        it->second.append(field.value().data(), field.value().size());
      }
    }
    request.body = req.body();
    size_t question = request.target.find('?');
    std::string_view raw_path = std::string_view(request.target).substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    if (raw_path.empty() || raw_path.front() != '/') return false;
    std::optional<std::string> path = internal::PercentDecode(raw_path, false);
    if (!path) return false;
    request.path = std::move(*path);
    return true;
  }

  void Handle() {
    state_ = State::kBusy;
    Clock::time_point start = Clock::now();
    http::request<http::string_body> req = parser_->release();
    parser_.reset();
    core_.requests++;
    Request request;
    request.request_id = internal::NewRequestId();
    bool keep_alive = req.keep_alive();
    unsigned version = req.version();
    if (!Convert(req, request)) {
      return Send(request, ErrorResponse(400, "invalid-input", "invalid request target"), false,
                  start, version);
    }

    if (websocket::is_upgrade(req)) {
      for (const WebSocketRoute& route : core_.websockets) {
        if (!internal::MatchPattern(route.pattern, request.path, &request.params)) continue;
        std::optional<Response> rejection;
        try {
          if (route.accept) rejection = route.accept(request);
        } catch (const std::exception& e) {
          LogJson("error", "websocket accept threw",
                  {{"request_id", request.request_id}, {"what", e.what()}});
          rejection = ErrorResponse(500, "internal", "internal server error");
        }
        if (rejection) return Send(request, std::move(*rejection), keep_alive, start, version);
        core_.RecordResponse(101, Clock::now() - start);
        if (core_.options.access_log) {
          internal::LogAccess(
              {request.request_id, request.method, request.path, 101, 0,
               std::chrono::duration<double, std::milli>(Clock::now() - start).count(),
               request.remote});
        }
        auto session =
            std::make_shared<WsSession>(core_, stream_.release_socket(), route, std::move(request));
        session->Start(std::move(req));
        return;
      }
    }

    // A WebSocket path asked for without the upgrade: say what is expected.
    for (const WebSocketRoute& route : core_.websockets) {
      std::map<std::string, std::string> params;
      if (internal::MatchPattern(route.pattern, request.path, &params)) {
        Response upgrade = ErrorResponse(426, "upgrade-required",
                                         "this is a WebSocket endpoint: send an upgrade request");
        upgrade.With("Upgrade", "websocket");
        return Send(request, std::move(upgrade), keep_alive, start, version);
      }
    }

    Response response;
    try {
      response = Route(request);
    } catch (const std::exception& e) {
      LogJson("error", "request handling threw",
              {{"request_id", request.request_id}, {"what", e.what()}});
      response = ErrorResponse(500, "internal", "internal server error");
    }
    Send(request, std::move(response), keep_alive, start, version);
  }

  Response Route(Request& request) {
    bool get = request.method == "GET" || request.method == "HEAD";
    if (get && !core_.static_root.empty() && !IsApiPath(request.path) &&
        !internal::RouterHasPath(core_.router, request.path)) {
      return internal::ServeStatic(core_.static_root, request);
    }
    return core_.router.Dispatch(request);
  }

  void Send(const Request& request, Response response, bool keep_alive, Clock::time_point start,
            unsigned version) {
    internal::FillErrorRequestId(response, request.request_id);
    int status = response.status;
    if (status < 100 || status > 599) status = 500;
    res_ = {};
    res_.version(version == 10 ? 10 : 11);
    res_.result(static_cast<unsigned>(status));
    if (!response.content_type.empty()) {
      res_.set(http::field::content_type, response.content_type);
    }
    for (auto& [name, value] : response.headers) res_.insert(name, value);
    res_.set("X-Request-Id", request.request_id);
    res_.set("X-Content-Type-Options", "nosniff");
    res_.set("Referrer-Policy", "no-referrer");
    if (IsApiPath(request.path)) res_.set(http::field::cache_control, "no-store");
    if (response.content_type.rfind("text/html", 0) == 0) {
      res_.set("Content-Security-Policy", kHtmlCsp);
      res_.set(http::field::x_frame_options, "DENY");
    }
    uint64_t bytes = 0;
    bool bodiless_status = status < 200 || status == 204 || status == 304;
    if (!bodiless_status) {
      bytes = response.body.size();
      res_.content_length(bytes);
      if (request.method != "HEAD") res_.body() = std::move(response.body);
    }
    bool keep = keep_alive && !stop_;
    res_.keep_alive(keep);

    Clock::duration elapsed = Clock::now() - start;
    core_.RecordResponse(status, elapsed);
    if (core_.options.access_log) {
      internal::LogAccess({request.request_id, request.method, request.path, status, bytes,
                           std::chrono::duration<double, std::milli>(elapsed).count(),
                           request.remote});
    }

    stream_.expires_after(core_.options.read_timeout);
    http::async_write(stream_, res_,
                      [self = shared_from_this(), keep](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        if (!keep) return self->LingeringClose();
                        self->WaitForRequest();
                      });
  }

  // Half-closes, then reads and drops what the client still sends (for a while), so the client
  // gets the response instead of a reset.
  void LingeringClose() {
    state_ = State::kLingering;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    buffer_.consume(buffer_.size());
    stream_.expires_after(kLingerTime);
    Drain();
  }

  void Drain() {
    stream_.async_read_some(buffer_.prepare(16 * 1024),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerBytes) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  ServerCore& core_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::string remote_;
  State state_ = State::kReading;
  bool first_request_ = true;
  bool stop_ = false;
  size_t drained_ = 0;
};

void ServerCore::DoAccept() {
  acceptor->async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
    if (ec) {
      LogJson("warn", "accept failed", {{"error", ec.message()}});
    } else {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<HttpSession>(*this, std::move(socket))->Start();
    }
    DoAccept();
  });
}

void ServerCore::Stop() {
  std::vector<std::weak_ptr<HttpSession>> http;
  std::vector<std::weak_ptr<WsSession>> ws;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (stopping) return;
    stopping = true;
    for (auto& [key, session] : http_sessions) http.push_back(session);
    for (auto& [key, session] : ws_sessions) ws.push_back(session);
  }
  if (acceptor) {
    asio::post(acceptor->get_executor(), [this] {
      beast::error_code ec;
      acceptor->close(ec);
      if (signals) signals->cancel(ec);
    });
  }
  for (auto& weak : http) {
    if (auto session = weak.lock()) {
      asio::post(session->executor(), [session] { session->Shutdown(); });
    }
  }
  for (auto& weak : ws) {
    if (auto session = weak.lock()) {
      asio::post(session->executor(), [session] { session->Shutdown(); });
    }
  }
  drain_deadline = Clock::now() + options.shutdown_grace;
  asio::post(ioc, [this] { CheckDrained(); });
}

// Polls until every session is gone or the grace period is over, then stops the io_context.
void ServerCore::CheckDrained() {
  bool drained;
  {
    std::lock_guard<std::mutex> lock(mutex);
    drained = http_sessions.empty() && ws_sessions.empty();
  }
  if (drained || Clock::now() >= drain_deadline) {
    if (!drained) LogJson("warn", "shutdown grace period over; dropping connections");
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](beast::error_code) { CheckDrained(); });
}

}  // namespace

struct HttpServer::Impl : ServerCore {
  using ServerCore::ServerCore;
};

HttpServer::HttpServer(ServerOptions options, const Router& router,
                       std::vector<WebSocketRoute> websockets)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(websockets))) {}

HttpServer::~HttpServer() {
  impl_->ioc.stop();
  // Sessions still queued are destroyed with the io_context, after the acceptor and signals.
  impl_->signals.reset();
  impl_->acceptor.reset();
}

bool HttpServer::Start(std::string* error) {
  ServerCore& core = *impl_;
  std::string where = core.options.host + ":" + std::to_string(core.options.port);
  auto fail = [&](const beast::error_code& ec) {
    if (error != nullptr) *error = where + ": " + LowerFirst(ec.message());
    core.acceptor.reset();
    return false;
  };
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(core.options.host, ec);
  if (ec) {
    tcp::resolver resolver(core.ioc);
    auto results = resolver.resolve(core.options.host, std::to_string(core.options.port),
                                    tcp::resolver::passive, ec);
    if (ec) return fail(ec);
    if (results.empty()) return fail(asio::error::host_not_found);
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, core.options.port);
  core.acceptor.emplace(asio::make_strand(core.ioc));
  core.acceptor->open(endpoint.protocol(), ec);
  if (ec) return fail(ec);
  core.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail(ec);
  core.acceptor->bind(endpoint, ec);
  if (ec) return fail(ec);
  core.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec);
  core.bound_port = core.acceptor->local_endpoint(ec).port();
  core.DoAccept();
  return true;
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::Run(bool handle_signals) {
  ServerCore& core = *impl_;
  if (handle_signals && core.acceptor) {
    core.signals.emplace(core.acceptor->get_executor(), SIGINT, SIGTERM);
    core.signals->async_wait([&core](beast::error_code ec, int signal_number) {
      if (ec) return;
      LogJson("info", "signal received; stopping", {{"signal", std::to_string(signal_number)}});
      core.Stop();
    });
  }
  auto run = [&core] {
    for (;;) {
      try {
        core.ioc.run();
        return;
      } catch (const std::exception& e) {
        LogJson("error", "io thread caught an exception", {{"what", e.what()}});
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < core.options.threads; ++i) threads.emplace_back(run);
  run();
  for (std::thread& thread : threads) thread.join();
}

void HttpServer::Stop() { impl_->Stop(); }

ServerStats HttpServer::stats() const {
  const ServerCore& core = *impl_;
  ServerStats stats;
  stats.requests = core.requests.load();
  stats.responses_4xx = core.responses[4].load();
  stats.responses_5xx = core.responses[5].load();
  stats.websocket_open = static_cast<uint64_t>(std::max<int64_t>(0, core.websocket_open.load()));
  stats.connections_open =
      static_cast<uint64_t>(std::max<int64_t>(0, core.connections_open.load()));
  return stats;
}

std::string HttpServer::MetricsText() const {
  const ServerCore& core = *impl_;
  std::string out;
  auto line = [&out](std::string_view text) {
    out += text;
    out += '\n';
  };
  line("# HELP threatpath_http_requests_total HTTP requests received.");
  line("# TYPE threatpath_http_requests_total counter");
  line("threatpath_http_requests_total " + std::to_string(core.requests.load()));
  line("# HELP threatpath_http_responses_total HTTP responses sent, by status class.");
  line("# TYPE threatpath_http_responses_total counter");
  for (int cls = 1; cls <= 5; ++cls) {
    line("threatpath_http_responses_total{class=\"" + std::to_string(cls) + "xx\"} " +
         std::to_string(core.responses[cls].load()));
  }
  line("# HELP threatpath_http_connections_open Open HTTP connections.");
  line("# TYPE threatpath_http_connections_open gauge");
  line("threatpath_http_connections_open " + std::to_string(core.connections_open.load()));
  line("# HELP threatpath_websocket_connections_open Open WebSocket connections.");
  line("# TYPE threatpath_websocket_connections_open gauge");
  line("threatpath_websocket_connections_open " + std::to_string(core.websocket_open.load()));
  line(
      "# HELP threatpath_http_request_duration_seconds Time from a complete request to its "
      "response.");
  line("# TYPE threatpath_http_request_duration_seconds histogram");
  for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
    char le[32];
    std::snprintf(le, sizeof le, "%g", kDurationBuckets[i]);
    line(std::string("threatpath_http_request_duration_seconds_bucket{le=\"") + le + "\"} " +
         std::to_string(core.duration_buckets[i].load()));
  }
  uint64_t count = core.duration_count.load();
  line("threatpath_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(count));
  char sum[32];
  std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(core.duration_sum_us.load()) / 1e6);
  line(std::string("threatpath_http_request_duration_seconds_sum ") + sum);
  line("threatpath_http_request_duration_seconds_count " + std::to_string(count));
  return out;
}

}  // namespace threatpath::server
