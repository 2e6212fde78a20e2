// What a screen reader hears of a streamed reply: each paragraph once it is complete (a blank line
// follows it, outside a code block), then the rest when the reply ends. Never token by token.

/** Plain words for Markdown: no markers, links as their text, code blocks named not read. */
export function speakable(md: string): string {
  return md
    .replace(/```[^\n]*\n[\s\S]*?(```|$)/g, ' Code block. ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__|\*|_|~~|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** End of the last complete paragraph in text at or after `from`, or -1. */
function paragraphEnd(text: string, from: number): number {
  let end = -1;
  let fences = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('```', i) && (i === 0 || text[i - 1] === '\n')) {
      fences++;
      i += 2;
    } else if (text[i] === '\n' && text[i + 1] === '\n' && fences % 2 === 0 && i >= from) end = i;
  }
  return end;
}

export class ReplyAnnouncer {
  #key = '';
  #said = 0;

  #start(key: string): void {
    if (key === this.#key) return;
    this.#key = key;
    this.#said = 0;
  }

  /** The paragraphs of `text` (the reply `key` so far) completed since the last call; '' if none. */
  progress(key: string, text: string): string {
    this.#start(key);
    const end = paragraphEnd(text, this.#said);
    if (end < 0) return '';
    const chunk = text.slice(this.#said, end);
    this.#said = end + 2;
    return speakable(chunk);
  }

  /** What is left of the finished reply `key` with the final `text`. */
  finish(key: string, text: string): string {
    this.#start(key);
    const rest = text.slice(this.#said);
    this.#said = text.length;
    return speakable(rest);
  }
}
