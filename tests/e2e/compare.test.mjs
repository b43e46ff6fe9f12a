// Cases side by side (issue 18): tick "compare" on two or three hits and the
// compare page shows them in one table (facts, then goal, pros, cons and
// lessons). It works without JavaScript (the server refuses a fourth); with
// JavaScript a fourth tick is undone and the count shown. Axe-clean (axe
// runs only with JavaScript on), stacked on a phone, no navigation printed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, axe } from './lib.mjs';

const open = [];
after(async () => { for (const b of open) await b.close(); });

const pick = (page, id) => page.check(`input[name="ids"][value="${id}"]`);

test('compare: without JavaScript, two ticked hits side by side; the server refuses a fourth', async (t) => {
  const b = await openBrowser({ javaScriptEnabled: false });
  open.push(b);
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/?q=marktconsultatie'));
    await pick(page, 'cases/utrecht-laadpalen');
    await pick(page, 'guides/handreiking');
    await Promise.all([page.waitForURL(/\/compare\?/), page.click('#compare-form button[type="submit"]')]);
    const u = new URL(page.url());
    assert.deepEqual(u.searchParams.getAll('ids').sort(), ['cases/utrecht-laadpalen', 'guides/handreiking']);
    const cols = await page.$$eval('#compare-table thead th[scope="col"]', (ths) => ths.map((th) => th.textContent.trim()));
    assert.equal(cols.length, 2);
    assert.ok(cols.includes('Utrecht koopt laadpalen via een marktconsultatie'), cols.join(' | '));
    const rows = await page.$$eval('#compare-table tbody th[scope="row"]', (ths) => ths.map((th) => th.textContent.trim()));
    for (const r of ['Organisatie', 'Thema\'s', 'Geleerde lessen']) assert.ok(rows.includes(r), `${r} missing: ${rows.join(', ')}`);
    assert.ok((await page.textContent('#compare-table')).includes('Begin de marktconsultatie voordat het budget vastligt.'));
    // Printed: no navigation, no back link.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('.site-nav'), false);
    assert.equal(await page.isVisible('.back'), false);
    assert.ok(await page.isVisible('#compare-table'));
    await page.emulateMedia({ media: 'screen' });

    // The server enforces three at most, and names an unknown id.
    const four = await page.goto(url('/compare?ids=cases/utrecht-laadpalen,cases/den-haag-zonnepanelen,guides/handreiking,cases/waterschap-sluizen'));
    assert.equal(four.status(), 400);
    assert.ok((await page.textContent('.compare-error')).includes('hoogstens drie'));
    const unknown = await page.goto(url('/compare?ids=cases/bestaat-niet&lang=en'));
    assert.equal(unknown.status(), 400);
    assert.ok((await page.textContent('.compare-error')).includes('does not exist: cases/bestaat-niet'));
    const none = await page.goto(url('/compare?lang=nl'));
    assert.equal(none.status(), 200);
    assert.ok((await page.textContent('.compare-how')).includes('vergelijk'));
  });
});

test('compare: with JavaScript a fourth tick is undone, the count is shown, axe, a phone stacks the table', async (t) => {
  const b = await openBrowser();
  open.push(b);
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    const ids = await page.$$eval('input[name="ids"]', (xs) => xs.map((x) => x.value));
    assert.ok(ids.length >= 4, `only ${ids.length} compare boxes`);
    for (const id of ids.slice(0, 3)) await pick(page, id);
    assert.equal(await page.textContent('#compare-count'), '3 van 3 gekozen');
    await page.click(`input[name="ids"][value="${ids[3]}"]`);
    assert.equal(await page.isChecked(`input[name="ids"][value="${ids[3]}"]`), false);
    assert.equal(await page.textContent('#compare-count'), 'Je kunt hoogstens 3 artikelen kiezen.');
    const v = await axe(page);
    assert.deepEqual(v.map((x) => x.id), [], 'search page with compare boxes: axe violations');
    await Promise.all([page.waitForURL(/\/compare\?/), page.click('#compare-form button[type="submit"]')]);
    assert.equal(await page.locator('#compare-table thead th[scope="col"]').count(), 3);
    // (axe needs JavaScript: it runs here, not in the test without it.)
    const w = await axe(page);
    for (const x of w) t.diagnostic(`compare: ${x.impact} ${x.id} (${x.help}) at ${x.nodes.slice(0, 3).join(', ')}`);
    assert.deepEqual(w.map((x) => x.id), [], 'compare page: axe violations');

    await page.setViewportSize({ width: 375, height: 800 });
    const display = await page.$eval('#compare-table tbody td', (td) => getComputedStyle(td).display);
    assert.equal(display, 'block');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'the compare page scrolls sideways on a phone');
  });
});
