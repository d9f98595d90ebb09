#include "server/http.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace threatpath::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// A small blocking client: every operation runs the client's own io_context until it completes
// or its deadline passes.

void RunIo(asio::io_context& ioc) {
  ioc.restart();
  ioc.run();
}

// Runs `ioc` until `done`; after `timeout` closes `socket` so that the pending operation ends.
void RunUntil(asio::io_context& ioc, const bool& done, tcp::socket& socket,
              std::chrono::seconds timeout = 5s) {
  ioc.restart();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    ioc.run_one_for(deadline - std::chrono::steady_clock::now());
  }
  if (!done) {
    beast::error_code ignored;
    socket.close(ignored);
    while (!done) ioc.run_one();
  }
}

class Client {
 public:
  explicit Client(uint16_t port) : stream_(ioc_) {
    beast::error_code ec;
    stream_.socket().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    EXPECT_FALSE(ec) << ec.message();
  }

  beast::error_code WriteRaw(const std::string& data) {
    beast::error_code result;
    stream_.expires_after(5s);
    asio::async_write(stream_, asio::buffer(data),
                      [&](beast::error_code ec, size_t) { result = ec; });
    RunIo(ioc_);
    return result;
  }

  beast::error_code Read(http::response<http::string_body>& response, bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    beast::error_code result;
    stream_.expires_after(5s);
    http::async_read(stream_, buffer_, parser, [&](beast::error_code ec, size_t) { result = ec; });
    RunIo(ioc_);
    if (!result) response = parser.release();
    return result;
  }

  http::response<http::string_body> Send(
      http::verb method, std::string target, std::string body = {},
      std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::request<http::string_body> request(method, target, 11);
    request.set(http::field::host, "127.0.0.1");
    for (auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == http::verb::post) {
      request.body() = std::move(body);
      request.prepare_payload();
    }
    beast::error_code result;
    stream_.expires_after(5s);
    http::async_write(stream_, request, [&](beast::error_code ec, size_t) { result = ec; });
    RunIo(ioc_);
    EXPECT_FALSE(result) << result.message();
    http::response<http::string_body> response;
    beast::error_code read = Read(response, method == http::verb::head);
    EXPECT_FALSE(read) << read.message();
    return response;
  }

  // True when the server closes the connection within `timeout`; everything read before the
  // close goes to `received`.
  bool WaitClosed(std::chrono::seconds timeout, std::string* received = nullptr) {
    stream_.expires_after(timeout);
    for (;;) {
      beast::error_code result;
      size_t got = 0;
      char chunk[4096];
      stream_.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, size_t n) {
        result = ec;
        got = n;
      });
      RunIo(ioc_);
      if (received != nullptr) received->append(chunk, got);
      if (result == beast::error::timeout) return false;
      if (result) return true;
    }
  }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

class WsClient {
 public:
  explicit WsClient(uint16_t port) : ws_(ioc_) {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    EXPECT_FALSE(ec) << ec.message();
  }

  beast::error_code Handshake(const std::string& target, int* status = nullptr) {
    beast::error_code result;
    websocket::response_type response;
    beast::get_lowest_layer(ws_).expires_after(5s);
    ws_.async_handshake(response, "127.0.0.1", target, [&](beast::error_code ec) { result = ec; });
    RunIo(ioc_);
    if (status != nullptr) *status = static_cast<int>(response.result_int());
    // From here on RunUntil bounds each operation.
    beast::get_lowest_layer(ws_).expires_never();
    return result;
  }

  beast::error_code Write(const std::string& text) {
    beast::error_code result;
    bool done = false;
    ws_.text(true);
    ws_.async_write(asio::buffer(text), [&](beast::error_code ec, size_t) {
      result = ec;
      done = true;
    });
    RunUntil(ioc_, done, beast::get_lowest_layer(ws_).socket());
    return result;
  }

