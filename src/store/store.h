#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

// The program server's persistent state. `Store` is the only way the server reaches the
// database; one implementation (SqlStore, store/sql_store.cc) is written once over the small
// `Database` driver interface (store/database.h), with drivers for SQLite and PostgreSQL.
//
// Conventions
// - Ids are database-assigned 64-bit integers, > 0.
// - Times are UTC, RFC 3339 with seconds ("2026-11-27T09:45:00Z"), produced by the store.
// - Versioned records (projects, models, decisions, intakes, sessions, threats, mitigations,
//   assumptions) carry `version`, starting at 1 and
//   incremented by every write. A write names the version it was based on; when that is not the
//   current version the write changes nothing and fails with Error::Code::kConflict carrying
//   `current_version()`. This is what prevents lost updates.
// - Every mutating call takes the acting user and writes one audit entry in the same
//   transaction, so the audit log and the data never disagree.
// - Failures: kNotFound (no such record), kConflict (stale version, duplicate name),
//   kInvalidInput (a value the schema refuses), kUnavailable (database unreachable or busy past
//   the timeout), kInternal (anything else). Messages name the record ("model 12").
namespace threatpath::store {

using Id = int64_t;

/// Per-project roles, each including the ones before it.
/// viewer: read. contributor: upload models, edit decisions. security: also accept risks and
/// manage decisions of others. admin: manage the project and its members.
enum class Role { kViewer = 1, kContributor = 2, kSecurity = 3, kAdmin = 4 };
const char* RoleName(Role role);  // "viewer", "contributor", "security", "admin"
std::optional<Role> ParseRole(std::string_view name);

/// Who performs a change; recorded in the audit log. user_id 0 is the system (migrations,
/// first-start bootstrap).
struct Actor {
  Id user_id = 0;
  std::string username = "system";
};

struct User {
  Id id = 0;
  std::string username;
  std::string display_name;
  bool is_admin = false;  // server administrator: every project, users, audit log
  bool disabled = false;
  std::string created_at;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string password_hash;  // argon2id string from auth::HashPassword
  bool is_admin = false;
};

/// A login session. The cookie holds a random token; the store keeps only its hash.
struct Session {
  std::string token_hash;
  Id user_id = 0;
  std::string csrf_token;
  int64_t expires_at = 0;  // unix seconds
};

/// An API token for CI. The secret is shown once; the store keeps only its hash.
struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  std::string token_hash;
  std::string created_at;
  std::string last_used_at;  // empty when never used
  bool revoked = false;
};

struct Team {
  Id id = 0;
  std::string name;
  std::string created_at;
};

struct Project {
  Id id = 0;
  Id team_id = 0;  // 0: no team
  std::string name;
  std::string description;
  int64_t version = 0;
  std::string created_at;
  std::string updated_at;
};

struct Membership {
  Id project_id = 0;
  Id user_id = 0;
  std::string username;  // filled on reads
  Role role = Role::kViewer;
};

/// A threat model: a versioned document. `version` is the number of its latest revision.
struct Model {
  Id id = 0;
  Id project_id = 0;
  std::string name;
  int64_t version = 0;
  /// Incremented by every decision write, so caches of the risk view know when to refresh.
  int64_t decisions_version = 0;
  std::string created_at;
  std::string updated_at;
};

/// One immutable revision of a model. `document` is the model in the native format (YAML);
/// `source_format` says what was uploaded ("native", "threagile").
struct Revision {
  Id model_id = 0;
  int64_t number = 0;
  std::string document;
  std::string source_format;
  std::string comment;
  Id created_by = 0;
  std::string created_at;
};

/// A risk-tracking decision made through the API, keyed by the risk's synthetic id. Folded into
/// the model's risk_tracking when the next revision is created.
struct Decision {
  Id model_id = 0;
  std::string synthetic_id;
  std::string status;  // Threagile's risk status names: unchecked, in-discussion, accepted, ...
  std::string justification;
  std::string owner;
  std::string ticket;
  std::string date;  // YYYY-MM-DD, as in Threagile's risk_tracking
  int64_t version = 0;
  Id updated_by = 0;
  std::string updated_at;
};

