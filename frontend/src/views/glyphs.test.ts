// The app draws its own chrome (logo, buttons, rail, badges) with the SVG
// icons of @lucide/svelte, never with emoji or symbol characters: a machine
// without an emoji font (a fresh Debian) shows those as empty boxes. Emoji
// the user chose (profile avatars, module icons) come from data and may stay.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob('../**/*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

// Pictographs, and the symbol blocks (arrows, technical, dingbats,
// miscellaneous symbols, fullwidth forms such as "＋") whose glyphs DejaVu,
// Debian's default font, lacks in part.
const risky = /[\p{Extended_Pictographic}\u2190-\u21FF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\uFF01-\uFF60]/u;

// Files whose glyphs are still to be replaced (none left).
const pending = new Set<string>([]);

describe('app chrome glyphs', () => {
  it('finds the views', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  for (const [path, text] of Object.entries(sources)) {
    if (pending.has(path)) continue;
    it(`${path} draws no emoji or symbol characters`, () => {
      const found = text
        .replace(/<!--[\s\S]*?-->/g, '')
        .split('\n')
        .map((line, i) => ({ line: i + 1, text: line.trim() }))
        .filter((l) => risky.test(l.text));
      expect(found).toEqual([]);
    });
  }
});