  beast::error_code Read(std::string* text) {
    beast::error_code result;
    beast::flat_buffer buffer;
    bool done = false;
    ws_.async_read(buffer, [&](beast::error_code ec, size_t) {
      result = ec;
      done = true;
    });
    RunUntil(ioc_, done, beast::get_lowest_layer(ws_).socket());
    if (!result) *text = beast::buffers_to_string(buffer.data());
    return result;
  }

  websocket::close_reason reason() const { return ws_.reason(); }

 private:
  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
};

// ---------------------------------------------------------------------------------------------
// A server on a free port, run by a background thread.

class TestServer {
 public:
  TestServer() {
    options.port = 0;
    options.threads = 2;
    options.access_log = false;
  }
  ~TestServer() { StopAndJoin(); }

  void Start() {
    server_ = std::make_unique<HttpServer>(options, router, websockets);
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    thread_ = std::thread([this] { server_->Run(false); });
  }
  void StopAndJoin() {
    if (!server_) return;
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return server_->port(); }
  HttpServer& server() { return *server_; }

  ServerOptions options;
  Router router;
  std::vector<WebSocketRoute> websockets;

 private:
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

nlohmann::json ParseJson(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, false);
}

void AddToyRoutes(Router& router) {
  router.Add("GET", "/api/v1/models/{id}", [](Request& request) {
    return Response::Json(200, nlohmann::json{{"id", request.params["id"]}}.dump());
  });
  router.Add("GET", "/api/v1/models/new",
             [](Request&) { return Response::Json(200, R"({"literal":true})"); });
  router.Add("DELETE", "/api/v1/models/{id}", [](Request&) { return Response::NoContent(); });
  router.Add("POST", "/api/v1/echo",
             [](Request& request) { return Response::Text(200, "text/plain", request.body); });
  router.Add("GET", "/api/v1/query", [](Request& request) {
    return Response::Text(200, "text/plain", request.QueryParam("q").value_or("<none>"));
  });
  router.Add("GET", "/api/v1/throw",
             [](Request&) -> Response { throw std::runtime_error("boom"); });
  router.Add("GET", "/api/v1/conflict", [](Request&) {
    return ErrorResponse(409, "conflict", "stale version", "version", 7);
  });
}

// ---------------------------------------------------------------------------------------------
// Plain types

TEST(RequestTest, HeaderQueryAndCookie) {
  Request request;
  request.headers["x-token"] = "abc";
  request.headers["cookie"] = "theme=dark; session=\"s3cr%20t\";flag";
  request.query = "a=1&b=x%20y+z&c&d=%zz&a=2";
  EXPECT_EQ(request.Header("x-token"), "abc");
  EXPECT_EQ(request.Header("missing"), "");
  EXPECT_EQ(request.QueryParam("a"), "1");
  EXPECT_EQ(request.QueryParam("b"), "x y z");
  EXPECT_EQ(request.QueryParam("c"), "");
  EXPECT_EQ(request.QueryParam("d"), std::nullopt);  // malformed escape
  EXPECT_EQ(request.QueryParam("e"), std::nullopt);
  EXPECT_EQ(request.Cookie("theme"), "dark");
  EXPECT_EQ(request.Cookie("session"), "s3cr%20t");
  EXPECT_EQ(request.Cookie("flag"), std::nullopt);
  EXPECT_EQ(request.Cookie("the"), std::nullopt);
}

TEST(ResponseTest, ErrorShape) {
  Response full = ErrorResponse(409, "conflict", "stale version", "name", 7);
  EXPECT_EQ(full.status, 409);
  EXPECT_EQ(full.content_type, "application/json");
  EXPECT_EQ(full.body, R"({"error":{"code":"conflict","current_version":7,"field":"name",)"
                       R"("message":"stale version","status":409}})");
  Response bare = ErrorResponse(404, "not-found", "no such model");
  EXPECT_EQ(bare.body, R"({"error":{"code":"not-found","message":"no such model","status":404}})");
  EXPECT_EQ(Response::NoContent().status, 204);
  EXPECT_EQ(Response::Text(201, "text/csv", "a,b").content_type, "text/csv");
}

