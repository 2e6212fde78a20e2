import { describe, it, expect } from 'vitest';
import { renderMarkdown } from './markdown';
import { snippetSegments } from './format';

describe('renderMarkdown', () => {
  it('removes scripts and event handlers', () => {
    const html = renderMarkdown('hello <script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('hello');
  });

  it('drops iframes and inline styles tags', () => {
    const html = renderMarkdown('<iframe src="https://evil"></iframe><style>body{}</style>ok');
    expect(html).not.toMatch(/<iframe|<style/i);
  });

  it('highlights code blocks and adds a copy button', () => {
    const html = renderMarkdown('```go\nfunc main() {}\n```');
    expect(html).toContain('class="codeblock"');
    expect(html).toContain('data-copy');
    expect(html).toContain('hljs-keyword');
  });

  it('escapes code in unknown languages', () => {
    const html = renderMarkdown('```weird\n<b>x</b>\n```');
    expect(html).toContain('&lt;b&gt;');
  });

  it('opens links in a new window safely', () => {
    const html = renderMarkdown('[site](https://example.org)');
    expect(html).toContain('rel="noopener noreferrer"');
  });
});

describe('snippetSegments', () => {
  it('shows no raw Markdown markers', () => {
    const segs = snippetSegments('## Plan\n- **Buy** \u0002lentils\u0003 and `salt`');
    expect(segs.map((s) => s.text).join('')).toBe('Plan Buy lentils and salt');
    expect(segs.find((s) => s.hit)?.text).toBe('lentils');
  });
  it('splits marked hits', () => {
    expect(snippetSegments('the \u0002sky\u0003 is \u0002blue\u0003.')).toEqual([
      { text: 'the ', hit: false }, { text: 'sky', hit: true }, { text: ' is ', hit: false }, { text: 'blue', hit: true }, { text: '.', hit: false },
    ]);
  });
});
