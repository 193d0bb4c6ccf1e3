import test from 'ava';
import { inlineHtml, markdownPage, markdownToHtml } from '../../src/report/html/markdown.js';
import { markdownTable } from '../../src/report/format.js';

test('headings, paragraphs and lists', (t) => {
  t.is(markdownToHtml('# Title\n\nSome text\non two lines.\n\n### Sub\n\n- one\n- `two`\n'), '<h1>Title</h1>\n<p>Some text\non two lines.</p>\n<h3>Sub</h3>\n<ul>\n<li>one</li>\n<li><code>two</code></li>\n</ul>');
});

test('inline code and bold; everything else escaped, code contents too', (t) => {
  t.is(inlineHtml('**Note:** run `a <b> && c` now <script>'), '<strong>Note:</strong> run <code>a &lt;b&gt; &amp;&amp; c</code> now &lt;script&gt;');
  t.is(markdownToHtml('<img src=x onerror=alert(1)>'), '<p>&lt;img src=x onerror=alert(1)&gt;</p>');
});

test('tables as markdownTable writes them: alignment, escaped pipes, key–value tables without a header', (t) => {
  const md = markdownTable(['node', 'energy (J)'], [['a|b', '1.5'], ['c', '`2`']], ['l', 'r']);
  t.is(
    markdownToHtml(md),
    '<table>\n<thead><tr><th>node</th><th style="text-align:right">energy (J)</th></tr></thead>\n<tbody>\n<tr><td>a|b</td><td style="text-align:right">1.5</td></tr>\n<tr><td>c</td><td style="text-align:right"><code>2</code></td></tr>\n</tbody>\n</table>',
  );
  const kv = markdownTable(['', ''], [['seed', '1']]);
  t.is(markdownToHtml(kv), '<table>\n<tbody>\n<tr><td>seed</td><td>1</td></tr>\n</tbody>\n</table>');
  // an explicit left alignment (`:---`)
  t.true(markdownToHtml('| a |\n|:---|\n| x |\n').includes('<th style="text-align:left">a</th>'));
});

test('a table right after a paragraph line is still a table', (t) => {
  t.is(markdownToHtml('Lead:\n\n| a |\n|---|\n| 1 |\n'), '<p>Lead:</p>\n<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td>1</td></tr>\n</tbody>\n</table>');
});

test('a page is cut at its ## headings, the # heading its title, deeper headings inside', (t) => {
  const page = markdownPage('# edgesim report: x\n\nLead.\n\n## Nodes\n\nA.\n\n### Sub\n\nB.\n\n## Nodes\n\nC.\n');
  t.is(page.title, 'edgesim report: x');
  t.is(page.lead, '<p>Lead.</p>');
  t.deepEqual(page.sections, [
    { heading: 'Nodes', id: 'nodes', html: '<p>A.</p>\n<h3>Sub</h3>\n<p>B.</p>' },
    { heading: 'Nodes', id: 'nodes-2', html: '<p>C.</p>' },
  ]);
});