TEST(LogJsonTest, WritesOneJsonLine) {
  testing::internal::CaptureStderr();
  LogJson("warn", "disk \"full\"", {{"path", "/var"}, {"level", "ignored"}});
  std::string out = testing::internal::GetCapturedStderr();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1);
  nlohmann::json line = ParseJson(out);
  ASSERT_TRUE(line.is_object()) << out;
  EXPECT_EQ(line["level"], "warn");
  EXPECT_EQ(line["msg"], "disk \"full\"");
  EXPECT_EQ(line["path"], "/var");
  EXPECT_EQ(line["ts"].get<std::string>().size(), 24u) << line["ts"];
}

TEST(RouterTest, LiteralBeatsParameterAndCapturesParams) {
  Router router;
  AddToyRoutes(router);
  Request request;
  request.method = "GET";
  request.path = "/api/v1/models/new";
  EXPECT_EQ(router.Dispatch(request).body, R"({"literal":true})");
  request.path = "/api/v1/models/m-42";
  EXPECT_EQ(router.Dispatch(request).body, R"({"id":"m-42"})");
  EXPECT_EQ(request.params["id"], "m-42");
}

TEST(RouterTest, NotFoundAndMethodNotAllowed) {
  Router router;
  AddToyRoutes(router);
  Request request;
  request.method = "GET";
  request.path = "/api/v1/models/";  // empty segment does not match {id}
  Response missing = router.Dispatch(request);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body,
            R"({"error":{"code":"not-found","message":"no such endpoint","status":404}})");
  request.method = "PUT";
  request.path = "/api/v1/models/7";
  Response not_allowed = router.Dispatch(request);
  EXPECT_EQ(not_allowed.status, 405);
  ASSERT_EQ(not_allowed.headers.size(), 1u);
  EXPECT_EQ(not_allowed.headers[0].first, "Allow");
  EXPECT_EQ(not_allowed.headers[0].second, "DELETE, GET");
}

TEST(RouterTest, HandlerExceptionBecomes500) {
  Router router;
  AddToyRoutes(router);
  Request request;
  request.method = "GET";
  request.path = "/api/v1/throw";
  testing::internal::CaptureStderr();
  Response response = router.Dispatch(request);
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body,
            R"({"error":{"code":"internal","message":"internal server error","status":500}})");
  EXPECT_NE(log.find("\"what\":\"boom\""), std::string::npos) << log;
}

// ---------------------------------------------------------------------------------------------
// Server

TEST(HttpServerTest, RoutesParamsAndHeaders) {
  TestServer server;
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());

  auto ok = client.Send(http::verb::get, "/api/v1/models/a%20b");
  EXPECT_EQ(ok.result_int(), 200u);
  EXPECT_EQ(ok.body(), R"({"id":"a b"})");
  EXPECT_EQ(ok[http::field::content_type], "application/json");
  EXPECT_EQ(ok[http::field::cache_control], "no-store");
  EXPECT_EQ(ok["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(ok["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(ok["X-Request-Id"].size(), 16u);
  EXPECT_EQ(ok[http::field::content_length], "12");

  auto query = client.Send(http::verb::get, "/api/v1/query?q=a%26b+c");
  EXPECT_EQ(query.body(), "a&b c");

  auto deleted = client.Send(http::verb::delete_, "/api/v1/models/3");
  EXPECT_EQ(deleted.result_int(), 204u);
  EXPECT_EQ(deleted.count(http::field::content_length), 0u);

  auto missing = client.Send(http::verb::get, "/api/v1/nothing");
  EXPECT_EQ(missing.result_int(), 404u);
  nlohmann::json error = ParseJson(missing.body());
  EXPECT_EQ(error["error"]["code"], "not-found");
  EXPECT_EQ(error["error"]["request_id"], std::string(missing["X-Request-Id"]));

  auto conflict = client.Send(http::verb::get, "/api/v1/conflict");
  EXPECT_EQ(conflict.result_int(), 409u);
  EXPECT_EQ(conflict.body(), R"({"error":{"code":"conflict","current_version":7,)"
                             R"("field":"version","message":"stale version","request_id":")" +
                                 std::string(conflict["X-Request-Id"]) + R"(","status":409}})");

  auto wrong_method = client.Send(http::verb::put, "/api/v1/models/3", "{}");
  EXPECT_EQ(wrong_method.result_int(), 405u);
  EXPECT_EQ(wrong_method[http::field::allow], "DELETE, GET");

  auto echo = client.Send(http::verb::post, "/api/v1/echo", "hello");
  EXPECT_EQ(echo.body(), "hello");
}

