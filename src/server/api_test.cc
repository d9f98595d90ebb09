#include "server/api.h"

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/auth.h"
#include "server/http.h"
#include "store/store.h"

namespace threatpath::server {

std::string_view OpenApiDocument();  // server/openapi.json, built in (tp_embed)

namespace {

using nlohmann::json;

constexpr const char* kMethods[] = {"get", "put", "post", "delete", "patch", "head", "options"};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The "{name}" segments of a route pattern.
std::vector<std::string> PathParams(const std::string& pattern) {
  std::vector<std::string> names;
  size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    size_t end = pattern.find('}', pos);
    if (end == std::string::npos) break;
    names.push_back(pattern.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return names;
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Open("sqlite::memory:");
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    auto migrated = store_->Migrate();
    ASSERT_TRUE(migrated) << migrated.error().ToString();
    ApiOptions options;
    options.password_cost = auth::PasswordCost::kTest;
    api_ = std::make_unique<Api>(*store_, options);
    api_->Register(router_);
  }

  void TearDown() override {
    if (api_) api_->Shutdown();
    api_.reset();  // before the store it refers to
  }

  // Creates a user with `password` (hashed at the test cost).
  store::User CreateUser(const std::string& username, const std::string& password, bool admin) {
    auto hash = auth::HashPassword(password, auth::PasswordCost::kTest);
    EXPECT_TRUE(hash);
    store::NewUser nu{username, username, hash ? *hash : std::string(), admin};
    auto user = store_->CreateUser(nu, store::Actor{});
    EXPECT_TRUE(user) << user.error().ToString();
    return user ? *user : store::User{};
  }

  Response Call(const std::string& method, const std::string& path, const std::string& body = {},
                std::map<std::string, std::string> headers = {}) {
    Request request;
    request.method = method;
    request.target = path;
    request.path = path;
    request.remote = "127.0.0.1";
    request.request_id = "test";
    request.body = body;
    if (!body.empty() && !headers.count("content-type")) {
      headers["content-type"] = "application/json";
    }
    request.headers = std::move(headers);
    return router_.Dispatch(request);
  }

  // A call as the signed-in user (session cookie, and the CSRF token when `csrf`).
  Response As(const std::string& method, const std::string& path, const json& body = nullptr,
              bool csrf = true) {
    std::map<std::string, std::string> headers{{"cookie", "tp_session=" + session_}};
    if (csrf) headers["x-csrf-token"] = csrf_;
    return Call(method, path, body.is_null() ? std::string() : body.dump(), std::move(headers));
  }

  // Signs in and keeps the session cookie and CSRF token for As().
  void SignIn(const std::string& username, const std::string& password) {
    Response r = Call("POST", "/api/v1/auth/login",
                      json{{"username", username}, {"password", password}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    std::string cookie;
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie") cookie = value;
    }
    ASSERT_EQ(cookie.rfind("tp_session=", 0), 0u) << cookie;
    session_ = cookie.substr(11, cookie.find(';') - 11);
    csrf_ = json::parse(r.body).at("csrf_token").get<std::string>();
    ASSERT_FALSE(session_.empty());
    ASSERT_FALSE(csrf_.empty());
  }

  static std::string ReadExample() {
    std::ifstream in(std::string(TP_SOURCE_DIR) + "/examples/online-shop.yaml");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Api> api_;
  Router router_;
  std::string session_;
  std::string csrf_;
};

// ---------------------------------------------------------------------------------------------
// The OpenAPI document describes exactly the routes the server has.

class OpenApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    doc_ = json::parse(OpenApiDocument(), nullptr, false);
    ASSERT_FALSE(doc_.is_discarded()) << "openapi.json is not valid JSON";
    ASSERT_TRUE(doc_.contains("paths"));
    for (const auto& [path, item] : doc_["paths"].items()) {
      for (const char* method : kMethods) {
        if (item.contains(method)) ops_[Upper(method) + " " + path] = &item[method];
      }
    }
  }

  // Follows a local "$ref" ("#/components/parameters/X"); the value itself when there is none.
  const json& Resolve(const json& value) const {
    if (!value.is_object() || !value.contains("$ref")) return value;
    static const json kNull;
    std::string ref = value["$ref"].get<std::string>();
    if (ref.rfind("#/", 0) != 0) return kNull;
    json::json_pointer pointer(ref.substr(1));
    return doc_.contains(pointer) ? doc_.at(pointer) : kNull;
  }

  json doc_;
  std::map<std::string, const json*> ops_;  // "GET /api/v1/models/{id}" → the operation
};

TEST_F(OpenApiTest, EveryRouteIsDocumentedAndEveryOperationIsARoute) {
  std::set<std::string> routes;
  for (const Router::Route& route : router_.routes()) {
    std::string key = route.method + " " + route.pattern;
    EXPECT_TRUE(routes.insert(key).second) << "route " << key << " is registered twice";
  }
  for (const WebSocketRoute& ws : api_->WebSocketRoutes()) routes.insert("GET " + ws.pattern);
  ASSERT_GT(routes.size(), 30u);
  for (const std::string& key : routes) {
    EXPECT_TRUE(ops_.count(key)) << "route " << key << " is missing from openapi.json";
  }
  for (const auto& [key, op] : ops_) {
    EXPECT_TRUE(routes.count(key))
        << "openapi.json documents " << key << ", which the server does not have";
  }
}

TEST_F(OpenApiTest, AccessMatchesTheRoutes) {
  const std::set<std::string> kAccess = {"public", "user",        "admin",
                                         "viewer", "contributor", "security"};
  for (const auto& [key, op] : ops_) {
    ASSERT_TRUE(op->contains("x-access")) << key << " has no x-access";
    EXPECT_TRUE(kAccess.count((*op)["x-access"].get<std::string>()))
        << key << " has x-access " << (*op)["x-access"];
  }
  for (const Router::Route& route : router_.routes()) {
    std::string key = route.method + " " + route.pattern;
    auto it = ops_.find(key);
    if (it == ops_.end()) continue;  // reported by the test above
    EXPECT_EQ(it->second->value("x-access", ""), route.info.access)
        << "route " << key << ": x-access in openapi.json differs from the route's access";
  }
}

TEST_F(OpenApiTest, EventsAreAWebSocketForSignedInUsers) {
  auto ws = api_->WebSocketRoutes();
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].pattern, "/api/v1/events");
  auto it = ops_.find("GET /api/v1/events");
  ASSERT_NE(it, ops_.end()) << "GET /api/v1/events is missing from openapi.json";
  EXPECT_EQ(it->second->value("x-websocket", false), true)
      << "GET /api/v1/events: x-websocket must be true";
  // The upgrade authenticates any signed-in user (project filtering happens per event).
  EXPECT_EQ(it->second->value("x-access", ""), "user");
  // No other operation claims to be a WebSocket.
  for (const auto& [key, op] : ops_) {
    if (key != "GET /api/v1/events") {
      EXPECT_FALSE(op->value("x-websocket", false)) << key << " is marked x-websocket";
    }
  }
}

