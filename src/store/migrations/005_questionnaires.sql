-- Threatpath store schema, version 5: questionnaires stored on the server, and the model made for
-- an intake (docs/server.md, "Intake and findings").

-- name: the questionnaire's own id ("webapp"), which intakes name; unique, never "design-review"
-- (the built-in one, which is not stored). format: threatpath or vsaq. source: the text as
-- uploaded; extensions: a JSON array of VSAQ extension texts applied in order. A stored
-- questionnaire never changes, so an intake can always be explained by the one it was filed
-- with. created_by is not a foreign key: 0 is the system.
CREATE TABLE questionnaires (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  format TEXT NOT NULL,
  source TEXT NOT NULL,
  extensions TEXT NOT NULL DEFAULT '[]',
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL
);

-- The model made for the intake (a model of the same project); deleting the model unlinks it.
ALTER TABLE intakes ADD COLUMN model_id BIGINT REFERENCES models (id) ON DELETE SET NULL;
CREATE INDEX intakes_model ON intakes (model_id);
