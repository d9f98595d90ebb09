#pragma once

// Helpers shared by the files of tp_http; not part of the handler-facing contract (server/http.h).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "server/http.h"

namespace threatpath::server::internal {

/// Decodes %XX escapes (and '+' as a space when `plus_as_space`). nullopt on a malformed escape
/// ("%4", "%zz") or a decoded NUL byte.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space);

/// A fresh request id: 16 lower-case hex digits from a per-thread random generator.
std::string NewRequestId();

/// Adds "request_id" to a JSON error body ({"error": {...}}) that has none. Other bodies are left
/// as they are.
void FillErrorRequestId(Response& response, std::string_view request_id);

/// True when `path` matches `pattern` segment by segment ("{name}" matches one non-empty segment).
/// Captured parameters go to `params` when it is not null.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params);

/// True when any route of `router` (any method) matches `path`.
bool RouterHasPath(const Router& router, std::string_view path);

/// The Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string_view ContentTypeFor(std::string_view file_name);

/// Serves GET/HEAD `request.path` from `root` (already canonical): "/" and paths that look like
/// app routes (no extension) get index.html, ".." segments are refused with 400, files outside
/// the root or missing with 404. Sets ETag and answers If-None-Match with 304. The body is filled
/// for HEAD too; the server drops it when sending.
Response ServeStatic(const std::filesystem::path& root, const Request& request);

/// One access-log record, written as a JSON line by LogAccess.
struct AccessRecord {
  std::string_view request_id;
  std::string_view method;
  std::string_view path;
  int status = 0;
  uint64_t bytes = 0;
  double ms = 0;
  std::string_view remote;
};
void LogAccess(const AccessRecord& record);

}  // namespace threatpath::server::internal
