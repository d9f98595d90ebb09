-- Threatpath store schema, version 4: mitigations on a session's threats and the assumptions a
-- model rests on (docs/server.md, "Mitigations and assumptions").

-- status: proposed, planned, in-progress, implemented or verified.
CREATE TABLE mitigations (
  id {{ID}},
  session_id BIGINT NOT NULL REFERENCES threat_sessions (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  ticket TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by BIGINT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX mitigations_session ON mitigations (session_id, id);

-- Which threats a mitigation addresses (many to many).
CREATE TABLE mitigation_threats (
  mitigation_id BIGINT NOT NULL REFERENCES mitigations (id) ON DELETE CASCADE,
  threat_id BIGINT NOT NULL REFERENCES threats (id) ON DELETE CASCADE,
  PRIMARY KEY (mitigation_id, threat_id)
);
CREATE INDEX mitigation_threats_threat ON mitigation_threats (threat_id);

-- status: unvalidated, confirmed or refuted; validated_by (0: never) and validated_at ('') name
-- who recorded the last validation and when.
CREATE TABLE assumptions (
  id {{ID}},
  session_id BIGINT NOT NULL REFERENCES threat_sessions (id) ON DELETE CASCADE,
  statement TEXT NOT NULL,
  status TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  validated_by BIGINT NOT NULL DEFAULT 0,
  validated_at TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by BIGINT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX assumptions_session ON assumptions (session_id, id);

-- component: a component id of the session's revision (checked by the server).
CREATE TABLE assumption_components (
  assumption_id BIGINT NOT NULL REFERENCES assumptions (id) ON DELETE CASCADE,
  component TEXT NOT NULL,
  PRIMARY KEY (assumption_id, component)
);

CREATE TABLE assumption_threats (
  assumption_id BIGINT NOT NULL REFERENCES assumptions (id) ON DELETE CASCADE,
  threat_id BIGINT NOT NULL REFERENCES threats (id) ON DELETE CASCADE,
  PRIMARY KEY (assumption_id, threat_id)
);

CREATE TABLE assumption_mitigations (
  assumption_id BIGINT NOT NULL REFERENCES assumptions (id) ON DELETE CASCADE,
  mitigation_id BIGINT NOT NULL REFERENCES mitigations (id) ON DELETE CASCADE,
  PRIMARY KEY (assumption_id, mitigation_id)
);
