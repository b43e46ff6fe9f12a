// Saved searches (issue 17) in the browser: a signed-in user saves the
// search from the results, finds it on the alerts page and deletes it;
// axe checks both pages. Without a session the search page offers nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, axe, firstLogin } from './lib.mjs';

const open = [];
after(async () => { for (const b of open) await b.close(); });

async function noViolations(t, page, label) {
  const v = await axe(page);
  for (const x of v) t.diagnostic(`${label}: ${x.impact} ${x.id} (${x.help}) at ${x.nodes.slice(0, 3).join(', ')}`);
  assert.deepEqual(v.map((x) => x.id), [], `${label}: axe violations`);
}

test('alerts: save a search, list it, delete it', async (t) => {
  const anon = await openBrowser();
  open.push(anon);
  await anon.page.goto(url('/?q=energie'));
  assert.equal(await anon.page.locator('form.save-search').count(), 0, 'a save form without a session');

  const b = await openBrowser();
  open.push(b);
  const page = b.page;
  await step(t, page, async () => {
    await firstLogin(page, 'lena', 'lena-chose-this-password');
    await page.goto(url('/?q=energie&themes=energie'));
    await noViolations(t, page, 'search page with the save form');
    await Promise.all([page.waitForURL(/\/alerts/), page.click('form.save-search button[type="submit"]')]);
    await noViolations(t, page, 'alerts page');
    const items = await page.$$eval('.alert-list li a', (as) => as.map((a) => a.getAttribute('href')));
    assert.equal(items.length, 1, `alerts: ${items}`);
    assert.match(items[0], /q=energie/);
    assert.match(items[0], /themes=energie/);
    await Promise.all([page.waitForURL(/\/alerts/), page.click('.alert-list button[type="submit"]')]);
    assert.equal(await page.locator('.alert-list li').count(), 0, 'the alert is still listed');
    await noViolations(t, page, 'alerts page, empty');
  });
});
