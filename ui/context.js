// @ts-check
/** What every view may read about the running app: the session, the chosen quarter, navigation. */

/** @typedef {import('./api.js').SessionInfo} SessionInfo */

export const ctx = {
  /** @type {SessionInfo | null} */
  session: null,
  /** The quarter chosen in the sidebar; `null` means all quarters. @type {string | null} */
  quarter: null,
  /** Goes to a route such as `#/portfolio/model/12`. @type {(hash: string) => void} */
  navigate: (hash) => { location.hash = hash; },
  /** Reloads the sidebar's counts after a write. @type {() => void} */
  refreshCounts: () => {},
  /** Shows a short notice. @type {(text: string, tone?: 'info' | 'error') => void} */
  notify: () => {},
  /** Undoes the last action and shows the view again. @type {() => Promise<void>} */
  undo: async () => {},
  /** Redoes the action undone last and shows the view again. @type {() => Promise<void>} */
  redo: async () => {},
};

/** Values new records start with. */
export function defaultsContext() {
  const session = ctx.session;
  return {
    quarter: ctx.quarter ?? session?.quarter ?? null,
    currency: session?.settings?.currency ?? 'USD',
    today: session?.today ?? new Date().toISOString().slice(0, 10),
  };
}
