// @ts-check
/**
 * The quarter's life cycle: commit (freeze the snapshot of what the teams committed to), close
 * (record how each committed initiative ended), roadmap predictability, and the diff of the
 * current plan against the snapshot. Every figure comes from `core::planning`.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { h, replace } from '../../components/dom.js';
import { viewHead } from '../../components/view_head.js';
import { confirmDialog } from '../../components/dialog.js';
import { loadLookup } from '../../components/registry.js';
import { ctx } from '../../context.js';
import { baseQuarter, cols, fail, message, needsQuarter, statusPill } from './common.js';

/** @type {import('../../components/registry.js').Page} */
export default { id: 'review', tab: 'Commit & close', render: renderReview };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderReview(root, { area }) {
  const quarter = baseQuarter();
  if (!quarter) {
    replace(root, viewHead(area, 'review'), needsQuarter('its commitment'));
    return { focusFilter: () => {} };
  }
  const [review, lookup] = await Promise.all([api.roadmapReview(quarter), loadLookup(['team'])]);
  const team = (/** @type {number | null} */ id) => (id === null ? '—' : lookup('team', id));
  const reload = () => ctx.navigate('#/roadmap/review');

  /** @type {HTMLElement | null} */
  let action = null;
  /** @type {Node[]} */
  const sections = [];
  const state = !review.snapshot ? 'Not committed' : review.closed ? 'Closed' : 'Committed, open';

  if (!review.snapshot) {
    action = h('button', {
      type: 'button', class: 'button primary', 'data-action': 'commit', disabled: review.committable === 0,
      text: `Commit ${quarter}…`, onclick: () => commit(),
    });
    sections.push(h('section', { class: 'card' },
      h('header', { class: 'card-head' }, h('h2', { text: 'Commitment' })),
      h('p', { text: review.committable
        ? `${fmt.plural(review.committable, 'initiative')} of ${quarter} ${review.committable === 1 ? 'is' : 'are'} committed, in progress or done. Committing freezes them as the quarter's snapshot; predictability is measured against it.`
        : `No initiative of ${quarter} is committed yet. Mark the ones the teams commit to as committed on the board or in the initiatives table first.` }),
      planTable(review.planned)));
  } else {
    sections.push(predictabilityCard(review));
    sections.push(itemsCard());
    sections.push(diffCard(/** @type {import('../../api.js').PlanDiff} */ (review.diff), team));
  }

  replace(root,
    viewHead(area, 'review', h('span', { class: 'scope', text: quarter }),
      h('span', { class: `pill ${review.closed ? 'good' : review.snapshot ? 'warn' : 'muted'}`, 'data-testid': 'quarter-state', text: state }),
      h('div', { class: 'grow' }), action),
    h('div', { class: 'qtr-body' }, sections),
    h('footer', { class: 'view-foot', text: review.snapshot
      ? `Snapshot frozen ${fmt.timestamp(review.snapshot.frozen_at)} UTC · ${fmt.plural(review.items.length, 'committed initiative')}`
      : 'No snapshot yet' }));
  return { focusFilter: () => {} };

  async function commit() {
    const ok = await confirmDialog({
      title: `Commit ${quarter}?`,
      lines: [`This freezes the ${fmt.plural(review.committable, 'committed initiative')} of ${quarter} as its snapshot. A snapshot cannot be changed afterwards.`],
      confirm: `Commit ${quarter}`,
    });
    if (!ok) return;
    try {
      const snapshot = await api.quarterCommit(quarter);
      ctx.notify(`Committed ${quarter}: ${fmt.plural(snapshot.items.length, 'initiative')} frozen`);
      reload();
    } catch (err) {
      fail(err);
    }
  }

  /**
   * The quarter's initiatives as planned now; the committed ones are what a commit freezes.
   * @param {import('../../api.js').PlannedInitiative[]} rows
   */
  function planTable(rows) {
    if (!rows.length) return h('p', { class: 'muted', text: `Nothing is planned in ${quarter} yet.` });
    return h('table', { class: 'mini qtr-items', 'data-testid': 'quarter-plan' },
      cols([64, 0, 170, 100, 130, 150]),
      h('thead', {}, h('tr', {}, h('th', { text: 'Rank' }), h('th', { text: 'Initiative' }), h('th', { text: 'Team' }),
        h('th', { class: 'num', text: 'Effort (pw)' }), h('th', { text: 'Status' }), h('th', { text: 'Frozen by a commit' }))),
      h('tbody', {}, rows.map(({ initiative: i, committed }) => h('tr', { 'data-initiative': i.id },
        h('td', { text: `#${i.rank}` }),
        h('td', {}, h('a', { href: `#/roadmap/initiative/${i.id}`, text: i.title, title: i.title })),
        h('td', { text: team(i.team_id) }),
        h('td', { class: 'num', text: fmt.oneDp(i.effort_pw) }),
        h('td', {}, statusPill(i.status)),
        h('td', { text: committed ? 'Yes' : 'No' })))));
  }

  /** The snapshot's items: outcomes to choose while open, recorded ones once closed. */
  function itemsCard() {
    /** @type {Map<number, HTMLSelectElement>} */
    const choices = new Map();
    const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const rows = review.items.map(({ item, status, suggested }) => {
      let outcome;
      if (review.closed || item.outcome) {
        outcome = statusPill(item.outcome ?? 'proposed');
      } else {
        const select = h('select', { 'aria-label': `Outcome of ${item.title}`, 'data-item': item.id },
          h('option', { value: '', text: 'Choose…' }),
          ['delivered', 'slipped', 'cancelled'].map((o) => h('option', { value: o, selected: o === suggested, text: fmt.words(o) })));
        choices.set(item.id, select);
        outcome = select;
      }
      return h('tr', { 'data-item': item.id },
        h('td', { text: item.title, title: item.title }),
        h('td', { text: team(item.team_id) }),
        h('td', { class: 'num', text: fmt.oneDp(item.effort_pw) }),
        h('td', {}, status ? statusPill(status) : h('span', { class: 'muted', text: 'Deleted' })),
        h('td', {}, outcome));
    });
    const close = review.closed ? null : h('button', {
      type: 'button', class: 'button primary', 'data-action': 'close', text: `Close ${quarter}…`,
      onclick: async () => {
        error.hidden = true;
        /** @type {Record<number, import('../../api.js').Outcome>} */
        const outcomes = {};
        const missing = [];
        for (const [id, select] of choices) {
          if (select.value) outcomes[id] = /** @type {import('../../api.js').Outcome} */ (select.value);
          else missing.push(review.items.find((r) => r.item.id === id)?.item.title ?? `#${id}`);
        }
        if (missing.length) {
          error.hidden = false;
          error.textContent = `Say whether these were delivered, slipped or cancelled: ${missing.join('; ')}`;
          return;
        }
        const counts = Object.values(outcomes).reduce((acc, o) => acc.set(o, (acc.get(o) ?? 0) + 1), new Map());
        const ok = await confirmDialog({
          title: `Close ${quarter}?`,
          lines: [
            `Records the outcome of ${fmt.plural(choices.size, 'committed initiative')}: ${[...counts].map(([o, n]) => `${n} ${o}`).join(', ')}.`,
            'Outcomes cannot be changed once recorded.',
          ],
          confirm: `Close ${quarter}`,
        });
        if (!ok) return;
        try {
          await api.quarterClose(quarter, outcomes);
          ctx.notify(`Closed ${quarter}`);
          reload();
        } catch (err) {
          error.hidden = false;
          error.textContent = message(err);
        }
      },
    });
    return h('section', { class: 'card' },
      h('header', { class: 'card-head' }, h('h2', { text: review.closed ? 'Committed initiatives and how they ended' : 'Committed initiatives: record how each ended' })),
      h('table', { class: 'mini qtr-items', 'data-testid': 'snapshot-items' },
        cols([0, 170, 100, 130, 170]),
        h('thead', {}, h('tr', {}, h('th', { text: 'Initiative' }), h('th', { text: 'Team' }), h('th', { class: 'num', text: 'Effort (pw)' }),
          h('th', { text: 'Status now' }), h('th', { text: 'Outcome' }))),
        h('tbody', {}, rows)),
      error,
      close ? h('div', { class: 'actions' }, close) : null);
  }
}