TEST(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer server;
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());
  for (int i = 0; i < 5; ++i) {
    auto response = client.Send(http::verb::get, "/api/v1/models/" + std::to_string(i));
    EXPECT_EQ(response.body(), R"({"id":")" + std::to_string(i) + R"("})");
    EXPECT_TRUE(response.keep_alive());
  }
  // Two pipelined requests in one write.
  ASSERT_FALSE(
      client.WriteRaw("GET /api/v1/models/p1 HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /api/v1/models/p2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  http::response<http::string_body> first, second;
  ASSERT_FALSE(client.Read(first));
  ASSERT_FALSE(client.Read(second));
  EXPECT_EQ(first.body(), R"({"id":"p1"})");
  EXPECT_EQ(second.body(), R"({"id":"p2"})");
  EXPECT_FALSE(second.keep_alive());
  EXPECT_TRUE(client.WaitClosed(2s));
  EXPECT_EQ(server.server().stats().requests, 7u);
}

TEST(HttpServerTest, ChunkedRequestBody) {
  TestServer server;
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());
  ASSERT_FALSE(
      client.WriteRaw("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  http::response<http::string_body> response;
  ASSERT_FALSE(client.Read(response));
  EXPECT_EQ(response.body(), "hello world");
}

TEST(HttpServerTest, OversizedBodyGets413AndServerKeepsServing) {
  TestServer server;
  server.options.body_limit = 1024;
  AddToyRoutes(server.router);
  server.Start();
  {
    Client client(server.port());
    ASSERT_FALSE(
        client.WriteRaw("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n"
                        "\r\n" +
                        std::string(4096, 'x')));
    http::response<http::string_body> response;
    ASSERT_FALSE(client.Read(response));
    EXPECT_EQ(response.result_int(), 413u);
    EXPECT_FALSE(response.keep_alive());
    EXPECT_EQ(ParseJson(response.body())["error"]["message"], "request body too large");
    EXPECT_TRUE(client.WaitClosed(5s));
  }
  {
    // Chunked bodies hit the same limit while they are read.
    Client client(server.port());
    ASSERT_FALSE(
        client.WriteRaw("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        "\r\n800\r\n" +
                        std::string(2048, 'y') + "\r\n0\r\n\r\n"));
    http::response<http::string_body> response;
    ASSERT_FALSE(client.Read(response));
    EXPECT_EQ(response.result_int(), 413u);
  }
  Client again(server.port());
  EXPECT_EQ(again.Send(http::verb::post, "/api/v1/echo", "small").body(), "small");
  EXPECT_EQ(server.server().stats().responses_4xx, 2u);
}

TEST(HttpServerTest, HugeHeaderGets431) {
  TestServer server;
  server.options.header_limit = 2048;
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());
  ASSERT_FALSE(client.WriteRaw(
      "GET /api/v1/models/1 HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8192, 'h') + "\r\n\r\n"));
  http::response<http::string_body> response;
  ASSERT_FALSE(client.Read(response));
  EXPECT_EQ(response.result_int(), 431u);
  EXPECT_EQ(ParseJson(response.body())["error"]["code"], "limit-exceeded");
  EXPECT_TRUE(client.WaitClosed(5s));
}

TEST(HttpServerTest, MalformedRequestLineGets400AndClose) {
  TestServer server;
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());
  ASSERT_FALSE(client.WriteRaw("THIS IS NOT HTTP\r\n\r\n"));
  http::response<http::string_body> response;
  ASSERT_FALSE(client.Read(response));
  EXPECT_EQ(response.result_int(), 400u);
  EXPECT_EQ(ParseJson(response.body())["error"]["message"], "malformed HTTP request");
  EXPECT_TRUE(client.WaitClosed(5s));

  Client bad_escape(server.port());
  auto escaped = bad_escape.Send(http::verb::get, "/api/v1/models/%zz");
  EXPECT_EQ(escaped.result_int(), 400u);
}

TEST(HttpServerTest, ReadTimeoutClosesSlowClient) {
  TestServer server;
  server.options.read_timeout = std::chrono::seconds(1);
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());
  ASSERT_FALSE(client.WriteRaw("GET /api/v1/models/1 HTTP/1.1\r\nHost: x\r\n"));  // never ends
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.WaitClosed(4s));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, 900ms);
  EXPECT_LT(waited, 3s);
}

