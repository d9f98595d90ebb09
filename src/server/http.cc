#include "server/http.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>

#include <nlohmann/json.hpp>

#include "server/http_internal.h"

namespace threatpath::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Serializes without throwing on invalid UTF-8 (messages may quote user input).
std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::mutex& LogMutex() {
  static std::mutex mutex;
  return mutex;
}

// "2024-05-01T12:34:56.789Z"
std::string Timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

void WriteLogLine(const nlohmann::json& record) {
  std::string line = Dump(record);
  line += '\n';
  std::lock_guard<std::mutex> lock(LogMutex());
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace

std::string_view Request::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  if (it == headers.end()) return {};
  return it->second;
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::optional<std::string> key = internal::PercentDecode(pair.substr(0, eq), true);
    if (!key || *key != name) continue;
    if (eq == std::string_view::npos) return std::string();
    std::optional<std::string> value = internal::PercentDecode(pair.substr(eq + 1), true);
    if (value) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  std::string_view rest = Header("cookie");
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view pair = Trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (Trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

Response Response::Json(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response Response::Text(int status, std::string content_type, std::string body) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

Response Response::NoContent() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

Response ErrorResponse(int status, std::string_view code, std::string_view message,
                       std::string_view field, int64_t current_version) {
  nlohmann::json error = {{"status", status}, {"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  if (current_version != 0) error["current_version"] = current_version;
  return Response::Json(status, Dump(nlohmann::json{{"error", std::move(error)}}));
}

void LogJson(std::string_view level, std::string_view message,
             const std::vector<std::pair<std::string, std::string>>& fields) {
  nlohmann::json record = {{"ts", Timestamp()}, {"level", level}, {"msg", message}};
  for (const auto& [key, value] : fields) {
    if (key == "ts" || key == "level" || key == "msg") continue;
    record[key] = value;
  }
  WriteLogLine(record);
}

namespace internal {

std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      char decoded = static_cast<char>(high * 16 + low);
      if (decoded == '\0') return std::nullopt;
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 generator(std::random_device{}());
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t value = generator();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[i] = kHex[value & 0xf];
    value >>= 4;
  }
  return id;
}

void FillErrorRequestId(Response& response, std::string_view request_id) {
  if (response.status < 400 || response.body.empty() ||
      response.content_type.rfind("application/json", 0) != 0) {
    return;
  }
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return;
  auto error = body.find("error");
  if (error == body.end() || !error->is_object()) return;
  auto existing = error->find("request_id");
  if (existing != error->end() && existing->is_string() && !existing->get<std::string>().empty()) {
    return;
  }
  (*error)["request_id"] = request_id;
  response.body = Dump(body);
}

void LogAccess(const AccessRecord& record) {
  nlohmann::json line = {{"ts", Timestamp()},
                         {"level", "info"},
                         {"msg", "request"},
                         {"request_id", record.request_id},
                         {"method", record.method},
                         {"path", record.path},
                         {"status", record.status},
                         {"bytes", record.bytes},
                         {"ms", static_cast<double>(static_cast<int64_t>(record.ms * 1000)) / 1000},
                         {"remote", record.remote}};
  WriteLogLine(line);
}

}  // namespace internal
}  // namespace threatpath::server
