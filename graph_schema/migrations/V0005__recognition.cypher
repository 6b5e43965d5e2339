// Mutual recognition (issue 11): partner AEO numbers, idempotent mutation
// requests, and the lookups `recognitions` makes per identifier.
CREATE CONSTRAINT aeo_number_key IF NOT EXISTS FOR (n:AeoNumber) REQUIRE n.number IS UNIQUE;
CREATE CONSTRAINT client_request_key IF NOT EXISTS FOR (n:ClientRequest) REQUIRE n.requestKey IS UNIQUE;
CREATE INDEX enterprise_eori IF NOT EXISTS FOR (n:Enterprise) ON (n.eori);
