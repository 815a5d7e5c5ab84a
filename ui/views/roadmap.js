// @ts-check
/**
 * Roadmap: the board of quarters and teams, capacity, scenarios, commit/close and the headcount
 * plan (pages, each in `roadmap/<page>.js`), then the initiatives and dependencies tables.
 */
import board from './roadmap/board.js';
import capacity from './roadmap/capacity.js';
import scenarios from './roadmap/scenarios.js';
import review from './roadmap/review.js';
import headcount from './roadmap/headcount.js';

/** @type {import('../components/registry.js').Area} */
export const roadmap = {
  id: 'roadmap',
  title: 'Roadmap',
  countKind: 'initiative',
  pages: [board, capacity, scenarios, review, headcount],
  kinds: [
    {
      kind: 'initiative',
      label: 'initiative',
      plural: 'initiatives',
      name: (r) => r.title,
      quarterKey: 'quarter',
      empty: 'No initiatives in this quarter. Initiatives are the roadmap: what each team commits to deliver.',
      sort: { key: 'rank', dir: 1 },
      columns: [
        { key: 'rank', label: 'Rank', type: 'int', width: 72 },
        { key: 'title', label: 'Title', type: 'text', width: 250 },
        { key: 'team_id', label: 'Team', type: 'ref', ref: 'team', width: 140 },
        { key: 'kind', label: 'Kind', type: 'enum', width: 100 },
        { key: 'status', label: 'Status', type: 'enum', width: 110, status: { delivered: 'good', slipped: 'bad', cancelled: 'muted', in_progress: 'warn' } },
        { key: 'effort_pw', label: 'Effort (pw)', type: 'effort', width: 96 },
        { key: 'model_id', label: 'Model', type: 'ref', ref: 'model', width: 150 },
        { key: 'quarter', label: 'Quarter', type: 'quarter', width: 100 },
      ],
      fields: [
        { key: 'title', label: 'Title', type: 'text', wide: true },
        { key: 'kind', label: 'Kind', type: 'enum', options: ['feature', 'platform', 'reliability', 'governance', 'debt'] },
        { key: 'status', label: 'Status', type: 'enum', options: ['proposed', 'committed', 'in_progress', 'delivered', 'slipped', 'cancelled'] },
        { key: 'team_id', label: 'Team', type: 'ref', ref: 'team' },
        { key: 'model_id', label: 'Model', type: 'ref', ref: 'model', optional: true },
        { key: 'quarter', label: 'Quarter', type: 'quarter' },
        { key: 'rank', label: 'Rank', type: 'int', hint: '1 is the most important' },
        { key: 'effort_pw', label: 'Effort', type: 'effort', suffix: 'person-weeks' },
        { key: 'releases_model', label: 'Takes a model to production', type: 'bool' },
        { key: 'outcome_metric', label: 'Outcome metric', type: 'text', wide: true },
      ],
      defaults: ({ quarter }) => ({
        title: '', kind: 'feature', team_id: null, model_id: null, quarter, status: 'proposed', effort_pw: 4,
        outcome_metric: '', releases_model: false, rank: 10,
      }),
    },
    {
      kind: 'dependency',
      label: 'dependency',
      plural: 'dependencies',
      nameNeeds: ['initiative'],
      name: (r, lookup) => `${lookup('initiative', r.initiative_id)} → ${lookup('initiative', r.depends_on_id)}`,
      empty: 'No dependencies yet. A dependency says an initiative cannot finish before another.',
      columns: [
        { key: 'initiative_id', label: 'Initiative', type: 'ref', ref: 'initiative', width: 320 },
        { key: 'depends_on_id', label: 'Depends on', type: 'ref', ref: 'initiative', width: 320 },
      ],
      fields: [
        { key: 'initiative_id', label: 'Initiative', type: 'ref', ref: 'initiative', wide: true },
        { key: 'depends_on_id', label: 'Depends on', type: 'ref', ref: 'initiative', wide: true },
      ],
      defaults: () => ({ initiative_id: null, depends_on_id: null }),
    },
  ],
};