/// A design-review intake: a questionnaire's answers, triaged when filed
/// (docs/server.md, "Intake and findings"). `answers`, `reasons` and `findings` are JSON text.
struct Intake {
  Id id = 0;
  Id project_id = 0;
  std::string title;
  std::string questionnaire;  // the questionnaire's id: "design-review" or a stored one's name
  std::string answers;        // JSON object: question id -> answer
  std::string tier;           // "none", "self-service", "security-led"
  int64_t priority = 0;       // 0-100
  std::string reasons;        // JSON array
  std::string findings;       // JSON array
  int64_t effort_hours = 0;   // 0: the tier's effort from the queue's capacity
  std::string status;         // new, triaged, scheduled, in-progress, done, declined
  std::string status_reason;  // why it was declined (or the last change's note)
  std::string scheduled_for;  // YYYY-MM-DD, when scheduled; "" otherwise
  std::string due_at;         // RFC 3339: triage is due by then
  int64_t version = 0;
  Id created_by = 0;
  std::string created_at;
  Id updated_by = 0;
  std::string updated_at;
  Id model_id = 0;  // the model made for it, a model of the same project; 0: none
};

/// A change of an intake; `status` (which may be the current one), `status_reason` and
/// `scheduled_for` replace the stored ones.
struct IntakeChange {
  std::string status;
  std::string status_reason;
  std::string scheduled_for;
  /// When set: link the intake to this model of its project (kInvalidInput on "model_id"
  /// otherwise); 0 unlinks it.
  std::optional<Id> model_id;
};

/// A questionnaire stored on the server, besides the built-in design-review one (docs/server.md,
/// "Intake and findings"). Stored questionnaires never change.
struct StoredQuestionnaire {
  Id id = 0;
  std::string name;  // the questionnaire's own id ("webapp"), which intakes name; unique
  std::string title;
  std::string format;      // "threatpath" or "vsaq"
  std::string source;      // the text as uploaded
  std::string extensions;  // JSON array of VSAQ extension texts, "[]" when none
  Id created_by = 0;
  std::string created_at;
};

/// A security finding from a later phase (pen test, bug bounty, incident, design review).
struct Finding {
  Id id = 0;
  Id project_id = 0;
  std::string title;
  std::string phase;          // pen-test, bug-bounty, incident, design
  std::string cvss_vector;    // normalized; "" when only a severity was given
  std::string cvss_version;   // "3.1", "4.0", ... or ""
  int64_t score_tenths = -1;  // the CVSS score times ten; -1 without a vector
  std::string severity;       // none, low, medium, high, critical
  std::optional<int64_t> cost;
  std::string found_on;  // YYYY-MM-DD
  Id model_id = 0;       // 0: none
  Id created_by = 0;
  std::string created_at;
};

/// A collaborative threat-modeling session on one revision of a model (docs/server.md,
/// "Sessions"). Phases: discover, prioritize, mitigate, reflect, closed.
struct ThreatSession {
  Id id = 0;
  Id project_id = 0;  // filled by the store from the model
  Id model_id = 0;
  int64_t revision = 0;
  std::string title;
  std::string phase;  // "discover" when created
  Id facilitator_id = 0;
  /// The session closes when yes votes * 1000 > quorum_permille * participants (500: more than
  /// half).
  int64_t quorum_permille = 500;
  std::string closed_at;  // "" while open
  int64_t version = 0;
  Id created_by = 0;
  std::string created_at;
  Id updated_by = 0;
  std::string updated_at;
  std::vector<Id> participants;  // ascending
};

/// A participant's answer in the reflection poll.
struct ReflectionVote {
  Id user_id = 0;
  bool good_enough = false;
  std::string comment;
  std::string updated_at;
};

/// One participant's rating of a threat, 1-5 each.
struct ThreatRating {
  Id user_id = 0;
  int64_t likelihood = 0;
  int64_t impact = 0;
  std::string updated_at;
};

/// A threat found in a session. `affected_assets` is a JSON array of asset ids (text).
struct Threat {
  Id id = 0;
  Id session_id = 0;
  std::string title;
  std::string stride;  // spoofing, tampering, repudiation, information-disclosure, ...
  std::string source;
  std::string prerequisites;
  std::string action;
  std::string impact;
  std::string affected_assets;  // "[]" when none
  std::string from_risk;        // synthetic id of the engine risk it started from, or ""
  std::string response;         // "", mitigate, eliminate, transfer, accept
  std::string justification;
  std::string owner;
  int64_t version = 0;
  Id created_by = 0;
  std::string created_at;
  Id updated_by = 0;
  std::string updated_at;
  std::vector<ThreatRating> ratings;  // filled on reads, by user id
};

