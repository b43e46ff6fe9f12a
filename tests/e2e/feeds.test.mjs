// Atom feed, OpenSearch with autodiscovery, and the export of a result set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url } from './lib.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b?.close(); });

test('the page links its feed and OpenSearch description', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/?q=laadpalen&themes=energie'));
    assert.equal(await page.getAttribute('link[rel="alternate"][type="application/atom+xml"]', 'href'),
      '/feed.atom?q=laadpalen&themes=energie');
    assert.equal(await page.getAttribute('link[rel="search"]', 'href'), '/opensearch.xml');
    assert.equal(await page.getAttribute('link[rel="search"]', 'type'), 'application/opensearchdescription+xml');
    // The feed link follows the search when it changes in place.
    await page.check('#facets-body input[data-facet="themes"][value="mobiliteit"]');
    await page.waitForFunction(() => document.querySelector('#feed-link').getAttribute('href').includes('mobiliteit'));
  });
});

test('Atom feed of the newest matching articles', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    const res = await fetch(url('/feed.atom?themes=energie'));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/atom\+xml/);
    const xml = await res.text();
    // Parsed by the browser's XML parser: well-formed, two entries, newest first.
    await page.goto(url('/'));
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent };
      return {
        root: doc.documentElement.namespaceURI,
        titles: [...doc.querySelectorAll('entry > title')].map((n) => n.textContent),
        updated: [...doc.querySelectorAll('entry > updated')].map((n) => n.textContent),
        self: doc.querySelector('feed > link[rel="self"]').getAttribute('href'),
      };
    }, xml);
    assert.equal(parsed.error, undefined);
    assert.equal(parsed.root, 'http://www.w3.org/2005/Atom');
    assert.deepEqual(parsed.titles, ['Utrecht koopt laadpalen via een marktconsultatie', 'Den Haag legt zonnepanelen op scholen']);
    assert.deepEqual(parsed.updated, ['2020-03-01T00:00:00Z', '2019-06-15T00:00:00Z']);
    assert.match(parsed.self, /\/feed\.atom\?themes=energie$/);
  });
});

test('OpenSearch description and suggestions', async () => {
  const res = await fetch(url('/opensearch.xml'));
  assert.match(res.headers.get('content-type'), /^application\/opensearchdescription\+xml/);
  const xml = await res.text();
  assert.match(xml, /<ShortName>Casebase<\/ShortName>/);
  assert.match(xml, /template="http:\/\/127\.0\.0\.1:\d+\/\?q=\{searchTerms\}"/);
  const sug = await (await fetch(url('/opensearch/suggest?q=laad'))).json();
  assert.equal(sug[0], 'laad');
  assert.ok(sug[1].includes('laadpalen'));
});

test('export of the result set with its filters, as CSV and JSON', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/?themes=energie'));
    const csvHref = await page.getAttribute('.result-tools a[href^="/export.csv"]', 'href');
    const jsonHref = await page.getAttribute('.result-tools a[href^="/export.json"]', 'href');
    assert.equal(csvHref, '/export.csv?themes=energie');
    const csv = await fetch(url(csvHref));
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), /attachment; filename="casebase-[a-z]+\.csv"/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^kind,id,title,/);
    assert.ok(lines.slice(1).every((l) => l.startsWith('article,cases/')));
    const json = await (await fetch(url(jsonHref))).json();
    assert.deepEqual(json.query.filters, { themes: ['energie'] });
    assert.equal(json.total, 2);
    assert.equal(json.results.length, 2);
    assert.match(json.results[0].url, /^http:\/\/127\.0\.0\.1:\d+\/articles\//);
  });
});