TEST_F(OpenApiTest, PathParametersAreDeclared) {
  for (const auto& [path, item] : doc_["paths"].items()) {
    for (const char* method : kMethods) {
      if (!item.contains(method)) continue;
      std::string key = Upper(method) + " " + path;
      const json& path_item = item;
      const json& op = path_item[method];
      std::set<std::string> declared;
      for (const json* list : {&path_item, &op}) {
        if (!list->contains("parameters")) continue;
        for (const json& p : (*list)["parameters"]) {
          const json& param = Resolve(p);
          if (!param.is_object()) {
            ADD_FAILURE() << key << ": parameter " << p.dump() << " does not resolve";
            continue;
          }
          if (param.value("in", "") != "path") continue;
          std::string name = param.value("name", "");
          declared.insert(name);
          EXPECT_EQ(param.value("required", false), true)
              << key << ": path parameter '" << name << "' must be required";
        }
      }
      std::vector<std::string> used = PathParams(path);
      for (const std::string& name : used) {
        EXPECT_TRUE(declared.count(name))
            << key << ": path parameter '" << name << "' is not declared in its parameters";
      }
      for (const std::string& name : declared) {
        EXPECT_NE(std::find(used.begin(), used.end(), name), used.end())
            << key << ": declares path parameter '" << name << "', which the path lacks";
      }
    }
  }
}