/// A threat's response; replaces the stored response, justification and owner.
struct ThreatResponse {
  std::string response;
  std::string justification;
  std::string owner;
};

struct ThreatComment {
  Id id = 0;
  Id threat_id = 0;
  Id user_id = 0;
  std::string text;
  std::string created_at;
};

/// A mitigation of some of a session's threats (docs/server.md, "Mitigations and assumptions").
/// Status: proposed, planned, in-progress, implemented or verified.
struct Mitigation {
  Id id = 0;
  Id session_id = 0;
  std::string title;
  std::string description;
  std::string status;  // "proposed" when empty on create
  std::string owner;
  std::string ticket;
  int64_t version = 0;
  Id created_by = 0;
  std::string created_at;
  Id updated_by = 0;
  std::string updated_at;
  std::vector<Id> threats;  // ascending; threats of the same session
};

/// A change to a mitigation; unset fields stay as they are.
struct MitigationChange {
  std::optional<std::string> status;
  std::optional<std::string> owner;
  std::optional<std::string> ticket;
  std::optional<std::vector<Id>> threats;
};

/// An assumption the session's analysis rests on. Status: unvalidated, confirmed or refuted.
struct Assumption {
  Id id = 0;
  Id session_id = 0;
  std::string statement;
  std::string status;  // "unvalidated" when created
  std::string evidence;
  Id validated_by = 0;       // 0: never validated
  std::string validated_at;  // "" when never validated
  int64_t version = 0;
  Id created_by = 0;
  std::string created_at;
  Id updated_by = 0;
  std::string updated_at;
  std::vector<std::string> components;  // ascending
  std::vector<Id> threats;              // ascending
  std::vector<Id> mitigations;          // ascending
};

/// The result of validating an assumption: the assumption after, and what a refutation reopened.
struct AssumptionValidation {
  Assumption assumption;
  std::vector<Threat> reopened_threats;
  std::vector<Mitigation> reopened_mitigations;
};

struct AuditEntry {
  Id id = 0;
  std::string at;
  Id actor_id = 0;
  std::string actor;           // username at the time
  std::string action;          // "model.create", "decision.update", ...
  std::string object_type;     // "model", "decision", "project", ...
  std::string object_id;       // "12" or "12/risk-id"
  Id project_id = 0;           // 0 when not project-scoped
  int64_t version_before = 0;  // 0 when created
  int64_t version_after = 0;   // 0 when deleted
  std::string detail;          // JSON object text, "{}" when nothing more
};

struct AuditQuery {
  Id project_id = 0;  // 0: all
  Id after_id = 0;    // page: entries with id > after_id
  int limit = 100;
};

/// A live event, stored so that a reconnecting client can catch up by id.
struct Event {
  Id id = 0;
  std::string at;
  Id project_id = 0;
  std::string type;     // "model.revision", "decision.update", ...
  std::string payload;  // JSON object text
};

class Store {
 public:
  virtual ~Store() = default;

  /// "sqlite" or "postgres".
  virtual std::string_view backend() const = 0;

  // --- schema and health ---------------------------------------------------------------------
  /// Applies every migration not yet applied, in order, each in its own transaction. Returns the
  /// schema version after.
  virtual base::Result<int> Migrate() = 0;
  virtual base::Result<int> SchemaVersion() = 0;
  /// A cheap round trip (for /readyz).
  virtual base::Status Ping() = 0;
  /// The database's own consistency check (PRAGMA integrity_check and foreign_key_check on
  /// SQLite; catalogue sanity on PostgreSQL).
  virtual base::Status CheckIntegrity() = 0;

  // --- users, sessions, tokens -----------------------------------------------------------------
  virtual base::Result<User> CreateUser(const NewUser& user, const Actor& actor) = 0;
  virtual base::Result<User> GetUser(Id id) = 0;
  virtual base::Result<User> FindUser(std::string_view username) = 0;
  virtual base::Result<std::vector<User>> ListUsers() = 0;
  virtual base::Result<int64_t> CountUsers() = 0;
  virtual base::Result<std::string> PasswordHash(Id user_id) = 0;
  virtual base::Status SetPasswordHash(Id user_id, std::string_view hash, const Actor& actor) = 0;

