// @ts-check
/** Teams & Headcount: the teams and every position, filled or not. */

/** @type {import('../components/registry.js').Area} */
export const org = {
  id: 'org',
  title: 'Teams & Headcount',
  countKind: 'position',
  pages: [],
  kinds: [
    {
      kind: 'position',
      label: 'position',
      plural: 'positions',
      nameNeeds: ['team'],
      name: (r, lookup) => `${r.role}${r.person ? ` — ${r.person}` : ''} (${lookup('team', r.team_id)})`,
      empty: 'No positions yet. Positions are the headcount: filled, open, planned or leaving.',
      sort: { key: 'team_id', dir: 1 },
      columns: [
        { key: 'role', label: 'Role', type: 'text', width: 190 },
        { key: 'person', label: 'Person', type: 'text', width: 150 },
        { key: 'team_id', label: 'Team', type: 'ref', ref: 'team', width: 145 },
        { key: 'level', label: 'Level', type: 'text', width: 60 },
        { key: 'status', label: 'Status', type: 'enum', width: 86, status: { filled: 'good', open: 'warn', leaving: 'bad', planned: 'muted' } },
        { key: 'start_date', label: 'Start', type: 'date', width: 100 },
        { key: 'allocation_percent', label: 'Allocation', type: 'percent', width: 86 },
        { key: 'loaded_cost_minor', label: 'Cost / yr', type: 'money', currencyKey: 'currency', width: 118 },
        { key: 'ramp_months', label: 'Ramp (mo)', type: 'int', width: 86 },
      ],
      fields: [
        { key: 'role', label: 'Role', type: 'text' },
        { key: 'level', label: 'Level', type: 'text', placeholder: 'L5' },
        { key: 'team_id', label: 'Team', type: 'ref', ref: 'team' },
        { key: 'status', label: 'Status', type: 'enum', options: ['planned', 'open', 'filled', 'leaving'] },
        { key: 'person', label: 'Person', type: 'text', wide: true },
        { key: 'start_date', label: 'Start date', type: 'date', optional: true },
        { key: 'end_date', label: 'End date', type: 'date', optional: true },
        { key: 'allocation_percent', label: 'Allocation', type: 'percent', suffix: '%' },
        { key: 'ramp_months', label: 'Ramp-up', type: 'int', suffix: 'months' },
        { key: 'loaded_cost_minor', label: 'Loaded annual cost', type: 'money', currencyKey: 'currency' },
        { key: 'currency', label: 'Currency', type: 'currency' },
      ],
      defaults: ({ currency }) => ({
        team_id: null, role: '', level: '', status: 'planned', person: '', start_date: null, end_date: null,
        allocation_percent: 100, loaded_cost_minor: 0, currency, ramp_months: 3,
      }),
    },
    {
      kind: 'team',
      label: 'team',
      plural: 'teams',
      name: (r) => r.name,
      empty: 'No teams yet. Teams own models and initiatives; positions belong to a team.',
      sort: { key: 'name', dir: 1 },
      columns: [
        { key: 'name', label: 'Name', type: 'text', width: 220 },
        { key: 'kind', label: 'Kind', type: 'enum', width: 100 },
        { key: 'domain', label: 'Domain', type: 'text', width: 200 },
        { key: 'parent_id', label: 'Part of', type: 'ref', ref: 'team', width: 180 },
        { key: 'ktlo_percent', label: 'KTLO share', type: 'percent', width: 100 },
        { key: 'leave_percent', label: 'Leave', type: 'percent', width: 80 },
      ],
      fields: [
        { key: 'name', label: 'Name', type: 'text', wide: true },
        { key: 'kind', label: 'Kind', type: 'enum', options: ['applied', 'platform', 'data', 'sre'] },
        { key: 'domain', label: 'Domain', type: 'text' },
        { key: 'parent_id', label: 'Part of', type: 'ref', ref: 'team', optional: true },
        { key: 'ktlo_percent', label: 'On-call / KTLO share', type: 'percent', suffix: '%' },
        { key: 'leave_percent', label: 'Leave allowance', type: 'percent', suffix: '%' },
      ],
      defaults: () => ({ name: '', kind: 'applied', domain: '', parent_id: null, ktlo_percent: 20, leave_percent: 10 }),
    },
  ],
};
