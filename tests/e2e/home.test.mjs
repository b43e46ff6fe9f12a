// A home page that starts people off (issue 18): the search page without a
// search shows the newest cases, the themes with their counts, a lesson of
// each large theme (the rule stated on the page) and the popular searches
// (k-anonymous, from the search log). Searching replaces them; axe-clean on
// desktop and phone, in both languages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, axe, simulateSearches } from './lib.mjs';

const open = [];
after(async () => { for (const b of open) await b.close(); });

const POPULAR = 'laadpalen utrecht';  // 3 visitors, found something: shown
const RARE = 'sluizen vervangen';     // 2 visitors: never shown
const NOTHING = 'qqqxyzzy';           // 3 visitors, found nothing: not shown

test('home: newest, themes, lessons, popular searches, axe', async (t) => {
  await simulateSearches([[POPULAR, 3], [RARE, 2], [NOTHING, 3]]);
  const b = await openBrowser();
  open.push(b);
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    assert.equal(await page.locator('#home .home-newest li').count(), 3);
    const newest = await page.$$eval('#home .home-newest time', (ts) => ts.map((x) => x.getAttribute('datetime')));
    assert.deepEqual([...newest].sort().reverse(), newest, `not newest first: ${newest}`);
    const themes = await page.$$eval('#home .home-themes a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(themes.includes('/?themes=energie'), themes.join(' '));
    assert.ok((await page.textContent('#home .home-lessons .home-note')).includes('nieuwste les'));
    assert.ok(await page.locator('#home .home-lessons li a[href*="#les-"]').count() >= 1);
    const popular = await page.$$eval('#home .home-popular a', (as) => as.map((a) => a.textContent));
    assert.ok(popular.includes(POPULAR), popular.join(' '));
    assert.ok(!popular.includes(RARE), 'a query of 2 visitors is shown');
    assert.ok(!popular.includes(NOTHING), 'a query that found nothing is shown');

    let v = await axe(page);
    for (const x of v) t.diagnostic(`home: ${x.impact} ${x.id} (${x.help}) at ${x.nodes.slice(0, 3).join(', ')}`);
    assert.deepEqual(v.map((x) => x.id), [], 'home: axe violations');

    // A theme link is the filtered search: the home sections go.
    await page.click('#home .home-themes a[href="/?themes=energie"]');
    await page.waitForURL(/themes=energie/);
    await page.waitForFunction(() => !document.getElementById('home'));

    // Typing a query replaces them too (as you type).
    await page.goto(url('/'));
    await page.fill('#q', 'sluizen');
    await page.waitForFunction(() => !document.getElementById('home'));

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(url('/?lang=en'));
    assert.equal((await page.textContent('#home-newest-heading')).trim(), 'Newest cases');
    assert.ok((await page.textContent('#home .home-lessons .home-note')).includes('newest lesson'));
    v = await axe(page);
    assert.deepEqual(v.map((x) => x.id), [], 'home on a phone: axe violations');
  });
});

test('home: the JSON API and a search page with words are unchanged', async () => {
  const r = await (await fetch(url('/api/search'))).json();
  assert.equal(r.home, undefined);
  const html = await (await fetch(url('/?q=sluizen'))).text();
  assert.ok(!html.includes('id="home"'));
});
