// Saved example operations, one per user story; GraphiQL opens them as tabs
// (until the user's own tabs are saved in this browser). The recall query is
// the README's, word for word (tests/web/test_assets.py checks it).
window.HubExamples = [
  {
    query: `# Recall impact: every shipment a recall reaches, with totals.
query RecallImpact {
  recall(id: "RC000002") {
    title measure
    impact {
      totals { shipments units declarations underControlUnits deliveredUnits
               byRegion { key shipments units } byPlatform { key name shipments } }
      shipments(first: 100) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id status stage consigneeRegion port declaredOn
                       seller { name } platform { name } importer { name } warehouse { name }
                       declaration { number } recalledBatches { quantity batch { lotCode } } } }
      }
    }
  }
}
`,
  },
  {
    query: `# Trace code: from a QR / barcode label back to maker, importers, sellers and recalls.
query TraceCode($code: String!) {
  traceCode(code: $code) {
    ... on TraceCodeFound { batch { lotCode } product { name gtin } maker { name }
                            importers { name } sellers { name } recalls { id measure } }
    ... on TraceCodeNotFound { message }
  }
}
`,
    variables: '{"code": "TL778471959870"}',
  },
  {
    query: `# Related parties: who shares owners, directors, addresses or phones, and the path.
query RelatedParties($id: ID!) {
  relatedParties(enterpriseId: $id, maxHops: 3) {
    totalCount truncated
    edges { node { distance strength enterprise { id name } paths { text } } }
  }
  ultimateOwners(enterpriseId: $id) { owner { id name } effectiveShare chainCount circular }
}
`,
    variables: '{"id": "E001483"}',
  },
  {
    query: `# Credit standing and mutual recognition: each agency's rating and what it maps to.
query CreditStanding($id: ID!) {
  creditStanding(enterpriseId: $id) {
    ratings { agency { name } level { code name dishonest }
              recognitions { arrangement { name } agency { name } level { code name } facilitation } }
  }
}
`,
    variables: '{"id": "E001932"}',
  },
];