/** @param {import('../../api.js').QuarterReview} review */
function predictabilityCard(review) {
  const p = review.predictability;
  const ratio = p?.ratio ?? null;
  return h('section', { class: 'card', 'data-testid': 'predictability' },
    h('header', { class: 'card-head' }, h('h2', { text: `Roadmap predictability${p?.closed ? '' : ' so far'}` })),
    h('div', { class: 'figures' },
      h('div', { class: 'figure' }, h('span', { class: 'figure-value qtr-ratio', text: ratio === null ? '—' : fmt.percent(ratio * 100) }), h('span', { class: 'figure-label', text: 'delivered ÷ committed' })),
      h('div', { class: 'figure' }, h('span', { class: 'figure-value', text: fmt.integer(p?.committed ?? 0) }), h('span', { class: 'figure-label', text: 'committed' })),
      h('div', { class: 'figure' }, h('span', { class: 'figure-value', text: fmt.integer(p?.delivered ?? 0) }), h('span', { class: 'figure-label', text: 'delivered' })),
      h('div', { class: 'figure' }, h('span', { class: 'figure-value', text: fmt.integer(p?.slipped ?? 0) }), h('span', { class: 'figure-label', text: 'slipped' })),
      h('div', { class: 'figure' }, h('span', { class: 'figure-value', text: fmt.integer(p?.cancelled ?? 0) }), h('span', { class: 'figure-label', text: 'cancelled' })),
      h('div', { class: 'figure' }, h('span', { class: 'figure-value', text: fmt.integer(p?.pending ?? 0) }), h('span', { class: 'figure-label', text: 'not ended yet' }))),
    ratio !== null ? h('div', { class: 'meter', role: 'img', 'aria-label': `${fmt.percent(ratio * 100)} delivered` },
      meterFill(ratio)) : null);
}

