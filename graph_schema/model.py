"""Names of the graph: one enum for labels, one for relationship types.

Every label has one natural key, unique by constraint (see migrations).
Cypher elsewhere spells these names as constants; these enums are the
single list of what exists, used by tests and docs to check the constants.
"""

from enum import Enum
from typing import Final


class Label(str, Enum):
    AGENCY = "Agency"
    ENTERPRISE = "Enterprise"
    PERSON = "Person"
    ADDRESS = "Address"
    CONTACT = "Contact"
    PRODUCT = "Product"
    BATCH = "Batch"
    TRACE_CODE = "TraceCode"
    SHIPMENT = "Shipment"
    DECLARATION = "Declaration"
    INSPECTION = "Inspection"
    RISK_ALERT = "RiskAlert"
    RECALL = "Recall"
    PROHIBITED_CATEGORY = "ProhibitedCategory"
    SCREENING_RULE = "ScreeningRule"
    RULE_VERSION = "RuleVersion"
    CREDIT_SCHEME = "CreditScheme"
    CREDIT_LEVEL = "CreditLevel"
    RATING = "Rating"
    ARRANGEMENT = "Arrangement"
    FILING = "Filing"
    AEO_NUMBER = "AeoNumber"  # a partner agency's own (AEO certificate) number for an enterprise
    CLIENT_REQUEST = "ClientRequest"  # one per mutation request: makes retries idempotent
    STATUS_CHANGE = "StatusChange"
    DISPOSAL_EVIDENCE = "DisposalEvidence"
    MIGRATION = "SchemaMigration"
    LOAD_RUN = "LoadRun"
    EPCIS_EVENT = "EpcisEvent"
    EPC = "Epc"
    CAPTURE_JOB = "CaptureJob"
    SCREENING_DECISION = "ScreeningDecision"  # a lodged shipment's screening on arrival (append-only)


class Rel(str, Enum):
    # products and trace
    MADE_BY = "MADE_BY"  # (Product)->(Enterprise maker)
    OF_PRODUCT = "OF_PRODUCT"  # (Batch)->(Product)
    LABELS = "LABELS"  # (TraceCode)->(Batch)
    # shipments
    CARRIES = "CARRIES"  # (Shipment)-[{quantity, unit}]->(Batch)
    SOLD_BY = "SOLD_BY"  # (Shipment)->(Enterprise seller)
    VIA_PLATFORM = "VIA_PLATFORM"  # (Shipment)->(Enterprise platform)
    IMPORTED_BY = "IMPORTED_BY"  # (Shipment)->(Enterprise importer)
    HANDLED_BY = "HANDLED_BY"  # (Shipment)->(Enterprise logistics operator)
    STORED_AT = "STORED_AT"  # (Shipment)->(Enterprise warehouse)
    DECLARED_IN = "DECLARED_IN"  # (Shipment)->(Declaration)
    DECLARED_BY = "DECLARED_BY"  # (Declaration)->(Enterprise declarant)
    LODGED_WITH = "LODGED_WITH"  # (Declaration|Filing)->(Agency)
    # supervision
    INSPECTED = "INSPECTED"  # (Inspection)->(Shipment|Batch)
    PERFORMED_BY = "PERFORMED_BY"  # (Inspection)->(Agency|Enterprise lab)
    ISSUED_BY = "ISSUED_BY"  # (Recall|RiskAlert|AeoNumber)->(Agency)
    TARGETS = "TARGETS"  # (Recall)->(Product|Batch|Shipment)
    CONCERNS = "CONCERNS"  # (RiskAlert)->(Product|Batch)
    FILED_BY = "FILED_BY"  # (Filing)->(Enterprise)
    COVERS = "COVERS"  # (Filing)->(Product)
    CHANGES = "CHANGES"  # (StatusChange)->(Filing|Inspection|RiskAlert|Recall|Shipment)
    CHANGED_BY = "CHANGED_BY"  # (StatusChange)->(Agency acting)
    # (RiskAlert)->(Inspection); (Rating dishonest downgrade)->(Inspection|Recall)
    EVIDENCED_BY = "EVIDENCED_BY"
    SUPERSEDES = "SUPERSEDES"  # (Recall new order)->(Recall closed order)
    UNDER_ORDER = "UNDER_ORDER"  # (DisposalEvidence)->(Recall)
    DISPOSED_OF = "DISPOSED_OF"  # (DisposalEvidence)->(Shipment)
    # credit
    OPERATED_BY = "OPERATED_BY"  # (CreditScheme)->(Agency)
    IN_SCHEME = "IN_SCHEME"  # (CreditLevel)->(CreditScheme)
    GIVEN_BY = "GIVEN_BY"  # (Rating)->(Agency)
    RATES = "RATES"  # (Rating)->(Enterprise)
    AT_LEVEL = "AT_LEVEL"  # (Rating)->(CreditLevel)
    PARTY_TO = "PARTY_TO"  # (Agency)->(Arrangement)
    MAPS_TO = "MAPS_TO"  # (CreditLevel)-[{arrangementId, facilitation, version, since, until}]->(CreditLevel)
    IDENTIFIES = "IDENTIFIES"  # (AeoNumber)->(Enterprise); (Epc)->(TraceCode|Batch|Product)
    # related parties (dated: since, until)
    OWNS = "OWNS"  # (Person|Enterprise)-[{share, since, until}]->(Enterprise)
    DIRECTS = "DIRECTS"  # (Person)-[{role, since, until}]->(Enterprise)
    LOCATED_AT = "LOCATED_AT"  # (Enterprise)-[{since, until}]->(Address)
    REACHABLE_AT = "REACHABLE_AT"  # (Enterprise)-[{since, until}]->(Contact)
    HOSTS = "HOSTS"  # (Enterprise platform)-[{since, until}]->(Enterprise seller)
    # screening rules (append-only versions)
    VERSION_OF = "VERSION_OF"  # (RuleVersion)->(ScreeningRule)
    # EPCIS 2.0 events (docs/epcis.md)
    WHAT = "WHAT"  # (EpcisEvent)-[{list, quantity, uom}]->(Epc)
    PARENT = "PARENT"  # (EpcisEvent)->(Epc parentID)
    READ_POINT = "READ_POINT"  # (EpcisEvent)->(Epc location)
    BIZ_LOCATION = "BIZ_LOCATION"  # (EpcisEvent)->(Epc location)
    BIZ_TRANSACTION = "BIZ_TRANSACTION"  # (EpcisEvent)-[{type, id}]->(Declaration|Order|Shipment)
    # derived from stored EPCIS events at capture (graph_schema/epcis_links.py)
    CONTAINED = "CONTAINED"  # (Epc unit)-[{eventKey, from, to, endKey}]->(Epc child)
    TRANSFORMED_INTO = "TRANSFORMED_INTO"  # (Batch input)-[{eventKey}]->(Batch output)
    LOADED = "LOADED"  # (Shipment)-[{eventKey, at}]->(Epc unit or item)
    # screening on arrival (hub/data/arrival.py)
    SCREENS = "SCREENS"  # (ScreeningDecision)->(Shipment)


