// EPCIS 2.0 capture (docs/epcis.md): events by key, EPCs by canonical GS1 Digital Link,
// trace codes by serial (an item EPC's serial finds its trace code).
CREATE CONSTRAINT epcis_event_key IF NOT EXISTS FOR (n:EpcisEvent) REQUIRE n.eventKey IS UNIQUE;
CREATE CONSTRAINT epc_key IF NOT EXISTS FOR (n:Epc) REQUIRE n.key IS UNIQUE;
CREATE INDEX epcis_event_time IF NOT EXISTS FOR (n:EpcisEvent) ON (n.eventTime);
CREATE INDEX trace_code_serial IF NOT EXISTS FOR (n:TraceCode) ON (n.serial);
