// @ts-check
/** Portfolio: every ML model, feature or service, with the facts coverage KPIs come from. */

/** @type {import('../components/registry.js').Area} */
export const portfolio = {
  id: 'portfolio',
  title: 'Portfolio',
  countKind: 'model',
  pages: [],
  kinds: [{
    kind: 'model',
    label: 'model',
    plural: 'models',
    name: (r) => r.name,
    empty: 'No models yet. The portfolio lists every ML model, feature and service with its tier, lifecycle and readiness.',
    sort: { key: 'name', dir: 1 },
    columns: [
      { key: 'name', label: 'Name', type: 'text', width: 210 },
      { key: 'owner_team_id', label: 'Owner team', type: 'ref', ref: 'team', width: 150 },
      { key: 'tier', label: 'Tier', type: 'int', width: 56 },
      { key: 'lifecycle', label: 'Lifecycle', type: 'enum', width: 110, status: { retired: 'muted', deprecated: 'muted' } },
      { key: 'serving', label: 'Serving', type: 'enum', width: 90 },
      { key: 'risk_level', label: 'Risk', type: 'enum', width: 90, status: { high: 'bad', medium: 'warn', low: 'good' } },
      { key: 'has_cicd', label: 'CI/CD', type: 'bool', width: 64 },
      { key: 'has_monitoring', label: 'Monitoring', type: 'bool', width: 94 },
      { key: 'has_lineage', label: 'Lineage', type: 'bool', width: 82 },
      { key: 'last_readiness_review', label: 'Last review', type: 'date', width: 110 },
    ],
    fields: [
      { key: 'name', label: 'Name', type: 'text', wide: true },
      { key: 'product_area', label: 'Product area', type: 'text' },
      { key: 'owner_team_id', label: 'Owner team', type: 'ref', ref: 'team', optional: true },
      { key: 'tier', label: 'Tier', type: 'int', hint: '1 is the most business-critical, 3 the least' },
      { key: 'risk_level', label: 'Risk level', type: 'enum', options: ['low', 'medium', 'high'] },
      { key: 'lifecycle', label: 'Lifecycle', type: 'enum', options: ['idea', 'experiment', 'shadow', 'canary', 'production', 'deprecated', 'retired'] },
      { key: 'serving', label: 'Serving', type: 'enum', options: ['online', 'batch', 'streaming'] },
      { key: 'business_kpi', label: 'Business KPI', type: 'text', wide: true },
      { key: 'has_cicd', label: 'Automated CI/CD', type: 'bool' },
      { key: 'has_monitoring', label: 'Monitoring', type: 'bool' },
      { key: 'has_lineage', label: 'Full lineage', type: 'bool' },
      { key: 'has_model_card', label: 'Model card', type: 'bool' },
      { key: 'last_readiness_review', label: 'Last readiness review', type: 'date', optional: true },
      { key: 'cost_tag', label: 'Cost-allocation tag value', type: 'text' },
    ],
    defaults: () => ({
      name: '', product_area: '', owner_team_id: null, tier: 2, lifecycle: 'idea', serving: 'online',
      business_kpi: '', has_cicd: false, has_monitoring: false, has_lineage: false, has_model_card: false,
      last_readiness_review: null, risk_level: 'medium', cost_tag: '',
    }),
  }],
};
