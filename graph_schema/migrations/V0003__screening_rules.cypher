// Screening rules (negative list, key-goods and key-items monitoring lists):
// a rule and its append-only versions; a version made by a mutation carries
// the digest of the client's request id, unique so a retry finds it.
CREATE CONSTRAINT screening_rule_key IF NOT EXISTS FOR (n:ScreeningRule) REQUIRE n.ruleId IS UNIQUE;
CREATE CONSTRAINT rule_version_key IF NOT EXISTS FOR (n:RuleVersion) REQUIRE n.versionId IS UNIQUE;
CREATE CONSTRAINT rule_version_request IF NOT EXISTS FOR (n:RuleVersion) REQUIRE n.requestKey IS UNIQUE;
