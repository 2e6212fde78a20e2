// Markdown -> sanitised HTML for chat messages. Model output is untrusted:
// everything goes through DOMPurify after rendering.
import { Marked, type Tokens } from 'marked';
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const langs = { bash, c, cpp, css, go, java, javascript, json, markdown, python, rust, sql, typescript, xml, yaml };
for (const [name, def] of Object.entries(langs)) hljs.registerLanguage(name, def);
hljs.registerAliases(['sh', 'shell', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['js', 'jsx'], { languageName: 'javascript' });
hljs.registerAliases(['ts', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['html', 'svg'], { languageName: 'xml' });
hljs.registerAliases(['py'], { languageName: 'python' });
hljs.registerAliases(['yml'], { languageName: 'yaml' });
hljs.registerAliases(['golang'], { languageName: 'go' });

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      const name = (lang ?? '').trim().split(/\s+/)[0].toLowerCase();
      let body: string;
      if (name && hljs.getLanguage(name)) body = hljs.highlight(text, { language: name, ignoreIllegals: true }).value;
      else body = escape(text);
      const label = name ? escape(name) : 'text';
      return (
        `<div class="codeblock"><div class="codeblock-bar"><span class="codeblock-lang">${label}</span>` +
        `<button type="button" class="codeblock-copy" data-copy aria-label="Copy code">Copy</button></div>` +
        `<pre><code class="hljs language-${label}">${body}</code></pre></div>`
      );
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const text = this.parser.parseInline(tokens);
      const t = title ? ` title="${escape(title)}"` : '';
      return `<a href="${escape(href)}"${t} target="_blank" rel="noopener noreferrer">${text}</a>`;
    },
  },
});

const PURIFY = {
  ADD_ATTR: ['target', 'data-copy'],
  FORBID_TAGS: ['style', 'form', 'input', 'iframe', 'object', 'embed'],
  ALLOW_DATA_ATTR: false,
};

/** Renders Markdown to HTML that is safe to put in {@html}. */
export function renderMarkdown(src: string): string {
  const html = marked.parse(src ?? '', { async: false }) as string;
  return DOMPurify.sanitize(html, PURIFY) as unknown as string;
}

/** The raw text of the code block that holds a Copy button. */
export function codeOf(button: Element): string {
  return button.closest('.codeblock')?.querySelector('code')?.textContent ?? '';
}
