#include "server/api_util.h"

#include <gtest/gtest.h>

namespace threatpath::server {
namespace {

Request JsonRequest(std::string body) {
  Request r;
  r.method = "POST";
  r.headers["content-type"] = "application/json; charset=utf-8";
  r.body = std::move(body);
  return r;
}

TEST(JsonBodyTest, ReadsFieldsAndRefusesUnknownOnes) {
  auto body = JsonBody::Parse(JsonRequest(R"({"name":"a","version":3,"extra":true})"));
  ASSERT_TRUE(body);
  EXPECT_EQ(body->String("name", true), "a");
  EXPECT_EQ(body->Int("version", true, 1), 3);
  auto done = body->Finish();
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().message(), "unknown field 'extra'");
  EXPECT_EQ(done.error().field(), "extra");
  EXPECT_EQ(HttpStatus(done.error()), 400);
}

TEST(JsonBodyTest, FirstProblemWinsAndNamesTheField) {
  auto body = JsonBody::Parse(JsonRequest(R"({"name":7,"version":"x"})"));
  ASSERT_TRUE(body);
  body->String("name", true);
  body->Int("version", true);
  auto done = body->Finish();
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().message(), "'name' must be a string");
  EXPECT_EQ(done.error().field(), "name");
}

TEST(JsonBodyTest, MissingRequiredAndRange) {
  auto body = JsonBody::Parse(JsonRequest(R"({"version":0})"));
  ASSERT_TRUE(body);
  body->Int("version", true, 1);
  auto done = body->Finish();
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().field(), "version");
  auto empty = JsonBody::Parse(JsonRequest("{}"));
  ASSERT_TRUE(empty);
  empty->String("name", true);
  EXPECT_EQ(empty->Finish().error().message(), "'name' is required");
}

TEST(JsonBodyTest, RefusesDuplicateKeys) {
  auto body = JsonBody::Parse(JsonRequest(R"({"role":"viewer","role":"admin"})"));
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().message(), "the field 'role' appears more than once");
  EXPECT_EQ(body.error().field(), "role");
  // The same key in different objects is fine.
  EXPECT_TRUE(JsonBody::Parse(JsonRequest(R"({"a":{"k":1},"b":{"k":2}})")));
}

TEST(JsonBodyTest, RefusesMalformedNonObjectDeepAndWrongType) {
  auto malformed = JsonBody::Parse(JsonRequest(R"({"name":)"));
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().field(), "body");
  EXPECT_EQ(malformed.error().message().rfind("malformed JSON: ", 0), 0u);

  // A number too large for a double is refused like a syntax error, not thrown (found by
  // fuzz_api_request).
  auto huge = JsonBody::Parse(JsonRequest(R"({"n": 222220E99999})"));
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().field(), "body");
  EXPECT_EQ(huge.error().message(), "malformed JSON: number overflow parsing '222220E99999'");

  EXPECT_EQ(JsonBody::Parse(JsonRequest("[1]")).error().message(),
            "the JSON body must be an object");
  EXPECT_EQ(
      JsonBody::Parse(JsonRequest(std::string(40, '[') + std::string(40, ']'))).error().message(),
      "the JSON body is nested more than 32 levels deep");

  auto bad_utf8 = JsonBody::Parse(JsonRequest("{\"name\":\"\xff\"}"));
  ASSERT_FALSE(bad_utf8);
  EXPECT_EQ(HttpStatus(bad_utf8.error()), 400);

  Request yaml = JsonRequest("{}");
  yaml.headers["content-type"] = "text/plain";
  auto wrong = JsonBody::Parse(yaml);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(HttpStatus(wrong.error()), 415);
  EXPECT_EQ(wrong.error().field(), "Content-Type");
}

TEST(DateTest, RealCalendarDatesOnly) {
  EXPECT_TRUE(IsDate("2024-02-29"));
  EXPECT_TRUE(IsDate("2026-12-31"));
  EXPECT_FALSE(IsDate("2025-02-29"));
  EXPECT_FALSE(IsDate("2026-02-31"));
  EXPECT_FALSE(IsDate("2026-13-01"));
  EXPECT_FALSE(IsDate("2026-00-10"));
  EXPECT_FALSE(IsDate("2026-1-01"));
  EXPECT_FALSE(IsDate("2026-01-0x"));
  EXPECT_FALSE(IsDate(""));
}

TEST(ErrorMappingTest, OneStatusPerCode) {
  using C = base::Error::Code;
  struct Case {
    C code;
    int status;
  } cases[] = {{C::kInvalidInput, 400}, {C::kUnauthenticated, 401}, {C::kPermissionDenied, 403},
               {C::kNotFound, 404},     {C::kConflict, 409},        {C::kLimitExceeded, 413},
               {C::kUnsupported, 415},  {C::kRateLimited, 429},     {C::kInternal, 500},
               {C::kIo, 500},           {C::kUnavailable, 503}};
  for (const auto& c : cases) {
    EXPECT_EQ(HttpStatus(base::Error(c.code, "x")), c.status) << base::CodeName(c.code);
  }
  // A document that breaks the model's rules is unprocessable, with its diagnostics.
  std::vector<base::Diagnostic> diagnostics(1);  // (a braced list here trips GCC 12's
  diagnostics[0].loc = {"m.yaml", 3, 5};         // -Wmaybe-uninitialized at -O3)
  diagnostics[0].message = "bad";
  base::Error invalid(C::kInvalidInput, std::move(diagnostics));
  Response r = ErrorFrom(invalid);
  EXPECT_EQ(r.status, 422);
  auto body = Json::parse(r.body);
  EXPECT_EQ(body["error"]["diagnostics"][0]["line"], 3);
  EXPECT_EQ(body["error"]["diagnostics"][0]["column"], 5);
  // Internal details stay out of responses.
  EXPECT_EQ(Json::parse(ErrorFrom(base::Error::Internal("secret path")).body)["error"]["message"],
            "internal error");
  // Conflicts carry the current version.
  Response conflict = ErrorFrom(base::Error::Conflict("stale").WithCurrentVersion(7));
  EXPECT_EQ(Json::parse(conflict.body)["error"]["current_version"], 7);
}

}  // namespace
}  // namespace threatpath::server