TEST_F(OpenApiTest, EveryRefResolves) {
  std::vector<std::string> refs;
  std::function<void(const json&, const std::string&)> walk = [&](const json& j,
                                                                  const std::string& where) {
    if (j.is_object()) {
      for (const auto& [k, v] : j.items()) {
        if (k == "$ref" && v.is_string()) {
          std::string ref = v.get<std::string>();
          refs.push_back(ref);
          bool ok = ref.rfind("#/", 0) == 0 && doc_.contains(json::json_pointer(ref.substr(1)));
          EXPECT_TRUE(ok) << "$ref " << ref << " at " << where << " does not resolve";
        } else {
          walk(v, where + "/" + k);
        }
      }
    } else if (j.is_array()) {
      for (size_t i = 0; i < j.size(); ++i) walk(j[i], where + "/" + std::to_string(i));
    }
  };
  walk(doc_, "");
  EXPECT_GT(refs.size(), 20u);
}

TEST_F(OpenApiTest, OperationIdsAreUnique) {
  std::map<std::string, std::string> seen;  // operationId → operation
  for (const auto& [key, op] : ops_) {
    std::string id = op->value("operationId", "");
    EXPECT_FALSE(id.empty()) << key << " has no operationId";
    if (id.empty()) continue;
    auto [it, inserted] = seen.emplace(id, key);
    EXPECT_TRUE(inserted) << "operationId " << id << " is used by " << it->second << " and " << key;
  }
}

