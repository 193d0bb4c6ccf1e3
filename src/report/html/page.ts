/**
 * A self-contained HTML page: inline style, inline SVG, no script and no external resource, so
 * the file opens offline and can be mailed or archived as is.
 * @module
 */

/**
 * Escapes text for HTML element content and attribute values.
 * @param text - any text
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A part of a page: a heading and its HTML body. */
export interface PageSection {
  /** the section's heading (text) */
  heading: string;
  /** the section's body (HTML) */
  html: string;
  /** an id for links and tests (letters, digits, dashes) */
  id?: string;
}

const STYLE = `
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .8em 0; font-size: .9em; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f4f4f4; }
figure { margin: 1em 0; } figcaption { font-size: .9em; color: #555; }
code { background: #f4f4f4; padding: 0 .2em; }
.plot svg { max-width: 100%; height: auto; }
`;

/**
 * Builds the page.
 * @param title - the page title (text)
 * @param sections - its sections, in order
 */
export function htmlDocument(title: string, sections: readonly PageSection[]): string {
  const body = sections
    .map((s) => `<section${s.id === undefined ? '' : ` id="${escapeHtml(s.id)}"`}>\n<h2>${escapeHtml(s.heading)}</h2>\n${s.html}\n</section>`)
    .join('\n');
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n${body}\n</body>\n</html>\n`;
}

/**
 * A figure holding one rendered plot.
 * @param id - the plot's id (tests look for `figure[data-plot=id] svg`)
 * @param svg - the SVG text
 * @param caption - what the plot shows (text)
 */
export function plotFigure(id: string, svg: string, caption: string): string {
  return `<figure class="plot" data-plot="${escapeHtml(id)}">\n${svg}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}
