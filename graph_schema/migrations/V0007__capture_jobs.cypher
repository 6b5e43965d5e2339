// EPCIS capture jobs (POST /capture, docs/epcis.md): one node per job, by its id, so that any
// worker process answers GET /capture/{id} and the status survives restarts.
CREATE CONSTRAINT capture_job_id IF NOT EXISTS FOR (n:CaptureJob) REQUIRE n.captureId IS UNIQUE;
