// The source one click away (issue 18): an article page links to its
// Markdown (the file as written, text/markdown), shows how to cite it in APA
// and BibTeX with copy buttons, and gives every lesson a permalink that a
// click also copies; without JavaScript the links still go to their anchors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openBrowser, step, url, axe } from './lib.mjs';

const open = [];
after(async () => { for (const b of open) await b.close(); });

const ID = 'cases/utrecht-laadpalen';
const FILE = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'data', 'corpus', `${ID}.md`);

test('cite: the Markdown source is the file as written, unknown ids 404', async () => {
  const r = await fetch(url(`/articles/${ID}.md`));
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/markdown; charset=utf-8');
  assert.equal(await r.text(), fs.readFileSync(FILE, 'utf8'));
  for (const p of ['/articles/cases/bestaat-niet.md', '/articles/..%2F..%2Fetc%2Fpasswd.md']) {
    const x = await fetch(url(p));
    assert.equal(x.status, 404, p);
    await x.arrayBuffer();
  }
});

test('cite: APA and BibTeX with copy buttons, lesson permalinks copy, axe', async (t) => {
  const b = await openBrowser();
  open.push(b);
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url('') });
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url(`/articles/${ID}`));
    assert.equal(await page.getAttribute('.cite-source a', 'href'), `/articles/${ID}.md`);
    await page.click('.cite-details summary');
    const apa = await page.inputValue('#cite-apa');
    assert.match(apa, /^Gemeente Utrecht\. \(2020, maart\)\. Utrecht koopt laadpalen via een marktconsultatie\. Casebase\. http:\/\/127\.0\.0\.1:\d+\/articles\/cases\/utrecht-laadpalen Bron: https:\/\/example\.org\/utrecht$/);
    const bib = await page.inputValue('#cite-bibtex');
    assert.ok(bib.startsWith('@misc{casebase:cases/utrecht-laadpalen,\n  author = {{Gemeente Utrecht}},'), bib);
    assert.ok(bib.includes('  year = {2020},'), bib);

    // The copy buttons appear with JavaScript and copy the textarea's text.
    assert.ok(await page.isVisible('button[data-copy-target="cite-apa"]'));
    await page.click('button[data-copy-target="cite-bibtex"]');
    await page.waitForFunction(() => document.getElementById('copy-status').textContent === 'Gekopieerd.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), bib);

    const v = await axe(page);
    for (const x of v) t.diagnostic(`article: ${x.impact} ${x.id} (${x.help}) at ${x.nodes.slice(0, 3).join(', ')}`);
    assert.deepEqual(v.map((x) => x.id), [], 'article with citation: axe violations');

    // A lesson's permalink goes to its anchor and copies its full URL.
    const link = page.locator('.glance-list-lessons a.permalink').first();
    assert.equal(await link.getAttribute('href'), '#les-1');
    assert.equal((await link.textContent()).includes('Link naar deze les'), true);
    await link.click();
    await page.waitForFunction(() => document.getElementById('copy-status').textContent === 'Link gekopieerd.');
    assert.equal(new URL(page.url()).hash, '#les-1');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url(`/articles/${ID}#les-1`));
  });
});

test('cite: in English, and without JavaScript the links and text still work', async (t) => {
  const b = await openBrowser({ javaScriptEnabled: false });
  open.push(b);
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url(`/articles/${ID}?lang=en`));
    await page.click('.cite-details summary');
    assert.match(await page.inputValue('#cite-apa'), /^Gemeente Utrecht\. \(2020, March\)\. /);
    assert.equal(await page.isVisible('button[data-copy-target="cite-apa"]'), false);
    assert.ok((await page.textContent('.glance-list-lessons a.permalink >> nth=0')).includes('Link to this lesson'));
    await page.click('.glance-list-lessons a.permalink >> nth=1');
    assert.equal(new URL(page.url()).hash, '#les-2');
  });
});
