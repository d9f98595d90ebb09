#include "server/api.h"

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/analysis.h"
#include "auth/auth.h"
#include "intake/questionnaire.h"
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
    request.path = path.substr(0, path.find('?'));
    if (path.find('?') != std::string::npos) request.query = path.substr(path.find('?') + 1);
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

// ---------------------------------------------------------------------------------------------
// The program workflow: prompts, the brief with recorded assumptions, stored questionnaires,
// intakes linked to models, deleting mitigations and assumptions.

class WorkflowTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    alice_ = CreateUser("alice", "correct horse battery", false);
    ASSERT_NO_FATAL_FAILURE(SignIn("alice", "correct horse battery"));
    Response project = As("POST", "/api/v1/projects", json{{"name", "Shop"}});
    ASSERT_EQ(project.status, 201) << project.body;
    project_id_ = json::parse(project.body)["id"];
    document_ = ReadExample();
    ASSERT_FALSE(document_.empty()) << "examples/online-shop.yaml not found";
    Response created = As("POST", "/api/v1/projects/" + std::to_string(project_id_) + "/models",
                          json{{"name", "Online shop"}, {"document", document_}});
    ASSERT_EQ(created.status, 201) << created.body;
    model_id_ = json::parse(created.body)["model"]["id"];
    model_ = "/api/v1/models/" + std::to_string(model_id_);
  }

  // A session on the model's latest revision with alice as its only participant.
  json StartSession() {
    Response r = As("POST", model_ + "/sessions",
                    json{{"title", "review"},
                         {"participants", json::array({alice_.id})},
                         {"facilitator", alice_.id}});
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body, nullptr, false);
  }

  store::User alice_;
  int64_t project_id_ = 0;
  int64_t model_id_ = 0;
  std::string model_;
  std::string document_;
};

TEST_F(WorkflowTest, PromptsAreTheEnginesForTheRevision) {
  Response r = As("GET", model_ + "/revisions/latest/prompts");
  ASSERT_EQ(r.status, 200) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["model_id"], model_id_);
  EXPECT_EQ(j["revision"], 1);

  // The same prompts as the engine gives for the stored document, in its order.
  auto stored = store_->GetRevision(model_id_, 1);
  ASSERT_TRUE(stored) << stored.error().ToString();
  auto loaded = app::LoadModelText(stored->document, "stored");
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  auto analysis = app::Analyze(std::move(*loaded), catalog::Catalog::Builtin());
  ASSERT_FALSE(analysis->prompts.empty());
  ASSERT_EQ(j["count"], analysis->prompts.size());
  ASSERT_EQ(j["prompts"].size(), analysis->prompts.size());
  for (size_t i = 0; i < analysis->prompts.size(); ++i) {
    const auto& want = analysis->prompts[i];
    const json& got = j["prompts"][i];
    EXPECT_EQ(got["element_id"], want.element_id) << i;
    EXPECT_EQ(got["stride"], core::ToString(want.category)) << i;
    EXPECT_EQ(got["question"], want.question) << i;
    EXPECT_FALSE(got["element_title"].get<std::string>().empty()) << i;
  }
  std::set<std::string> kinds;
  for (const json& p : j["prompts"]) kinds.insert(p["element_kind"]);
  for (const auto& kind : kinds) {
    EXPECT_TRUE(kind == "external-entity" || kind == "process" || kind == "data-store" ||
                kind == "data-flow")
        << kind;
  }
  EXPECT_TRUE(kinds.count("process"));
  EXPECT_TRUE(kinds.count("data-flow"));

  // Revision 1 by number is the same; a revision that does not exist is 404.
  Response one = As("GET", model_ + "/revisions/1/prompts");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(json::parse(one.body), j);
  Response missing = As("GET", model_ + "/revisions/2/prompts");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorOf(missing).value("message", ""),
            "model " + std::to_string(model_id_) + " has no revision '2'");

  // A session points at its revision's risks and prompts.
  json session = StartSession();
  Response read = As("GET", "/api/v1/sessions/" + std::to_string(session["id"].get<int64_t>()));
  ASSERT_EQ(read.status, 200) << read.body;
  json starting = json::parse(read.body)["starting_points"];
  EXPECT_EQ(starting["prompts"], model_ + "/revisions/1/prompts");
  EXPECT_EQ(starting["risks"], model_ + "/revisions/1/risks");
  EXPECT_EQ(As("GET", starting["prompts"].get<std::string>()).status, 200);
}

