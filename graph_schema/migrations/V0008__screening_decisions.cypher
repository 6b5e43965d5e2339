// Screening on arrival (docs/declarations.md): one decision per lodged shipment, written once.
CREATE CONSTRAINT screening_decision_key IF NOT EXISTS FOR (n:ScreeningDecision) REQUIRE n.decisionId IS UNIQUE;