TEST_F(OpenApiTest, ServedAsIs) {
  Response r = Call("GET", "/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, OpenApiDocument());
}

// ---------------------------------------------------------------------------------------------
// A few handlers in process (the Python suite covers the API over HTTP).

json ErrorOf(const Response& r) {
  json body = json::parse(r.body, nullptr, false);
  return body.is_object() && body.contains("error") ? body["error"] : json();
}

TEST_F(ApiTest, LoginSetsTheSessionCookie) {
  CreateUser("alice", "correct horse battery", false);
  Response wrong =
      Call("POST", "/api/v1/auth/login", json{{"username", "alice"}, {"password", "wrong"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(ErrorOf(wrong).value("message", ""), "wrong user name or password");

  ASSERT_NO_FATAL_FAILURE(SignIn("alice", "correct horse battery"));
  Response session = As("GET", "/api/v1/auth/session");
  ASSERT_EQ(session.status, 200) << session.body;
  json j = json::parse(session.body);
  EXPECT_EQ(j["user"]["username"], "alice");
  EXPECT_EQ(j["via"], "session");
  EXPECT_EQ(j["csrf_token"], csrf_);

  Response anonymous = Call("GET", "/api/v1/auth/session");
  EXPECT_EQ(anonymous.status, 401);
}

TEST_F(ApiTest, BootstrapCreatesTheFirstAdminOnce) {
  auto password = api_->Bootstrap();
  ASSERT_TRUE(password) << password.error().ToString();
  ASSERT_TRUE(*password);
  ASSERT_NO_FATAL_FAILURE(SignIn("admin", **password));
  EXPECT_EQ(As("GET", "/api/v1/users").status, 200);  // admin only
  auto again = api_->Bootstrap();
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST_F(ApiTest, UnsafeRequestWithoutCsrfTokenIsRefused) {
  CreateUser("alice", "correct horse battery", false);
  ASSERT_NO_FATAL_FAILURE(SignIn("alice", "correct horse battery"));
  Response r = As("POST", "/api/v1/projects", json{{"name", "P"}}, /*csrf=*/false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorOf(r).value("field", ""), "X-CSRF-Token");
  EXPECT_EQ(ErrorOf(r).value("code", ""), "permission-denied");
  EXPECT_EQ(As("POST", "/api/v1/projects", json{{"name", "P"}}).status, 201);
}

TEST_F(ApiTest, UnknownFieldIsNamed) {
  CreateUser("alice", "correct horse battery", false);
  ASSERT_NO_FATAL_FAILURE(SignIn("alice", "correct horse battery"));
  Response r = As("POST", "/api/v1/projects", json{{"name", "P"}, {"colour", "red"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorOf(r).value("field", ""), "colour");
  EXPECT_EQ(ErrorOf(r).value("message", ""), "unknown field 'colour'");
}

TEST_F(ApiTest, NonMembersCannotTellWhichProjectsExist) {
  CreateUser("alice", "correct horse battery", false);
  CreateUser("bob", "correct horse battery", false);
  ASSERT_NO_FATAL_FAILURE(SignIn("alice", "correct horse battery"));
  Response project = As("POST", "/api/v1/projects", json{{"name", "Secret"}});
  ASSERT_EQ(project.status, 201) << project.body;
  std::string id = std::to_string(json::parse(project.body)["id"].get<int64_t>());
  EXPECT_EQ(As("GET", "/api/v1/projects/" + id).status, 200);

  ASSERT_NO_FATAL_FAILURE(SignIn("bob", "correct horse battery"));
  Response theirs = As("GET", "/api/v1/projects/" + id);
  Response missing = As("GET", "/api/v1/projects/999999");
  EXPECT_EQ(theirs.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorOf(theirs).value("message", ""), "project " + id + " does not exist");
  EXPECT_EQ(ErrorOf(missing).value("message", ""), "project 999999 does not exist");
}

TEST_F(ApiTest, UploadAnalysesAndStalePutConflicts) {
  std::string document = ReadExample();
  ASSERT_FALSE(document.empty()) << "examples/online-shop.yaml not found";
  CreateUser("alice", "correct horse battery", false);
  ASSERT_NO_FATAL_FAILURE(SignIn("alice", "correct horse battery"));
  Response project = As("POST", "/api/v1/projects", json{{"name", "Shop"}});
  ASSERT_EQ(project.status, 201) << project.body;
  int64_t project_id = json::parse(project.body)["id"];

  Response created = As("POST", "/api/v1/projects/" + std::to_string(project_id) + "/models",
                        json{{"name", "Online shop"}, {"document", document}});
  ASSERT_EQ(created.status, 201) << created.body;
  json j = json::parse(created.body);
  EXPECT_EQ(j["revision"], 1);
  EXPECT_EQ(j["model"]["version"], 1);
  const json& summary = j["summary"];
  ASSERT_TRUE(summary.is_object()) << created.body;
  int risks = summary["risks"];
  EXPECT_GT(risks, 0);
  int by_severity = 0;
  for (const auto& [severity, n] : summary["by_severity"].items()) by_severity += n.get<int>();
  EXPECT_EQ(by_severity, risks);
  EXPECT_LE(summary["open_risks"].get<int>(), risks);
  std::string model = "/api/v1/models/" + std::to_string(j["model"]["id"].get<int64_t>());

  // The risks served for the latest revision are the ones summarised.
  Response listed = As("GET", model + "/revisions/latest/risks");
  ASSERT_EQ(listed.status, 200);
  json risks_json = json::parse(listed.body);
  const json& list = risks_json.is_array() ? risks_json : risks_json["risks"];
  EXPECT_EQ(static_cast<int>(list.size()), risks);

  // A decision shows in the risks served next; only the model's risks can be decided.
  std::string risk = list.at(0).at("synthetic_id");
  Response decided =
      As("PUT", model + "/decisions/" + risk, json{{"version", 0}, {"status", "in-progress"}});
  ASSERT_EQ(decided.status, 200) << decided.body;
  json after = json::parse(As("GET", model + "/revisions/latest/risks").body);
  const json& after_list = after.is_array() ? after : after["risks"];
  ASSERT_FALSE(after_list.empty());
  EXPECT_EQ(after_list.at(0).at("synthetic_id"), risk);
  EXPECT_EQ(after_list.at(0).at("risk_status"), "in-progress");
  Response unknown =
      As("PUT", model + "/decisions/no-such-risk", json{{"version", 0}, {"status", "mitigated"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(
      ErrorOf(unknown).value("message", ""),
      "model " + std::to_string(j["model"]["id"].get<int64_t>()) + " has no risk 'no-such-risk'");

  Response next = As("PUT", model, json{{"document", document}, {"version", 1}});
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(json::parse(next.body)["revision"], 2);

  Response stale = As("PUT", model, json{{"document", document}, {"version", 1}});
  EXPECT_EQ(stale.status, 409);
  json error = ErrorOf(stale);
  EXPECT_EQ(error.value("code", ""), "conflict");
  EXPECT_EQ(error.value("current_version", 0), 2);
  EXPECT_EQ(error.value("message", ""),
            "model " + std::to_string(j["model"]["id"].get<int64_t>()) + " is at version 2, not 1");
}

}  // namespace
}  // namespace threatpath::server
