// The search page with JavaScript on: live results, facets, autocomplete,
// pagination, zero results, and following a result to its article.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, hitTitles, facetCount } from './lib.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b?.close(); });

test('typing a query updates the results in place and the URL follows', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    assert.equal(await page.textContent('#count'), '5 resultaten');
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.locator('#q').pressSequentially('laadpalen', { delay: 20 });
    await page.waitForFunction(() => document.querySelector('#count').textContent.startsWith('1 resultaat'));
    assert.equal(await page.textContent('#count'), '1 resultaat voor ‘laadpalen’');
    assert.deepEqual(await hitTitles(page), ['Utrecht koopt laadpalen via een marktconsultatie']);
    assert.ok(await page.evaluate(() => window.__sameDocument), 'no full page load');
    await page.waitForURL(/\?q=laadpalen$/);
    assert.equal(await page.textContent('#results mark'), 'laadpalen');
    // The count is announced: it is a polite live region that stayed in the page.
    assert.equal(await page.getAttribute('#count', 'role'), 'status');
    assert.equal(await page.getAttribute('#count', 'aria-live'), 'polite');
    assert.deepEqual(b.errors, []);
  });
});

test('ticking two values of one facet ORs them; counts stay disjunctive', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    await page.evaluate(() => { window.__sameDocument = true; });
    assert.equal(await facetCount(page, 'themes', 'energie'), 2);
    assert.equal(await facetCount(page, 'themes', 'water'), 1);
    await page.check('#facets-body input[data-facet="themes"][value="energie"]');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '2 resultaten');
    await page.check('#facets-body input[data-facet="themes"][value="water"]');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '3 resultaten');
    assert.ok(await page.evaluate(() => window.__sameDocument), 'no full page load');
    assert.match(page.url(), /\?themes=energie&themes=water$/);
    // The themes facet ignores its own selection; others follow it.
    assert.equal(await facetCount(page, 'themes', 'energie'), 2);
    assert.equal(await facetCount(page, 'themes', 'water'), 1);
    assert.equal(await facetCount(page, 'themes', 'zorg'), 1);
    assert.equal(await facetCount(page, 'region', 'Gelderland'), 1);
    assert.ok(await page.isChecked('#facets-body input[data-facet="themes"][value="energie"]'));
    assert.ok(await page.isChecked('#facets-body input[data-facet="themes"][value="water"]'));
    assert.deepEqual((await hitTitles(page)).sort(), [
      'Den Haag legt zonnepanelen op scholen',
      'Utrecht koopt laadpalen via een marktconsultatie',
      'Waterschap vervangt sluizen met best value procurement',
    ]);
    // Active filters show as removable chips.
    assert.equal(await page.locator('.chips .chip').count(), 2);
    // A second facet narrows (AND across facets).
    await page.check('#facets-body input[data-facet="region"][value="Gelderland"]');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '1 resultaat');
    assert.deepEqual(await hitTitles(page), ['Waterschap vervangt sluizen met best value procurement']);
    // Back restores the previous state.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#count').textContent === '3 resultaten');
    assert.ok(!(await page.isChecked('#facets-body input[data-facet="region"][value="Gelderland"]')));
    // Clear all.
    await page.click('#clear-filters');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '5 resultaten');
    assert.equal(new URL(page.url()).search, '');
  });
});

test('the year range and sort are in the URL', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    await page.selectOption('#from', '2019');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '3 resultaten');
    await page.selectOption('#to', '2020');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '2 resultaten');
    await page.selectOption('#sort', 'oldest');
    await page.waitForURL(/sort=oldest/);
    const u = new URL(page.url());
    assert.equal(u.searchParams.get('from'), '2019');
    assert.equal(u.searchParams.get('to'), '2020');
    assert.deepEqual(await hitTitles(page), ['Den Haag legt zonnepanelen op scholen',
      'Utrecht koopt laadpalen via een marktconsultatie']);
  });
});

