// WCAG 2.2 AA contrast of the colour tokens in app.css, in both themes, computed from the file
// itself: text 4.5:1 (1.4.3), UI parts, selection marks and the focus indicator 3:1 (1.4.11).
// Each pair names a foreground token and the backgrounds the views put it on.
import { describe, it, expect } from 'vitest';
import css from './app.css?raw';

/** The custom properties of the first `:root { … }` block in src. */
function tokens(src: string): Record<string, string> {
  const m = /:root\s*\{([^}]*)\}/.exec(src);
  if (!m) throw new Error('no :root block');
  const out: Record<string, string> = {};
  for (const d of m[1].matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)) out[d[1]] = d[2].trim();
  return out;
}

const light = tokens(css);
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const dark = { ...light, ...tokens(css.slice(darkStart)) };

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Relative luminance (WCAG 2.2, "relative luminance"). */
function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function ratio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const SURFACES = ['bg', 'bg-elev', 'bg-sunk', 'bg-hover', 'bg-active'];
const TEXT = 4.5;
const UI = 3;

// [foreground, backgrounds, minimum]
const pairs: [string, string[], number][] = [
  ['fg', [...SURFACES, 'user-bubble', 'code-bg', 'accent-soft', 'danger-soft', 'ok-soft', 'warn-soft'], TEXT],
  ['fg-muted', [...SURFACES, 'code-bg', 'accent-soft', 'warn-soft'], TEXT],
  ['fg-faint', [...SURFACES, 'code-bg'], TEXT],
  ['accent', ['bg', 'bg-elev', 'bg-sunk', 'bg-hover', 'accent-soft'], TEXT],
  ['accent-fg', ['accent'], TEXT],
  ['danger', ['bg', 'bg-elev', 'bg-hover', 'danger-soft'], TEXT],
  ['danger-fg', ['danger'], TEXT],
  ['ok', ['bg-elev', 'ok-soft'], TEXT],
  ['warn', ['bg', 'bg-elev', 'warn-soft'], TEXT],
  ['info', ['bg-elev'], TEXT],
  ...['hl-comment', 'hl-keyword', 'hl-string', 'hl-number', 'hl-title', 'hl-attr', 'hl-builtin'].map(
    (t): [string, string[], number] => [t, ['code-bg'], TEXT],
  ),
  // The focus outline sits 2px outside the element, on whatever surface holds it.
  ['focus-ring', [...SURFACES, 'accent-soft', 'user-bubble'], UI],
  // Text fields and selects are recognised by their border.
  ['border-control', ['bg', 'bg-elev', 'bg-sunk'], UI],
  // Checked switches, selected radios' frames, step pips.
  ['accent', ['bg-elev', 'accent-soft'], UI],
  ['warn', ['bg-elev'], UI],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('%s theme', (_name, t) => {
  it.each(pairs.flatMap(([fg, bgs, min]) => bgs.map((bg) => [fg, bg, min] as const)))('%s on %s is at least %s:1', (fg, bg, min) => {
    const r = ratio(t[fg], t[bg]);
    expect(r, `${fg} ${t[fg]} on ${bg} ${t[bg]}: ${r.toFixed(2)}:1`).toBeGreaterThanOrEqual(min);
  });
});

describe('token parsing', () => {
  it('reads both themes and computes known ratios', () => {
    expect(light.bg).toBe('#f7f7f5');
    expect(dark.bg).toBe('#18191b');
    expect(ratio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    // The old primary button (white on #d9653b) was 3.6:1; the check must see that as failing.
    expect(ratio('#ffffff', '#d9653b')).toBeLessThan(TEXT);
  });
});
