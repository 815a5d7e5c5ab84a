// @ts-check
/** Operations: production incidents (time to detect and mitigate) and the risk register. */

/** @type {import('../components/registry.js').Area} */
export const operations = {
  id: 'operations',
  title: 'Operations',
  countKind: 'risk',
  pages: [],
  kinds: [
    {
      kind: 'risk',
      label: 'risk',
      plural: 'risks',
      tab: 'Risk register',
      name: (r) => r.title,
      empty: 'No risks yet. The risk register tracks what could go wrong, who owns it and the mitigation.',
      sort: { key: 'status', dir: 1 },
      columns: [
        { key: 'title', label: 'Title', type: 'text', width: 280 },
        { key: 'severity', label: 'Severity', type: 'enum', width: 100, status: { critical: 'bad', high: 'bad', medium: 'warn', low: 'muted' } },
        { key: 'likelihood', label: 'Likelihood', type: 'enum', width: 100 },
        { key: 'status', label: 'Status', type: 'enum', width: 110, status: { closed: 'muted', mitigating: 'warn', open: 'bad' } },
        { key: 'owner', label: 'Owner', type: 'text', width: 150 },
        { key: 'mitigation', label: 'Mitigation', type: 'text', width: 300 },
      ],
      fields: [
        { key: 'title', label: 'Title', type: 'text', wide: true },
        { key: 'severity', label: 'Severity', type: 'enum', options: ['low', 'medium', 'high', 'critical'] },
        { key: 'likelihood', label: 'Likelihood', type: 'enum', options: ['low', 'medium', 'high'] },
        { key: 'status', label: 'Status', type: 'enum', options: ['open', 'mitigating', 'closed'] },
        { key: 'owner', label: 'Owner', type: 'text' },
        { key: 'mitigation', label: 'Mitigation', type: 'textarea', wide: true },
      ],
      defaults: () => ({ title: '', severity: 'medium', likelihood: 'medium', owner: '', mitigation: '', status: 'open' }),
    },
    {
      kind: 'incident',
      label: 'incident',
      plural: 'incidents',
      name: (r) => r.summary,
      empty: 'No incidents recorded. Incidents give time to detect and time to mitigate.',
      sort: { key: 'started_at', dir: -1 },
      columns: [
        { key: 'started_at', label: 'Started (UTC)', type: 'timestamp', width: 150 },
        { key: 'severity', label: 'Severity', type: 'enum', width: 90, status: { sev1: 'bad', sev2: 'warn', sev3: 'muted', sev4: 'muted' } },
        { key: 'model_id', label: 'Model', type: 'ref', ref: 'model', width: 170 },
        { key: 'summary', label: 'Summary', type: 'text', width: 320 },
        { key: 'detected_at', label: 'Detected', type: 'timestamp', width: 150 },
        { key: 'mitigated_at', label: 'Mitigated', type: 'timestamp', width: 150 },
      ],
      fields: [
        { key: 'summary', label: 'Summary', type: 'text', wide: true },
        { key: 'severity', label: 'Severity', type: 'enum', options: ['sev1', 'sev2', 'sev3', 'sev4'] },
        { key: 'model_id', label: 'Model', type: 'ref', ref: 'model', optional: true },
        { key: 'started_at', label: 'Started (UTC)', type: 'timestamp' },
        { key: 'detected_at', label: 'Detected (UTC)', type: 'timestamp' },
        { key: 'mitigated_at', label: 'Mitigated (UTC)', type: 'timestamp', optional: true },
      ],
      defaults: () => ({ model_id: null, severity: 'sev3', started_at: null, detected_at: null, mitigated_at: null, summary: '' }),
    },
  ],
};
