// The start-up plan warm-up runs once per start of the database, not once per hub worker
// (hub/data/plan_warm_once.py, docs/operations.md "Cold plans"): one PlanWarm node per
// database name; MERGE on this key serialises two workers' claims.
CREATE CONSTRAINT plan_warm_database IF NOT EXISTS FOR (n:PlanWarm) REQUIRE n.database IS UNIQUE;
