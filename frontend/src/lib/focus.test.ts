import { describe, it, expect, vi, afterEach } from 'vitest';
import { focusScope } from './focus';

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
const tick = () => new Promise((r) => setTimeout(r, 0));

function dialog(html: string): HTMLElement {
  const d = document.createElement('div');
  d.innerHTML = html;
  document.body.append(d);
  return d;
}

function key(el: Element, k: string, shift = false): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: k, shiftKey: shift, bubbles: true, cancelable: true });
  el.dispatchEvent(e);
  return e;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('focusScope', () => {
  it('moves focus in, keeps Tab inside, closes on Escape and gives focus back', async () => {
    const opener = dialog('<button id="opener">Open</button>').querySelector('button')!;
    opener.focus();
    const d = dialog('<button data-focus-last id="x">x</button><input id="a"><button id="z">OK</button>');
    const onclose = vi.fn();
    const scope = focusScope(d, { onclose, trap: true });
    await tick();
    expect(document.activeElement?.id).toBe('a'); // the close button is skipped

    (d.querySelector('#z') as HTMLElement).focus();
    expect(key(document.activeElement!, 'Tab').defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe('x');
    key(document.activeElement!, 'Tab', true);
    expect(document.activeElement?.id).toBe('z');

    key(document.activeElement!, 'Escape');
    expect(onclose).toHaveBeenCalledTimes(1);
    scope.destroy();
    d.remove();
    await frame();
    expect(document.activeElement).toBe(opener);
  });

  it('leaves Escape to a control that handled it, and only the innermost scope closes', async () => {
    const outer = dialog('<input id="o"><form id="f"><textarea id="t"></textarea></form><div id="inner"><button id="b">b</button></div>');
    const closeOuter = vi.fn();
    const closeInner = vi.fn();
    focusScope(outer, { onclose: closeOuter, trap: true });
    focusScope(outer.querySelector('#inner') as HTMLElement, { onclose: closeInner, trap: true });
    await tick();

    const form = outer.querySelector('#f')!;
    form.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Escape' && e.preventDefault());
    key(outer.querySelector('#t')!, 'Escape');
    expect(closeOuter).not.toHaveBeenCalled();

    key(outer.querySelector('#b')!, 'Escape');
    expect(closeInner).toHaveBeenCalledTimes(1);
    expect(closeOuter).not.toHaveBeenCalled();
  });

  it('falls back to restore() when the opener is gone', async () => {
    const host = dialog('<button id="gone">row</button><button id="next">next</button>');
    (host.querySelector('#gone') as HTMLElement).focus();
    const d = dialog('<button id="ok">OK</button>');
    const scope = focusScope(d, { trap: true, restore: () => host.querySelector<HTMLElement>('#next') });
    await tick();
    host.querySelector('#gone')!.remove();
    scope.destroy();
    d.remove();
    await frame();
    expect(document.activeElement?.id).toBe('next');
  });
});
