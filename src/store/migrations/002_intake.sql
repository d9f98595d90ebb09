-- Threatpath store schema, version 2: design-review intakes and findings from later phases.
-- JSON is kept as text (answers, reasons, findings); CVSS scores as tenths (integers).

-- created_by and updated_by are not foreign keys: 0 is the system.
CREATE TABLE intakes (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  questionnaire TEXT NOT NULL,
  answers TEXT NOT NULL DEFAULT '{}',
  tier TEXT NOT NULL,
  priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 100),
  reasons TEXT NOT NULL DEFAULT '[]',
  findings TEXT NOT NULL DEFAULT '[]',
  effort_hours BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL DEFAULT '',
  scheduled_for TEXT NOT NULL DEFAULT '',
  due_at TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by BIGINT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX intakes_project ON intakes (project_id, id);
CREATE INDEX intakes_status ON intakes (status, project_id);

-- A finding outlives the model it was found in: deleting the model leaves it without one.
CREATE TABLE findings (
  id {{ID}},
  project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  phase TEXT NOT NULL,
  cvss_vector TEXT NOT NULL DEFAULT '',
  cvss_version TEXT NOT NULL DEFAULT '',
  score_tenths INTEGER NOT NULL DEFAULT -1,
  severity TEXT NOT NULL,
  cost BIGINT,
  found_on TEXT NOT NULL,
  model_id BIGINT REFERENCES models (id) ON DELETE SET NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX findings_project ON findings (project_id, id);
