// The server's own request parsing (Beast parses the HTTP framing): the strict JSON body reader,
// query and cookie decoding, routing with path parameters, and the error responses they give.
// The input is split at the first two newlines into target, Cookie header and body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/api_util.h"
#include "server/http.h"

using namespace threatpath;
using namespace threatpath::server;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto first = text.find('\n');
  std::string_view target = text.substr(0, first);
  std::string_view rest = first == std::string_view::npos ? "" : text.substr(first + 1);
  auto second = rest.find('\n');
  std::string_view cookie = rest.substr(0, second);
  std::string_view body = second == std::string_view::npos ? "" : rest.substr(second + 1);

  Request request;
  request.method = "POST";
  request.target = std::string(target);
  auto q = target.find('?');
  request.path = std::string(target.substr(0, q));
  request.query = q == std::string_view::npos ? "" : std::string(target.substr(q + 1));
  request.headers["content-type"] = "application/json";
  request.headers["cookie"] = std::string(cookie);
  request.body = std::string(body);

  (void)request.QueryParam("version");
  (void)request.QueryParam("name");
  (void)request.Cookie("tp_session");
  (void)QueryInt(request, "after", 0, INT64_MAX);

  if (auto parsed = JsonBody::Parse(request)) {
    (void)parsed->String("name", true, 200);
    (void)parsed->OptionalInt("version", 1);
    (void)parsed->OptionalBool("is_admin");
    auto done = parsed->Finish();
    if (!done) (void)ErrorFrom(done.error());
  } else {
    (void)ErrorFrom(parsed.error());
  }

  Router router;
  router.Add("POST", "/api/v1/models/{id}/decisions/{risk}", [](Request& r) {
    auto id = ParseId(r.params["id"], "model");
    if (!id) return ErrorFrom(id.error());
    return Response::Json(200, "{}");
  });
  router.Add("GET", "/api/v1/projects", [](Request&) { return Response::NoContent(); });
  (void)router.Dispatch(request);
  return 0;
}
