// @ts-check
/**
 * FinOps: unit costs and spend (the area opens there), allocation rules with a live preview,
 * imports with progress and undo (pages, each in `finops/<page>.js`), then budgets, billing
 * lines (FOCUS) and usage (kinds).
 */
import unitCosts from './finops/unit_costs.js';
import allocationRules from './finops/allocation_rules.js';
import imports from './finops/imports.js';

const CATEGORIES = ['training', 'inference', 'storage', 'data', 'other'];

/** @type {import('../components/registry.js').Area} */
export const finops = {
  id: 'finops',
  title: 'FinOps',
  countKind: 'cost_line',
  pages: [unitCosts, allocationRules, imports],
  kinds: [
    {
      kind: 'budget',
      label: 'budget',
      plural: 'budgets',
      nameNeeds: ['team'],
      name: (r, lookup) => `${r.quarter} ${r.team_id ? lookup('team', r.team_id) : ''}${r.category ? ` ${r.category}` : ''}${!r.team_id && !r.category ? 'organisation' : ''}`.replace(/\s+/g, ' '),
      quarterKey: 'quarter',
      empty: 'No budgets for this quarter. Budgets set the spend allowed per quarter for the organisation, a team or a category.',
      sort: { key: 'team_id', dir: 1 },
      columns: [
        { key: 'quarter', label: 'Quarter', type: 'quarter', width: 110 },
        { key: 'team_id', label: 'Team', type: 'ref', ref: 'team', width: 200 },
        { key: 'category', label: 'Category', type: 'enum', width: 130 },
        { key: 'amount_minor', label: 'Budget', type: 'money', currencyKey: 'currency', width: 150 },
      ],
      fields: [
        { key: 'quarter', label: 'Quarter', type: 'quarter' },
        { key: 'team_id', label: 'Team', type: 'ref', ref: 'team', optional: true, hint: 'Leave empty for the whole organisation' },
        { key: 'category', label: 'Category', type: 'enum', options: CATEGORIES, optional: true },
        { key: 'amount_minor', label: 'Amount', type: 'money', currencyKey: 'currency' },
        { key: 'currency', label: 'Currency', type: 'currency' },
      ],
      defaults: ({ quarter, currency }) => ({ quarter, team_id: null, category: null, amount_minor: 0, currency }),
    },
    {
      kind: 'cost_line',
      label: 'cost line',
      plural: 'cost lines',
      tab: 'Billing lines',
      name: (r) => `${r.service_name} ${r.resource_name || r.resource_id} ${String(r.charge_period_start).slice(0, 10)}`,
      readOnly: true,
      empty: 'No billing lines yet. Import a FOCUS billing export with File → Import billing… (or `quartermaster import focus`).',
      sort: { key: 'charge_period_start', dir: -1 },
      columns: [
        { key: 'charge_period_start', label: 'Charge date', type: 'date', width: 124 },
        { key: 'provider_name', label: 'Provider', type: 'text', width: 90 },
        { key: 'service_name', label: 'Service', type: 'text', width: 170 },
        { key: 'resource_name', label: 'Resource', type: 'text', width: 180 },
        { key: 'region_id', label: 'Region', type: 'text', width: 110 },
        { key: 'charge_category', label: 'Charge', type: 'text', width: 90 },
        { key: 'effective_cost', label: 'Effective cost', type: 'decimal', width: 124 },
        { key: 'billing_currency', label: 'Cur.', type: 'text', width: 56 },
      ],
      fields: [],
    },
    {
      kind: 'usage',
      label: 'usage row',
      plural: 'usage rows',
      tab: 'Usage',
      nameNeeds: ['model'],
      name: (r, lookup) => `${lookup('model', r.model_id)} ${r.month}`,
      empty: 'No usage yet. Monthly inferences and training runs per model are the denominators of unit costs: add a row, or import a CSV (model, month, inferences, training_runs) with Import usage… on the Unit costs page.',
      sort: { key: 'month', dir: -1 },
      columns: [
        { key: 'month', label: 'Month', type: 'month', width: 110 },
        { key: 'model_id', label: 'Model', type: 'ref', ref: 'model', width: 220 },
        { key: 'inferences', label: 'Inferences', type: 'int', width: 140 },
        { key: 'training_runs', label: 'Training runs', type: 'int', width: 120 },
      ],
      fields: [
        { key: 'model_id', label: 'Model', type: 'ref', ref: 'model', wide: true },
        { key: 'month', label: 'Month', type: 'month' },
        { key: 'inferences', label: 'Inferences', type: 'int' },
        { key: 'training_runs', label: 'Training runs', type: 'int' },
      ],
      defaults: ({ today }) => ({ model_id: null, month: today.slice(0, 7), inferences: 0, training_runs: 0 }),
    },
  ],
};
