-- Threatpath store schema, version 1. Written once for SQLite and PostgreSQL: {{ID}} becomes the
-- dialect's auto-assigned 64-bit primary key. Booleans are integers (0/1); times are RFC 3339
-- UTC text, except session expiry (unix seconds, compared numerically).

CREATE TABLE users (
  id {{ID}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL DEFAULT '',
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE teams (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- A project outlives its team: deleting the team leaves the project without one.
CREATE TABLE projects (
  id {{ID}},
  team_id BIGINT REFERENCES teams (id) ON DELETE SET NULL,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE memberships (
  project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 4),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE models (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  version BIGINT NOT NULL,
  decisions_version BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (project_id, name)
);

-- created_by and updated_by are not foreign keys: 0 is the system.
CREATE TABLE revisions (
  model_id BIGINT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  document TEXT NOT NULL,
  source_format TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (model_id, number)
);

CREATE TABLE decisions (
  model_id BIGINT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  synthetic_id TEXT NOT NULL,
  status TEXT NOT NULL,
  justification TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  ticket TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  updated_by BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (model_id, synthetic_id)
);

-- No foreign keys: the audit log keeps entries about users and projects that are gone.
CREATE TABLE audit_log (
  id {{ID}},
  at TEXT NOT NULL,
  actor_id BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  project_id BIGINT NOT NULL DEFAULT 0,
  version_before BIGINT NOT NULL DEFAULT 0,
  version_after BIGINT NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_project ON audit_log (project_id, id);

CREATE TABLE events (
  id {{ID}},
  at TEXT NOT NULL,
  project_id BIGINT NOT NULL DEFAULT 0,
  type TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}'
);