  virtual base::Status CreateSession(const Session& session) = 0;
  /// The session with this token hash, if it exists and has not expired at `now`.
  virtual base::Result<Session> GetSession(std::string_view token_hash, int64_t now) = 0;
  virtual base::Status DeleteSession(std::string_view token_hash) = 0;
  virtual base::Status DeleteExpiredSessions(int64_t now) = 0;

  virtual base::Result<ApiToken> CreateToken(const ApiToken& token, const Actor& actor) = 0;
  /// The unrevoked token with this hash; updates its last_used_at.
  virtual base::Result<ApiToken> UseToken(std::string_view token_hash) = 0;
  virtual base::Result<std::vector<ApiToken>> ListTokens(Id user_id) = 0;
  virtual base::Status RevokeToken(Id token_id, const Actor& actor) = 0;
  virtual base::Result<ApiToken> GetToken(Id token_id) = 0;

  // --- teams, projects, memberships ------------------------------------------------------------
  virtual base::Result<Team> CreateTeam(std::string_view name, const Actor& actor) = 0;
  virtual base::Result<std::vector<Team>> ListTeams() = 0;
  virtual base::Result<Team> GetTeam(Id id) = 0;

  virtual base::Result<Project> CreateProject(const Project& project, const Actor& actor) = 0;
  virtual base::Result<Project> GetProject(Id id) = 0;
  virtual base::Result<Project> FindProject(std::string_view name) = 0;
  /// Every project when `user_id` is 0, else those the user is a member of.
  virtual base::Result<std::vector<Project>> ListProjects(Id user_id) = 0;
  /// Updates name, description and team; `project.version` is the version it was based on.
  virtual base::Result<Project> UpdateProject(const Project& project, const Actor& actor) = 0;
  virtual base::Status DeleteProject(Id id, int64_t expected_version, const Actor& actor) = 0;

  /// Adds or changes a member's role.
  virtual base::Status SetMembership(Id project_id, Id user_id, Role role, const Actor& actor) = 0;
  virtual base::Status RemoveMembership(Id project_id, Id user_id, const Actor& actor) = 0;
  virtual base::Result<std::vector<Membership>> ListMemberships(Id project_id) = 0;
  /// The user's role in the project, or nullopt when not a member.
  virtual base::Result<std::optional<Role>> RoleOf(Id project_id, Id user_id) = 0;

  // --- models and revisions --------------------------------------------------------------------
  /// Creates a model with its first revision (number 1).
  virtual base::Result<Model> CreateModel(Id project_id, std::string_view name,
                                          const Revision& first, const Actor& actor) = 0;
  virtual base::Result<Model> GetModel(Id id) = 0;
  virtual base::Result<std::vector<Model>> ListModels(Id project_id) = 0;
  /// Adds revision expected_version + 1; kConflict when the model is not at expected_version.
  virtual base::Result<Model> AddRevision(Id model_id, int64_t expected_version,
                                          const Revision& revision, const Actor& actor) = 0;
  virtual base::Result<Revision> GetRevision(Id model_id, int64_t number) = 0;
  /// Revisions without their documents, newest first.
  virtual base::Result<std::vector<Revision>> ListRevisions(Id model_id) = 0;
  virtual base::Status DeleteModel(Id id, int64_t expected_version, const Actor& actor) = 0;

  // --- risk-tracking decisions -----------------------------------------------------------------
  virtual base::Result<std::vector<Decision>> ListDecisions(Id model_id) = 0;
  virtual base::Result<Decision> GetDecision(Id model_id, std::string_view synthetic_id) = 0;
  /// Creates the decision when `expected_version` is 0 (kConflict if it exists), else updates it
  /// when it is at `expected_version`. Increments the model's decisions_version.
  virtual base::Result<Decision> PutDecision(const Decision& decision, int64_t expected_version,
                                             const Actor& actor) = 0;

