// @ts-check
/**
 * Hiring: the pipeline, blind scorecards, debrief, calibration and interview loops as pages
 * (`hiring/<page>.js`), then the plain records. Scorecards and ratings are deliberately not
 * generic kinds: they are read and written only through the scorecard API, which enforces the
 * blind rule.
 */
import pipeline from './hiring/pipeline.js';
import scorecards from './hiring/scorecards.js';
import debrief from './hiring/debrief.js';
import calibration from './hiring/calibration.js';
import loops from './hiring/loops.js';

/** @type {import('../components/registry.js').Area} */
export const hiring = {
  id: 'hiring',
  title: 'Hiring',
  countKind: 'candidate',
  pages: [pipeline, scorecards, debrief, calibration, loops],
  kinds: [
    {
      kind: 'requisition',
      noCreate: true,
      label: 'requisition',
      plural: 'requisitions',
      name: (r) => r.title,
      empty: 'No requisitions yet. A requisition is an approved opening to hire into a position: open one from the Pipeline.',
      sort: { key: 'opened_on', dir: -1 },
      columns: [
        { key: 'title', label: 'Title', type: 'text', width: 240 },
        { key: 'position_id', label: 'Position', type: 'ref', ref: 'position', width: 280 },
        { key: 'hiring_manager', label: 'Hiring manager', type: 'text', width: 160 },
        { key: 'opened_on', label: 'Opened', type: 'date', width: 110 },
        { key: 'closed_on', label: 'Closed', type: 'date', width: 110 },
      ],
      fields: [
        { key: 'title', label: 'Title', type: 'text', wide: true },
        { key: 'position_id', label: 'Position', type: 'ref', ref: 'position', wide: true },
        { key: 'hiring_manager', label: 'Hiring manager', type: 'text', wide: true },
        { key: 'opened_on', label: 'Opened on', type: 'date' },
        { key: 'closed_on', label: 'Closed on', type: 'date', optional: true },
      ],
      defaults: ({ today }) => ({ position_id: null, title: '', hiring_manager: '', opened_on: today, closed_on: null }),
    },
    {
      kind: 'candidate',
      noCreate: true,
      label: 'candidate',
      plural: 'candidates',
      name: (r) => r.name,
      empty: 'No candidates yet. Candidates apply to a requisition and move through the stages: add them from the Pipeline.',
      sort: { key: 'applied_on', dir: -1 },
      columns: [
        { key: 'name', label: 'Name', type: 'text', width: 200 },
        { key: 'requisition_id', label: 'Requisition', type: 'ref', ref: 'requisition', width: 240 },
        { key: 'stage', label: 'Stage', type: 'enum', width: 100, status: { hired: 'good', offer: 'warn', rejected: 'muted', withdrawn: 'muted' } },
        { key: 'source', label: 'Source', type: 'text', width: 130 },
        { key: 'applied_on', label: 'Applied', type: 'date', width: 110 },
      ],
      fields: [
        { key: 'name', label: 'Name', type: 'text', wide: true },
        { key: 'requisition_id', label: 'Requisition', type: 'ref', ref: 'requisition', wide: true },
        { key: 'source', label: 'Source', type: 'text' },
        { key: 'applied_on', label: 'Applied on', type: 'date' },
      ],
      defaults: ({ today }) => ({ requisition_id: null, name: '', source: '', stage: 'applied', applied_on: today }),
    },
    {
      kind: 'interview',
      noCreate: true,
      label: 'interview',
      plural: 'interviews',
      nameNeeds: ['candidate'],
      name: (r, lookup) => `${lookup('candidate', r.candidate_id)} · ${r.interviewer}`,
      empty: 'No interviews yet. Each interview of a loop focuses on some scorecard dimensions.',
      sort: { key: 'scheduled_on', dir: -1 },
      columns: [
        { key: 'candidate_id', label: 'Candidate', type: 'ref', ref: 'candidate', width: 180 },
        { key: 'interviewer', label: 'Interviewer', type: 'text', width: 160 },
        { key: 'exercise', label: 'Exercise', type: 'text', width: 220 },
        { key: 'scheduled_on', label: 'Scheduled', type: 'date', width: 110 },
        { key: 'focus', label: 'Focus', type: 'ids', ref: 'dimension', width: 260 },
      ],
      fields: [
        { key: 'candidate_id', label: 'Candidate', type: 'ref', ref: 'candidate' },
        { key: 'interviewer', label: 'Interviewer', type: 'text' },
        { key: 'exercise', label: 'Exercise', type: 'text' },
        { key: 'scheduled_on', label: 'Scheduled on', type: 'date' },
        { key: 'focus', label: 'Focus dimensions', type: 'ids', ref: 'dimension', wide: true },
      ],
      defaults: ({ today }) => ({ candidate_id: null, interviewer: '', exercise: '', scheduled_on: today, focus: [] }),
    },
    {
      kind: 'decision',
      noCreate: true,
      label: 'decision',
      plural: 'decisions',
      nameNeeds: ['candidate'],
      name: (r, lookup) => `${lookup('candidate', r.candidate_id)}: ${r.outcome === 'hire' ? 'hire' : 'no hire'}`,
      empty: 'No decisions yet. After the debrief, record hire or no hire with the reason.',
      sort: { key: 'decided_on', dir: -1 },
      columns: [
        { key: 'candidate_id', label: 'Candidate', type: 'ref', ref: 'candidate', width: 200 },
        { key: 'outcome', label: 'Outcome', type: 'enum', width: 100, status: { hire: 'good', no_hire: 'muted' } },
        { key: 'decided_on', label: 'Decided', type: 'date', width: 110 },
        { key: 'rationale', label: 'Rationale', type: 'text', width: 420 },
      ],
      fields: [
        { key: 'candidate_id', label: 'Candidate', type: 'ref', ref: 'candidate' },
        { key: 'outcome', label: 'Outcome', type: 'enum', options: ['hire', 'no_hire'] },
        { key: 'decided_on', label: 'Decided on', type: 'date' },
        { key: 'rationale', label: 'Rationale', type: 'textarea', wide: true },
      ],
      defaults: ({ today }) => ({ candidate_id: null, outcome: 'hire', rationale: '', decided_on: today }),
    },
    {
      kind: 'dimension',
      label: 'dimension',
      plural: 'dimensions',
      name: (r) => r.name,
      empty: 'No scorecard dimensions yet.',
      sort: { key: 'sort_order', dir: 1 },
      columns: [
        { key: 'sort_order', label: 'Order', type: 'int', width: 70 },
        { key: 'name', label: 'Name', type: 'text', width: 280 },
        { key: 'good_looks_like', label: 'What good looks like', type: 'text', width: 560 },
      ],
      fields: [
        { key: 'name', label: 'Name', type: 'text', wide: true },
        { key: 'sort_order', label: 'Order', type: 'int' },
        { key: 'good_looks_like', label: 'What good looks like', type: 'textarea', wide: true },
      ],
      defaults: () => ({ name: '', good_looks_like: '', sort_order: 9 }),
    },
  ],
};
