#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "server/http.h"

// Small pieces every API handler uses: the one mapping from domain errors to HTTP, a strict JSON
// body reader that names the offending field, and the early-return macros.
namespace threatpath::server {

using Json = nlohmann::ordered_json;

/// The HTTP status for a domain error code. The only place where that mapping lives.
int HttpStatus(const base::Error& error);

/// The API's error response for a domain error: the shape of ErrorResponse, plus
/// "diagnostics" (file:line:col messages) when the error carries them.
Response ErrorFrom(const base::Error& error);

/// Reads a JSON object body strictly: Content-Type must be application/json (415), the body must
/// be valid JSON with valid UTF-8 (400), an object (400), nested at most kMaxDepth deep (400).
/// Accessors record the first problem (wrong type, missing required field, too long) with its
/// field name; Finish() also refuses fields nobody asked for.
class JsonBody {
 public:
  static constexpr int kMaxDepth = 32;

  static base::Result<JsonBody> Parse(const Request& request);
  /// A body that is allowed to be empty (treated as {}).
  static base::Result<JsonBody> ParseOptional(const Request& request);

  std::string String(std::string_view key, bool required, size_t max_length = 4096);
  std::optional<std::string> OptionalString(std::string_view key, size_t max_length = 4096);
  int64_t Int(std::string_view key, bool required, int64_t min = INT64_MIN,
              int64_t max = INT64_MAX);
  std::optional<int64_t> OptionalInt(std::string_view key, int64_t min = INT64_MIN,
                                     int64_t max = INT64_MAX);
  std::optional<bool> OptionalBool(std::string_view key);
  bool Has(std::string_view key) const;

  /// The first error, or an error for the first field no accessor asked for.
  base::Status Finish();

 private:
  explicit JsonBody(Json json) : json_(std::move(json)) {}
  const Json* Find(std::string_view key, bool required);
  void Fail(std::string_view key, std::string message);

  Json json_;
  std::set<std::string, std::less<>> seen_;
  std::optional<base::Error> error_;
};

/// Parses a positive id from a path parameter ("12"); kNotFound naming `what` otherwise, so a
/// malformed id looks like any other missing record.
base::Result<int64_t> ParseId(std::string_view text, std::string_view what);

/// Reads an optional integer query parameter; kInvalidInput with the parameter as field.
base::Result<std::optional<int64_t>> QueryInt(const Request& request, std::string_view name,
                                              int64_t min, int64_t max);

/// True for a real calendar date written YYYY-MM-DD (leap years included).
bool IsDate(std::string_view text);

/// Compact JSON text; never throws (invalid UTF-8 is replaced).
std::string Text(const Json& json);

/// Takes the fields `keys` out of a JSON body, for fields the strict reader does not read
/// (arrays, fractions): checks the whole body with JsonBody::Parse, then gives those fields
/// (absent or null ones left out) and the rest of the body as a request for the strict reader.
struct SplitBody {
  std::map<std::string, Json> taken;
  Request rest;
};
base::Result<SplitBody> TakeFields(const Request& request, std::initializer_list<const char*> keys);

/// A JSON response with status `status`.
Response JsonResponse(int status, const Json& body);

/// Whether `s` is one of an enumeration's spellings.
template <size_t N>
bool OneOf(std::string_view s, const std::string_view (&list)[N]) {
  for (std::string_view item : list) {
    if (s == item) return true;
  }
  return false;
}

/// An enumeration's spellings for an error message: "a, b or c".
template <size_t N>
std::string Listed(const std::string_view (&list)[N]) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += list[i];
  }
  return out;
}

/// True for text with nothing but whitespace.
inline bool Blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == s.npos; }

}  // namespace threatpath::server

#define TP_CONCAT_INNER_(a, b) a##b
#define TP_CONCAT_(a, b) TP_CONCAT_INNER_(a, b)
#define TP_ASSIGN_IMPL_(tmp, lhs, expr)                          \
  auto tmp = (expr);                                             \
  if (!tmp) return ::threatpath::server::ErrorFrom(tmp.error()); \
  lhs = std::move(*tmp)
/// `TP_ASSIGN(auto x, store.GetX(id));` — on error, returns the error response.
#define TP_ASSIGN(lhs, expr) TP_ASSIGN_IMPL_(TP_CONCAT_(tp_result_, __COUNTER__), lhs, expr)
/// `TP_CHECK(status_expr);` — on error, returns the error response.
#define TP_CHECK(expr)                                                           \
  do {                                                                           \
    auto tp_status_ = (expr);                                                    \
    if (!tp_status_) return ::threatpath::server::ErrorFrom(tp_status_.error()); \
  } while (0)
