// Teams, projects, memberships and the audit log.
#include "server/api_internal.h"

namespace threatpath::server {

using base::Error;

namespace {

Json TeamJson(const store::Team& t) {
  return {{"id", t.id}, {"name", t.name}, {"created_at", t.created_at}};
}

Json MemberJson(const store::Membership& m) {
  return {{"user_id", m.user_id}, {"username", m.username}, {"role", store::RoleName(m.role)}};
}

base::Status CheckName(const std::string& name, std::string_view field) {
  if (name.empty() || name.find_first_not_of(" \t") == std::string::npos) {
    return Error::InvalidInput("'" + std::string(field) + "' must not be empty")
        .WithField(std::string(field));
  }
  return base::OkStatus();
}

base::Result<store::Id> TeamId(store::Store& store, std::optional<int64_t> team_id) {
  if (!team_id || *team_id == 0) return store::Id{0};
  auto team = store.GetTeam(*team_id);
  if (!team) {
    if (team.error().code() == Error::Code::kNotFound) {
      return Error::InvalidInput("team " + std::to_string(*team_id) + " does not exist")
          .WithField("team_id");
    }
    return std::move(team).error();
  }
  return team->id;
}

Response AuditPage(store::Store& store, const Request& request, store::Id project_id) {
  store::AuditQuery q;
  q.project_id = project_id;
  TP_ASSIGN(auto after, QueryInt(request, "after", 0, INT64_MAX));
  TP_ASSIGN(auto limit, QueryInt(request, "limit", 1, 1000));
  if (project_id == 0) {
    TP_ASSIGN(auto project, QueryInt(request, "project", 1, INT64_MAX));
    q.project_id = project.value_or(0);
  }
  q.after_id = after.value_or(0);
  q.limit = static_cast<int>(limit.value_or(100));
  TP_ASSIGN(auto entries, store.ListAudit(q));
  Json out = Json::array();
  for (const auto& e : entries) out.push_back(AuditJson(e));
  Json j = {{"entries", out}};
  j["next_after"] = entries.empty() ? Json(nullptr) : Json(entries.back().id);
  return JsonResponse(200, j);
}

}  // namespace

void ApiRoutes::Projects(Api& api, Router& router) {
  store::Store& store = api.store_;
  using store::Role;

  router.Add("GET", "/api/v1/teams",
             Authed(api, Access::kUser,
                    [&store](Request&, const Principal&) {
                      TP_ASSIGN(auto teams, store.ListTeams());
                      Json out = Json::array();
                      for (const auto& t : teams) out.push_back(TeamJson(t));
                      return JsonResponse(200, {{"teams", out}});
                    }),
             {"List teams.", "user"});

  router.Add("POST", "/api/v1/teams",
             Authed(api, Access::kAdmin,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
                      std::string name = body.String("name", true, 200);
                      TP_CHECK(body.Finish());
                      TP_CHECK(CheckName(name, "name"));
                      TP_ASSIGN(auto team, store.CreateTeam(name, ActorOf(who)));
                      return JsonResponse(201, TeamJson(team));
                    }),
             {"Create a team.", "admin"});

