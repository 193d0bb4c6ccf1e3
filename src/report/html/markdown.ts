/**
 * Markdown to HTML for the subset `report.md` is written in (`src/report/markdown.ts` and the
 * sections' summaries): ATX headings (`#` … `######`), pipe tables with a `|---|---:|:---|`
 * alignment row and `\|` escapes, `- ` lists, paragraphs, and inline `` `code` `` and `**bold**`.
 * Anything else is shown as paragraph text, escaped; the converter never emits raw HTML from its
 * input.
 * @module
 */
import { escapeHtml, type PageSection } from './page.js';

/**
 * Inline Markdown: `` `code` `` and `**bold**`, the rest escaped.
 * @param text - one line or paragraph of Markdown
 */
export function inlineHtml(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
    })
    .join('');
}

/** The cells of one table row: split on `|` not escaped by a backslash, `\|` unescaped. */
function tableCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

const isAlignRow = (line: string): boolean => /^\|(\s*:?-{3,}:?\s*\|)+\s*$/.test(line.trim());

function tableHtml(lines: readonly string[]): string {
  const header = tableCells(lines[0]!);
  const align = tableCells(lines[1]!).map((c) => (c.startsWith(':') && !c.endsWith(':') ? 'left' : c.endsWith(':') && !c.startsWith(':') ? 'right' : null));
  const cell = (tag: 'th' | 'td', text: string, i: number): string => {
    const a = align[i];
    return `<${tag}${a === null || a === undefined ? '' : ` style="text-align:${a}"`}>${inlineHtml(text)}</${tag}>`;
  };
  // A header of empty cells (a key–value table) is left out.
  const head = header.every((h) => h === '') ? '' : `<thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>\n`;
  const body = lines
    .slice(2)
    .map((l) => `<tr>${tableCells(l).map((c, i) => cell('td', c, i)).join('')}</tr>`)
    .join('\n');
  return `<table>\n${head}<tbody>\n${body}\n</tbody>\n</table>`;
}

/** One block of the document: a heading, or HTML. */
type Block = { kind: 'heading'; level: number; text: string } | { kind: 'html'; html: string };

function blocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h !== null) {
      out.push({ kind: 'heading', level: h[1]!.length, text: h[2]! });
      i++;
      continue;
    }
    if (line.trimStart().startsWith('|') && i + 1 < lines.length && isAlignRow(lines[i + 1]!)) {
      const rows: string[] = [];
      while (i < lines.length && lines[i]!.trimStart().startsWith('|')) rows.push(lines[i++]!);
      out.push({ kind: 'html', html: tableHtml(rows) });
      continue;
    }
    if (/^[-*]\s+/.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^[-*]\s+/.test(lines[i]!)) items.push(lines[i++]!.replace(/^[-*]\s+/, ''));
      out.push({ kind: 'html', html: `<ul>\n${items.map((it) => `<li>${inlineHtml(it)}</li>`).join('\n')}\n</ul>` });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !/^#{1,6}\s/.test(lines[i]!) && !/^[-*]\s+/.test(lines[i]!) && !lines[i]!.trimStart().startsWith('|')) para.push(lines[i++]!.trim());
    if (para.length === 0) para.push(lines[i++]!.trim()); // a lone `|` line that is no table
    out.push({ kind: 'html', html: `<p>${inlineHtml(para.join('\n'))}</p>` });
  }
  return out;
}

/**
 * Converts Markdown of the report's subset to HTML.
 * @param markdown - the Markdown text
 */
export function markdownToHtml(markdown: string): string {
  return blocks(markdown)
    .map((b) => (b.kind === 'html' ? b.html : `<h${b.level}>${inlineHtml(b.text)}</h${b.level}>`))
    .join('\n');
}

/** A Markdown document cut into page sections at its `##` headings. */
export interface MarkdownPage {
  /** the text of the `#` heading, or null when there is none */
  title: string | null;
  /** HTML before the first `##` heading (after the title), '' when none */
  lead: string;
  /** one section per `##` heading, in order; deeper headings stay inside */
  sections: PageSection[];
}

/** An id from a heading: lower case, runs of other characters as one dash. */
const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'section';

/**
 * Cuts a Markdown document into page sections at its `##` headings (HTML bodies).
 * @param markdown - the Markdown text (e.g. `report.md`)
 */
export function markdownPage(markdown: string): MarkdownPage {
  let title: string | null = null;
  const lead: string[] = [];
  const sections: { heading: string; parts: string[] }[] = [];
  for (const b of blocks(markdown)) {
    if (b.kind === 'heading' && b.level === 1 && title === null && sections.length === 0) title = b.text;
    else if (b.kind === 'heading' && b.level <= 2) sections.push({ heading: b.text, parts: [] });
    else {
      const html = b.kind === 'html' ? b.html : `<h${b.level}>${inlineHtml(b.text)}</h${b.level}>`;
      (sections.length === 0 ? lead : sections[sections.length - 1]!.parts).push(html);
    }
  }
  const used = new Map<string, number>();
  return {
    title,
    lead: lead.join('\n'),
    sections: sections.map((s) => {
      const base = slug(s.heading);
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      return { heading: s.heading, html: s.parts.join('\n'), id: n === 0 ? base : `${base}-${n + 1}` };
    }),
  };
}