  // --- intakes and findings --------------------------------------------------------------------
  /// Stores a triaged intake with status "new" and version 1 (the caller's status, version and
  /// times are ignored).
  virtual base::Result<Intake> CreateIntake(const Intake& intake, const Actor& actor) = 0;
  virtual base::Result<Intake> GetIntake(Id id) = 0;
  /// A project's intakes, newest first.
  virtual base::Result<std::vector<Intake>> ListIntakes(Id project_id) = 0;
  /// The intakes still in the queue (not done or declined) of every project when `user_id` is 0,
  /// else of the projects the user is a member of; oldest first.
  virtual base::Result<std::vector<Intake>> ListOpenIntakes(Id user_id) = 0;
  /// Applies the change when the intake is at `expected_version` (kConflict otherwise): the
  /// status and, when set, the model link. Which transitions are allowed is the caller's
  /// business; the model must belong to the intake's project.
  virtual base::Result<Intake> UpdateIntake(Id id, int64_t expected_version,
                                            const IntakeChange& change, const Actor& actor) = 0;

  /// Stores a questionnaire that the caller has read successfully; kConflict on "id" when one
  /// with its name exists. Audited as "questionnaire.create" (no project).
  virtual base::Result<StoredQuestionnaire> CreateQuestionnaire(
      const StoredQuestionnaire& questionnaire, const Actor& actor) = 0;
  /// The questionnaire with this name; kNotFound when there is none.
  virtual base::Result<StoredQuestionnaire> GetQuestionnaire(std::string_view name) = 0;
  /// Every stored questionnaire, by name.
  virtual base::Result<std::vector<StoredQuestionnaire>> ListQuestionnaires() = 0;

  virtual base::Result<Finding> CreateFinding(const Finding& finding, const Actor& actor) = 0;
  /// A project's findings, newest first.
  virtual base::Result<std::vector<Finding>> ListFindings(Id project_id) = 0;

  // --- threat-modeling sessions ----------------------------------------------------------------
  /// Creates a session in phase "discover" at version 1 with its participants (each must be a
  /// member of the model's project: kInvalidInput on "participants" otherwise). The project is
  /// the model's; `revision` must exist.
  virtual base::Result<ThreatSession> CreateThreatSession(const ThreatSession& session,
                                                          const Actor& actor) = 0;
  virtual base::Result<ThreatSession> GetThreatSession(Id id) = 0;
  /// A model's sessions, newest first.
  virtual base::Result<std::vector<ThreatSession>> ListThreatSessions(Id model_id) = 0;
  /// Sets the phase when the session is at `expected_version` (kConflict otherwise); "closed"
  /// also sets closed_at. Which phase may follow which is the caller's business.
  virtual base::Result<ThreatSession> SetSessionPhase(Id id, int64_t expected_version,
                                                      std::string_view phase,
                                                      const Actor& actor) = 0;
  /// Records (or replaces) the actor's vote; only in phase "reflect" (kInvalidInput on "phase"
  /// otherwise). When the yes votes then exceed the session's quorum, the session closes in the
  /// same transaction (phase "closed", closed_at, version + 1, a "session.close" audit entry).
  virtual base::Result<ThreatSession> PutReflectionVote(Id session_id, const ReflectionVote& vote,
                                                        const Actor& actor) = 0;
  virtual base::Result<std::vector<ReflectionVote>> ListReflectionVotes(Id session_id) = 0;

  /// Creates a threat at version 1, created by the actor.
  virtual base::Result<Threat> CreateThreat(const Threat& threat, const Actor& actor) = 0;
  virtual base::Result<Threat> GetThreat(Id id) = 0;
  /// A session's threats, oldest first, with their ratings.
  virtual base::Result<std::vector<Threat>> ListThreats(Id session_id) = 0;
  /// Creates or replaces the actor's rating of the threat (1-5 each; kInvalidInput otherwise).
  virtual base::Result<Threat> PutThreatRating(Id threat_id, const ThreatRating& rating,
                                               const Actor& actor) = 0;
  /// Sets the response when the threat is at `expected_version` (kConflict otherwise).
  virtual base::Result<Threat> UpdateThreatResponse(Id threat_id, int64_t expected_version,
                                                    const ThreatResponse& response,
                                                    const Actor& actor) = 0;
  virtual base::Result<ThreatComment> AddThreatComment(Id threat_id, std::string_view text,
                                                       const Actor& actor) = 0;
  /// A threat's comments, oldest first.
  virtual base::Result<std::vector<ThreatComment>> ListThreatComments(Id threat_id) = 0;