TEST_F(WorkflowTest, BriefListsTheAssumptionsRecordedInSessions) {
  json session = StartSession();
  std::string base = "/api/v1/sessions/" + std::to_string(session["id"].get<int64_t>());
  Response threat =
      As("POST", base + "/threats", json{{"title", "Token replay"}, {"stride", "spoofing"}});
  ASSERT_EQ(threat.status, 201) << threat.body;
  int64_t threat_id = json::parse(threat.body)["id"];
  Response mitigation = As("POST", base + "/mitigations",
                           json{{"title", "Bind tokens"}, {"threats", json::array({threat_id})}});
  ASSERT_EQ(mitigation.status, 201) << mitigation.body;
  int64_t mitigation_id = json::parse(mitigation.body)["id"];
  std::vector<int64_t> ids;
  for (const char* statement : {"Tokens expire within five minutes", "Backups are encrypted"}) {
    json body = {{"statement", statement}};
    if (ids.empty()) {
      body["threats"] = json::array({threat_id});
      body["mitigations"] = json::array({mitigation_id});
    }
    Response a = As("POST", base + "/assumptions", body);
    ASSERT_EQ(a.status, 201) << a.body;
    ids.push_back(json::parse(a.body)["id"]);
  }
  Response refuted = As("PATCH", "/api/v1/assumptions/" + std::to_string(ids[0]),
                        json{{"version", 1}, {"status", "refuted"}, {"evidence", "24 h tokens"}});
  ASSERT_EQ(refuted.status, 200) << refuted.body;

  Response r = As("GET", model_ + "/revisions/latest/brief?format=json");
  ASSERT_EQ(r.status, 200) << r.body;
  json brief = json::parse(r.body);
  ASSERT_EQ(brief["recorded_assumptions"].size(), 2u) << r.body;
  const json& open = brief["recorded_assumptions"][0];  // unvalidated first
  EXPECT_EQ(open["id"], ids[1]);
  EXPECT_EQ(open["status"], "unvalidated");
  EXPECT_EQ(open["created_by"], "alice");
  EXPECT_TRUE(open["validated_by"].is_null());
  const json& no = brief["recorded_assumptions"][1];
  EXPECT_EQ(no["id"], ids[0]);
  EXPECT_EQ(no["status"], "refuted");
  EXPECT_EQ(no["evidence"], "24 h tokens");
  EXPECT_EQ(no["validated_by"], "alice");
  EXPECT_FALSE(no["validated_at"].get<std::string>().empty());
  EXPECT_EQ(no["session_id"], session["id"]);
  EXPECT_EQ(no["revision"], 1);
  // The refutation reopened the linked threat and mitigation; the brief shows them as they are.
  EXPECT_EQ(no["threats"],
            (json::array({{{"id", threat_id}, {"title", "Token replay"}, {"response", nullptr}}})));
  EXPECT_EQ(
      no["mitigations"],
      (json::array({{{"id", mitigation_id}, {"title", "Bind tokens"}, {"status", "proposed"}}})));
  // The model document's own assumptions are still there.
  EXPECT_FALSE(brief["assumptions"].empty());

  Response md = As("GET", model_ + "/revisions/latest/brief");
  ASSERT_EQ(md.status, 200);
  EXPECT_NE(md.body.find("**#" + std::to_string(ids[0]) + "** (**refuted** by alice, "),
            std::string::npos)
      << md.body;
  EXPECT_NE(md.body.find("**To validate (unvalidated):**\n\n- **#" + std::to_string(ids[1]) +
                         "** (unvalidated): Backups are encrypted\n"),
            std::string::npos)
      << md.body;

  // A session on a later revision counts for that revision's brief, not for earlier ones.
  Response next = As("PUT", model_, json{{"document", document_}, {"version", 1}});
  ASSERT_EQ(next.status, 200) << next.body;
  json later = StartSession();
  ASSERT_EQ(later["revision"], 2);
  Response a =
      As("POST", "/api/v1/sessions/" + std::to_string(later["id"].get<int64_t>()) + "/assumptions",
         json{{"statement", "Only admins reach the console"}});
  ASSERT_EQ(a.status, 201) << a.body;
  auto count = [&](const std::string& rev) {
    Response b = As("GET", model_ + "/revisions/" + rev + "/brief?format=json");
    EXPECT_EQ(b.status, 200) << b.body;
    return json::parse(b.body)["recorded_assumptions"].size();
  };
  EXPECT_EQ(count("1"), 2u);
  EXPECT_EQ(count("2"), 3u);
}

