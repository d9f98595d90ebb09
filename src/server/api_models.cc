// Threat models: versioned documents, their analyses, diffs and risk-tracking decisions.
#include <ctime>
#include <map>

#include "app/brief.h"
#include "app/diff.h"
#include "app/load.h"
#include "formats/model_io.h"
#include "server/analysis_cache.h"
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;
using store::Role;

namespace {

constexpr size_t kMaxDocument = 64 * 1024 * 1024;

std::string MediaType(const Request& request) {
  std::string ct(request.Header("content-type"));
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && ct.back() == ' ') ct.pop_back();
  for (char& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ct;
}

bool IsYamlType(const std::string& media) {
  return media == "application/yaml" || media == "application/x-yaml" || media == "text/yaml" ||
         media == "text/x-yaml";
}

struct Upload {
  std::string name;
  std::string document;
  std::string comment;
  int64_t version = 0;
};

// A model arrives either as JSON {"name", "document", "comment", "version"} or as the raw
// document (Content-Type application/yaml) with name and version in the query string (the
// version may also come as If-Match).
base::Result<Upload> ReadUpload(const Request& request, bool with_name, bool with_version) {
  Upload up;
  std::string media = MediaType(request);
  if (IsYamlType(media)) {
    up.document = request.body;
    if (with_name) up.name = request.QueryParam("name").value_or("");
    up.comment = request.QueryParam("comment").value_or("");
    if (with_version) {
      auto v = QueryInt(request, "version", 1, INT64_MAX);
      if (!v) return std::move(v).error();
      if (*v) {
        up.version = **v;
      } else {
        std::string etag(request.Header("if-match"));
        if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
          etag = etag.substr(1, etag.size() - 2);
        }
        up.version = std::atoll(etag.c_str());
      }
      if (up.version <= 0) {
        return Error::InvalidInput(
                   "the version the upload is based on is required: ?version=N or If-Match")
            .WithField("version");
      }
    }
  } else {
    auto body = JsonBody::Parse(request);
    if (!body) {
      if (body.error().code() == Error::Code::kUnsupported) {
        return Error(Error::Code::kUnsupported,
                     "send the model as application/json ({\"document\": ...}) or as "
                     "application/yaml")
            .WithField("Content-Type");
      }
      return std::move(body).error();
    }
    if (with_name) up.name = body->String("name", true, 200);
    up.document = body->String("document", true, kMaxDocument);
    up.comment = body->String("comment", false, 2000);
    if (with_version) up.version = body->Int("version", true, 1);
    auto done = body->Finish();
    if (!done) return std::move(done).error();
  }
  if (with_name && up.name.find_first_not_of(" \t") == std::string::npos) {
    return Error::InvalidInput("'name' must not be empty").WithField("name");
  }
  if (up.document.empty()) {
    return Error::InvalidInput("the model document is empty").WithField("document");
  }
  return up;
}

struct Prepared {
  store::Revision revision;
  std::shared_ptr<RevisionView> view;
  std::vector<std::string> replaced_tracking;
};

// Reads an upload (native or Threagile), folds the model's API decisions into its risk
// tracking, stores it as native YAML and analyses exactly what will be stored.
base::Result<Prepared> Prepare(const Upload& up, const std::vector<store::Decision>& decisions,
                               const Principal& who) {
  app::LoadOptions lo;
  lo.allow_includes = false;
  auto loaded = app::LoadModelText(up.document, "document", lo);
  if (!loaded) {
    auto e = std::move(loaded).error();
    return std::move(e).WithField("document");
  }
  Prepared p;
  p.replaced_tracking = FoldDecisions(loaded->model, decisions);
  p.revision.document =
      formats::WriteModel(loaded->model, formats::ModelFormat::kNative, formats::Syntax::kYaml);
  p.revision.source_format =
      loaded->format == formats::ModelFormat::kThreagile ? "threagile" : "native";
  p.revision.comment = up.comment;
  p.revision.created_by = who.user.id;
  auto view = AnalyzeRevision(p.revision, {});
  if (!view) {
    return Error::Internal("the converted model does not read back: " + view.error().ToString());
  }
  p.view = std::move(*view);
  return p;
}

