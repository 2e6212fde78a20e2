// Small formatting helpers for the views.

export function relativeTime(ms: number, now = Date.now()): string {
  if (!ms) return '';
  const s = Math.round((now - ms) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 7) return `${d} d ago`;
  return new Date(ms).toLocaleDateString();
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export interface Segment { text: string; hit: boolean }

/** Drops Markdown markers (emphasis, code ticks, headings, list bullets) a
 *  snippet cut from a message would otherwise show raw. */
export function plainSnippet(s: string): string {
  return s
    .replace(/(\*\*|__|~~|`+)/g, '')
    .replace(/(^|\n)\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/g, '$1')
    .replace(/\s+/g, ' ');
}

/** Splits a search snippet whose matches are wrapped in \u0002 ... \u0003. */
export function snippetSegments(raw: string): Segment[] {
  const snippet = plainSnippet(raw);
  const out: Segment[] = [];
  const re = /\u0002([\s\S]*?)\u0003/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) out.push({ text: snippet.slice(last, m.index), hit: false });
    out.push({ text: m[1], hit: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) out.push({ text: snippet.slice(last).replace(/[\u0002\u0003]/g, ''), hit: false });
  return out;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Copies text with the async clipboard API; resolves false if not allowed. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const modKey = isMac ? '⌘' : 'Ctrl';

/** True for Ctrl+key (Cmd+key on macOS). */
export function isMod(e: KeyboardEvent, key: string): boolean {
  return (isMac ? e.metaKey : e.ctrlKey) && !e.altKey && e.key.toLowerCase() === key;
}

export const PROFILE_COLORS = ['#e07a5f', '#f2a541', '#81b29a', '#3d9a8b', '#4a7fc1', '#7b6cd9', '#c86bb0', '#8d8d8d'];
export const PROFILE_EMOJIS = ['🙂', '😎', '🦊', '🐻', '🐱', '🌻', '🚀', '🎨', '📚', '⚽', '🎸', '🌙'];
