#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>

#include "server/http.h"
#include "server/http_internal.h"

namespace threatpath::server::internal {
namespace {

namespace fs = std::filesystem;

struct Extension {
  std::string_view ext;
  std::string_view type;
};

constexpr Extension kTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".wasm", "application/wasm"},
    {".pdf", "application/pdf"},
    {".xml", "application/xml"},
    {".yaml", "application/yaml"},
};

bool HasDotDotSegment(std::string_view path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (path.substr(start, end - start) == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

bool Within(const fs::path& root, const fs::path& candidate) {
  const std::string& r = root.native();
  const std::string& c = candidate.native();
  if (c.size() < r.size() || c.compare(0, r.size(), r) != 0) return false;
  return c.size() == r.size() || c[r.size()] == '/' || r.back() == '/';
}

std::string ETagFor(uintmax_t size, fs::file_time_type mtime) {
  auto ticks = mtime.time_since_epoch().count();
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "\"%jx-%llx\"", size,
                static_cast<unsigned long long>(ticks));
  return buffer;
}

bool ETagMatches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  size_t start = 0;
  while (start < if_none_match.size()) {
    size_t comma = if_none_match.find(',', start);
    std::string_view item = if_none_match.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.rfind("W/", 0) == 0) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

Response NotFound() { return ErrorResponse(404, "not-found", "no such file"); }

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  size_t slash = file_name.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "application/octet-stream";
  }
  std::string ext(file_name.substr(dot));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const Extension& entry : kTypes) {
    if (entry.ext == ext) return entry.type;
  }
  return "application/octet-stream";
}

Response ServeStatic(const fs::path& root, const Request& request) {
  const std::string& path = request.path;
  if (path.empty() || path.front() != '/' || path.find('\\') != std::string::npos ||
      path.find('\0') != std::string::npos || HasDotDotSegment(path)) {
    return ErrorResponse(400, "invalid-input", "invalid path");
  }
  std::error_code ec;
  fs::path candidate = fs::weakly_canonical(root / fs::path(path.substr(1)), ec);
  if (ec || !Within(root, candidate)) return NotFound();

  fs::path file = candidate;
  if (!fs::is_regular_file(file, ec)) {
    // "/" and app routes ("/projects/7", no extension in the last segment) get the app's
    // index.html; a missing asset ("/app.js") is a 404.
    std::string_view last = std::string_view(path).substr(path.rfind('/') + 1);
    bool app_route = last.find('.') == std::string_view::npos;
    if (!app_route) return NotFound();
    file = root / "index.html";
    if (!fs::is_regular_file(file, ec)) return NotFound();
  }

  uintmax_t size = fs::file_size(file, ec);
  if (ec) return NotFound();
  fs::file_time_type mtime = fs::last_write_time(file, ec);
  if (ec) return NotFound();
  std::string etag = ETagFor(size, mtime);
  std::string_view type = ContentTypeFor(file.filename().native());

  if (ETagMatches(request.Header("if-none-match"), etag)) {
    Response response;
    response.status = 304;
    response.content_type.clear();
    response.With("ETag", etag).With("Cache-Control", "no-cache");
    return response;
  }

  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound();
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return ErrorResponse(500, "internal", "could not read file");
  Response response = Response::Text(200, std::string(type), std::move(body));
  response.With("ETag", std::move(etag)).With("Cache-Control", "no-cache");
  return response;
}

}  // namespace threatpath::server::internal
