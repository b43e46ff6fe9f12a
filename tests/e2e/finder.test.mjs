// The finder (issue 18): a long facet's search box (as you type with
// JavaScript, a small form without), the year histogram with its "year
// unknown" bucket, the range of results shown and the page size.
// run.sh starts casebase-serve with --facet-search-min 3: the corpus's
// instruments facet (four values) gets the box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, axe, serious, hitTitles } from './lib.mjs';

let b;
let nojs;
before(async () => {
  b = await openBrowser();
  nojs = await openBrowser({ javaScriptEnabled: false });
});
after(async () => {
  await b?.close();
  await nojs?.close();
});

const visibleValues = (page, facet) => page.$$eval(
  `#facets-body fieldset[data-facet="${facet}"] li.facet-value:not([hidden]) input`,
  (ns) => ns.filter((n) => n.offsetParent !== null).map((n) => n.value));

test('typing in a facet\'s search box narrows its values, synonyms included', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    const box = page.locator('#fq-instruments');
    assert.equal(await box.getAttribute('type'), 'search');
    assert.equal(await page.locator('label[for="fq-instruments"]').textContent(), 'Zoek in Instrumenten');
    // The glossary's English phrase finds the Dutch value.
    await box.pressSequentially('market consultation', { delay: 10 });
    await page.waitForFunction(() => document.querySelector('#fq-instruments-status').textContent === '1 waarde');
    assert.deepEqual(await visibleValues(page, 'instruments'), ['marktconsultatie']);
    // Ticking it filters the results; the box keeps its text after the swap.
    await page.check('#facets-body input[data-facet="instruments"][value="marktconsultatie"]');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '1 resultaat');
    assert.match(page.url(), /\?instruments=marktconsultatie$/);
    await page.waitForFunction(() => document.querySelector('#fq-instruments')?.value === 'market consultation');
    assert.deepEqual(await hitTitles(page), ['Utrecht koopt laadpalen via een marktconsultatie']);
    // Emptying the box shows every value again.
    await page.fill('#fq-instruments', '');
    await page.waitForFunction(() => document.querySelector('#fq-instruments-status').textContent === '');
    assert.ok((await visibleValues(page, 'instruments')).length >= 4);
    assert.deepEqual(serious(await axe(page)), []);
    assert.deepEqual(b.errors, []);
  });
});

test('without JavaScript the facet search is a form that narrows the list on the server', async (t) => {
  const { page } = nojs;
  await step(t, page, async () => {
    await page.goto(url('/?sort=oldest'));
    await page.fill('#fq-instruments', 'markt');
    await page.click('form.facet-search[data-facet="instruments"] button[type="submit"]');
    await page.waitForURL(/fq\.instruments=markt/);
    assert.match(page.url(), /sort=oldest/);  // the search is carried along
    assert.match(await page.textContent('#fq-instruments-status'), /1 waarde met ‘markt’\./);
    assert.deepEqual(await visibleValues(page, 'instruments'), ['marktconsultatie']);
    await page.check('#facets-body input[data-facet="instruments"][value="marktconsultatie"]');
    await page.click('.apply-filters button');
    await page.waitForURL(/instruments=marktconsultatie/);
    assert.match(page.url(), /sort=oldest/);
    assert.equal(await page.textContent('#count'), '1 resultaat');
  });
});

test('the year histogram: a bar per year and one for the articles without a date', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    const bars = page.locator('.year-bars li a');
    assert.ok(await bars.count() >= 2);
    // Screen readers read a list of "year: count".
    assert.equal(await page.getAttribute('.year-bars', 'aria-labelledby'), 'year-histogram-label');
    const unknown = page.locator('.year-bars li.year-unknown a');
    assert.match(await unknown.textContent(), /^Onbekend jaar: \d+ resultaa?t(en)?$/);
    const n = Number((await unknown.textContent()).match(/: (\d+)/)[1]);
    await unknown.click();
    await page.waitForURL(/\?year=unknown$/);
    await page.waitForFunction((k) => document.querySelector('#count').textContent.startsWith(String(k)), n);
    assert.equal(await page.locator('#results .hit').count(), n);
    assert.equal(await page.locator('#results .hit time').count(), 0);  // none has a date
    assert.equal(await page.locator('.chips .chip span[aria-hidden]').first().textContent(), 'Periode: Onbekend jaar ×');
    assert.equal(await page.getAttribute('.year-bars li.year-unknown a', 'aria-current'), 'true');
    // A year's bar selects that year.
    await page.goto(url('/'));
    const first = page.locator('.year-bars li:not(.year-unknown) a').first();
    const year = (await first.textContent()).slice(0, 4);
    await first.click();
    await page.waitForURL(new RegExp(`from=${year}&to=${year}`));
    assert.deepEqual(serious(await axe(page)), []);
    assert.deepEqual(b.errors, []);
  });
});

test('the result line says which results are shown; the page size is kept in the URL', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/?per_page=2'));
    assert.equal(await page.textContent('#count'), '1–2 van 5 resultaten');
    await page.click('.pagination .pager-next');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '3–4 van 5 resultaten');
    assert.match(page.url(), /per_page=2&page=2$/);
    await page.selectOption('#per_page', '50');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '5 resultaten');
    assert.match(page.url(), /per_page=50/);
    // The default page size stays out of the URL.
    await page.selectOption('#per_page', '10');
    await page.waitForURL((u) => !u.search.includes('per_page'));
    assert.deepEqual(b.errors, []);
  });
});
