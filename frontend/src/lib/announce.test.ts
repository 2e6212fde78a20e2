import { describe, it, expect } from 'vitest';
import { ReplyAnnouncer, speakable } from './announce';

describe('ReplyAnnouncer', () => {
  it('speaks each paragraph once, when it is complete, then the rest at the end', () => {
    const a = new ReplyAnnouncer();
    const reply = 'First **part** of it.\n\nSecond part.\n\nThird';
    const heard: string[] = [];
    // Fed one character at a time, as tokens arrive.
    for (let i = 1; i <= reply.length; i++) {
      const s = a.progress('t1', reply.slice(0, i));
      if (s) heard.push(s);
    }
    expect(heard).toEqual(['First part of it.', 'Second part.']);
    expect(a.finish('t1', reply)).toBe('Third');
    expect(a.finish('t1', reply)).toBe('');
  });

  it('does not cut a code block at a blank line inside it', () => {
    const a = new ReplyAnnouncer();
    expect(a.progress('t', 'Here:\n\n```js\nlet a = 1;\n\nlet b = 2;\n')).toBe('Here:');
    expect(a.progress('t', 'Here:\n\n```js\nlet a = 1;\n\nlet b = 2;\n```\n\nDone')).toBe('Code block.');
    expect(a.finish('t', 'Here:\n\n```js\nlet a = 1;\n\nlet b = 2;\n```\n\nDone.')).toBe('Done.');
  });

  it('starts over for a new reply', () => {
    const a = new ReplyAnnouncer();
    expect(a.progress('t1', 'One.\n\nTwo')).toBe('One.');
    expect(a.progress('t2', 'Alpha')).toBe('');
    expect(a.finish('t2', 'Alpha beta')).toBe('Alpha beta');
  });
});

describe('speakable', () => {
  it('reads Markdown as plain words', () => {
    expect(speakable('# Title\n- one\n- [two](http://x)\n> `q`')).toBe('Title one two q');
  });
});
