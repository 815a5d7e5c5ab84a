// @ts-check
/**
 * The roadmap board: fiscal quarters as columns, teams as rows, initiatives as cards, and each
 * team's capacity, demand and balance per quarter (computed in Rust). Cards move by drag and drop
 * or by keyboard; every move is one core call, and the board is reloaded from Rust after it.
 */
import * as api from '../../api.js';
import * as fmt from '../../format.js';
import { afterPaint, h, replace } from '../../components/dom.js';
import { viewHead } from '../../components/view_head.js';
import { ctx } from '../../context.js';
import { openRecordImport } from '../import/dialog.js';
import { baseQuarter, fail, needsQuarter, pw, quartersFrom, statusPill } from './common.js';

/** @typedef {import('../../api.js').Board} Board */
/** @typedef {import('../../api.js').BoardCard} BoardCard */
/** @typedef {import('../../api.js').TeamCapacity} TeamCapacity */

/** How many quarters the board shows from the chosen one. */
const COLUMNS = 4;
/** Team rows built before the board is first shown (more than a screenful; every demo team). */
const FIRST_ROWS = 12;

/** @type {import('../../components/registry.js').Page} */
export default { id: 'board', tab: 'Board', render: renderBoard };

/**
 * @param {HTMLElement} root
 * @param {import('../../components/registry.js').PageRoute} route
 */