# The natural key of each label: the property that a uniqueness constraint
# guards and every MERGE matches on.
NATURAL_KEYS: Final[dict[Label, str]] = {
    Label.AGENCY: "agencyId",
    Label.ENTERPRISE: "enterpriseId",
    Label.PERSON: "personId",
    Label.ADDRESS: "addressId",
    Label.CONTACT: "contactId",
    Label.PRODUCT: "productId",
    Label.BATCH: "batchId",
    Label.TRACE_CODE: "code",
    Label.SHIPMENT: "shipmentId",
    Label.DECLARATION: "declarationId",
    Label.INSPECTION: "inspectionId",
    Label.RISK_ALERT: "alertId",
    Label.RECALL: "recallId",
    Label.PROHIBITED_CATEGORY: "code",
    Label.SCREENING_RULE: "ruleId",
    Label.RULE_VERSION: "versionId",
    Label.CREDIT_SCHEME: "schemeId",
    Label.CREDIT_LEVEL: "levelId",
    Label.RATING: "ratingId",
    Label.ARRANGEMENT: "arrangementId",
    Label.FILING: "filingId",
    Label.AEO_NUMBER: "number",
    Label.CLIENT_REQUEST: "requestKey",
    Label.STATUS_CHANGE: "changeId",
    Label.DISPOSAL_EVIDENCE: "evidenceId",
    Label.MIGRATION: "version",
    Label.LOAD_RUN: "runId",
    Label.EPCIS_EVENT: "eventKey",
    Label.EPC: "key",
    Label.CAPTURE_JOB: "captureId",
    Label.SCREENING_DECISION: "decisionId",
}


class EnterpriseKind(str, Enum):
    PLATFORM = "platform"
    SELLER = "seller"
    IMPORTER = "importer"
    EXPORTER = "exporter"
    MANUFACTURER = "manufacturer"
    LOGISTICS = "logistics"
    WAREHOUSE = "warehouse"
    LAB = "lab"
    BROKER = "broker"


class ShipmentStatus(str, Enum):
    DECLARED = "declared"
    HELD = "held"
    RELEASED = "released"
    DELIVERED = "delivered"
    RETURNED = "returned"
    DESTROYED = "destroyed"


class Direction(str, Enum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class ShipmentMode(str, Enum):
    BONDED = "bonded"
    DIRECT_MAIL = "direct_mail"
    EXPRESS = "express"


class Measure(str, Enum):
    """Disposal measures a recall (disposal order) can impose."""

    RISK_NOTICE = "risk_notice"
    STOP_SALE = "stop_sale"
    MANDATORY_RECALL = "mandatory_recall"
    RETURN = "return"
    DESTRUCTION = "destruction"


class RiskLevel(str, Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class InspectionKind(str, Enum):
    DOCUMENT = "document"
    PHYSICAL = "physical"
    SAMPLING = "sampling"
    LAB = "lab"


class InspectionResult(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    PENDING = "pending"


class DirectorRole(str, Enum):
    DIRECTOR = "director"
    LEGAL_REPRESENTATIVE = "legal_representative"
    SUPERVISOR = "supervisor"


class FilingStatus(str, Enum):
    FILED = "filed"
    PENDING = "pending"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"


class AgencyKind(str, Enum):
    CUSTOMS = "customs"
    INSPECTION = "inspection"
    MARKET_REGULATOR = "market_regulator"
    PARTNER = "partner"


class RuleList(str, Enum):
    """Which list a screening rule belongs to (docs/screening.md)."""

    NEGATIVE = "negative"  # the eight prohibited categories: a match rejects
    KEY_GOODS = "key_goods"  # key-goods monitoring list: a match means inspect
    KEY_ITEMS = "key_items"  # key-items monitoring list: a match means inspect
