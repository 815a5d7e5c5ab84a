// @ts-check
/**
 * File → Backups…: every backup of the open file (time, reason, size, record counts), with
 * "Back up now", Restore (asks once) and Open read-only. Every figure comes from Rust.
 */
import * as api from '../api.js';
import * as fmt from '../format.js';
import { h, replace } from '../components/dom.js';
import { modal, confirmDialog } from '../components/dialog.js';
import { ctx } from '../context.js';

/** The kinds summed up in a row, in this order, with their labels. */
const SHOWN = [['team', 'teams'], ['position', 'positions'], ['model', 'models'], ['initiative', 'initiatives'], ['cost_line', 'billing lines'], ['candidate', 'candidates']];

/** @param {number} bytes */
function size(bytes) {
  if (bytes >= 1 << 20) return `${fmt.oneDp(bytes / (1 << 20))} MiB`;
  return `${fmt.integer(Math.ceil(bytes / 1024))} KiB`;
}

/** @param {import('../api.js').BackupInfo} b */
function countsText(b) {
  return SHOWN.filter(([k]) => (b.counts[k] ?? 0) > 0).map(([k, label]) => `${fmt.integer(b.counts[k])} ${label}`).join(', ');
}

/** @param {unknown} err */
const message = (err) => (err instanceof Error ? err.message : String(err));

/**
 * Opens the dialog. `switched` is called with the new session after a restore or when a
 * backup is opened read-only (the window then shows that file).
 * @param {(session: import('../api.js').SessionInfo, note: string) => void | Promise<void>} switched
 */
export async function openBackups(switched) {
  /** @type {{session: import('../api.js').SessionInfo, note: string} | null} */
  const outcome = await modal({
    title: 'Backups',
    className: 'wide backups',
    body: (close) => {
      const status = h('p', { class: 'muted', role: 'status' });
      const list = h('div', { class: 'backups-list' });
      const readOnly = Boolean(ctx.session?.read_only);
      const now = h('button', {
        type: 'button', class: 'button primary', 'data-action': 'backup-now', text: 'Back up now', disabled: readOnly,
        onclick: async () => {
          now.disabled = true;
          try {
            const b = await api.backupsCreate();
            ctx.notify(`Backed up as backup ${b.id} (${size(b.size_bytes)})`);
            await load();
          } catch (err) {
            ctx.notify(message(err), 'error');
          } finally {
            now.disabled = readOnly;
          }
        },
      });

      /** @param {import('../api.js').BackupInfo} b */
      const restore = async (b) => {
        const ok = await confirmDialog({
          title: `Restore backup ${b.id}?`,
          lines: [
            `The file goes back to how it was at ${fmt.timestamp(b.taken_at)} UTC (${b.reason}): ${countsText(b) || 'no records'}.`,
            'The current state is backed up first ("before restore"), so this restore can itself be undone from this list.',
          ],
          confirm: 'Restore',
          danger: true,
        });
        if (!ok) return;
        try {
          const done = await api.backupsRestore(b.id);
          close({ session: done.session, note: `Restored backup ${b.id}${done.safety ? `; the state before is backup ${done.safety.id}` : ''}` });
        } catch (err) {
          ctx.notify(message(err), 'error');
        }
      };

      /** @param {import('../api.js').BackupInfo} b */
      const look = async (b) => {
        try {
          const session = await api.backupsOpenReadOnly(b.id);
          close({ session, note: `Showing backup ${b.id} read-only` });
        } catch (err) {
          ctx.notify(message(err), 'error');
        }
      };

      const load = async () => {
        let backups;
        try {
          backups = await api.backupsList();
        } catch (err) {
          replace(list, h('p', { class: 'blocked', role: 'alert', text: message(err) }));
          return;
        }
        status.textContent = backups.length
          ? `${fmt.plural(backups.length, 'backup')} in ${ctx.session?.file_name ?? 'the file'}.backups, newest first. Kept: the last ${ctx.session?.settings?.backup_keep_last ?? 10}, one a day for ${ctx.session?.settings?.backup_keep_daily_days ?? 14} days, one a month for ${ctx.session?.settings?.backup_keep_monthly_months ?? 12} months.`
          : 'No backups yet. One is taken before every import, quarter commit or close, promotion, restore and erasure, and once a day.';
        replace(list, backups.length ? h('table', { class: 'mini backups-table' },
          h('thead', {}, h('tr', {},
            h('th', { text: 'When (UTC)', style: 'width: 120px' }), h('th', { text: 'Reason' }),
            h('th', { class: 'num', text: 'Size', style: 'width: 70px' }), h('th', { text: 'Records' }),
            h('th', { style: 'width: 150px' }, h('span', { class: 'visually-hidden', text: 'Actions' })))),
          h('tbody', {}, backups.map((b) => h('tr', { 'data-backup': b.id },
            h('td', { text: fmt.timestamp(b.taken_at) }),
            h('td', { title: b.reason, text: `${b.id}. ${b.reason}` }),
            h('td', { class: 'num', text: size(b.size_bytes) }),
            h('td', { title: countsText(b), text: countsText(b) }),
            h('td', { class: 'backup-actions' },
              h('button', { type: 'button', class: 'button small', 'data-action': 'restore', disabled: readOnly, text: 'Restore…', 'aria-label': `Restore backup ${b.id}`, onclick: () => restore(b) }),
              h('button', { type: 'button', class: 'button small', 'data-action': 'open-read-only', text: 'Open', title: 'Open read-only', 'aria-label': `Open backup ${b.id} read-only`, onclick: () => look(b) })))))) : null);
      };
      load();
      queueMicrotask(() => now.focus());
      return [status, list, h('div', { class: 'modal-actions' },
        h('button', { type: 'button', class: 'button', text: 'Close', onclick: () => close(null) }), now)];
    },
  });
  if (outcome) await switched(outcome.session, outcome.note);
}
