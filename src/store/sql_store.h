#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.h"
#include "store/store.h"

namespace threatpath::store {

/// The Store, written once over Database so that SQLite and PostgreSQL run the same code. The
/// few dialect differences (identity columns in the migrations, the event lock and NOTIFY, the
/// integrity check, sequence repair after a restore) are marked where they occur.
class SqlStore : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Database> db);
  ~SqlStore() override;

  std::string_view backend() const override;

  base::Result<int> Migrate() override;
  base::Result<int> SchemaVersion() override;
  base::Status Ping() override;
  base::Status CheckIntegrity() override;

  base::Result<User> CreateUser(const NewUser& user, const Actor& actor) override;
  base::Result<User> GetUser(Id id) override;
  base::Result<User> FindUser(std::string_view username) override;
  base::Result<std::vector<User>> ListUsers() override;
  base::Result<int64_t> CountUsers() override;
  base::Result<std::string> PasswordHash(Id user_id) override;
  base::Status SetPasswordHash(Id user_id, std::string_view hash, const Actor& actor) override;

  base::Status CreateSession(const Session& session) override;
  base::Result<Session> GetSession(std::string_view token_hash, int64_t now) override;
  base::Status DeleteSession(std::string_view token_hash) override;
  base::Status DeleteExpiredSessions(int64_t now) override;

  base::Result<ApiToken> CreateToken(const ApiToken& token, const Actor& actor) override;
  base::Result<ApiToken> UseToken(std::string_view token_hash) override;
  base::Result<std::vector<ApiToken>> ListTokens(Id user_id) override;
  base::Status RevokeToken(Id token_id, const Actor& actor) override;
  base::Result<ApiToken> GetToken(Id token_id) override;

  base::Result<Team> CreateTeam(std::string_view name, const Actor& actor) override;
  base::Result<std::vector<Team>> ListTeams() override;
  base::Result<Team> GetTeam(Id id) override;

  base::Result<Project> CreateProject(const Project& project, const Actor& actor) override;
  base::Result<Project> GetProject(Id id) override;
  base::Result<Project> FindProject(std::string_view name) override;
  base::Result<std::vector<Project>> ListProjects(Id user_id) override;
  base::Result<Project> UpdateProject(const Project& project, const Actor& actor) override;
  base::Status DeleteProject(Id id, int64_t expected_version, const Actor& actor) override;

  base::Status SetMembership(Id project_id, Id user_id, Role role, const Actor& actor) override;
  base::Status RemoveMembership(Id project_id, Id user_id, const Actor& actor) override;
  base::Result<std::vector<Membership>> ListMemberships(Id project_id) override;
  base::Result<std::optional<Role>> RoleOf(Id project_id, Id user_id) override;

  base::Result<Model> CreateModel(Id project_id, std::string_view name, const Revision& first,
                                  const Actor& actor) override;
  base::Result<Model> GetModel(Id id) override;
  base::Result<std::vector<Model>> ListModels(Id project_id) override;
  base::Result<Model> AddRevision(Id model_id, int64_t expected_version, const Revision& revision,
                                  const Actor& actor) override;
  base::Result<Revision> GetRevision(Id model_id, int64_t number) override;
  base::Result<std::vector<Revision>> ListRevisions(Id model_id) override;
  base::Status DeleteModel(Id id, int64_t expected_version, const Actor& actor) override;

  base::Result<std::vector<Decision>> ListDecisions(Id model_id) override;
  base::Result<Decision> GetDecision(Id model_id, std::string_view synthetic_id) override;
  base::Result<Decision> PutDecision(const Decision& decision, int64_t expected_version,
                                     const Actor& actor) override;

  base::Result<Intake> CreateIntake(const Intake& intake, const Actor& actor) override;
  base::Result<Intake> GetIntake(Id id) override;
  base::Result<std::vector<Intake>> ListIntakes(Id project_id) override;
  base::Result<std::vector<Intake>> ListOpenIntakes(Id user_id) override;
  base::Result<Intake> UpdateIntake(Id id, int64_t expected_version, const IntakeChange& change,
                                    const Actor& actor) override;
  base::Result<StoredQuestionnaire> CreateQuestionnaire(const StoredQuestionnaire& questionnaire,
                                                        const Actor& actor) override;
  base::Result<StoredQuestionnaire> GetQuestionnaire(std::string_view name) override;
  base::Result<std::vector<StoredQuestionnaire>> ListQuestionnaires() override;
  base::Result<Finding> CreateFinding(const Finding& finding, const Actor& actor) override;
  base::Result<std::vector<Finding>> ListFindings(Id project_id) override;

  base::Result<ThreatSession> CreateThreatSession(const ThreatSession& session,
                                                  const Actor& actor) override;
  base::Result<ThreatSession> GetThreatSession(Id id) override;
  base::Result<std::vector<ThreatSession>> ListThreatSessions(Id model_id) override;
  base::Result<ThreatSession> SetSessionPhase(Id id, int64_t expected_version,
                                              std::string_view phase, const Actor& actor) override;
  base::Result<ThreatSession> PutReflectionVote(Id session_id, const ReflectionVote& vote,
                                                const Actor& actor) override;
  base::Result<std::vector<ReflectionVote>> ListReflectionVotes(Id session_id) override;
  base::Result<Threat> CreateThreat(const Threat& threat, const Actor& actor) override;
  base::Result<Threat> GetThreat(Id id) override;
  base::Result<std::vector<Threat>> ListThreats(Id session_id) override;
  base::Result<Threat> PutThreatRating(Id threat_id, const ThreatRating& rating,
                                       const Actor& actor) override;
  base::Result<Threat> UpdateThreatResponse(Id threat_id, int64_t expected_version,
                                            const ThreatResponse& response,
                                            const Actor& actor) override;
  base::Result<ThreatComment> AddThreatComment(Id threat_id, std::string_view text,
                                               const Actor& actor) override;
  base::Result<std::vector<ThreatComment>> ListThreatComments(Id threat_id) override;

  base::Result<Mitigation> CreateMitigation(const Mitigation& mitigation,
                                            const Actor& actor) override;
  base::Result<Mitigation> GetMitigation(Id id) override;
  base::Result<std::vector<Mitigation>> ListMitigations(Id session_id) override;
  base::Result<Mitigation> UpdateMitigation(Id id, int64_t expected_version,
                                            const MitigationChange& change,
                                            const Actor& actor) override;
  base::Status DeleteMitigation(Id id, int64_t expected_version, const Actor& actor) override;
  base::Result<Assumption> CreateAssumption(const Assumption& assumption,
                                            const Actor& actor) override;
  base::Result<Assumption> GetAssumption(Id id) override;
  base::Result<std::vector<Assumption>> ListAssumptions(Id session_id) override;
  base::Result<AssumptionValidation> ValidateAssumption(Id id, int64_t expected_version,
                                                        std::string_view status,
                                                        std::string_view evidence,
                                                        const Actor& actor) override;
  base::Status DeleteAssumption(Id id, int64_t expected_version, const Actor& actor) override;

  base::Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) override;
  base::Status Audit(const AuditEntry& entry) override;

  base::Result<Event> PublishEvent(Id project_id, std::string_view type,
                                   std::string_view payload) override;
  base::Result<Id> LastEventId() override;
  base::Result<std::vector<Event>> EventsAfter(Id after_id, int limit) override;
  void OnEvents(std::function<void()> wake) override;

  base::Status Backup(const std::string& path) override;
  base::Status Restore(const std::string& path) override;

 private:
  bool pg() const { return db_->dialect() == Dialect::kPostgres; }
  void Wake();

  std::unique_ptr<Database> db_;
  std::mutex wake_mu_;
  std::vector<std::function<void()>> wakes_;
  bool listening_ = false;
};

}  // namespace threatpath::store
