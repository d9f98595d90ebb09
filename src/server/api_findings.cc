// Findings from the phases after design: pen tests, bug bounties, incidents (and design reviews),
// scored with CVSS when a vector is given.
#include <cmath>

#include "risk/cvss.h"
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;
using store::Role;

namespace {

constexpr std::string_view kPhases[] = {"pen-test", "bug-bounty", "incident", "design"};
constexpr std::string_view kSeverities[] = {"none", "low", "medium", "high", "critical"};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Json FindingJson(const store::Finding& f) {
  return {{"id", f.id},
          {"project_id", f.project_id},
          {"title", f.title},
          {"phase", f.phase},
          {"cvss_vector", f.cvss_vector.empty() ? Json(nullptr) : Json(f.cvss_vector)},
          {"cvss_version", f.cvss_version.empty() ? Json(nullptr) : Json(f.cvss_version)},
          {"score", f.score_tenths < 0 ? Json(nullptr) : Json(f.score_tenths / 10.0)},
          {"severity", f.severity},
          {"cost", f.cost ? Json(*f.cost) : Json(nullptr)},
          {"found_on", f.found_on},
          {"model_id", f.model_id == 0 ? Json(nullptr) : Json(f.model_id)},
          {"created_by", f.created_by},
          {"created_at", f.created_at}};
}

// Scores `vector` (v4.0 with FIRST's tables, when they can be found). Every failure is the
// request's fault or a missing server file the message names: kInvalidInput on cvss_vector.
base::Result<risk::CvssScore> Score(const std::string& vector) {
  const risk::Cvss4Tables* tables = nullptr;
  std::string tables_problem;
  if (vector.rfind("CVSS:4.0/", 0) == 0) {
    auto loaded = risk::Cvss4Tables::Default();
    if (loaded) {
      tables = *loaded;
    } else {
      tables_problem = loaded.error().message();
    }
  }
  auto score = risk::ScoreCvss(vector, tables);
  if (!score) {
    std::string message = score.error().message();
    if (!tables_problem.empty() && message.find(tables_problem) == std::string::npos) {
      message += " (" + tables_problem + ")";
    }
    return Error::InvalidInput(message).WithField("cvss_vector");
  }
  return score;
}

Response CreateFinding(Api& api, Request& request, const Principal& who) {
  store::Store& store = ApiRoutes::StoreOf(api);
  TP_ASSIGN(int64_t project_id, ParseId(request.params["id"], "project"));
  TP_CHECK(RequireRole(store, who, project_id, Role::kSecurity));
  TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
  store::Finding f;
  f.project_id = project_id;
  f.title = body.String("title", true, 300);
  f.phase = body.String("phase", true, 32);
  auto vector = body.OptionalString("cvss_vector", 1000);
  auto severity = body.OptionalString("severity", 32);
  f.cost = body.OptionalInt("cost", 0);
  f.found_on = body.String("found_on", true, 10);
  auto model_id = body.OptionalInt("model_id", 1);
  TP_CHECK(body.Finish());
  if (f.title.find_first_not_of(" \t") == std::string::npos) {
    return ErrorFrom(Error::InvalidInput("'title' must not be empty").WithField("title"));
  }
  if (!OneOf(f.phase, kPhases)) {
    return ErrorFrom(Error::InvalidInput("'phase' must be pen-test, bug-bounty, incident or "
                                         "design, not '" +
                                         f.phase + "'")
                         .WithField("phase"));
  }
  if (!IsDate(f.found_on)) {
    return ErrorFrom(
        Error::InvalidInput("'found_on' must be a date YYYY-MM-DD, not '" + f.found_on + "'")
            .WithField("found_on"));
  }
  if (severity && !OneOf(*severity, kSeverities)) {
    return ErrorFrom(Error::InvalidInput("'severity' must be none, low, medium, high or "
                                         "critical, not '" +
                                         *severity + "'")
                         .WithField("severity"));
  }
  if (vector) {
    TP_ASSIGN(risk::CvssScore score, Score(*vector));
    f.cvss_vector = score.normalized_vector;
    f.cvss_version = score.version;
    f.score_tenths = std::lround(score.overall * 10);
    f.severity = Lower(score.severity);
    if (severity && *severity != f.severity) {
      return ErrorFrom(Error::InvalidInput("'severity' is " + f.severity +
                                           " by the CVSS vector, not " + *severity +
                                           "; leave it out when a vector is given")
                           .WithField("severity"));
    }
  } else if (severity) {
    f.severity = *severity;
  } else {
    return ErrorFrom(Error::InvalidInput("give a 'cvss_vector' or, without one, a 'severity'")
                         .WithField("severity"));
  }
  if (model_id) {
    auto model = store.GetModel(*model_id);
    if (!model && model.error().code() != Error::Code::kNotFound) {
      return ErrorFrom(model.error());
    }
    if (!model || model->project_id != project_id) {
      return ErrorFrom(Error::InvalidInput("model " + std::to_string(*model_id) +
                                           " is not a model of project " +
                                           std::to_string(project_id))
                           .WithField("model_id"));
    }
    f.model_id = *model_id;
  }
  TP_ASSIGN(auto created, store.CreateFinding(f, ActorOf(who)));
  Json out = FindingJson(created);
  Publish(api, project_id, "finding.create", out);
  return JsonResponse(201, out);
}

}  // namespace

void ApiRoutes::Findings(Api& api, Router& router) {
  store::Store& store = api.store_;

  router.Add("POST", "/api/v1/projects/{id}/findings",
             Authed(api, Access::kUser,
                    [&api](Request& request, const Principal& who) {
                      return CreateFinding(api, request, who);
                    }),
             {"Record a finding from a later phase, scored with CVSS when a vector is given.",
              "security"});

  router.Add("GET", "/api/v1/projects/{id}/findings",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kViewer));
                      TP_ASSIGN(auto findings, store.ListFindings(id));
                      Json out = Json::array();
                      for (const auto& f : findings) out.push_back(FindingJson(f));
                      return JsonResponse(200, {{"findings", out}});
                    }),
             {"List a project's findings, newest first.", "viewer"});
}

}  // namespace threatpath::server
