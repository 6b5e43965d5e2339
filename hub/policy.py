"""The declared access policy: who may see each GraphQL type and field.

One entry per field of every object and input type, default deny: a field
without an entry is left out of every role's schema (and the schema-walk
test in tests/hub/test_policy.py fails, naming the entry to add here).

A `Rule` names the roles that may use a field and, for partner agencies, the
arrangement grant it needs. The roles decide which schema a caller gets
(hub/schema/audience.py); the grants are enforced row by row in Cypher
(hub/data/visibility.py compiles them), so a partner whose arrangement does
not grant a scope (or is not in force) gets null / empty lists, never the data.
The rules are written out for people in docs/access.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final

from hub.auth import Role


class Grant(Enum):
    """Data scopes an arrangement can grant a partner (`Arrangement.grants`)."""

    ENTERPRISE = "enterprise"
    CREDIT = "credit"
    RECALL = "recall"
    FILING = "filing"


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    grant: Grant | None = None  # what a partner's arrangement must grant (rows filtered in Cypher)
    # The resolver answers other roles of the audience with a typed Forbidden result;
    # otherwise hub/schema/audience.py refuses the whole operation (FORBIDDEN) before it runs.
    typed_refusal: bool = False

    def allows(self, role: Role) -> bool:
        return role in self.roles


DOMESTIC_ROLES: Final = frozenset({Role.REGULATOR, Role.ANALYST, Role.ADMIN})
DOMESTIC: Final = Rule(DOMESTIC_ROLES)
ORDERS: Final = Rule(frozenset({Role.REGULATOR, Role.ADMIN}), typed_refusal=True)
# Screening reads (docs/screening.md): regulators and administrators only.
SCREENERS: Final = Rule(frozenset({Role.REGULATOR, Role.ADMIN}))
EVERYONE: Final = Rule(frozenset(Role))


def partner(grant: Grant) -> Rule:
    """Every domestic role, and partners whose arrangement in force grants `grant`."""
    return Rule(frozenset(Role), grant)


ENTERPRISE: Final = partner(Grant.ENTERPRISE)
CREDIT: Final = partner(Grant.CREDIT)
RECALL: Final = partner(Grant.RECALL)
FILING: Final = partner(Grant.FILING)

Fields = dict[str, Rule]


def _all(names: str, rule: Rule) -> Fields:
    return dict.fromkeys(names.split(), rule)


def _connection(node: str, rule: Rule) -> dict[str, Fields]:
    """The Relay wrappers of a list follow the rule of the listed type."""
    return {
        node + "Connection": _all("edges pageInfo totalCount", rule),
        node + "Edge": _all("cursor node", rule),
    }


POLICY: Final[dict[str, Fields]] = {
    "Query": {
        **_all("enterprise enterprises creditStanding", ENTERPRISE),
        **_all("product products batch recall recalls traceCode", RECALL),
        **_all("agency agencies", EVERYONE),
        **_all("shipment shipments declaration", DOMESTIC),
        **_all("relatedParties connection ultimateOwners riskNeighbourhood recallBlastRadius", DOMESTIC),
        **_all("recognition recognitions arrangements", CREDIT),
        "creditScheme": EVERYONE,
        "inspectionRate": DOMESTIC,
        **_all(
            "screenDeclaration screenDeclarationById screenShipment screeningRules screeningRule", SCREENERS
        ),
    },
    # Analysts see the mutations and receive their Forbidden result (checked by the resolver).
    "Mutation": {
        "issueRecall": ORDERS,
        "recordRuleVersion": ORDERS,
        "lodgeDeclaration": ORDERS,
        **_all(
            "rateEnterprise downgradeToDishonest suspendRating signArrangement amendArrangement "
            "endArrangement",
            ORDERS,
        ),
        # partners only; domestic callers get the typed Forbidden result
        "submitPartnerRating": Rule(frozenset(Role), typed_refusal=True),
    },
    "PageInfo": _all("hasNextPage hasPreviousPage startCursor endCursor", EVERYONE),
    # --- agencies: a public directory for every authenticated caller
    "Agency": _all("id name kind country", EVERYONE),
    **_connection("Agency", EVERYONE),
    # --- enterprises
    "Enterprise": {
        **_all("id name kind country region uscc eori gln", ENTERPRISE),
        "filingStatus": FILING,
        "products": RECALL,
        "shipments": DOMESTIC,
    },
    **_connection("Enterprise", ENTERPRISE),
    "EnterpriseFilterInput": {
        **_all("kind country region nameContains identifier", ENTERPRISE),
        "filingStatus": FILING,
    },
    # --- goods
    "Product": {
        **_all("id name gtin hsCode category brand originCountry batches", RECALL),
        "maker": ENTERPRISE,
        "forwardTrace": DOMESTIC,
    },
    **_connection("Product", RECALL),
    # makerId names an Enterprise: it filters through the Enterprise visibility.
    "ProductFilterInput": _all("nameContains hsPrefix category brand originCountry gtin makerId", RECALL),
    "Batch": {
        **_all("id lotCode producedOn expiresOn quantity unit product traceCodes", RECALL),
        **_all("shipments forwardTrace", DOMESTIC),
    },
    **_connection("Batch", RECALL),
    "TraceCode": {**_all("code kind serial batch", RECALL), "history": DOMESTIC},
    **_connection("TraceCode", RECALL),
    # EPCIS events name places, units and business transactions: parcel-level, domestic only
    "TraceEvent": _all(
        "id type action eventTime eventTimeZoneOffset bizStep disposition readPoint bizLocation "
        "bizTransactions declaredInError errorDeclaredAt errorReason correctiveEventIds via",
        DOMESTIC,
    ),
    **_connection("TraceEvent", DOMESTIC),
    "BizTransaction": _all("type id", DOMESTIC),
    # --- recalls and alerts
    "Recall": {
        **_all("id measure title hazard riskLevel reason status issuedOn issuer", RECALL),
        **_all("targetProducts targetBatches", RECALL),
        "impact": DOMESTIC,
        "targetShipments": DOMESTIC,  # shipments are parcel-level, domestic only
    },
    **_connection("Recall", RECALL),
    "RecallFilterInput": _all("measure riskLevel status issuerId issuedFrom issuedTo", RECALL),
    "RiskAlert": _all("id title riskLevel issuedOn hazard issuerId", RECALL),
    # --- trace code answers: goods for partners with a recall grant, parties from parcels domestic
    "TraceCodeFound": {
        **_all("traceCode batch product recalls riskAlerts", RECALL),
        "maker": ENTERPRISE,
        **_all("sellers platforms importers inspections forward", DOMESTIC),
    },
    "TraceCodeNotFound": _all("code message", RECALL),
    "Inspection": _all("id kind result inspectedOn accepted findings performer", DOMESTIC),
    "Performer": _all("id name kind", DOMESTIC),
    # --- credit and recognition
    "CreditStanding": {**_all("enterprise asOf", ENTERPRISE), "ratings": CREDIT},
    "CreditRating": _all("id agency level validFrom validTo recognitions", CREDIT),
    "CreditLevel": _all("id code name rank dishonest schemeId schemeName creditClass", CREDIT),
    "Recognition": _all("arrangement level agency facilitation", CREDIT),
    "Arrangement": _all("id name signedOn grants", CREDIT),
    # --- parcel level: shipments, declarations, recall impact (domestic only)
    "Shipment": _all(
        "id waybill direction mode status port originCountry consigneeRegion consigneeRef declaredOn"
        " releasedOn deliveredOn carried seller platform importer logistics warehouse declaration"
        " stage units recalledBatches",
        DOMESTIC,
    ),
    **_connection("Shipment", DOMESTIC),
    "ShipmentFilterInput": _all(
        "status direction mode port consigneeRegion declaredFrom declaredTo sellerId platformId", DOMESTIC
    ),
    "CarriedBatch": _all("quantity unit batch", DOMESTIC),
    "Declaration": _all("id number declaredOn status shipmentCount declarant agency shipments", DOMESTIC),
    "Impact": _all("asOf declaredFrom declaredTo shipments totals batches", DOMESTIC),
    "ImpactShipmentFilter": _all(
        "status direction port consigneeRegion platformId sellerId declaredFrom declaredTo", DOMESTIC
    ),
    "ImpactTotals": _all(
        "batches shipments units declarations underControlShipments underControlUnits inTransitShipments"
        " inTransitUnits deliveredShipments deliveredUnits returnedShipments returnedUnits byRegion byPort"
        " bySeller byPlatform byImporter byWarehouse",
        DOMESTIC,
    ),
    "GroupCount": _all("key name shipments units", DOMESTIC),
    "CoveredBatch": _all("batch product", DOMESTIC),
    "RecalledBatch": _all("quantity unit batch product", DOMESTIC),
    # --- related parties (persons, addresses, contacts, ownership): domestic only
    "RelatedParties": _all("origin asOf maxHops via truncated totalCount edges pageInfo", DOMESTIC),
    "RelatedParty": _all("enterprise distance strength signals paths", DOMESTIC),
    "RelatedPartyEdge": _all("cursor node", DOMESTIC),
    "LinkSignal": _all("linkedTo via kinds", DOMESTIC),
    "PartyLinks": _all("from to found distance paths truncated message", DOMESTIC),
    "PartyNode": _all("kind id name enterpriseKind", DOMESTIC),
    "PartyPath": _all("nodes links text hops", DOMESTIC),
    "PathLink": _all("kind relationship role share since until forward", DOMESTIC),
    "UltimateOwner": _all("owner effectiveShare chainCount circular chains", DOMESTIC),
    "RiskNeighbourhood": _all("origin maxHops asOf searched truncated parties", DOMESTIC),
    "RiskyParty": _all(
        "enterprise distance path risks orders failedInspectionCount failedInspections dishonestRatings",
        DOMESTIC,
    ),
    "RiskOrder": _all("recallId measure title issuedOn made sold", DOMESTIC),
    "FailedInspection": _all("inspectionId kind inspectedOn findings", DOMESTIC),
    "DishonestRating": _all("levelId code name agencyId validFrom", DOMESTIC),
    "BlastRadius": _all(
        "recallId productIds hsHeadings makers sellers truncated totalCount edges pageInfo", DOMESTIC
    ),
    "BlastRadiusParty": _all("enterprise distance sameProduct made sold path", DOMESTIC),
    "BlastRadiusPartyEdge": _all("cursor node", DOMESTIC),
    "TradedProduct": _all("productId name hsCode sameProduct", DOMESTIC),
    # --- issueRecall's input and results: analysts may send it and read its Forbidden result
    "IssueRecallInput": _all(
        "clientRequestId targets measure riskLevel title hazard reason issuerId issuedOn", DOMESTIC
    ),
    "RecallTargetsInput": _all("productId batchIds shipmentIds", DOMESTIC),
    "IssueRecallSuccess": _all("recall created", DOMESTIC),
    # issueRecall and submitPartnerRating (partners) read these typed results
    "InvalidInput": _all("field message", EVERYONE),
    "Forbidden": _all("message", EVERYONE),
    # --- mutual recognition and credit records (issue 11; rows filtered in Cypher, docs/credit.md)
    "RecognitionAnswer": {
        **_all(
            "identifier matchedBy enterpriseId partnerAgencyId asOf recognised reason message "
            "arrangementId rating partnerLevel facilitation",
            CREDIT,
        ),
        "enterprise": ENTERPRISE,
    },
    "RatingRef": _all("id agencyId level validFrom validTo suspendedFrom", CREDIT),
    "ArrangementRecord": _all(
        "id name parties direction recognizerId signedOn inForceFrom endedOn status grants version "
        "versions mappings",
        CREDIT,
    ),
    "LevelMapping": _all("fromLevel toLevel facilitation version since until", CREDIT),
    "ArrangementVersion": _all("version effectiveFrom reason", CREDIT),
    "CreditScheme": _all("id name agency levels", EVERYONE),
    "InspectionRate": _all(
        "enterpriseId asOf rate creditClass ruleVersion ratingIds facilitation steps", DOMESTIC
    ),
    "SamplingStep": _all("ruleId ruleVersion kind action rate field", DOMESTIC),
    "RatingSuccess": _all("rating created", EVERYONE),
    "RatingRecord": _all(
        "id enterpriseId agency level validFrom validTo suspendedFrom suspensionReason reason "
        "partnerSubmitted evidence",
        EVERYONE,
    ),
    "Evidence": _all("kind id", EVERYONE),
    "ArrangementSuccess": _all("arrangement created", DOMESTIC),
    "RateEnterpriseInput": _all(
        "clientRequestId enterpriseId levelId validFrom validTo reason agencyId", DOMESTIC
    ),
    "DowngradeInput": _all("clientRequestId enterpriseId validFrom reason evidence agencyId", DOMESTIC),
    "EvidenceInput": _all("kind id", DOMESTIC),
    "SuspendRatingInput": _all("clientRequestId ratingId suspendedFrom reason", DOMESTIC),
    "PartnerRatingInput": _all(
        "clientRequestId enterpriseId levelId validFrom validTo aeoNumber reason", EVERYONE
    ),
    "SignArrangementInput": _all(
        "clientRequestId name partnerAgencyId homeAgencyId direction recognizerAgencyId signedOn "
        "inForceFrom grants mappings",
        DOMESTIC,
    ),
    "AmendArrangementInput": _all("clientRequestId arrangementId effectiveFrom reason mappings", DOMESTIC),
    "EndArrangementInput": _all("clientRequestId arrangementId endedOn reason", DOMESTIC),
    "LevelMappingInput": _all("fromLevelId toLevelId facilitation", DOMESTIC),
    # --- screening (docs/screening.md): regulators and administrators; analysts and
    # partners are refused (FORBIDDEN) before the resolver runs
    "DeclarationScreening": _all(
        "declarationId declaredOn stored truncated credit rulesApplied summary shipments", SCREENERS
    ),
    "ShipmentScreening": _all("index shipmentId field decision reasons sampling", SCREENERS),
    "ScreeningReason": _all("kind outcome field ruleId ruleVersion message", SCREENERS),
    "Sampling": _all("rate creditClass tableVersion steps seed draw selected", SCREENERS),
    "AppliedRule": _all("ruleId version list category title validFrom validTo", SCREENERS),
    "ScreeningSummary": _all("shipments release inspect hold reject", SCREENERS),
    "DeclarationInput": _all("declarationId declaredOn shipments declarantId", SCREENERS),
    "ShipmentInput": _all(
        "mode goods shipmentId direction originCountry sellerId platformId importerId consigneeRegion",
        SCREENERS,
    ),
    "GoodsInput": _all("hsCode quantity productId gtin description traceCodes", SCREENERS),
    "ScreeningRule": _all("id list latestVersion versions", SCREENERS),
    **_connection("ScreeningRule", SCREENERS),
    # recordRuleVersion: analysts may send it and read its Forbidden result
    "ScreeningRuleVersion": _all(
        "ruleId version list category title legalBasis validFrom validTo hsPrefixes productCategories"
        " keywordsZh keywordsEn modes directions originCountries recordedBy source",
        DOMESTIC,
    ),
    "RuleVersionInput": _all(
        "clientRequestId ruleId expectedVersion list title validFrom validTo category legalBasis hsPrefixes"
        " productCategories keywordsZh keywordsEn modes directions originCountries",
        DOMESTIC,
    ),
    "RecordRuleVersionSuccess": _all("version created", DOMESTIC),
    "RuleVersionConflict": _all("ruleId currentVersion message", DOMESTIC),
    # --- lodgeDeclaration (docs/declarations.md): the same audience as issueRecall
    "LodgeDeclarationInput": _all("declarantId reference declaredOn shipments agencyId", DOMESTIC),
    "LodgeShipmentInput": _all(
        "shipmentId mode goods direction originCountry sellerId platformId importerId", DOMESTIC
    ),
    "LodgeGoodsInput": _all("batchId quantity unit", DOMESTIC),
    "LodgeDeclarationSuccess": {
        **_all("declarationId shipmentIds created", DOMESTIC),
        "screening": SCREENERS,
    },
    "ArrivalDecision": _all(
        "shipmentId field decision reasons rulesApplied samplingTable samplingRate selected credit screenedAt",
        SCREENERS,
    ),
}


# --- supervision records (issue 10, docs/supervision.md): writes for regulators and admins
# (analysts see them and get the typed Forbidden); filings to partners under a `filing`
# grant, alert and order status under `recall`; timelines follow the record they belong to
# (their rows are filtered in Cypher by the record's own scope, hub/data/lifecycle.py).
_SUPERVISION: Final[dict[str, Fields]] = {
    "Query": {**_all("filing filingStatus", FILING), **_all("alertStatus orderStatus", RECALL)},
    "Mutation": _all(
        "changeStatus acceptThirdPartyResult rejectThirdPartyResult supersedeOrder fileEnterprise"
        " fileProduct recordInspection raiseRiskAlert recordDisposalEvidence",
        ORDERS,
    ),
    "Enterprise": {"filings": FILING},
    "Product": {"filings": FILING},
    "Filing": _all(
        "id kind status filedOn validUntil reference enterpriseId productId agencyId timeline", FILING
    ),
    **_connection("Filing", FILING),
    "FilingStatusOn": _all("asOf status filingId", FILING),
    "StatusOn": _all("asOf status", RECALL),
    "StatusChange": {
        **_all("id recordKind recordId fromStatus toStatus effectiveOn recordedAt agencyId reason", EVERYONE),
        "byKey": DOMESTIC,
    },
    "Recall": {"timeline": RECALL},
    "RiskAlert": {
        **_all("status complaints overseasNotices timeline", RECALL),
        **_all("targetKind targetId inspectionIds", DOMESTIC),
    },
    "Inspection": _all("review samples labReportRef targetId timeline", DOMESTIC),
    "Shipment": {"timeline": DOMESTIC, "orders": DOMESTIC},
    "ImpactTotals": _all("destroyedShipments destroyedUnits", DOMESTIC),
    # inputs and results of the supervision mutations
    "ChangeStatusInput": _all(
        "clientRequestId recordKind recordId expectedStatus status reason effectiveOn agencyId", DOMESTIC
    ),
    "ReviewInput": _all("clientRequestId inspectionId reason effectiveOn agencyId", DOMESTIC),
    "SupersedeOrderInput": _all("clientRequestId orderId newOrderId reason effectiveOn agencyId", DOMESTIC),
    "FileInput": _all(
        "clientRequestId enterpriseId filedOn reason status validUntil reference agencyId", DOMESTIC
    ),
    "FileProductInput": _all(
        "clientRequestId enterpriseId productId filedOn reason status validUntil reference agencyId", DOMESTIC
    ),
    "RecordInspectionInput": _all(
        "clientRequestId kind target result inspectedOn findings labId samples labReportRef raiseAlert agencyId",
        DOMESTIC,
    ),
    "InspectionTargetInput": _all("shipmentId batchId", DOMESTIC),
    "InspectionAlertInput": _all("title hazard riskLevel", DOMESTIC),
    "RaiseRiskAlertInput": _all(
        "clientRequestId target title hazard riskLevel issuedOn evidence issuerId", DOMESTIC
    ),
    "AlertTargetInput": _all("productId batchId shipmentId", DOMESTIC),
    "AlertEvidenceInput": _all("inspectionIds complaints overseasNotices", DOMESTIC),
    "DisposalEvidenceInput": _all("clientRequestId orderId shipments recordedOn note agencyId", DOMESTIC),
    "DisposedInput": _all("shipmentId returnedUnits destroyedUnits", DOMESTIC),
    "StatusChanged": _all("change created", DOMESTIC),
    "FileSuccess": _all("filing created", DOMESTIC),
    "RecordInspectionSuccess": _all("inspection alertId created", DOMESTIC),
    "RaiseRiskAlertSuccess": _all("alert created", DOMESTIC),
    "DisposalEvidenceSuccess": _all("evidence created", DOMESTIC),
    "DisposalEvidence": _all("id orderId recordedOn note shipments", DOMESTIC),
    "Disposed": _all("shipmentId returnedUnits destroyedUnits", DOMESTIC),
    "Conflict": _all("field message currentStatus", DOMESTIC),
    "NotFound": _all("field message", DOMESTIC),
}
for _type, _fields in _SUPERVISION.items():
    POLICY.setdefault(_type, {}).update(_fields)


def rule(type_name: str, field_name: str) -> Rule | None:
    """The declared rule, or None (denied to everyone) when there is no entry."""
    return POLICY.get(type_name, {}).get(field_name)


def allows(role: Role, type_name: str, field_name: str) -> bool:
    found = rule(type_name, field_name)
    return found is not None and found.allows(role)


def audience(role: Role) -> frozenset[Role]:
    """The roles that share one schema: the three domestic roles, or partners.

    Fields granted to only some domestic roles (issueRecall) stay in the domestic
    schema and their resolvers refuse the others with a typed Forbidden result.
    """
    return frozenset({Role.PARTNER}) if role is Role.PARTNER else DOMESTIC_ROLES


def in_audience(roles: frozenset[Role], type_name: str, field_name: str) -> bool:
    found = rule(type_name, field_name)
    return found is not None and not found.roles.isdisjoint(roles)