async function renderBoard(root, { area }) {
  const from = baseQuarter();
  const newButton = h('button', {
    type: 'button', class: 'button primary', 'data-action': 'new', text: 'New initiative',
    onclick: () => ctx.navigate('#/roadmap/initiative/new'),
  });
  const importButton = h('button', {
    type: 'button', class: 'button', 'data-action': 'import', text: 'Import…',
    title: 'Import initiatives from a Jira or Linear CSV export', onclick: () => openRecordImport('initiative'),
  });
  if (!from) {
    replace(root, viewHead(area, 'board', h('div', { class: 'grow' }), importButton, newButton), needsQuarter('the board'));
    return { focusFilter: () => {} };
  }
  const quarters = quartersFrom(from, COLUMNS);
  let board = await api.roadmapBoard(quarters);
  const filter = h('input', {
    type: 'search', class: 'filter', 'data-filter': 'board', placeholder: 'Filter cards…',
    'aria-label': 'Filter cards by title', 'aria-keyshortcuts': '/',
  });
  const live = h('div', { class: 'board-live', role: 'status', 'aria-live': 'polite', 'data-testid': 'board-live' });
  const host = h('div', { class: 'board-host' });
  const help = h('span', {
    class: 'board-help muted', title: 'Arrow keys move the focus; Ctrl+Arrows (or Alt+←/→) move the card to the neighbouring quarter or team; Alt+↑/↓ change its rank; Enter opens it. Cards can be dragged too.',
    text: 'Ctrl+Arrows move · Alt+↑↓ rank · Enter opens',
  });
  const foot = h('footer', { class: 'view-foot' });
  replace(root,
    viewHead(area, 'board', h('span', { class: 'scope board-scope', text: `${quarters[0]} → ${quarters[quarters.length - 1]}` }),
      h('div', { class: 'grow' }), help, filter, importButton, newButton),
    h('div', { class: 'view-body' }, host),
    foot, live);
  filter.addEventListener('input', () => applyFilter());

  /** @type {number | null} */
  let focusAfter = null;
  /** Which drawing of the board is current, and how to finish building its rows now. */
  let drawn = 0;
  let buildAll = () => {};

  function applyFilter() {
    const needle = filter.value.trim().toLowerCase();
    const hit = (/** @type {string} */ title) => !needle || title.toLowerCase().includes(needle);
    for (const el of host.querySelectorAll('.board-card')) {
      const card = /** @type {HTMLElement} */ (el);
      card.hidden = !hit(card.dataset.title ?? '');
    }
    // Counted from the data: the rows after the first screen may still be being built.
    const shown = board.cards.filter((c) => hit(c.initiative.title)).length;
    foot.textContent = `${fmt.count(shown, board.cards.length, 'initiative', 'initiatives')} in ${quarters[0]} → ${quarters[quarters.length - 1]}`;
  }

  /** @param {number} teamId @param {string} quarter */
  const capacityOf = (teamId, quarter) => board.capacity.find((c) => c.team_id === teamId && c.quarter === quarter);
  /** @param {number} teamId @param {string} quarter */
  const cardsIn = (teamId, quarter) => board.cards.filter((c) => c.initiative.team_id === teamId && c.initiative.quarter === quarter);

  function draw() {
    if (!board.teams.length) {
      replace(host, h('div', { class: 'empty' },
        h('p', { text: 'No teams yet. The board has a row per team: add teams and their positions first.' }),
        h('a', { class: 'button', href: '#/org/team/new', text: 'New team' })));
      applyFilter();
      return;
    }
    // A grid per team row, all with the same columns, so rows out of view can skip layout and
    // paint (`content-visibility` in styles.css): 70 teams switch in about the time of 7.
    const columns = `168px repeat(${quarters.length}, minmax(200px, 1fr))`;
    const row = (/** @type {string} */ className, /** @type {HTMLElement[]} */ cells) => {
      const el = h('div', { class: className }, cells);
      el.style.gridTemplateColumns = columns;
      return el;
    };
    const grid = h('div', { class: 'board-grid', role: 'region', 'aria-label': 'Roadmap board: teams by fiscal quarter' },
      row('board-row board-head', [h('div', { class: 'board-corner', title: 'Capacity, demand and balance in person-weeks', text: 'Team (pw)' }),
        ...quarters.map((q) => h('div', { class: 'board-qhead', 'data-quarter': q },
          h('span', { text: q }), q === ctx.session?.quarter ? h('span', { class: 'pill', text: 'current' }) : null))]));
    const teamRow = (/** @type {import('../../api.js').BoardTeam} */ team) => row('board-row', [h('div', { class: 'board-team', text: team.name, title: team.name }),
      ...quarters.map((quarter) => cell(team, quarter))]);
    // The first screen of teams is built before the view is shown, the rest one chunk per frame
    // after it; a key or a move builds them all at once (`buildAll`).
    const pending = board.teams.slice();
    grid.append(...pending.splice(0, focusAfter === null ? FIRST_ROWS : pending.length).map(teamRow));
    const generation = ++drawn;
    buildAll = () => {
      if (generation !== drawn || !pending.length) return;
      grid.append(...pending.splice(0).map(teamRow));
      applyFilter();
    };
    const more = async () => {
      await afterPaint();
      if (generation !== drawn || !pending.length || !grid.isConnected) return;
      grid.append(...pending.splice(0, FIRST_ROWS).map(teamRow));
      applyFilter();
      more();
    };
    if (pending.length) more();
    replace(host, grid);
    applyFilter();
    if (focusAfter !== null) {
      const card = /** @type {HTMLElement | null} */ (host.querySelector(`.board-card[data-id="${focusAfter}"]`));
      card?.focus();
      card?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      focusAfter = null;
    }
  }

  /**
   * @param {import('../../api.js').BoardTeam} team
   * @param {string} quarter
   */
  function cell(team, quarter) {
    const cap = capacityOf(team.id, quarter);
    const cards = cardsIn(team.id, quarter);
    const over = Boolean(cap?.over_allocated);
    const figures = cap ? h('div', { class: 'board-cap', 'data-testid': 'cell-capacity' },
      h('span', { title: 'Capacity after KTLO and leave allowances' }, h('span', { class: 'muted', text: 'Cap ' }), h('span', { class: 'board-capacity', text: pw(cap.capacity_pw) })),
      h('span', { title: 'Effort of the initiatives planned here (cancelled ones excluded)' }, h('span', { class: 'muted', text: 'Dem ' }), h('span', { class: 'board-demand', text: pw(cap.demand_pw) })),
      h('span', { title: 'Capacity minus demand' }, h('span', { class: 'muted', text: 'Bal ' }), h('span', { class: `board-balance${over ? ' bad' : ''}`, text: pw(cap.balance_pw) })),
      over ? h('span', { class: 'pill bad board-gap', text: `Over by ${pw(cap.gap_pw)} pw` }) : null) : null;
    return h('div', {
      class: `board-cell${over ? ' over' : ''}`, role: 'group', 'data-team': team.id, 'data-quarter': quarter,
      'aria-label': `${team.name}, ${quarter}${cap ? `: capacity ${pw(cap.capacity_pw)}, demand ${pw(cap.demand_pw)}, balance ${pw(cap.balance_pw)} person-weeks${over ? ', over-allocated' : ''}` : ''}`,
    }, figures, h('div', { class: 'board-cards' }, cards.map(cardEl)));
  }

  /** @param {BoardCard} card */
  function cardEl(card) {
    const i = card.initiative;
    const warned = card.warnings.length > 0;
    const el = h('article', {
      class: `board-card${warned ? ' warned' : ''}${i.status === 'cancelled' ? ' cancelled' : ''}`,
      tabindex: 0, 'data-id': i.id, 'data-title': i.title,
      'aria-label': `${i.title}, rank ${i.rank}, ${fmt.oneDp(i.effort_pw)} person-weeks, ${fmt.words(i.status)}${warned ? ', has a dependency warning' : ''}`,
      'aria-roledescription': 'movable card',
    },
    h('div', { class: 'board-card-title', text: i.title }),
    h('div', { class: 'board-card-meta' },
      h('span', { class: 'board-rank', title: 'Rank in the quarter', text: `#${i.rank}` }),
      h('span', { class: 'board-effort', text: `${fmt.oneDp(i.effort_pw)} pw` }),
      statusPill(i.status)),
    card.depends_on.length ? h('div', { class: 'board-deps' }, h('span', { class: 'muted', text: 'Needs ' }),
      card.depends_on.map((d, n) => h('span', { class: 'board-dep', title: `${d.title} (${d.quarter}, ${fmt.words(d.status)})` },
        `${n ? ', ' : ''}${d.title} (${d.quarter})`))) : null,
    card.warnings.map((w) => h('div', { class: 'board-warning', role: 'note', 'data-warning': w.kind },
      h('span', { 'aria-hidden': 'true', text: '⚠ ' }), w.message)));
    el.addEventListener('keydown', (event) => onKey(event, card));
    el.addEventListener('dblclick', () => ctx.navigate(`#/roadmap/initiative/${i.id}`));
    el.addEventListener('pointerdown', (event) => startDrag(event, card, el));
    return el;
  }

  /**
   * @param {KeyboardEvent} event
   * @param {BoardCard} card
   */
  function onKey(event, card) {
    buildAll();
    const i = card.initiative;
    const teamIndex = board.teams.findIndex((t) => t.id === i.team_id);
    const quarterIndex = quarters.indexOf(i.quarter);
    const arrows = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
    if (event.key === 'Enter') {
      event.preventDefault();
      ctx.navigate(`#/roadmap/initiative/${i.id}`);
      return;
    }
    if (!arrows.includes(event.key)) return;
    event.preventDefault();
    const dq = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
    const dt = event.key === 'ArrowUp' ? -1 : event.key === 'ArrowDown' ? 1 : 0;
    if (event.ctrlKey || (event.altKey && dq !== 0)) {
      // Move to the neighbouring quarter (left/right) or team (up/down).
      const quarter = quarters[quarterIndex + dq];
      const team = board.teams[teamIndex + (event.ctrlKey ? dt : 0)];
      if (!quarter || !team) {
        say(`${i.title} is already in the ${dq ? (dq < 0 ? 'first quarter' : 'last quarter') : (dt < 0 ? 'first team' : 'last team')} shown.`);
        return;
      }
      move(card, team.id, quarter, quarter === i.quarter ? i.rank : null);
      return;
    }
    if (event.altKey) {
      // Change the rank: swap places with the neighbouring card of the same cell.
      const siblings = cardsIn(i.team_id, i.quarter);
      const at = siblings.findIndex((c) => c.initiative.id === i.id);
      const other = siblings[at + dt];
      if (!other) {
        say(`${i.title} is already ${dt < 0 ? 'first' : 'last'} in its cell.`);
        return;
      }
      move(card, i.team_id, i.quarter, other.initiative.rank);
      return;
    }
    focusNeighbour(card, dq, dt);
  }

  /**
   * Moves focus to the card above/below in the cell, or to the first card of the neighbouring cell.
   * @param {BoardCard} card @param {number} dq @param {number} dt
   */
  function focusNeighbour(card, dq, dt) {
    const i = card.initiative;
    const visible = (/** @type {BoardCard[]} */ list) => list.filter((c) => !host.querySelector(`.board-card[data-id="${c.initiative.id}"]`)?.hasAttribute('hidden'));
    let target = null;
    if (dt !== 0) {
      const siblings = visible(cardsIn(i.team_id, i.quarter));
      const at = siblings.findIndex((c) => c.initiative.id === i.id);
      target = siblings[at + dt] ?? null;
      if (!target) {
        // Past the end of the cell: the nearest card in the team above or below, same quarter.
        let t = board.teams.findIndex((x) => x.id === i.team_id) + dt;
        while (!target && t >= 0 && t < board.teams.length) {
          const list = visible(cardsIn(board.teams[t].id, i.quarter));
          target = (dt > 0 ? list[0] : list[list.length - 1]) ?? null;
          t += dt;
        }
      }
    } else {
      let q = quarters.indexOf(i.quarter) + dq;
      while (!target && q >= 0 && q < quarters.length) {
        target = visible(cardsIn(i.team_id, quarters[q]))[0] ?? null;
        q += dq;
      }
    }
    if (target) /** @type {HTMLElement | null} */ (host.querySelector(`.board-card[data-id="${target.initiative.id}"]`))?.focus();
  }

  /** @param {string} text */
  function say(text) {
    live.textContent = text;
  }

  /**
   * Moves a card in the plan (one transaction in Rust), reloads the board and announces the result.
   * @param {BoardCard} card @param {number} teamId @param {string} quarter @param {number | null} rank
   */
  async function move(card, teamId, quarter, rank) {
    try {
      const moved = await api.roadmapMove(card.initiative.id, teamId, quarter, rank);
      board = await api.roadmapBoard(quarters);
      focusAfter = moved.id;
      draw();
      const team = board.teams.find((t) => t.id === moved.team_id)?.name ?? '';
      const cap = capacityOf(moved.team_id, moved.quarter);
      const balance = cap ? ` ${team} balance in ${moved.quarter}: ${pw(cap.balance_pw)} pw${cap.over_allocated ? `, over by ${pw(cap.gap_pw)} pw` : ''}.` : '';
      say(`Moved ${moved.title} to ${team}, ${moved.quarter}, rank ${moved.rank}.${balance}`);
      ctx.notify(`Moved ${moved.title} to ${team}, ${moved.quarter}`);
      ctx.refreshCounts();
    } catch (err) {
      fail(err);
    }
  }

  /**
   * Drag with the pointer: the card follows, the cell under it is highlighted, and dropping
   * moves it there (before the card it is dropped on, else last in that cell's quarter).
   * @param {PointerEvent} event @param {BoardCard} card @param {HTMLElement} el
   */
  function startDrag(event, card, el) {
    if (event.button !== 0) return;
    const startX = event.clientX;
    const startY = event.clientY;
    let dragging = false;
    /** @type {HTMLElement | null} */
    let over = null;
    /** @type {HTMLElement | null} */
    let before = null;
    const clear = () => {
      host.querySelectorAll('.drop-target, .drop-before').forEach((n) => n.classList.remove('drop-target', 'drop-before'));
    };
    /** @param {PointerEvent} e */
    const onMove = (e) => {
      const dx = e.clientX - startX;
      const dy = e.clientY - startY;
      if (!dragging && Math.hypot(dx, dy) < 6) return;
      if (!dragging) {
        dragging = true;
        el.classList.add('dragging');
        el.setPointerCapture?.(e.pointerId);
      }
      el.style.transform = `translate(${dx}px, ${dy}px)`;
      el.style.pointerEvents = 'none';
      const under = document.elementFromPoint(e.clientX, e.clientY);
      el.style.pointerEvents = '';
      clear();
      over = /** @type {HTMLElement | null} */ (under?.closest('.board-cell') ?? null);
      before = /** @type {HTMLElement | null} */ (under?.closest('.board-card') ?? null);
      if (before === el) before = null;
      over?.classList.add('drop-target');
      before?.classList.add('drop-before');
    };
    const onUp = () => {
      document.removeEventListener('pointermove', onMove);
      document.removeEventListener('pointerup', onUp);
      document.removeEventListener('pointercancel', onUp);
      clear();
      el.classList.remove('dragging');
      el.style.transform = '';
      if (!dragging || !over) return;
      const teamId = Number(over.dataset.team);
      const quarter = /** @type {string} */ (over.dataset.quarter);
      const i = card.initiative;
      const target = before ? board.cards.find((c) => c.initiative.id === Number(before?.dataset.id)) : null;
      let rank = null;
      if (target) {
        // Before the target: its rank, one less when the card leaves a place above it.
        rank = target.initiative.rank - (i.quarter === quarter && i.rank < target.initiative.rank ? 1 : 0);
      } else if (quarter === i.quarter) {
        if (teamId === i.team_id) return;
        rank = i.rank;
      }
      focusAfter = i.id;
      move(card, teamId, quarter, rank);
    };
    document.addEventListener('pointermove', onMove);
    document.addEventListener('pointerup', onUp);
    document.addEventListener('pointercancel', onUp);
  }

  draw();
  return { focusFilter: () => filter.focus() };
}
