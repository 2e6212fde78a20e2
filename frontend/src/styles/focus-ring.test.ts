// The focus indicator is one rule in app.css: an outline in the focus-ring colour, marked
// !important so no component rule can remove it. Components may move it (outline-offset) or draw
// it on the element that stands for an invisible control, but never turn an outline off.
import { describe, it, expect } from 'vitest';
import css from './app.css?raw';

const sources = import.meta.glob('../**/*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** The declarations that would hide or weaken an outline. */
const hides = /outline(-style)?\s*:\s*(none|0|hidden)\b|outline-width\s*:\s*0|outline[^;{}]*!important/g;

describe('focus ring', () => {
  it('is one !important outline in app.css', () => {
    expect(css).toMatch(/:focus-visible\s*\{\s*outline:\s*2px solid var\(--focus-ring\) !important;/);
    // The only place an outline is turned off: focus that did not come from the keyboard.
    const plain = css.replace(/\/\*[\s\S]*?\*\//g, '');
    const off = [...plain.matchAll(/([^{}]*)\{[^}]*outline:\s*none/g)].map((m) => m[1].trim());
    expect(off).toEqual([':focus:not(:focus-visible)']);
  });

  it('finds the views', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  for (const [path, text] of Object.entries(sources)) {
    it(`${path} does not hide or override the outline`, () => {
      const style = /<style[^>]*>([\s\S]*?)<\/style>/.exec(text)?.[1] ?? '';
      expect(style.match(hides) ?? []).toEqual([]);
      expect(text.match(/style(:outline)?=["{][^"}]*outline\s*:\s*none/g) ?? []).toEqual([]);
    });
  }
});
