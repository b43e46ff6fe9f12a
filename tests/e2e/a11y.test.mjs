// axe-core on every page, in both languages and at desktop and phone width:
// no serious or critical violations. Minor and moderate ones are listed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, axe, serious } from './lib.mjs';

const PAGES = [
  '/',
  '/?themes=energie&themes=water',
  '/?q=laadpalen',
  '/?q=zeppelinhangar',
  '/?per_page=2&page=2',
  '/lessons',
  '/lessons?themes=energie',
  '/articles/cases/utrecht-laadpalen',
  '/articles/cases/gelderland-care-robots',
  '/articles/guides/handreiking',
  '/contribute',
  '/articles/cases/does-not-exist',
  '/compare?ids=cases/utrecht-laadpalen,cases/gelderland-care-robots,guides/handreiking',
  '/compare',
  '/compare?ids=cases/a,cases/b,cases/c,cases/d',
];

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b?.close(); });

async function check(t, page, label) {
  const v = await axe(page);
  for (const x of v) t.diagnostic(`${label}: ${x.impact} ${x.id} (${x.help}) at ${x.nodes.slice(0, 3).join(', ')}`);
  assert.deepEqual(serious(v), [], `${label}: serious or critical axe violations`);
}

for (const lang of ['nl', 'en']) {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    test(`axe: every page, ${lang}, ${width}px`, async (t) => {
      const { page } = b;
      await page.setViewportSize({ width, height });
      for (const p of PAGES) {
        await step(t, page, async () => {
          await page.goto(url(`${p}${p.includes('?') ? '&' : '?'}lang=${lang}`));
          await check(t, page, `${p} (${lang}, ${width}px)`);
        });
      }
    });
  }
}

test('axe: states made by JavaScript (open suggestions, filters shown on a phone)', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url('/?lang=nl'));
    await page.locator('#q').pressSequentially('laad', { delay: 20 });
    await page.waitForSelector('#suggestions [role="option"]');
    // The results follow the typing (300 ms later): let them settle, or axe
    // reads the region while it is dimmed as busy and reports its contrast.
    await page.waitForURL(/\?q=laad$/);
    await page.waitForSelector('#results-body:not([aria-busy])');
    await page.keyboard.press('ArrowDown');
    await check(t, page, 'suggestions open');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url('/?themes=energie'));
    assert.ok(await page.isVisible('.filters-toggle'));
    assert.ok(await page.isHidden('#facets-body'));
    await page.click('.filters-toggle');
    assert.equal(await page.getAttribute('.filters-toggle', 'aria-expanded'), 'true');
    await check(t, page, 'filters open on a phone');
  });
});