/** @param {number} ratio 0 to 1 */
function meterFill(ratio) {
  const fill = h('div', { class: 'meter-fill' });
  fill.style.width = `${Math.max(0, Math.min(1, ratio)) * 100}%`;
  return fill;
}

/**
 * @param {import('../../api.js').PlanDiff} diff
 * @param {(id: number | null) => string} team
 */
function diffCard(diff, team) {
  /** @param {string} title @param {string[]} heads @param {Node[]} rows @param {string} key */
  const part = (title, heads, rows, key) => h('div', { class: 'qtr-diff-part', 'data-diff': key },
    h('h3', { text: `${title} (${rows.length})` }),
    rows.length ? h('table', { class: 'mini' }, h('thead', {}, h('tr', {}, heads.map((t) => h('th', { class: t.endsWith('(pw)') ? 'num' : '', text: t })))), h('tbody', {}, rows))
      : h('p', { class: 'muted', text: 'None' }));
  const empty = !diff.added.length && !diff.dropped.length && !diff.moved.length && !diff.re_estimated.length;
  return h('section', { class: 'card', 'data-testid': 'plan-diff' },
    h('header', { class: 'card-head' }, h('h2', { text: `The plan now against the snapshot of ${diff.quarter}` })),
    empty ? h('p', { class: 'muted', text: 'The plan still matches the snapshot.' }) : null,
    h('div', { class: 'qtr-diff' },
      part('Added', ['Initiative', 'Team', 'Effort (pw)'], diff.added.map((a) => h('tr', {}, h('td', { text: a.title }), h('td', { text: team(a.team_id) }), h('td', { class: 'num', text: fmt.oneDp(a.effort_pw) }))), 'added'),
      part('Dropped', ['Initiative', 'Why', 'Effort (pw)'], diff.dropped.map((d) => h('tr', {}, h('td', { text: d.title }), h('td', { text: fmt.words(d.reason) }), h('td', { class: 'num', text: fmt.oneDp(d.effort_pw) }))), 'dropped'),
      part('Moved', ['Initiative', 'Now'], diff.moved.map((m) => h('tr', {}, h('td', { text: m.title }), h('td', { text: `${team(m.to_team_id)}, ${m.to_quarter}${m.from_team_id !== m.to_team_id ? ` (was ${team(m.from_team_id)})` : ''}` }))), 'moved'),
      part('Re-estimated', ['Initiative', 'Was (pw)', 'Now (pw)'], diff.re_estimated.map((r) => h('tr', {}, h('td', { text: r.title }), h('td', { class: 'num', text: fmt.oneDp(r.from_pw) }), h('td', { class: 'num', text: fmt.oneDp(r.to_pw) }))), 're_estimated')));
}