Json SeverityCounts(const RevisionView& v) {
  return {{"critical", v.by_severity[4]},
          {"high", v.by_severity[3]},
          {"elevated", v.by_severity[2]},
          {"medium", v.by_severity[1]},
          {"low", v.by_severity[0]}};
}

Json Summary(const RevisionView& v) {
  return {{"risks", v.analysis->result.risks.size()},
          {"open_risks", v.open_risks},
          {"by_severity", SeverityCounts(v)},
          {"attack_paths", v.analysis->paths.paths.size()}};
}

Json RevisionJson(const store::Revision& r, bool with_document) {
  Json j = {{"model_id", r.model_id},           {"number", r.number},
            {"source_format", r.source_format}, {"comment", r.comment},
            {"created_by", r.created_by},       {"created_at", r.created_at}};
  if (with_document) j["document"] = r.document;
  return j;
}

Json DecisionJson(const store::Decision& d) {
  return {{"synthetic_id", d.synthetic_id},
          {"status", d.status},
          {"justification", d.justification},
          {"owner", d.owner},
          {"ticket", d.ticket},
          {"date", d.date},
          {"version", d.version},
          {"updated_by", d.updated_by},
          {"updated_at", d.updated_at}};
}

std::string Today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The model, after checking the caller's role in its project.
base::Result<store::Model> ModelFor(store::Store& store, const Request& request,
                                    const Principal& who, Role role) {
  auto id = ParseId(request.params.at("id"), "model");
  if (!id) return std::move(id).error();
  auto model = store.GetModel(*id);
  if (!model) return std::move(model).error();
  // The model exists, so its project does (deleting a project deletes its models): a server
  // admin needs no further query.
  if (who.user.is_admin) return model;
  auto allowed = RequireRole(store, who, model->project_id, role);
  if (!allowed) {
    if (allowed.error().code() == Error::Code::kNotFound) {
      return Error::NotFound("model " + std::to_string(*id) + " does not exist");
    }
    return std::move(allowed).error();
  }
  return model;
}

}  // namespace

