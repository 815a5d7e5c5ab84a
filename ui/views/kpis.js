// @ts-check
/**
 * KPIs: the trends page (`kpis/trends.js`), then the catalogue and the values measured per
 * period.
 */
import trends from './kpis/trends.js';

/** @type {import('../components/registry.js').Area} */
export const kpis = {
  id: 'kpis',
  title: 'KPIs',
  countKind: 'kpi',
  pages: [trends],
  kinds: [
    {
      kind: 'kpi',
      label: 'KPI',
      plural: 'KPIs',
      tab: 'Catalogue',
      name: (r) => r.name,
      empty: 'No KPIs yet. The catalogue lists what the organisation measures, with targets.',
      columns: [
        { key: 'name', label: 'Name', type: 'text', width: 260 },
        { key: 'unit', label: 'Unit', type: 'text', width: 100 },
        { key: 'direction', label: 'Better when', type: 'enum', width: 100 },
        { key: 'target', label: 'Target', type: 'number', width: 90 },
        { key: 'warn', label: 'Warn at', type: 'number', width: 90 },
        { key: 'frequency', label: 'Frequency', type: 'enum', width: 100 },
        { key: 'source', label: 'Source', type: 'enum', width: 90 },
      ],
      fields: [
        { key: 'name', label: 'Name', type: 'text', wide: true },
        { key: 'key', label: 'Key', type: 'text', hint: 'lower-case letters, digits and _' },
        { key: 'unit', label: 'Unit', type: 'text' },
        { key: 'direction', label: 'Better when', type: 'enum', options: ['higher', 'lower'] },
        { key: 'frequency', label: 'Frequency', type: 'enum', options: ['monthly', 'quarterly'] },
        { key: 'target', label: 'Target', type: 'number', optional: true },
        { key: 'warn', label: 'Warn at', type: 'number', optional: true, hint: 'Between the target and this level the KPI is near target (amber); past it, off target' },
        { key: 'source', label: 'Source', type: 'enum', options: ['manual', 'derived'], hint: 'Derived KPIs are computed from the data; new KPIs are manual' },
      ],
      defaults: () => ({ key: '', name: '', unit: '', direction: 'higher', target: null, warn: null, frequency: 'monthly', source: 'manual' }),
    },
    {
      kind: 'kpi_value',
      label: 'KPI value',
      plural: 'KPI values',
      tab: 'Values',
      nameNeeds: ['kpi'],
      name: (r, lookup) => `${lookup('kpi', r.kpi_id)} ${r.period}`,
      empty: 'No values yet. Record the measured value of a manual KPI for a month or quarter.',
      sort: { key: 'period', dir: -1 },
      columns: [
        { key: 'period', label: 'Period', type: 'text', width: 110 },
        { key: 'kpi_id', label: 'KPI', type: 'ref', ref: 'kpi', width: 280 },
        { key: 'value', label: 'Value', type: 'number', width: 110 },
        { key: 'note', label: 'Note', type: 'text', width: 380 },
      ],
      fields: [
        { key: 'kpi_id', label: 'KPI', type: 'ref', ref: 'kpi', wide: true },
        { key: 'period', label: 'Period', type: 'text', placeholder: '2026-09 or FY2027-Q1' },
        { key: 'value', label: 'Value', type: 'number' },
        { key: 'note', label: 'Note', type: 'textarea', wide: true, hint: 'An annotation shown on the trend chart, e.g. "serving platform v1 launched"' },
      ],
      defaults: ({ today }) => ({ kpi_id: null, period: today.slice(0, 7), value: null, note: '' }),
    },
  ],
};
