#include <exception>
#include <set>

#include "server/http.h"
#include "server/http_internal.h"

namespace threatpath::server {
namespace {

// Splits "/a/b/c" into "a", "b", "c" one at a time. A path that does not start with '/' has no
// segments that match anything.
class Segments {
 public:
  explicit Segments(std::string_view path) : rest_(path) {
    valid_ = !rest_.empty() && rest_.front() == '/';
    if (valid_) rest_.remove_prefix(1);
  }
  bool valid() const { return valid_; }
  bool done() const { return done_; }
  std::string_view Next() {
    size_t slash = rest_.find('/');
    std::string_view segment = rest_.substr(0, slash);
    if (slash == std::string_view::npos) {
      done_ = true;
      rest_ = {};
    } else {
      rest_.remove_prefix(slash + 1);
    }
    return segment;
  }

 private:
  std::string_view rest_;
  bool valid_ = false;
  bool done_ = false;
};

bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// Compares two patterns that both matched the same path: negative when `a` is more specific (a
// literal where `b` has a parameter, at the first segment where they differ).
int CompareSpecificity(std::string_view a, std::string_view b) {
  Segments sa(a), sb(b);
  while (!sa.done() && !sb.done()) {
    bool pa = IsParam(sa.Next());
    bool pb = IsParam(sb.Next());
    if (pa != pb) return pa ? 1 : -1;
  }
  return 0;
}

}  // namespace

namespace internal {

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params) {
  Segments ps(pattern), xs(path);
  if (!ps.valid() || !xs.valid()) return false;
  std::map<std::string, std::string> captured;
  while (!ps.done() && !xs.done()) {
    std::string_view p = ps.Next();
    std::string_view x = xs.Next();
    if (IsParam(p)) {
      if (x.empty()) return false;
      if (params != nullptr) captured[std::string(p.substr(1, p.size() - 2))] = std::string(x);
    } else if (p != x) {
      return false;
    }
  }
  if (!ps.done() || !xs.done()) return false;
  if (params != nullptr) {
    for (auto& [name, value] : captured) (*params)[name] = std::move(value);
  }
  return true;
}

bool RouterHasPath(const Router& router, std::string_view path) {
  for (const Router::Route& route : router.routes()) {
    if (MatchPattern(route.pattern, path, nullptr)) return true;
  }
  return false;
}

}  // namespace internal

void Router::Add(std::string method, std::string pattern, Handler handler, RouteInfo info) {
  routes_.push_back(
      Route{std::move(method), std::move(pattern), std::move(info), std::move(handler)});
}

Response Router::Dispatch(Request& request) const {
  const Route* best = nullptr;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    if (!internal::MatchPattern(route.pattern, request.path, nullptr)) continue;
    if (route.method != request.method) {
      allowed.insert(route.method);
      continue;
    }
    if (best == nullptr || CompareSpecificity(route.pattern, best->pattern) < 0) best = &route;
  }
  if (best == nullptr) {
    if (allowed.empty()) return ErrorResponse(404, "not-found", "no such endpoint");
    std::string allow;
    for (const std::string& method : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += method;
    }
    Response response = ErrorResponse(405, "method-not-allowed",
                                      "method " + request.method + " is not allowed here");
    response.With("Allow", std::move(allow));
    return response;
  }
  internal::MatchPattern(best->pattern, request.path, &request.params);
  try {
    return best->handler(request);
  } catch (const std::exception& e) {
    LogJson("error", "handler threw",
            {{"request_id", request.request_id},
             {"method", request.method},
             {"route", best->pattern},
             {"what", e.what()}});
  } catch (...) {
    LogJson("error", "handler threw",
            {{"request_id", request.request_id},
             {"method", request.method},
             {"route", best->pattern},
             {"what", "unknown exception"}});
  }
  return ErrorResponse(500, "internal", "internal server error");
}

}  // namespace threatpath::server