// The assumptions recorded in the model's sessions on revision `number` or an earlier one, for
// the brief: with the names of who recorded and validated them, and their linked threats and
// mitigations.
static base::Result<std::vector<app::RecordedAssumption>> RecordedAssumptions(
    store::Store& store, const store::Model& model, int64_t number) {
  std::vector<app::RecordedAssumption> out;
  std::map<store::Id, std::string> names;
  auto name_of = [&](store::Id id) -> std::string {
    if (id == 0) return "system";
    auto it = names.find(id);
    if (it != names.end()) return it->second;
    auto user = store.GetUser(id);
    std::string name = user ? user->username : "user " + std::to_string(id);
    names.emplace(id, name);
    return name;
  };
  auto sessions = store.ListThreatSessions(model.id);
  if (!sessions) return std::move(sessions).error();
  for (const auto& s : *sessions) {
    if (s.revision > number) continue;
    auto assumptions = store.ListAssumptions(s.id);
    if (!assumptions) return std::move(assumptions).error();
    if (assumptions->empty()) continue;
    auto threats = store.ListThreats(s.id);
    if (!threats) return std::move(threats).error();
    auto mitigations = store.ListMitigations(s.id);
    if (!mitigations) return std::move(mitigations).error();
    std::map<store::Id, app::RecordedAssumption::Link> threat_links, mitigation_links;
    for (const auto& t : *threats) threat_links[t.id] = {t.id, t.title, t.response};
    for (const auto& m : *mitigations) mitigation_links[m.id] = {m.id, m.title, m.status};
    for (const auto& a : *assumptions) {
      app::RecordedAssumption r;
      r.id = a.id;
      r.session_id = s.id;
      r.session_title = s.title;
      r.revision = s.revision;
      r.statement = a.statement;
      r.status = a.status;
      r.evidence = a.evidence;
      if (a.validated_by != 0) r.validated_by = name_of(a.validated_by);
      r.validated_at = a.validated_at;
      r.created_by = name_of(a.created_by);
      r.created_at = a.created_at;
      r.components = a.components;
      for (store::Id t : a.threats) {
        auto it = threat_links.find(t);
        if (it != threat_links.end()) r.threats.push_back(it->second);
      }
      for (store::Id m : a.mitigations) {
        auto it = mitigation_links.find(m);
        if (it != mitigation_links.end()) r.mitigations.push_back(it->second);
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

// The pen-test brief of a revision: Markdown or JSON, with the CLI's options as query
// parameters, and the assumptions recorded in the model's sessions besides the document's.
static Response Brief(store::Store& store, const Request& request, const store::Model& model,
                      int64_t number, const RevisionView& view) {
  std::string format = request.QueryParam("format").value_or("md");
  if (format != "md" && format != "json") {
    return ErrorFrom(
        Error::InvalidInput("query parameter 'format' must be md or json").WithField("format"));
  }
  app::BriefOptions options;
  TP_ASSIGN(auto paths, QueryInt(request, "paths", 0, 1000));
  if (paths) options.max_paths = static_cast<size_t>(*paths);
  if (auto min = request.QueryParam("min_severity")) {
    auto severity = core::Parse<core::RiskSeverity>(*min);
    if (!severity) {
      return ErrorFrom(Error::InvalidInput("query parameter 'min_severity' must be low, medium, "
                                           "elevated, high or critical")
                           .WithField("min_severity"));
    }
    options.min_severity = *severity;
  }
  TP_ASSIGN(auto recorded, RecordedAssumptions(store, model, number));
  if (format == "json") {
    return Response::Json(200, app::PenTestBriefJson(*view.analysis, options, recorded));
  }
  return Response::Text(200, "text/markdown; charset=utf-8",
                        app::PenTestBriefMarkdown(*view.analysis, options, recorded));
}

// A prompt's element kind as the API spells it.
static std::string_view PromptKind(graph::ElementKind kind) {
  switch (kind) {
    case graph::ElementKind::kExternalEntity:
      return "external-entity";
    case graph::ElementKind::kProcess:
      return "process";
    case graph::ElementKind::kDataStore:
      return "data-store";
    case graph::ElementKind::kDataFlow:
      return "data-flow";
  }
  return "process";
}

// The STRIDE review prompts of revision `number` (docs/server.md, "Threat models"), in the
// engine's order: components in model order, then flows, STRIDE order within an element.
static Json PromptsJson(const store::Model& model, int64_t number, const app::Analysis& a) {
  std::map<std::string, const std::string*, std::less<>> components, flows;
  for (const auto& c : a.model.components) components.emplace(c.id, &c.title);
  for (const auto& f : a.model.flows) flows.emplace(f.id, &f.title);
  Json list = Json::array();
  for (const graph::StridePrompt& p : a.prompts) {
    const auto& titles = p.kind == graph::ElementKind::kDataFlow ? flows : components;
    auto it = titles.find(p.element_id);
    std::string title = it == titles.end() || it->second->empty() ? p.element_id : *it->second;
    list.push_back({{"element_id", p.element_id},
                    {"element_kind", PromptKind(p.kind)},
                    {"element_title", title},
                    {"stride", core::ToString(p.category)},
                    {"question", p.question}});
  }
  return {{"model_id", model.id},
          {"revision", number},
          {"count", list.size()},
          {"prompts", std::move(list)}};
}

// The analysis of revision `number` of `model` (the latest one with the model's decisions,
// unless `with_decisions` is false).
static base::Result<AnalysisCache::View> ViewOf(Api& api, const store::Model& model, int64_t number,
                                                bool with_decisions = true) {
  store::Store& store = ApiRoutes::StoreOf(api);
  bool latest = with_decisions && number == model.version;
  std::string key = "m" + std::to_string(model.id) + "/r" + std::to_string(number);
  if (latest) key += "/d" + std::to_string(model.decisions_version);
  return ApiRoutes::CacheOf(api).Get(key, [&]() -> base::Result<std::shared_ptr<RevisionView>> {
    auto rev = store.GetRevision(model.id, number);
    if (!rev) return std::move(rev).error();
    std::vector<store::Decision> decisions;
    if (latest) {
      auto d = store.ListDecisions(model.id);
      if (!d) return std::move(d).error();
      decisions = std::move(*d);
    }
    return AnalyzeRevision(*rev, decisions);
  });
}

static base::Result<int64_t> RevisionNumber(const Request& request, const store::Model& model) {
  const std::string& text = request.params.at("rev");
  if (text == "latest") return model.version;
  auto n = ParseId(text, "revision");
  if (!n || *n > model.version) {
    return Error::NotFound("model " + std::to_string(model.id) + " has no revision '" + text + "'");
  }
  return *n;
}

void ApiRoutes::Models(Api& api, Router& router) {
  store::Store& store = api.store_;

  router.Add("GET", "/api/v1/projects/{id}/models",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kViewer));
                      TP_ASSIGN(auto models, store.ListModels(id));
                      Json out = Json::array();
                      for (const auto& m : models) out.push_back(ModelJson(m));
                      return JsonResponse(200, {{"models", out}});
                    }),
             {"List a project's models.", "viewer"});

  router.Add("POST", "/api/v1/projects/{id}/models",
             Authed(api, Access::kUser,
                    [&store, &api](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kContributor));
                      TP_ASSIGN(Upload up, ReadUpload(request, true, false));
                      TP_ASSIGN(Prepared p, Prepare(up, {}, who));
                      TP_ASSIGN(auto model,
                                store.CreateModel(id, up.name, p.revision, ActorOf(who)));
                      Json j = {{"model", ModelJson(model)},
                                {"revision", 1},
                                {"source_format", p.revision.source_format},
                                {"summary", Summary(*p.view)},
                                {"replaced_tracking", p.replaced_tracking}};
                      Publish(api, id, "model.create", {{"model", ModelJson(model)}});
                      return JsonResponse(201, j);
                    }),
             {"Upload a new model (native or Threagile; JSON wrapper or application/yaml).",
              "contributor"});

  router.Add("GET", "/api/v1/models/{id}",
             Authed(api, Access::kUser,
                    [&store, &api](Request& request, const Principal& who) {
                      TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kViewer));
                      TP_ASSIGN(auto view, ViewOf(api, model, model.version));
                      Json j = ModelJson(model);
                      j["summary"] = Summary(*view);
                      return JsonResponse(200, j).With("ETag",
                                                       "\"" + std::to_string(model.version) + "\"");
                    }),
             {"Read a model with a summary of its latest analysis.", "viewer"});

  router.Add("PUT", "/api/v1/models/{id}",
             Authed(api, Access::kUser,
                    [&store, &api](Request& request, const Principal& who) {
                      TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kContributor));
                      TP_ASSIGN(Upload up, ReadUpload(request, false, true));
                      if (up.version != model.version) {
                        return ErrorFrom(Error::Conflict("model " + std::to_string(model.id) +
                                                         " is at version " +
                                                         std::to_string(model.version) + ", not " +
                                                         std::to_string(up.version))
                                             .WithCurrentVersion(model.version));
                      }
                      TP_ASSIGN(auto decisions, store.ListDecisions(model.id));
                      TP_ASSIGN(Prepared p, Prepare(up, decisions, who));
                      TP_ASSIGN(auto updated,
                                store.AddRevision(model.id, up.version, p.revision, ActorOf(who)));
                      Json j = {{"model", ModelJson(updated)},
                                {"revision", updated.version},
                                {"source_format", p.revision.source_format},
                                {"summary", Summary(*p.view)},
                                {"replaced_tracking", p.replaced_tracking}};
                      Publish(api, model.project_id, "model.revision",
                              {{"model_id", model.id}, {"revision", updated.version}});
                      return JsonResponse(200, j);
                    }),
             {"Upload the next revision; needs the version it is based on (409 when stale).",
              "contributor"});

  router.Add("DELETE", "/api/v1/models/{id}",
             Authed(api, Access::kUser,
                    [&store, &api](Request& request, const Principal& who) {
                      TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kAdmin));
                      TP_ASSIGN(auto version, QueryInt(request, "version", 1, INT64_MAX));
                      if (!version) {
                        return ErrorFrom(Error::InvalidInput("query parameter 'version' is "
                                                             "required")
                                             .WithField("version"));
                      }
                      TP_CHECK(store.DeleteModel(model.id, *version, ActorOf(who)));
                      Publish(api, model.project_id, "model.delete", {{"model_id", model.id}});
                      return Response::NoContent();
                    }),
             {"Delete a model (needs ?version=).", "admin"});

  router.Add("GET", "/api/v1/models/{id}/revisions",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kViewer));
                      TP_ASSIGN(auto revisions, store.ListRevisions(model.id));
                      Json out = Json::array();
                      for (const auto& r : revisions) out.push_back(RevisionJson(r, false));
                      return JsonResponse(200, {{"revisions", out}});
                    }),
             {"List a model's revisions, newest first.", "viewer"});

  router.Add(
      "GET", "/api/v1/models/{id}/revisions/{rev}",
      Authed(api, Access::kUser,
             [&store](Request& request, const Principal& who) {
               TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kViewer));
               TP_ASSIGN(int64_t number, RevisionNumber(request, model));
               TP_ASSIGN(auto rev, store.GetRevision(model.id, number));
               auto format = request.QueryParam("format").value_or("json");
               if (format == "yaml") {
                 return Response::Text(200, "application/yaml; charset=utf-8", rev.document);
               }
               if (format != "json") {
                 return ErrorFrom(
                     Error::InvalidInput("query parameter 'format' must be json or yaml")
                         .WithField("format"));
               }
               return JsonResponse(200, RevisionJson(rev, true));
             }),
      {"Read a revision with its document (native YAML; ?format=yaml for the bare document).",
       "viewer"});

  auto output = [&api, &store](std::string what, std::string summary) {
    return std::make_pair(Authed(api, Access::kUser,
                                 [&api, &store, what](Request& request, const Principal& who) {
                                   TP_ASSIGN(auto model,
                                             ModelFor(store, request, who, Role::kViewer));
                                   TP_ASSIGN(int64_t number, RevisionNumber(request, model));
                                   TP_ASSIGN(auto view, ViewOf(api, model, number));
                                   if (what == "risks")
                                     return Response::Json(200, view->risks_json);
                                   if (what == "stats")
                                     return Response::Json(200, view->stats_json);
                                   if (what == "attack-paths")
                                     return Response::Json(200, view->paths_json);
                                   if (what == "technical-assets")
                                     return Response::Json(200, view->assets_json);
                                   if (what == "brief")
                                     return Brief(store, request, model, number, *view);
                                   std::string kind = request.QueryParam("kind").value_or("dfd");
                                   TP_ASSIGN(std::string svg, view->Svg(kind));
                                   return Response::Text(200, "image/svg+xml", std::move(svg));
                                 }),
                          RouteInfo{std::move(summary), "viewer"});
  };
  for (auto [what, summary] : std::vector<std::pair<std::string, std::string>>{
           {"risks", "The revision's risks (risks.json; the latest revision with decisions)."},
           {"stats", "Risk counts by severity and status (stats.json)."},
           {"attack-paths", "Attack paths to the sensitive data assets (attack-paths.json)."},
           {"technical-assets", "Components with their RAA (technical-assets.json)."},
           {"diagram", "The data-flow (?kind=dfd) or data-asset (?kind=data) diagram as SVG."},
           {"brief", "The pen-test brief (?format=md or json, ?paths=N, ?min_severity=S)."}}) {
    auto [handler, info] = output(what, summary);
    router.Add("GET", "/api/v1/models/{id}/revisions/{rev}/" + what, std::move(handler),
               std::move(info));
  }

  router.Add(
      "GET", "/api/v1/models/{id}/revisions/{rev}/prompts",
      Authed(api, Access::kUser,
             [&store, &api](Request& request, const Principal& who) {
               TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kViewer));
               TP_ASSIGN(int64_t number, RevisionNumber(request, model));
               // Decisions change no prompt: the analysis without them is the one sessions on
               // this revision share, and no decision write invalidates it.
               TP_ASSIGN(auto view, ViewOf(api, model, number, false));
               return JsonResponse(200, PromptsJson(model, number, *view->analysis));
             }),
      {"The revision's STRIDE review prompts per element, to start a session from.", "viewer"});

  router.Add(
      "GET", "/api/v1/models/{id}/diff",
      Authed(api, Access::kUser,
             [&store, &api](Request& request, const Principal& who) {
               TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kViewer));
               TP_ASSIGN(auto to, QueryInt(request, "to", 1, model.version));
               int64_t to_n = to.value_or(model.version);
               TP_ASSIGN(auto from, QueryInt(request, "from", 1, model.version));
               int64_t from_n = from.value_or(std::max<int64_t>(1, to_n - 1));
               TP_ASSIGN(auto before, ViewOf(api, model, from_n));
               TP_ASSIGN(auto after, ViewOf(api, model, to_n));
               app::ModelDiff d = app::Diff(*before->analysis, *after->analysis);
               return Response::Json(200, app::DiffJson(d));
             }),
      {"What changed between two revisions (?from=N&to=M; default the last two).", "viewer"});

  router.Add("GET", "/api/v1/models/{id}/decisions",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kViewer));
                      TP_ASSIGN(auto decisions, store.ListDecisions(model.id));
                      Json out = Json::array();
                      for (const auto& d : decisions) out.push_back(DecisionJson(d));
                      return JsonResponse(200, {{"decisions", out},
                                                {"decisions_version", model.decisions_version}});
                    }),
             {"List the model's risk-tracking decisions.", "viewer"});

  router.Add(
      "PUT", "/api/v1/models/{id}/decisions/{risk}",
      Authed(api, Access::kUser,
             [&store, &api](Request& request, const Principal& who) {
               TP_ASSIGN(auto model, ModelFor(store, request, who, Role::kContributor));
               TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
               store::Decision d;
               d.model_id = model.id;
               d.synthetic_id = request.params["risk"];
               int64_t version = body.Int("version", true, 0);
               d.status = body.String("status", true, 32);
               d.justification = body.String("justification", false, 10000);
               d.owner = body.String("owner", false, 200);
               d.ticket = body.String("ticket", false, 500);
               d.date = body.String("date", false, 10);
               TP_CHECK(body.Finish());
               auto status = core::Parse<core::RiskStatus>(d.status);
               if (!status) {
                 return ErrorFrom(
                     Error::InvalidInput("'status' must be one of unchecked, in-discussion, "
                                         "accepted, in-progress, mitigated, false-positive")
                         .WithField("status"));
               }
               d.status = std::string(core::ToString(*status));
               if (*status == core::RiskStatus::kAccepted ||
                   *status == core::RiskStatus::kFalsePositive) {
                 TP_CHECK(RequireRole(store, who, model.project_id, Role::kSecurity));
               }
               if (*status == core::RiskStatus::kAccepted) {
                 if (d.justification.empty()) {
                   return ErrorFrom(Error::InvalidInput("accepting a risk needs a justification")
                                        .WithField("justification"));
                 }
                 if (d.owner.empty()) {
                   return ErrorFrom(
                       Error::InvalidInput("accepting a risk needs an owner").WithField("owner"));
                 }
               }
               if (d.date.empty()) d.date = Today();
               if (!IsDate(d.date)) {
                 return ErrorFrom(
                     Error::InvalidInput("'date' must be YYYY-MM-DD").WithField("date"));
               }
               // Only risks the latest revision has can be decided. Decisions do not change
               // which risks there are, so the analysis without them will do: no decision
               // write invalidates it (the one with decisions would be redone every write).
               TP_ASSIGN(auto view, ViewOf(api, model, model.version, false));
               bool known = false;
               for (const auto& r : view->analysis->result.risks) {
                 if (r.synthetic_id == d.synthetic_id) {
                   known = true;
                   break;
                 }
               }
               if (!known) {
                 return ErrorFrom(Error::NotFound("model " + std::to_string(model.id) +
                                                  " has no risk '" + d.synthetic_id + "'"));
               }
               TP_ASSIGN(auto saved, store.PutDecision(d, version, ActorOf(who)));
               Publish(api, model.project_id, "decision.update",
                       {{"model_id", model.id}, {"decision", DecisionJson(saved)}});
               return JsonResponse(200, DecisionJson(saved));
             }),
      {"Create (version 0) or update a risk's tracking decision; accepting or marking a false "
       "positive needs the security role.",
       "contributor"});
}

}  // namespace threatpath::server
