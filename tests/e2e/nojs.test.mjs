// With JavaScript off every page works through plain links and forms.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, hitTitles, facetCount } from './lib.mjs';

let b;
before(async () => { b = await openBrowser({ javaScriptEnabled: false }); });
after(async () => { await b?.close(); });

test('no JavaScript: search, two facet values, a result, the article', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    assert.ok(!(await page.evaluate(() => document.documentElement.classList.contains('js'))));
    assert.equal(await page.getAttribute('#q', 'role'), null); // a plain search box
    await page.fill('#q', 'sluizen');
    await page.press('#q', 'Enter');
    await page.waitForURL(/\?q=sluizen/);
    assert.deepEqual(await hitTitles(page), ['Waterschap vervangt sluizen met best value procurement']);

    await page.goto(url('/'));
    await page.check('#facets-body input[data-facet="themes"][value="energie"]');
    await page.check('#facets-body input[data-facet="themes"][value="water"]');
    assert.ok(await page.isVisible('.apply-filters button'));
    await page.click('.apply-filters button');
    await page.waitForURL(/themes=energie&themes=water/);
    assert.equal(await page.textContent('#count'), '3 resultaten');
    assert.equal(await facetCount(page, 'themes', 'zorg'), 1);
    // A chip removes one filter through a plain link.
    await page.click('.chip:has-text("water")');
    await page.waitForURL((u) => !u.search.includes('water'));
    assert.equal(await page.textContent('#count'), '2 resultaten');

    await page.click('#results .hit-title a >> nth=0');
    await page.waitForURL(/\/articles\//);
    assert.ok(await page.isVisible('.prose'));
    assert.ok(await page.isVisible('.meta-panel'));
  });
});

test('no JavaScript: lessons, contribute, language switch, 404 page', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/lessons'));
    assert.equal(await page.textContent('h1'), 'Geleerde lessen');
    assert.ok((await page.locator('#results .hit-item').count()) > 0);
    await page.click('#lang-switch');
    await page.waitForURL(/lang=en/);
    assert.equal(await page.textContent('h1'), 'Lessons learned');
    await page.goto(url('/contribute'));
    assert.equal(await page.textContent('h1'), 'Contribute a case');
    assert.ok((await page.textContent('pre.template')).includes('## Lessons learned'));
    const res = await page.goto(url('/articles/cases/does-not-exist'));
    assert.equal(res.status(), 404);
    assert.equal(await page.textContent('h1'), 'Case not found');
    const res2 = await page.goto(url('/no/such/page'));
    assert.equal(res2.status(), 404);
    assert.equal(await page.textContent('h1'), 'Page not found');
  });
});
