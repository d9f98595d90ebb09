#include "server/api_util.h"

#include <charconv>

namespace threatpath::server {

using base::Error;

int HttpStatus(const Error& error) {
  switch (error.code()) {
    case Error::Code::kInvalidInput:
      // A document that parses but breaks the model's rules is unprocessable; a malformed
      // request is a bad request.
      return error.diagnostics().empty() ? 400 : 422;
    case Error::Code::kNotFound:
      return 404;
    case Error::Code::kConflict:
      return 409;
    case Error::Code::kUnauthenticated:
      return 401;
    case Error::Code::kPermissionDenied:
      return 403;
    case Error::Code::kLimitExceeded:
      return 413;
    case Error::Code::kUnsupported:
      return 415;
    case Error::Code::kRateLimited:
      return 429;
    case Error::Code::kUnavailable:
      return 503;
    case Error::Code::kIo:
    case Error::Code::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorFrom(const Error& error) {
  int status = HttpStatus(error);
  // Internal details stay in the log, not in the response.
  std::string message = status == 500 ? "internal error" : error.message();
  if (status == 500) {
    LogJson("error", "internal error", {{"detail", error.ToString()}});
  }
  Response r = ErrorResponse(status, base::CodeName(error.code()), message, error.field(),
                             error.code() == Error::Code::kConflict ? error.current_version() : 0);
  if (!error.diagnostics().empty()) {
    Json body = Json::parse(r.body, nullptr, false);
    if (body.is_object() && body.contains("error")) {
      Json diags = Json::array();
      for (const auto& d : error.diagnostics()) {
        diags.push_back({{"line", d.loc.line},
                         {"column", d.loc.column},
                         {"severity", d.severity == base::Severity::kError     ? "error"
                                      : d.severity == base::Severity::kWarning ? "warning"
                                                                               : "note"},
                         {"message", d.message},
                         {"text", d.ToString()}});
      }
      body["error"]["diagnostics"] = std::move(diags);
      r.body = body.dump();
    }
  }
  return r;
}

namespace {

bool IsJsonContentType(std::string_view ct) {
  auto semi = ct.find(';');
  std::string_view media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json";
}

// Depth of brackets outside strings; nlohmann's parser recurses, so this bounds its stack.
int MaxDepth(std::string_view text) {
  int depth = 0, max = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max = std::max(max, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max;
}

base::Result<Json> ParseBody(const Request& request, bool allow_empty) {
  if (request.body.empty() && allow_empty) return Json::object();
  if (!IsJsonContentType(request.Header("content-type"))) {
    return Error(Error::Code::kUnsupported, "the request body must be application/json")
        .WithField("Content-Type");
  }
  if (MaxDepth(request.body) > JsonBody::kMaxDepth) {
    return Error::InvalidInput("the JSON body is nested more than " +
                               std::to_string(JsonBody::kMaxDepth) + " levels deep")
        .WithField("body");
  }
  Json json;
  // nlohmann keeps the last of duplicate keys; a strict reader refuses them, so that
  // {"role": "viewer", "role": "admin"} cannot mean different things to different readers.
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  auto check_keys = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (event == Json::parse_event_t::object_end && !keys.empty()) {
      keys.pop_back();
    } else if (event == Json::parse_event_t::key && !keys.empty() && parsed.is_string()) {
      if (!keys.back().insert(parsed.get<std::string>()).second && duplicate.empty()) {
        duplicate = parsed.get<std::string>();
      }
    }
    return true;
  };
  try {
    json = Json::parse(request.body, check_keys);
  } catch (const Json::exception& e) {
    // parse_error for bad syntax, out_of_range for a number no double holds (1e999).
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." → drop the tag.
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    return Error::InvalidInput("malformed JSON: " + what).WithField("body");
  }
  if (!duplicate.empty()) {
    return Error::InvalidInput("the field '" + duplicate + "' appears more than once")
        .WithField(duplicate);
  }
  if (!json.is_object()) {
    return Error::InvalidInput("the JSON body must be an object").WithField("body");
  }
  return json;
}

}  // namespace

base::Result<JsonBody> JsonBody::Parse(const Request& request) {
  auto json = ParseBody(request, false);
  if (!json) return std::move(json).error();
  return JsonBody(std::move(*json));
}

base::Result<JsonBody> JsonBody::ParseOptional(const Request& request) {
  auto json = ParseBody(request, true);
  if (!json) return std::move(json).error();
  return JsonBody(std::move(*json));
}

void JsonBody::Fail(std::string_view key, std::string message) {
  if (!error_) error_ = Error::InvalidInput(std::move(message)).WithField(std::string(key));
}

bool JsonBody::Has(std::string_view key) const {
  auto it = json_.find(std::string(key));
  return it != json_.end() && !it->is_null();
}

const Json* JsonBody::Find(std::string_view key, bool required) {
  seen_.insert(std::string(key));
  auto it = json_.find(std::string(key));
  if (it == json_.end() || it->is_null()) {
    if (required) Fail(key, "'" + std::string(key) + "' is required");
    return nullptr;
  }
  return &*it;
}

std::string JsonBody::String(std::string_view key, bool required, size_t max_length) {
  auto v = OptionalString(key, max_length);
  if (!v && required && !error_) Fail(key, "'" + std::string(key) + "' is required");
  return v.value_or("");
}

std::optional<std::string> JsonBody::OptionalString(std::string_view key, size_t max_length) {
  const Json* v = Find(key, false);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, "'" + std::string(key) + "' must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_length) {
    Fail(key, "'" + std::string(key) + "' is longer than " + std::to_string(max_length) + " bytes");
    return std::nullopt;
  }
  return s;
}

int64_t JsonBody::Int(std::string_view key, bool required, int64_t min, int64_t max) {
  auto v = OptionalInt(key, min, max);
  if (!v && required && !error_) Fail(key, "'" + std::string(key) + "' is required");
  return v.value_or(0);
}

std::optional<int64_t> JsonBody::OptionalInt(std::string_view key, int64_t min, int64_t max) {
  const Json* v = Find(key, false);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(key, "'" + std::string(key) + "' must be an integer");
    return std::nullopt;
  }
  int64_t n = 0;
  if (v->is_number_unsigned()) {
    uint64_t u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) {
      Fail(key, "'" + std::string(key) + "' is out of range");
      return std::nullopt;
    }
    n = static_cast<int64_t>(u);
  } else {
    n = v->get<int64_t>();
  }
  if (n < min || n > max) {
    Fail(key, "'" + std::string(key) + "' must be between " + std::to_string(min) + " and " +
                  std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> JsonBody::OptionalBool(std::string_view key) {
  const Json* v = Find(key, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(key, "'" + std::string(key) + "' must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

base::Status JsonBody::Finish() {
  if (error_) return *error_;
  for (const auto& [key, value] : json_.items()) {
    if (!seen_.count(key)) {
      return Error::InvalidInput("unknown field '" + key + "'").WithField(key);
    }
  }
  return base::OkStatus();
}

base::Result<int64_t> ParseId(std::string_view text, std::string_view what) {
  int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) {
    return Error::NotFound(std::string(what) + " '" + std::string(text) + "' does not exist");
  }
  return id;
}

base::Result<std::optional<int64_t>> QueryInt(const Request& request, std::string_view name,
                                              int64_t min, int64_t max) {
  auto v = request.QueryParam(name);
  if (!v) return std::optional<int64_t>();
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < min || n > max) {
    return Error::InvalidInput("query parameter '" + std::string(name) +
                               "' must be an integer between " + std::to_string(min) + " and " +
                               std::to_string(max))
        .WithField(std::string(name));
  }
  return std::optional<int64_t>(n);
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::string Text(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

base::Result<SplitBody> TakeFields(const Request& request,
                                   std::initializer_list<const char*> keys) {
  auto whole = JsonBody::Parse(request);
  if (!whole) return std::move(whole).error();
  Json raw = Json::parse(request.body, nullptr, false);
  SplitBody out{{}, request};
  for (const char* key : keys) {
    if (raw.contains(key) && !raw[key].is_null()) out.taken[key] = raw[key];
    raw.erase(key);
  }
  out.rest.body = Text(raw);
  return out;
}

Response JsonResponse(int status, const Json& body) {
  return Response::Json(status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace threatpath::server
