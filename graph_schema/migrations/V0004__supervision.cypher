// Supervision records (issue 10): append-only status changes and disposal evidence.
CREATE CONSTRAINT status_change_key IF NOT EXISTS FOR (n:StatusChange) REQUIRE n.changeId IS UNIQUE;
CREATE CONSTRAINT disposal_evidence_key IF NOT EXISTS FOR (n:DisposalEvidence) REQUIRE n.evidenceId IS UNIQUE;
// A record's timeline and its status on a date are read by (record kind, record id).
CREATE INDEX status_change_record IF NOT EXISTS FOR (n:StatusChange) ON (n.recordKind, n.recordId);
CREATE INDEX filing_status IF NOT EXISTS FOR (n:Filing) ON (n.status);
CREATE INDEX risk_alert_status IF NOT EXISTS FOR (n:RiskAlert) ON (n.status);
