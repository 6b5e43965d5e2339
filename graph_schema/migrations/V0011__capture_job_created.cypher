// GET /capture lists a caller's capture jobs newest first (docs/epcis.md): ordered by createdAt.
CREATE INDEX capture_job_created IF NOT EXISTS FOR (n:CaptureJob) ON (n.createdAt);
