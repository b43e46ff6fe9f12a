// The editors' search insights (issue 17): after a day of simulated
// searches, an editor finds the searches that found nothing (only those at
// least 3 visitors asked), starts an article from one, and accepts a
// synonym candidate; axe checks the page; a contributor is refused.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, axe, simulateSearches, firstLogin } from './lib.mjs';

const open = [];
after(async () => { for (const b of open) await b.close(); });

const GAP = 'xqzwembadkwestie';     // 3 visitors, nothing found: shown
const RARE = 'geheimezoekvraagxyz'; // 2 visitors: never shown
const FIRST = 'qqqenergiedingen';   // nothing, then "energie" within a minute

test('insights: gaps, k-anonymity, write a case, accept a synonym, axe', async (t) => {
  await simulateSearches([[GAP, 3], [RARE, 2], [FIRST, 3, 'energie'], ['energie', 4]]);
  const b = await openBrowser();
  open.push(b);
  const page = b.page;
  await step(t, page, async () => {
    await firstLogin(page, 'ines', 'ines-chose-this-password');
    await Promise.all([page.waitForURL(/\/insights$/), page.click('.account-bar a[href="/insights"]')]);
    const v = await axe(page);
    for (const x of v) t.diagnostic(`insights: ${x.impact} ${x.id} (${x.help}) at ${x.nodes.slice(0, 3).join(', ')}`);
    assert.deepEqual(v.map((x) => x.id), [], 'insights: axe violations');
    const gaps = await page.$$eval('.insights-week:first-of-type .insight-list:first-of-type li', (lis) => lis.map((li) => li.textContent));
    assert.ok(gaps.some((g) => g.includes(GAP)), `gaps: ${gaps}`);
    assert.ok(!(await page.content()).includes(RARE), 'a query of 2 visitors is shown');

    // "Write a case about this": the article form with the words as title.
    await Promise.all([page.waitForURL(/\/submit\?title=/), page.click(`a[href="/submit?title=${GAP}"]`)]);
    assert.equal(await page.inputValue('#f-title'), GAP);

    await page.goto(url('/insights'));
    const row = page.locator('tr', { hasText: FIRST });
    await Promise.all([page.waitForURL(/notice=synonym_added/), row.locator('button[value="accept"]').click()]);
    assert.ok(await page.isVisible('.form-notice'), 'no notice after accepting');
    assert.equal(await page.locator('tr', { hasText: FIRST }).count(), 0, 'the accepted candidate is still proposed');
    const r = await (await fetch(url(`/api/search?q=${FIRST}`))).json();
    assert.ok(r.total > 0, `${FIRST} finds nothing after the synonyms were accepted`);
  });
});

test('insights: a contributor is refused', async (t) => {
  const b = await openBrowser();
  open.push(b);
  await step(t, b.page, async () => {
    await firstLogin(b.page, 'otto', 'otto-chose-this-password');
    assert.equal(await b.page.locator('.account-bar a[href="/insights"]').count(), 0);
    const res = await b.page.goto(url('/insights'));
    assert.equal(res.status(), 403);
  });
});