  // --- mitigations and assumptions -------------------------------------------------------------
  /// Creates a mitigation at version 1 (status "proposed" when empty). Every linked threat must
  /// belong to the session (kInvalidInput on "threats" otherwise).
  virtual base::Result<Mitigation> CreateMitigation(const Mitigation& mitigation,
                                                    const Actor& actor) = 0;
  virtual base::Result<Mitigation> GetMitigation(Id id) = 0;
  /// A session's mitigations, oldest first.
  virtual base::Result<std::vector<Mitigation>> ListMitigations(Id session_id) = 0;
  /// Applies the change when the mitigation is at `expected_version` (kConflict otherwise);
  /// `threats`, when set, replaces the links.
  virtual base::Result<Mitigation> UpdateMitigation(Id id, int64_t expected_version,
                                                    const MitigationChange& change,
                                                    const Actor& actor) = 0;
  /// Deletes the mitigation when it is at `expected_version` (kConflict otherwise), with its
  /// links to threats and assumptions; audited as "mitigation.delete".
  virtual base::Status DeleteMitigation(Id id, int64_t expected_version, const Actor& actor) = 0;

  /// Creates an assumption at version 1, status "unvalidated". Linked threats and mitigations
  /// must belong to the session (kInvalidInput on "threats" / "mitigations" otherwise); the
  /// components are the caller's to check.
  virtual base::Result<Assumption> CreateAssumption(const Assumption& assumption,
                                                    const Actor& actor) = 0;
  virtual base::Result<Assumption> GetAssumption(Id id) = 0;
  /// A session's assumptions, oldest first.
  virtual base::Result<std::vector<Assumption>> ListAssumptions(Id session_id) = 0;
  /// Records a validation (status confirmed, refuted or unvalidated, with its evidence, by the
  /// actor, now) when the assumption is at `expected_version` (kConflict otherwise). Refuting
  /// reopens, in the same transaction, every linked threat (response cleared, version + 1,
  /// "threat.reopen" audit entry) and every linked mitigation (status "proposed", version + 1,
  /// "mitigation.reopen" audit entry), each entry naming the assumption.
  virtual base::Result<AssumptionValidation> ValidateAssumption(Id id, int64_t expected_version,
                                                                std::string_view status,
                                                                std::string_view evidence,
                                                                const Actor& actor) = 0;
  /// Deletes the assumption when it is at `expected_version` (kConflict otherwise), with its
  /// links (the linked threats and mitigations stay); audited as "assumption.delete".
  virtual base::Status DeleteAssumption(Id id, int64_t expected_version, const Actor& actor) = 0;

  // --- audit and events ------------------------------------------------------------------------
  virtual base::Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) = 0;
  /// Appends an audit entry outside of any other change (logins, failed logins, exports).
  virtual base::Status Audit(const AuditEntry& entry) = 0;

  /// Stores an event and wakes every listener (in this process, and on PostgreSQL in every
  /// process sharing the database) once the write has committed.
  virtual base::Result<Event> PublishEvent(Id project_id, std::string_view type,
                                           std::string_view payload) = 0;
  /// The id of the newest event, 0 when there is none.
  virtual base::Result<Id> LastEventId() = 0;
  /// Events with id > after_id, oldest first, at most `limit`.
  virtual base::Result<std::vector<Event>> EventsAfter(Id after_id, int limit) = 0;
  /// Calls `wake` whenever events may have been published, by this process or, on PostgreSQL, by
  /// another: on SQLite from the publishing thread right after its commit, on PostgreSQL from a
  /// store-owned listener thread (also once after each (re)connection of that thread). The
  /// callback must be cheap and thread-safe; it reads the events itself with EventsAfter.
  virtual void OnEvents(std::function<void()> wake) = 0;

  // --- maintenance -----------------------------------------------------------------------------
  /// Writes a consistent snapshot of every table (one read transaction) as one JSON document
  /// (format in docs/server.md): the same format for both backends, so a SQLite backup restores
  /// into PostgreSQL and back. Written atomically (temp file + rename).
  virtual base::Status Backup(const std::string& path) = 0;
  /// Loads a backup into an empty, migrated database (kConflict when it holds any user) in one
  /// transaction; sequences/autoincrement counters continue after the restored ids.
  virtual base::Status Restore(const std::string& path) = 0;
};

/// Opens a store from a URL: "sqlite:PATH" (created when missing; ":memory:" for tests) or
/// "postgres://..." / "postgresql://..." (libpq connection URI). Does not migrate.
base::Result<std::unique_ptr<Store>> Open(const std::string& url);

}  // namespace threatpath::store
