#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "intake/questionnaire.h"
#include "server/api.h"
#include "server/api_util.h"

// Shared by the API's route files (api_*.cc); not part of the server's interface.
namespace threatpath::server {

enum class Access { kPublic, kUser, kAdmin };

using AuthedHandler = std::function<Response(Request&, const Principal&)>;

/// The route files, each adding its routes to the router.
struct ApiRoutes {
  static void Accounts(Api& api, Router& router);
  static void Projects(Api& api, Router& router);
  static void Models(Api& api, Router& router);
  static void Intake(Api& api, Router& router);
  static void Findings(Api& api, Router& router);
  static void Sessions(Api& api, Router& router);
  static void Assumptions(Api& api, Router& router);
  static void Metrics(Api& api, Router& router);
  static void Questionnaires(Api& api, Router& router);

  static store::Store& StoreOf(Api& api) { return api.store_; }
  static const ApiOptions& OptionsOf(Api& api) { return api.options_; }
  static AnalysisCache& CacheOf(Api& api) { return *api.cache_; }
  static QuestionnaireCache& QuestionnairesOf(Api& api) { return *api.questionnaires_; }
  static EventHub& HubOf(Api& api) { return *api.hub_; }
  /// Login handling needs the limiters and counters.
  static Response Login(Api& api, Request& request);
};

/// Wraps a handler: authenticates (with the CSRF check for cookie sessions), then checks the
/// server-level access (user or admin). Project roles are checked by the handlers.
Handler Authed(Api& api, Access access, AuthedHandler handler);

/// The caller's role in a project must be at least `role`; server admins pass. A non-member
/// gets kNotFound for the project, so that project ids do not leak.
base::Status RequireRole(store::Store& store, const Principal& who, store::Id project_id,
                         store::Role role);

/// Publishes a live event after a change; failures are logged, not returned (the change has
/// committed already).
void Publish(Api& api, store::Id project_id, std::string_view type, const Json& payload);

store::Actor ActorOf(const Principal& who);

Json UserJson(const store::User& user);
Json ProjectJson(const store::Project& project);
Json ModelJson(const store::Model& model);
Json AuditJson(const store::AuditEntry& entry);

/// A threat's mitigations and residual state, {"threat_id", "response", "mitigations": [ids],
/// "residual": "mitigated" | "open"} (docs/server.md, "Mitigations and assumptions"); `all` are
/// the mitigations of the threat's session.
Json ThreatResidualJson(const store::Threat& threat, const std::vector<store::Mitigation>& all);

/// A questionnaire an intake can name: the built-in one, or a stored one.
struct IntakeQuestionnaire {
  std::shared_ptr<const intake::Questionnaire> owned;  // null for the built-in one
  const intake::Questionnaire* questionnaire = nullptr;
};

/// Stored questionnaires as read, by their row id. A stored questionnaire never changes (there
/// is no route that edits or deletes one), so each is read once per server, not on every intake.
class QuestionnaireCache {
 public:
  std::shared_ptr<const intake::Questionnaire> Find(store::Id id) const;
  /// Keeps a questionnaire just read from its text (and counts the read).
  void Put(store::Id id, std::shared_ptr<const intake::Questionnaire> questionnaire);
  /// Prometheus lines: how many times a stored questionnaire was read from its text.
  std::string MetricsText() const;

 private:
  mutable std::mutex mu_;
  uint64_t reads_ = 0;
  std::unordered_map<store::Id, std::shared_ptr<const intake::Questionnaire>> by_id_;
};

/// The questionnaire with id `id` ("" or "design-review": the built-in one), read through
/// `cache`. An unknown id is kInvalidInput on "questionnaire", naming the ones there are.
base::Result<IntakeQuestionnaire> FindQuestionnaire(store::Store& store, QuestionnaireCache& cache,
                                                    std::string_view id);

/// Reads a stored questionnaire as it was uploaded (kInternal if it no longer reads).
base::Result<std::unique_ptr<intake::Questionnaire>> ReadStoredQuestionnaire(
    const store::StoredQuestionnaire& stored);

/// Unix seconds now.
int64_t NowSeconds();

}  // namespace threatpath::server