TEST(HttpServerTest, HandlerExceptionGives500AndServerGoesOn) {
  TestServer server;
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());
  testing::internal::CaptureStderr();
  auto failed = client.Send(http::verb::get, "/api/v1/throw");
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(failed.result_int(), 500u);
  nlohmann::json error = ParseJson(failed.body());
  EXPECT_EQ(error["error"]["code"], "internal");
  EXPECT_EQ(error["error"]["request_id"], std::string(failed["X-Request-Id"]));
  EXPECT_EQ(client.Send(http::verb::get, "/api/v1/models/9").body(), R"({"id":"9"})");
  EXPECT_EQ(server.server().stats().responses_5xx, 1u);
}

TEST(HttpServerTest, MetricsText) {
  TestServer server;
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());
  client.Send(http::verb::get, "/api/v1/models/1");
  client.Send(http::verb::get, "/api/v1/nothing");
  std::string metrics = server.server().MetricsText();
  EXPECT_NE(metrics.find("# TYPE threatpath_http_requests_total counter\n"
                         "threatpath_http_requests_total 2\n"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("threatpath_http_responses_total{class=\"2xx\"} 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("threatpath_http_responses_total{class=\"4xx\"} 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("threatpath_http_connections_open 1\n"), std::string::npos);
  EXPECT_NE(metrics.find("threatpath_websocket_connections_open 0\n"), std::string::npos);
  EXPECT_NE(metrics.find("threatpath_http_request_duration_seconds_bucket{le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(metrics.find("threatpath_http_request_duration_seconds_count 2\n"), std::string::npos);
}

TEST(HttpServerTest, AccessLogLine) {
  TestServer server;
  server.options.access_log = true;
  AddToyRoutes(server.router);
  server.Start();
  Client client(server.port());
  testing::internal::CaptureStderr();
  auto response = client.Send(http::verb::get, "/api/v1/models/7?secret=1");
  server.StopAndJoin();
  std::string log = testing::internal::GetCapturedStderr();
  nlohmann::json line = ParseJson(log);
  ASSERT_TRUE(line.is_object()) << log;
  EXPECT_EQ(line["msg"], "request");
  EXPECT_EQ(line["request_id"], std::string(response["X-Request-Id"]));
  EXPECT_EQ(line["method"], "GET");
  EXPECT_EQ(line["path"], "/api/v1/models/7");
  EXPECT_EQ(line["status"], 200);
  EXPECT_EQ(line["bytes"], 10);
  EXPECT_EQ(line["remote"], "127.0.0.1");
  EXPECT_TRUE(line["ms"].is_number());
}

TEST(HttpServerTest, SigtermStopsRunWithSignalHandling) {
  ServerOptions options;
  options.port = 0;
  options.access_log = false;
  Router router;
  AddToyRoutes(router);
  HttpServer server(options, router, {});
  std::string error;
  ASSERT_TRUE(server.Start(&error)) << error;
  std::atomic<bool> returned{false};
  testing::internal::CaptureStderr();
  std::thread runner([&] {
    server.Run(/*handle_signals=*/true);
    returned = true;
  });
  // Once a request has been answered the io_context runs, so the signal set is in place.
  Client client(server.port());
  EXPECT_EQ(client.Send(http::verb::get, "/api/v1/models/1").result_int(), 200u);
  ::kill(::getpid(), SIGTERM);
  EXPECT_TRUE(client.WaitClosed(5s));
  runner.join();
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(returned);
  EXPECT_NE(log.find("\"msg\":\"signal received; stopping\""), std::string::npos) << log;
}

TEST(HttpServerTest, StartReportsAddressInUse) {
  TestServer first;
  first.Start();
  ServerOptions options;
  options.port = first.port();
  Router router;
  HttpServer second(options, router, {});
  std::string error;
  EXPECT_FALSE(second.Start(&error));
  EXPECT_EQ(error, "127.0.0.1:" + std::to_string(first.port()) + ": address already in use");
}

TEST(HttpServerTest, GracefulStopFinishesRequestInFlight) {
  TestServer server;
  std::mutex mutex;
  std::condition_variable cv;
  bool started = false;
  server.router.Add("GET", "/api/v1/slow", [&](Request&) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      started = true;
    }
    cv.notify_all();
    std::this_thread::sleep_for(300ms);
    return Response::Json(200, R"({"slow":true})");
  });
  server.Start();
  Client client(server.port());
  std::thread stopper([&] {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return started; });
    server.StopAndJoin();
  });
  auto response = client.Send(http::verb::get, "/api/v1/slow");
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), R"({"slow":true})");
  EXPECT_TRUE(client.WaitClosed(5s));
  stopper.join();
}