  router.Add("GET", "/api/v1/teams/{id}",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal&) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "team"));
                      TP_ASSIGN(auto team, store.GetTeam(id));
                      return JsonResponse(200, TeamJson(team));
                    }),
             {"Read a team.", "user"});

  router.Add("GET", "/api/v1/projects",
             Authed(api, Access::kUser,
                    [&store](Request&, const Principal& who) {
                      TP_ASSIGN(auto projects,
                                store.ListProjects(who.user.is_admin ? 0 : who.user.id));
                      Json out = Json::array();
                      for (const auto& p : projects) out.push_back(ProjectJson(p));
                      return JsonResponse(200, {{"projects", out}});
                    }),
             {"List the projects you are a member of (all, as an admin).", "user"});

  router.Add(
      "POST", "/api/v1/projects",
      Authed(api, Access::kUser,
             [&store, &api](Request& request, const Principal& who) {
               TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
               store::Project p;
               p.name = body.String("name", true, 200);
               p.description = body.String("description", false, 10000);
               auto team_id = body.OptionalInt("team_id", 0, INT64_MAX);
               TP_CHECK(body.Finish());
               TP_CHECK(CheckName(p.name, "name"));
               TP_ASSIGN(p.team_id, TeamId(store, team_id));
               TP_ASSIGN(auto created, store.CreateProject(p, ActorOf(who)));
               // The creator runs the project.
               TP_CHECK(store.SetMembership(created.id, who.user.id, Role::kAdmin, ActorOf(who)));
               Publish(api, created.id, "project.create", ProjectJson(created));
               return JsonResponse(201, ProjectJson(created));
             }),
      {"Create a project; you become its admin.", "user"});

  router.Add("GET", "/api/v1/projects/{id}",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kViewer));
                      TP_ASSIGN(auto p, store.GetProject(id));
                      return JsonResponse(200, ProjectJson(p));
                    }),
             {"Read a project.", "viewer"});

  router.Add("PATCH", "/api/v1/projects/{id}",
             Authed(api, Access::kUser,
                    [&store, &api](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kAdmin));
                      TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
                      int64_t version = body.Int("version", true, 1);
                      auto name = body.OptionalString("name", 200);
                      auto description = body.OptionalString("description", 10000);
                      bool has_team = body.Has("team_id");
                      auto team_id = body.OptionalInt("team_id", 0, INT64_MAX);
                      TP_CHECK(body.Finish());
                      TP_ASSIGN(auto p, store.GetProject(id));
                      if (name) {
                        TP_CHECK(CheckName(*name, "name"));
                        p.name = *name;
                      }
                      if (description) p.description = *description;
                      if (has_team) {
                        TP_ASSIGN(p.team_id, TeamId(store, team_id));
                      }
                      p.version = version;
                      TP_ASSIGN(auto updated, store.UpdateProject(p, ActorOf(who)));
                      Publish(api, id, "project.update", ProjectJson(updated));
                      return JsonResponse(200, ProjectJson(updated));
                    }),
             {"Change a project's name, description or team (needs its version).", "admin"});

  router.Add(
      "DELETE", "/api/v1/projects/{id}",
      Authed(api, Access::kUser,
             [&store](Request& request, const Principal& who) {
               TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
               TP_CHECK(RequireRole(store, who, id, Role::kAdmin));
               TP_ASSIGN(auto version, QueryInt(request, "version", 1, INT64_MAX));
               if (!version) {
                 return ErrorFrom(Error::InvalidInput("query parameter 'version' is required: the "
                                                      "version of the project you mean to delete")
                                      .WithField("version"));
               }
               TP_CHECK(store.DeleteProject(id, *version, ActorOf(who)));
               return Response::NoContent();
             }),
      {"Delete a project with its models (needs ?version=).", "admin"});

  router.Add("GET", "/api/v1/projects/{id}/members",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kViewer));
                      TP_ASSIGN(auto members, store.ListMemberships(id));
                      Json out = Json::array();
                      for (const auto& m : members) out.push_back(MemberJson(m));
                      return JsonResponse(200, {{"members", out}});
                    }),
             {"List a project's members and their roles.", "viewer"});

  router.Add("PUT", "/api/v1/projects/{id}/members/{user_id}",
             Authed(api, Access::kUser,
                    [&store, &api](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kAdmin));
                      TP_ASSIGN(int64_t user_id, ParseId(request.params["user_id"], "user"));
                      TP_ASSIGN(JsonBody body, JsonBody::Parse(request));
                      std::string role_name = body.String("role", true, 32);
                      TP_CHECK(body.Finish());
                      auto role = store::ParseRole(role_name);
                      if (!role) {
                        return ErrorFrom(
                            Error::InvalidInput("'role' must be viewer, contributor, security or "
                                                "admin, not '" +
                                                role_name + "'")
                                .WithField("role"));
                      }
                      TP_ASSIGN(auto user, store.GetUser(user_id));
                      TP_CHECK(store.SetMembership(id, user.id, *role, ActorOf(who)));
                      store::Membership m{id, user.id, user.username, *role};
                      Publish(api, id, "membership.set", MemberJson(m));
                      return JsonResponse(200, MemberJson(m));
                    }),
             {"Add a member or change their role.", "admin"});

  router.Add("DELETE", "/api/v1/projects/{id}/members/{user_id}",
             Authed(api, Access::kUser,
                    [&store, &api](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kAdmin));
                      TP_ASSIGN(int64_t user_id, ParseId(request.params["user_id"], "user"));
                      TP_CHECK(store.RemoveMembership(id, user_id, ActorOf(who)));
                      Publish(api, id, "membership.remove", {{"user_id", user_id}});
                      return Response::NoContent();
                    }),
             {"Remove a member.", "admin"});

  router.Add("GET", "/api/v1/projects/{id}/audit",
             Authed(api, Access::kUser,
                    [&store](Request& request, const Principal& who) {
                      TP_ASSIGN(int64_t id, ParseId(request.params["id"], "project"));
                      TP_CHECK(RequireRole(store, who, id, Role::kAdmin));
                      return AuditPage(store, request, id);
                    }),
             {"A project's audit log (?after=ID&limit=N).", "admin"});

  router.Add(
      "GET", "/api/v1/audit",
      Authed(api, Access::kAdmin,
             [&store](Request& request, const Principal&) { return AuditPage(store, request, 0); }),
      {"The whole audit log (?project=ID&after=ID&limit=N).", "admin"});
}

}  // namespace threatpath::server
