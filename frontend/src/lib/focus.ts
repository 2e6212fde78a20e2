// Focus management shared by every dialog and panel (the rule the UI follows everywhere):
//
//   - opening one moves focus inside it: to the element marked [autofocus], else `initial`,
//     else its first focusable element (a close "✕" marked data-focus-last is skipped), else itself;
//   - a modal dialog (trap: true) keeps Tab and Shift+Tab inside it;
//   - Escape closes it, unless a control inside handled Escape itself (a form that cancels an
//     edit calls preventDefault), and only the innermost scope closes (a dialog inside a dialog);
//   - closing it gives focus back to the element that had it before, or, when that element is
//     gone or hidden, to `restore()`, so focus never drops to the page body.
//
// Screen changes that are not dialogs use focusWhenReady on the new screen's heading or field.

export interface FocusScope {
  /** Called on Escape. Without it Escape is left alone. */
  onclose?: () => void;
  /** Keep Tab inside (modal dialogs). */
  trap?: boolean;
  /** Where focus goes first, if not [autofocus]. */
  initial?: () => HTMLElement | null | undefined;
  /** Where focus goes on close when the element that opened the scope is gone or hidden. */
  restore?: () => HTMLElement | null | undefined;
}

const TABBABLE = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]';

/** Whether el can take focus now (connected, rendered, not disabled, not inert). */
export function focusable(el: Element | null | undefined): el is HTMLElement {
  if (!(el instanceof HTMLElement) || !el.isConnected) return false;
  if ((el as HTMLButtonElement).disabled || el.closest('[inert]')) return false;
  if (el.getAttribute('tabindex') === null && !el.matches(TABBABLE)) return false;
  // jsdom lays nothing out, so only trust getClientRects where a layout exists.
  const laidOut = typeof document !== 'undefined' && document.documentElement.getClientRects().length > 0;
  return !laidOut || el.getClientRects().length > 0;
}

/** The elements Tab visits inside root, in order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.getAttribute('tabindex') !== '-1' && focusable(el),
  );
}

/** Focuses el if it can take focus; says whether focus is there now. */
export function tryFocus(el: HTMLElement | null | undefined, opts: FocusOptions = {}): boolean {
  if (!focusable(el)) return false;
  el.focus(opts);
  return document.activeElement === el;
}

/** Focuses the first of the candidates that can take focus, once the DOM has settled. */
export function focusWhenReady(...candidates: (() => HTMLElement | null | undefined)[]): void {
  requestAnimationFrame(() => {
    for (const c of candidates) if (tryFocus(c())) return;
  });
}

/** Focus was lost (on the body, or on nothing) rather than moved somewhere on purpose. */
function focusLost(): boolean {
  const a = document.activeElement;
  return !a || a === document.body || !a.isConnected;
}

/** Svelte action: `<div role="dialog" use:focusScope={{ onclose, trap: true }}>`. */
export function focusScope(node: HTMLElement, options: FocusScope = {}) {
  let opts = options;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;

  function first(): HTMLElement | null {
    const auto = node.querySelector<HTMLElement>('[autofocus]');
    if (focusable(auto)) return auto;
    const chosen = opts.initial?.();
    if (focusable(chosen)) return chosen;
    return tabbables(node).find((el) => !el.hasAttribute('data-focus-last')) ?? null;
  }

  queueMicrotask(() => {
    if (node.contains(document.activeElement)) return;
    const el = first();
    if (el) el.focus();
    else {
      if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
      node.focus();
    }
  });

  // Listening on the document, after Svelte's delegated handlers on the app root have run, lets
  // a control inside take Escape first (it calls preventDefault).
  function keydown(e: KeyboardEvent) {
    const t = e.target as Element | null;
    if (e.defaultPrevented || !t || !node.contains(t)) return;
    if (e.key === 'Escape' && opts.onclose && t.closest('[data-focus-close]') === node) {
      e.preventDefault();
      e.stopPropagation();
      opts.onclose();
    } else if (e.key === 'Tab' && opts.trap && t.closest('[data-focus-trap]') === node) {
      const els = tabbables(node);
      if (!els.length) {
        e.preventDefault();
        return;
      }
      const [a, z] = [els[0], els[els.length - 1]];
      const at = document.activeElement;
      if (!node.contains(at)) { e.preventDefault(); a.focus(); }
      else if (e.shiftKey && (at === a || at === node)) { e.preventDefault(); z.focus(); }
      else if (!e.shiftKey && at === z) { e.preventDefault(); a.focus(); }
    }
  }

  // A modal dialog also takes focus back if something moves it behind the dialog.
  function focusin(e: FocusEvent) {
    if (!opts.trap || node.contains(e.target as Node)) return;
    // A dialog opened on top of this one (rendered elsewhere) owns focus while it is open.
    if ((e.target as HTMLElement).closest?.('[aria-modal="true"]')) return;
    (first() ?? node).focus();
  }

  function mark() {
    node.toggleAttribute('data-focus-close', !!opts.onclose);
    node.toggleAttribute('data-focus-trap', !!opts.trap);
  }
  mark();
  document.addEventListener('keydown', keydown);
  document.addEventListener('focusin', focusin);

  return {
    update(next: FocusScope) {
      opts = next;
      mark();
    },
    destroy() {
      document.removeEventListener('keydown', keydown);
      document.removeEventListener('focusin', focusin);
      const hadFocus = node.contains(document.activeElement) || focusLost();
      const restore = opts.restore;
      if (!hadFocus) return;
      // After the DOM update that removes the scope, unless something else took focus on purpose.
      requestAnimationFrame(() => {
        if (!focusLost()) return;
        if (!tryFocus(opener)) tryFocus(restore?.());
      });
    },
  };
}

/** The first element matching one of the selectors that can take focus now. */
export function firstFocusable(...selectors: string[]): HTMLElement | null {
  for (const sel of selectors) {
    for (const el of document.querySelectorAll<HTMLElement>(sel)) if (focusable(el)) return el;
  }
  return null;
}
