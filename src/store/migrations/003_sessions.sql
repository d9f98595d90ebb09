-- Threatpath store schema, version 3: collaborative threat-modeling sessions (docs/server.md,
-- "Sessions"): a session on one revision of a model, its participants, the threats they add,
-- their ratings and comments, and the reflection poll that closes the session.

-- facilitator_id, created_by and updated_by are not foreign keys: 0 is the system.
-- quorum_permille: the session closes when yes votes * 1000 > quorum_permille * participants.
CREATE TABLE threat_sessions (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  model_id BIGINT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  revision BIGINT NOT NULL,
  title TEXT NOT NULL,
  phase TEXT NOT NULL,
  facilitator_id BIGINT NOT NULL,
  quorum_permille INTEGER NOT NULL CHECK (quorum_permille BETWEEN 0 AND 999),
  closed_at TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by BIGINT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX threat_sessions_model ON threat_sessions (model_id, id);

CREATE TABLE session_participants (
  session_id BIGINT NOT NULL REFERENCES threat_sessions (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (session_id, user_id)
);

-- affected_assets is a JSON array of asset ids, kept as text.
CREATE TABLE threats (
  id {{ID}},
  session_id BIGINT NOT NULL REFERENCES threat_sessions (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  stride TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  prerequisites TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL DEFAULT '',
  impact TEXT NOT NULL DEFAULT '',
  affected_assets TEXT NOT NULL DEFAULT '[]',
  from_risk TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '',
  justification TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by BIGINT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX threats_session ON threats (session_id, id);

CREATE TABLE threat_ratings (
  threat_id BIGINT NOT NULL REFERENCES threats (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (threat_id, user_id)
);

CREATE TABLE threat_comments (
  id {{ID}},
  threat_id BIGINT NOT NULL REFERENCES threats (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX threat_comments_threat ON threat_comments (threat_id, id);

CREATE TABLE reflection_votes (
  session_id BIGINT NOT NULL REFERENCES threat_sessions (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  good_enough INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (session_id, user_id)
);