constexpr const char* kSmallQuestionnaire = R"(id: small
version: 2
title: Small intake
items:
  - type: yesno
    id: internet
    text: Internet-facing?
    required: true
    yes: {points: 30, tier: self-service}
  - type: single
    id: data
    text: What data?
    choices:
      - {id: none, text: None}
      - {id: pii, text: PII, points: 60, tier: security-led}
)";

// Google VSAQ's test template (a block with a check group, a warning tip and a declaration).
constexpr const char* kVsaqTemplate = R"(// A VSAQ file: comment lines and "..." + joins.
{
  "version": 1,
  "questionnaire": [{"type": "block", "text": "My " +
                                              "questionnaire", "items": [
    {"type": "block", "id": "network", "text": "Network section", "items": [
      {"type": "checkgroup", "defaultChoice": false,
       "choices": [{"standard_1": "Standard 1"}, {"standard_2": "Standard 2"}]}]},
    {"type": "block", "text": "Data section", "items": [
      {"type": "check", "id": "data_warning", "text": "Click me to trigger a warning."},
      {"type": "tip", "id": "data_tip", "cond": "data_warning/yes",
       "text": "You shouldn't click the box above.", "warn": "yes", "severity": "critical"}]},
    {"type": "block", "text": "Final section", "items": [
      {"type": "check", "id": "declaration", "text": "I hereby declare."}]}]}]
}
)";

constexpr const char* kVsaqExtension = R"({"version": 1, "namespace": "mycompany", "extensions": [
  {"type": "block", "insertAfter": "network", "text": "Company questions", "items": [
    {"type": "line", "id": "company_specific", "text": "Company specific question"}]}]})";