// ---------------------------------------------------------------------------------------------
// Static files

class StaticFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("tp_http_static_" + std::to_string(::getpid()) + "_" +
             testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "www" / "assets");
    Write(root_ / "www" / "index.html", "<!doctype html><title>app</title>");
    Write(root_ / "www" / "assets" / "app.js", "console.log(1);");
    Write(root_ / "www" / "assets" / "style.css", "body{}");
    Write(root_ / "secret.txt", "top secret");
    server_.options.static_dir = (root_ / "www").string();
    AddToyRoutes(server_.router);
    server_.Start();
  }
  void TearDown() override {
    server_.StopAndJoin();
    std::filesystem::remove_all(root_);
  }
  static void Write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  std::filesystem::path root_;
  TestServer server_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypes) {
  Client client(server_.port());
  auto index = client.Send(http::verb::get, "/");
  EXPECT_EQ(index.result_int(), 200u);
  EXPECT_EQ(index.body(), "<!doctype html><title>app</title>");
  EXPECT_EQ(index[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(index["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(index.count(http::field::cache_control), 1u);
  EXPECT_EQ(index[http::field::cache_control], "no-cache");

  auto js = client.Send(http::verb::get, "/assets/app.js");
  EXPECT_EQ(js.body(), "console.log(1);");
  EXPECT_EQ(js[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.count("Content-Security-Policy"), 0u);
  EXPECT_EQ(client.Send(http::verb::get, "/assets/style.css")[http::field::content_type],
            "text/css; charset=utf-8");

  auto head = client.Send(http::verb::head, "/assets/app.js");
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_EQ(head[http::field::content_length], "15");
  EXPECT_EQ(head.body(), "");
  // The connection is still in step after HEAD.
  EXPECT_EQ(client.Send(http::verb::get, "/assets/app.js").body(), "console.log(1);");
}

TEST_F(StaticFilesTest, SpaFallbackAndMissingAssets) {
  Client client(server_.port());
  auto app_route = client.Send(http::verb::get, "/projects/7/models");
  EXPECT_EQ(app_route.result_int(), 200u);
  EXPECT_EQ(app_route.body(), "<!doctype html><title>app</title>");
  EXPECT_EQ(client.Send(http::verb::get, "/assets/missing.js").result_int(), 404u);
  // API paths never fall back to the app.
  EXPECT_EQ(client.Send(http::verb::get, "/api/v1/unknown").result_int(), 404u);
  EXPECT_EQ(client.Send(http::verb::get, "/api/v1/models/5").body(), R"({"id":"5"})");
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  for (std::string target : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                             "/assets/%2E%2E/%2e%2e/secret.txt", "/..%2fsecret.txt"}) {
    Client client(server_.port());
    auto response = client.Send(http::verb::get, target);
    EXPECT_TRUE(response.result_int() == 400u || response.result_int() == 404u)
        << target << " -> " << response.result_int();
    EXPECT_EQ(response.body().find("top secret"), std::string::npos) << target;
  }
}

TEST_F(StaticFilesTest, ETagAndNotModified) {
  Client client(server_.port());
  auto first = client.Send(http::verb::get, "/assets/app.js");
  std::string etag(first[http::field::etag]);
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(etag.front(), '"');
  auto cached = client.Send(http::verb::get, "/assets/app.js", {}, {{"If-None-Match", etag}});
  EXPECT_EQ(cached.result_int(), 304u);
  EXPECT_EQ(cached.body(), "");
  EXPECT_EQ(cached[http::field::etag], etag);
  auto stale = client.Send(http::verb::get, "/assets/app.js", {}, {{"If-None-Match", "\"x\""}});
  EXPECT_EQ(stale.result_int(), 200u);
  // A changed file gets a new tag.
  Write(root_ / "www" / "assets" / "app.js", "console.log(22);");
  auto changed = client.Send(http::verb::get, "/assets/app.js", {}, {{"If-None-Match", etag}});
  EXPECT_EQ(changed.result_int(), 200u);
  EXPECT_EQ(changed.body(), "console.log(22);");
}

// ---------------------------------------------------------------------------------------------
// WebSocket

struct WsState {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::shared_ptr<WebSocketConnection>> open;
  int closed = 0;
  std::string last_param;

  template <class Pred>
  bool WaitFor(Pred pred) {
    std::unique_lock<std::mutex> lock(mutex);
    return cv.wait_for(lock, 5s, pred);
  }
};

void AddEchoRoute(TestServer& server, WsState& state) {
  WebSocketRoute route;
  route.pattern = "/api/v1/projects/{id}/events";
  route.accept = [](Request& request) -> std::optional<Response> {
    if (request.QueryParam("token") != "good") {
      return ErrorResponse(401, "unauthenticated", "sign in first");
    }
    return std::nullopt;
  };
  route.on_open = [&state](const Request& request, std::shared_ptr<WebSocketConnection> conn) {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.last_param = request.params.at("id");
    state.open.push_back(std::move(conn));
    state.cv.notify_all();
  };
  route.on_message = [](const std::shared_ptr<WebSocketConnection>& conn, std::string_view text) {
    conn->Send("echo:" + std::string(text));
  };
  route.on_close = [&state](const std::shared_ptr<WebSocketConnection>& conn) {
    std::lock_guard<std::mutex> lock(state.mutex);
    EXPECT_FALSE(conn->open());
    state.closed++;
    state.cv.notify_all();
  };
  server.websockets.push_back(std::move(route));
}

TEST(WebSocketTest, EchoPushRejectAndCloseOnStop) {
  TestServer server;
  WsState state;
  AddEchoRoute(server, state);
  server.Start();

  WsClient rejected(server.port());
  int status = 0;
  EXPECT_TRUE(rejected.Handshake("/api/v1/projects/p1/events?token=bad", &status));
  EXPECT_EQ(status, 401);

  WsClient client(server.port());
  ASSERT_FALSE(client.Handshake("/api/v1/projects/p1/events?token=good", &status));
  EXPECT_EQ(status, 101);
  ASSERT_TRUE(state.WaitFor([&] { return state.open.size() == 1; }));
  EXPECT_EQ(state.last_param, "p1");
  EXPECT_TRUE(state.open[0]->open());
  EXPECT_EQ(server.server().stats().websocket_open, 1u);

  ASSERT_FALSE(client.Write("hi"));
  std::string text;
  ASSERT_FALSE(client.Read(&text));
  EXPECT_EQ(text, "echo:hi");

  state.open[0]->Send("pushed 1");
  state.open[0]->Send("pushed 2");
  ASSERT_FALSE(client.Read(&text));
  EXPECT_EQ(text, "pushed 1");
  ASSERT_FALSE(client.Read(&text));
  EXPECT_EQ(text, "pushed 2");

  // Stop does not wait; the client answers the close frame while Run winds down.
  server.server().Stop();
  beast::error_code ec = client.Read(&text);
  EXPECT_EQ(ec, websocket::error::closed) << ec.message();
  EXPECT_EQ(client.reason().code, websocket::close_code::going_away);
  auto start = std::chrono::steady_clock::now();
  server.StopAndJoin();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  std::lock_guard<std::mutex> lock(state.mutex);
  EXPECT_EQ(state.closed, 1);
  EXPECT_FALSE(state.open[0]->open());
  state.open[0]->Send("after close");  // harmless
}

TEST(WebSocketTest, ClientCloseCallsOnCloseOnceAndServerClose) {
  TestServer server;
  WsState state;
  AddEchoRoute(server, state);
  server.Start();
  {
    WsClient client(server.port());
    ASSERT_FALSE(client.Handshake("/api/v1/projects/x/events?token=good"));
    ASSERT_TRUE(state.WaitFor([&] { return state.open.size() == 1; }));
    state.open[0]->Close("bye");
    std::string text;
    EXPECT_EQ(client.Read(&text), websocket::error::closed);
    EXPECT_EQ(client.reason().reason, "bye");
  }
  ASSERT_TRUE(state.WaitFor([&] { return state.closed == 1; }));
  {
    WsClient client(server.port());
    ASSERT_FALSE(client.Handshake("/api/v1/projects/y/events?token=good"));
    ASSERT_TRUE(state.WaitFor([&] { return state.open.size() == 2; }));
  }  // the client just drops the TCP connection
  ASSERT_TRUE(state.WaitFor([&] { return state.closed == 2; }));
  EXPECT_EQ(server.server().stats().websocket_open, 0u);
}

TEST(WebSocketTest, SlowConsumerIsClosed) {
  TestServer server;
  server.options.websocket_queue_limit = 4;
  WsState state;
  AddEchoRoute(server, state);
  server.Start();
  WsClient client(server.port());
  ASSERT_FALSE(client.Handshake("/api/v1/projects/x/events?token=good"));
  ASSERT_TRUE(state.WaitFor([&] { return state.open.size() == 1; }));
  // Far more than the socket buffers take while the client reads nothing.
  std::string big(60 * 1024, 'z');
  testing::internal::CaptureStderr();
  for (int i = 0; i < 400; ++i) state.open[0]->Send(big);
  ASSERT_TRUE(state.WaitFor([&] { return !state.open[0]->open(); }));
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("too slow"), std::string::npos) << log;
  // The client reads what was queued, then the close frame.
  std::string text;
  beast::error_code ec;
  int messages = 0;
  while (!(ec = client.Read(&text))) ++messages;
  EXPECT_EQ(ec, websocket::error::closed) << ec.message();
  EXPECT_EQ(client.reason().code, websocket::close_code::policy_error);
  EXPECT_EQ(client.reason().reason, "too slow");
  EXPECT_LT(messages, 400);
}

TEST(WebSocketTest, OversizedMessageClosesConnection) {
  TestServer server;
  WsState state;
  AddEchoRoute(server, state);
  server.Start();
  WsClient client(server.port());
  ASSERT_FALSE(client.Handshake("/api/v1/projects/x/events?token=good"));
  ASSERT_FALSE(client.Write(std::string(65 * 1024, 'a')));
  std::string text;
  EXPECT_TRUE(client.Read(&text));
  EXPECT_EQ(client.reason().code, websocket::close_code::too_big);
  ASSERT_TRUE(state.WaitFor([&] { return state.closed == 1; }));
}

}  // namespace
}  // namespace threatpath::server