test('autocomplete is an ARIA combobox', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    const q = page.locator('#q');
    assert.equal(await q.getAttribute('role'), 'combobox');
    assert.equal(await q.getAttribute('aria-controls'), 'suggestions');
    await q.pressSequentially('laad', { delay: 20 });
    await page.waitForSelector('#suggestions [role="option"]');
    assert.equal(await q.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.getAttribute('#suggestions', 'role'), 'listbox');
    await page.keyboard.press('ArrowDown');
    assert.equal(await q.getAttribute('aria-activedescendant'), 'sug-0');
    assert.equal(await page.getAttribute('#sug-0', 'aria-selected'), 'true');
    await page.keyboard.press('Escape');
    assert.equal(await q.getAttribute('aria-expanded'), 'false');
    assert.ok(await page.isHidden('#suggestions'));
  });
});

test('pagination, a suggestion and the zero-results help', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/?per_page=2'));
    assert.equal(await page.textContent('#count'), '1–2 van 5 resultaten');
    await page.click('.pagination a[rel="next"]');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '3–4 van 5 resultaten');
    assert.match(page.url(), /per_page=2&page=2$/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');

    // A typo: the results are for the correction, with the words as typed a click away.
    await page.goto(url('/?q=laadpalne'));
    assert.equal(await page.textContent('.did-you-mean strong'), 'laadpalen');
    assert.equal(await page.textContent('.did-you-mean a'), 'laadpalne');
    assert.equal(await page.getAttribute('.did-you-mean a', 'href'), '/?q=laadpalne&correct=0');
    assert.ok((await page.$$('#results .hit')).length > 0);
    await Promise.all([page.waitForURL(/correct=0$/), page.click('.did-you-mean a')]);
    assert.equal(await page.textContent('.did-you-mean a'), 'laadpalen');  // as typed: the correction is a suggestion

    await page.goto(url('/?q=zeppelinhangar&themes=water'));
    assert.equal(await page.textContent('#count'), 'Geen resultaten voor ‘zeppelinhangar’');
    const tips = await page.$$eval('.empty li', (li) => li.map((x) => x.textContent.trim()));
    assert.ok(tips.includes('Zoek zonder het filter Thema\'s: water'), tips.join(' | '));
    assert.ok(tips.includes('Zoek ook in lessen, voor- en nadelen'), tips.join(' | '));
    assert.ok(tips.includes('Kent u een case hierover? Beschrijf hem voor de bibliotheek'), tips.join(' | '));
  });
});

test('a result leads to its article; metadata links to facet searches', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/?q=laadpalen'));
    await page.click('#results .hit-title a');
    await page.waitForURL(/\/articles\/cases\/utrecht-laadpalen$/);
    assert.equal(await page.textContent('h1'), 'Utrecht koopt laadpalen via een marktconsultatie');
    assert.equal(await page.getAttribute('.back-link', 'href'), '/?q=laadpalen');
    const lessons = await page.$$eval('.glance-list-lessons a:not(.permalink)', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(lessons, ['#les-1', '#les-2']);
    const permalinks = await page.$$eval('.glance-list-lessons a.permalink', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(permalinks, ['#les-1', '#les-2']);
    assert.equal(await page.locator('.prose #les-2').count(), 1);
    assert.ok((await page.textContent('.related-list')).includes('Den Haag legt zonnepanelen op scholen'));
    assert.equal(await page.getAttribute('.source a', 'href'), 'https://example.org/utrecht');
    await page.click('.meta a:text-is("energie")');
    await page.waitForURL(/\/\?themes=energie$/);
    assert.equal(await page.textContent('#count'), '2 resultaten');
    assert.ok(await page.isChecked('#facets-body input[data-facet="themes"][value="energie"]'));
  });
});

test('a lesson hit shows the lesson and links to its case', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/lessons?themes=energie'));
    assert.equal(await page.textContent('h1'), 'Geleerde lessen');
    assert.equal(await page.textContent('#count'), '3 resultaten');
    const first = page.locator('#results .hit').first();
    assert.equal(await first.locator('.badge').textContent(), 'Les');
    assert.match(await first.locator('.hit-title a').getAttribute('href'), /^\/articles\/cases\/[a-z-]+#les-\d$/);
    await page.check('#facets-body input[data-facet="instruments"][value="marktconsultatie"]');
    await page.waitForFunction(() => document.querySelector('#count').textContent === '2 resultaten');
    assert.match(page.url(), /\/lessons\?themes=energie&instruments=marktconsultatie$|\/lessons\?instruments=marktconsultatie&themes=energie$/);
    await first.locator('.hit-title a').click();
    await page.waitForURL(/#les-1$/);
  });
});