TEST_F(WorkflowTest, StoredQuestionnairesTriageIntakes) {
  std::string intakes = "/api/v1/projects/" + std::to_string(project_id_) + "/intakes";
  json small = {{"text", kSmallQuestionnaire}};
  // Only server administrators store questionnaires; every signed-in user reads them.
  Response refused = As("POST", "/api/v1/questionnaires", small);
  EXPECT_EQ(refused.status, 403);
  CreateUser("root", "correct horse battery", true);
  ASSERT_NO_FATAL_FAILURE(SignIn("root", "correct horse battery"));

  Response created = As("POST", "/api/v1/questionnaires", small);
  ASSERT_EQ(created.status, 201) << created.body;
  json q = json::parse(created.body);
  EXPECT_EQ(q["id"], "small");
  EXPECT_EQ(q["title"], "Small intake");
  EXPECT_EQ(q["format"], "threatpath");
  EXPECT_EQ(q["version"], 2);
  EXPECT_EQ(q["builtin"], false);
  EXPECT_EQ(q["question_count"], 2);
  EXPECT_EQ(q["text"], kSmallQuestionnaire);
  ASSERT_EQ(q["questions"].size(), 2u);
  EXPECT_EQ(q["questions"][1], json::parse(R"({"id": "data", "type": "single", "text": "What data?",
      "required": false, "choices": [{"id": "none", "text": "None"}, {"id": "pii", "text": "PII"}],
      "visible_if": null})"));

  Response vsaq = As("POST", "/api/v1/questionnaires",
                     json{{"format", "vsaq"},
                          {"id", "vsaq-template"},
                          {"text", kVsaqTemplate},
                          {"extensions", json::array({kVsaqExtension})}});
  ASSERT_EQ(vsaq.status, 201) << vsaq.body;
  json v = json::parse(vsaq.body);
  EXPECT_EQ(v["title"], "My questionnaire");
  EXPECT_EQ(v["format"], "vsaq");
  EXPECT_EQ(v["question_count"], 4);  // the template's three and the extension's one
  EXPECT_EQ(v["rule_count"], 1);
  EXPECT_EQ(v["extensions"], json::array({kVsaqExtension}));

  // Bad uploads: 4xx naming the field, nothing stored.
  struct Bad {
    json body;
    int status;
    std::string field;
    std::string message;  // "" when only the status and field are pinned
  };
  const Bad bad[] = {
      {small, 409, "id", "questionnaire 'small' already exists"},
      {{{"text", std::string(intake::DesignReviewYaml())}},
       409,
       "id",
       "questionnaire 'design-review' is built in"},
      {{{"text",
         "id: broken\nitems:\n  - type: yesno\n    id: a\n    text: A?\n    visible_if: "
         "b\n"}},
       422,
       "text",
       ""},
      {{{"format", "vsaq"}, {"text", kVsaqTemplate}},
       400,
       "id",
       "a VSAQ questionnaire has no id of its own: 'id' is required"},
      {{{"format", "vsaq"}, {"id", "x"}, {"text", "{\"questionnaire\": 5"}}, 422, "text", ""},
      {{{"format", "vsaq"}, {"id", "x"}, {"text", kVsaqTemplate}, {"extensions", "all"}},
       400,
       "extensions",
       "'extensions' must be a list of VSAQ extension texts"},
      {{{"format", "vsaq"},
        {"id", "x"},
        {"text", kVsaqTemplate},
        {"extensions", json::array({"{\"extensions\": [{\"insertAfter\": \"nowhere\"}]}"})}},
       422,
       "extensions",
       ""},
      {{{"format", "xml"}, {"text", "x"}},
       400,
       "format",
       "'format' must be threatpath or vsaq, not 'xml'"},
      {{{"text", kSmallQuestionnaire}, {"id", "other"}},
       400,
       "id",
       "'id' is 'other' but the questionnaire's id is 'small'"},
      {{{"text", kSmallQuestionnaire}, {"id", "no spaces"}}, 400, "id", ""},
      {{{"text", kSmallQuestionnaire}, {"extensions", json::array({"{}"})}}, 400, "extensions", ""},
      {{{"text", "  "}}, 400, "text", "'text' must not be empty"},
  };
  for (const Bad& b : bad) {
    Response r = As("POST", "/api/v1/questionnaires", b.body);
    EXPECT_EQ(r.status, b.status) << b.body.dump() << " " << r.body;
    EXPECT_EQ(ErrorOf(r).value("field", ""), b.field) << b.body.dump() << " " << r.body;
    if (!b.message.empty()) {
      EXPECT_EQ(ErrorOf(r).value("message", ""), b.message) << r.body;
    }
    if (b.status == 422) {
      EXPECT_FALSE(ErrorOf(r)["diagnostics"].empty()) << r.body;
    }
  }
  Response broken = As("POST", "/api/v1/questionnaires", bad[2].body);
  EXPECT_NE(ErrorOf(broken)["diagnostics"][0].value("text", "").find("text:6:"), std::string::npos)
      << broken.body;

  // The list: the built-in one first, then by id; readable by any signed-in user.
  ASSERT_NO_FATAL_FAILURE(SignIn("alice", "correct horse battery"));
  Response list = As("GET", "/api/v1/questionnaires");
  ASSERT_EQ(list.status, 200) << list.body;
  std::vector<std::string> ids;
  json listed_questionnaires = json::parse(list.body)["questionnaires"];
  for (const json& e : listed_questionnaires) {
    ids.push_back(e["id"]);
    EXPECT_FALSE(e.contains("text")) << e;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"design-review", "small", "vsaq-template"}));
  Response builtin = As("GET", "/api/v1/questionnaires/design-review");
  ASSERT_EQ(builtin.status, 200);
  json b = json::parse(builtin.body);
  EXPECT_EQ(b["builtin"], true);
  EXPECT_EQ(b["text"], intake::DesignReviewYaml());
  EXPECT_EQ(b["question_count"], intake::DesignReview().CountQuestions());
  EXPECT_TRUE(b["created_by"].is_null());
  Response unknown = As("GET", "/api/v1/questionnaires/nope");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorOf(unknown).value("message", ""), "questionnaire 'nope' does not exist");

  // Intakes name a questionnaire and are triaged with it.
  Response filed = As("POST", intakes,
                      json{{"title", "portal"},
                           {"questionnaire", "small"},
                           {"answers", {{"internet", "yes"}, {"data", "pii"}}}});
  ASSERT_EQ(filed.status, 201) << filed.body;
  json in = json::parse(filed.body);
  EXPECT_EQ(in["questionnaire"], "small");
  EXPECT_EQ(in["tier"], "security-led");
  EXPECT_EQ(in["priority"], 60);  // 90 points, half_at 60
  Response tip = As("POST", intakes,
                    json{{"title", "vsaq"},
                         {"questionnaire", "vsaq-template"},
                         {"answers", {{"data_warning", true}, {"company_specific", "x"}}}});
  ASSERT_EQ(tip.status, 201) << tip.body;
  json t = json::parse(tip.body);
  EXPECT_EQ(t["tier"], "security-led");
  ASSERT_EQ(t["findings"].size(), 1u);
  EXPECT_EQ(t["findings"][0]["id"], "data_tip");
  EXPECT_EQ(t["findings"][0]["severity"], "critical");

  Response wrong =
      As("POST", intakes,
         json{{"title", "x"}, {"questionnaire", "small"}, {"answers", {{"data", "all"}}}});
  EXPECT_EQ(wrong.status, 422) << wrong.body;
  EXPECT_EQ(ErrorOf(wrong).value("field", ""), "answers.data");
  Response missing =
      As("POST", intakes,
         json{{"title", "x"}, {"questionnaire", "nope"}, {"answers", json::object()}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(ErrorOf(missing).value("field", ""), "questionnaire");
  EXPECT_EQ(ErrorOf(missing).value("message", ""),
            "questionnaire 'nope' is not available; the server has: design-review, small, "
            "vsaq-template");
  // A stored questionnaire is read once and kept: a second intake on 'small' is triaged the
  // same from the kept copy; four intakes named 'small' or 'vsaq-template', two reads.
  Response again = As("POST", intakes,
                      json{{"title", "portal 2"},
                           {"questionnaire", "small"},
                           {"answers", {{"internet", "yes"}, {"data", "pii"}}}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(json::parse(again.body)["tier"], "security-led");
  EXPECT_EQ(json::parse(again.body)["priority"], 60);
  Response metrics = As("GET", "/metrics");
  EXPECT_NE(metrics.body.find("\nthreatpath_questionnaire_reads_total 2\n"), std::string::npos)
      << metrics.body;
  Response listed = As("GET", intakes);
  EXPECT_EQ(json::parse(listed.body)["intakes"].size(), 3u);
}

// Design-review answers that make an intake security-led (an internal page with PII).
json InternalPiiAnswers() {
  return {{"summary", "An internal admin page listing customer e-mail addresses."},
          {"change_kind", "new_system"},
          {"data_kinds", {"pii"}},
          {"data_volume", "small"},
          {"data_leaves", "no"},
          {"internet_facing", "no"},
          {"multi_tenant", "no"},
          {"new_authn", "no"},
          {"new_authz", "yes"},
          {"new_crypto", "no"},
          {"third_party", "no"},
          {"service_template", "yes"},
          {"standard_auth", "yes"},
          {"secrets_store", "yes"},
          {"standard_logging", "yes"}};
}

TEST_F(WorkflowTest, IntakesLinkToTheirModelAndCoverageFollows) {
  std::string pid = std::to_string(project_id_);
  Response filed = As("POST", "/api/v1/projects/" + pid + "/intakes",
                      json{{"title", "admin page"}, {"answers", InternalPiiAnswers()}});
  ASSERT_EQ(filed.status, 201) << filed.body;
  json in = json::parse(filed.body);
  ASSERT_EQ(in["tier"], "security-led");
  EXPECT_TRUE(in["model_id"].is_null());
  std::string path = "/api/v1/intakes/" + std::to_string(in["id"].get<int64_t>());
  auto coverage = [&]() {
    Response m = As("GET", "/api/v1/metrics/program");
    EXPECT_EQ(m.status, 200) << m.body;
    json o = json::parse(m.body)["overall"];
    return std::make_tuple(o["needing_model"].get<int>(), o["covered"].get<int>(),
                           o["triaged"].get<int>());
  };
  // The model exists, but the intake is not linked to it: not covered.
  EXPECT_EQ(coverage(), std::make_tuple(1, 0, 0));

  // Another project's model cannot be linked.
  Response other = As("POST", "/api/v1/projects", json{{"name", "Other"}});
  ASSERT_EQ(other.status, 201);
  Response foreign =
      As("POST",
         "/api/v1/projects/" + std::to_string(json::parse(other.body)["id"].get<int64_t>()) +
             "/models",
         json{{"name", "elsewhere"}, {"document", document_}});
  ASSERT_EQ(foreign.status, 201) << foreign.body;
  int64_t foreign_id = json::parse(foreign.body)["model"]["id"];
  struct Bad {
    json body;
    int status;
    std::string field;
    std::string message;
  };
  const Bad bad[] = {
      {{{"version", 1}, {"model_id", foreign_id}},
       400,
       "model_id",
       "model " + std::to_string(foreign_id) + " is not a model of project " + pid},
      {{{"version", 1}, {"model_id", 999999}}, 400, "model_id", ""},
      {{{"version", 1}, {"model_id", -1}}, 400, "model_id", ""},
      {{{"version", 1}, {"model_id", "1"}}, 400, "model_id", ""},
      {{{"version", 1}},
       400,
       "status",
       "'status' is required (or 'model_id' alone, to link the intake's model)"},
      {{{"version", 1}, {"model_id", model_id_}, {"reason", "r"}},
       400,
       "reason",
       "'reason' goes with a status change"},
      {{{"version", 7}, {"model_id", model_id_}}, 409, "", ""},
  };
  for (const Bad& b : bad) {
    Response r = As("PATCH", path, b.body);
    EXPECT_EQ(r.status, b.status) << b.body.dump() << " " << r.body;
    EXPECT_EQ(ErrorOf(r).value("field", ""), b.field) << b.body.dump() << " " << r.body;
    if (!b.message.empty()) {
      EXPECT_EQ(ErrorOf(r).value("message", ""), b.message);
    }
    if (b.status == 409) {
      EXPECT_EQ(ErrorOf(r).value("current_version", 0), 1);
    }
  }
  EXPECT_EQ(json::parse(As("GET", path).body)["version"], 1);

  // Linking alone keeps the status and is not a triage.
  Response linked = As("PATCH", path, json{{"version", 1}, {"model_id", model_id_}});
  ASSERT_EQ(linked.status, 200) << linked.body;
  json l = json::parse(linked.body);
  EXPECT_EQ(l["model_id"], model_id_);
  EXPECT_EQ(l["status"], "new");
  EXPECT_EQ(l["version"], 2);
  EXPECT_EQ(coverage(), std::make_tuple(1, 1, 0));
  Response triaged = As("PATCH", path, json{{"version", 2}, {"status", "triaged"}});
  ASSERT_EQ(triaged.status, 200) << triaged.body;
  EXPECT_EQ(json::parse(triaged.body)["model_id"], model_id_);
  EXPECT_EQ(coverage(), std::make_tuple(1, 1, 1));
  // 0 unlinks; a status change can link at the same time.
  Response unlinked = As("PATCH", path, json{{"version", 3}, {"model_id", 0}});
  ASSERT_EQ(unlinked.status, 200) << unlinked.body;
  EXPECT_TRUE(json::parse(unlinked.body)["model_id"].is_null());
  EXPECT_EQ(coverage(), std::make_tuple(1, 0, 1));
  Response both =
      As("PATCH", path, json{{"version", 4}, {"status", "scheduled"}, {"model_id", model_id_}});
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(json::parse(both.body)["status"], "scheduled");
  EXPECT_EQ(json::parse(both.body)["model_id"], model_id_);

  // Linking needs the security role, like the lifecycle.
  store::User bob = CreateUser("bob", "correct horse battery", false);
  ASSERT_TRUE(store_->SetMembership(project_id_, bob.id, store::Role::kContributor,
                                    store::Actor{alice_.id, "alice"}));
  ASSERT_NO_FATAL_FAILURE(SignIn("bob", "correct horse battery"));
  EXPECT_EQ(As("PATCH", path, json{{"version", 5}, {"model_id", 0}}).status, 403);
}

TEST_F(WorkflowTest, MitigationsAndAssumptionsAreDeletedByVersion) {
  json session = StartSession();
  std::string base = "/api/v1/sessions/" + std::to_string(session["id"].get<int64_t>());
  Response threat =
      As("POST", base + "/threats", json{{"title", "Token replay"}, {"stride", "spoofing"}});
  ASSERT_EQ(threat.status, 201);
  int64_t threat_id = json::parse(threat.body)["id"];
  Response made = As("POST", base + "/mitigations",
                     json{{"title", "Bind tokens"}, {"threats", json::array({threat_id})}});
  ASSERT_EQ(made.status, 201);
  int64_t mitigation_id = json::parse(made.body)["id"];
  Response assumed =
      As("POST", base + "/assumptions",
         json{{"statement", "Tokens expire"}, {"mitigations", json::array({mitigation_id})}});
  ASSERT_EQ(assumed.status, 201);
  int64_t assumption_id = json::parse(assumed.body)["id"];
  std::string mitigation = "/api/v1/mitigations/" + std::to_string(mitigation_id);
  std::string assumption = "/api/v1/assumptions/" + std::to_string(assumption_id);

  for (const std::string& path : {mitigation, assumption}) {
    Response none = As("DELETE", path);
    EXPECT_EQ(none.status, 400) << none.body;
    EXPECT_EQ(ErrorOf(none).value("field", ""), "version");
    EXPECT_EQ(ErrorOf(none).value("message", ""), "query parameter 'version' is required");
    Response garbled = As("DELETE", path + "?version=abc");
    EXPECT_EQ(garbled.status, 400);
    EXPECT_EQ(ErrorOf(garbled).value("field", ""), "version");
    Response stale = As("DELETE", path + "?version=5");
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(ErrorOf(stale).value("current_version", 0), 1);
  }
  // Project members who are not participants may not; non-members do not see it.
  store::User bob = CreateUser("bob", "correct horse battery", false);
  ASSERT_TRUE(store_->SetMembership(project_id_, bob.id, store::Role::kAdmin,
                                    store::Actor{alice_.id, "alice"}));
  CreateUser("carol", "correct horse battery", false);
  ASSERT_NO_FATAL_FAILURE(SignIn("bob", "correct horse battery"));
  EXPECT_EQ(As("DELETE", mitigation + "?version=1").status, 403);
  ASSERT_NO_FATAL_FAILURE(SignIn("carol", "correct horse battery"));
  Response hidden = As("DELETE", mitigation + "?version=1");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(ErrorOf(hidden).value("message", ""),
            "mitigation " + std::to_string(mitigation_id) + " not found");
  ASSERT_NO_FATAL_FAILURE(SignIn("alice", "correct horse battery"));
  ASSERT_EQ(store_->ListMitigations(session["id"])->size(), 1u);

  auto last_event = store_->LastEventId();
  ASSERT_TRUE(last_event);
  Response gone = As("DELETE", mitigation + "?version=1");
  EXPECT_EQ(gone.status, 204) << gone.body;
  json listed = json::parse(As("GET", base + "/mitigations").body);
  EXPECT_TRUE(listed["mitigations"].empty());
  EXPECT_EQ(listed["threats"][0]["mitigations"], json::array());
  EXPECT_EQ(listed["threats"][0]["residual"], "open");
  json assumptions = json::parse(As("GET", base + "/assumptions").body)["assumptions"];
  ASSERT_EQ(assumptions.size(), 1u);
  EXPECT_EQ(assumptions[0]["mitigations"], json::array());
  EXPECT_EQ(As("DELETE", mitigation + "?version=1").status, 404);

  EXPECT_EQ(As("DELETE", assumption + "?version=1").status, 204);
  EXPECT_TRUE(json::parse(As("GET", base + "/assumptions").body)["assumptions"].empty());
  EXPECT_EQ(json::parse(As("GET", base).body)["threats"].size(), 1u);  // the threat stays

  auto events = store_->EventsAfter(*last_event, 100);
  ASSERT_TRUE(events);
  std::vector<std::string> types;
  for (const auto& e : *events) types.push_back(e.type);
  EXPECT_EQ(types, (std::vector<std::string>{"mitigation.delete", "assumption.delete"}));
  json payload = json::parse((*events)[0].payload);
  EXPECT_EQ(payload["mitigation_id"], mitigation_id);
  EXPECT_EQ(payload["threats"], json::array({threat_id}));
  std::vector<std::string> actions;
  auto audit = store_->ListAudit({project_id_, 0, 1000});
  ASSERT_TRUE(audit);
  for (const auto& e : *audit) {
    if (e.action == "mitigation.delete" || e.action == "assumption.delete") {
      actions.push_back(e.action + " " + e.object_id + " " + std::to_string(e.version_before) +
                        "->" + std::to_string(e.version_after) + " by " + e.actor);
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "mitigation.delete " + std::to_string(mitigation_id) + " 1->0 by alice",
                         "assumption.delete " + std::to_string(assumption_id) + " 1->0 by alice"}));
}

}  // namespace
}  // namespace threatpath::server
