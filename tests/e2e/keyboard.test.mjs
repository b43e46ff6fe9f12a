// Keyboard only: skip link, search, ticking a facet, opening a result, and
// a visible focus indicator on every stop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url } from './lib.mjs';

let b;
before(async () => { b = await openBrowser(); });
after(async () => { await b?.close(); });

// Describes the focused element and whether its focus is visible (an
// outline of at least 2px that is not `none`).
const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id,
    text: (e.textContent || '').trim().slice(0, 80),
    facet: e.dataset ? e.dataset.facet || '' : '',
    value: e.value || '',
    href: e.getAttribute('href') || '',
    visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
  };
});

// Presses Tab until `pred(focused)` holds; fails after `max` presses.
async function tabTo(page, pred, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(f.visible || f.tag === 'main', `focus is not visible on ${JSON.stringify(f)}`);
    if (pred(f)) return f;
  }
  throw new Error('element not reached with Tab');
}

test('keyboard only: skip link, search, facet, result', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/'));
    await page.keyboard.press('Tab');
    let f = await focused(page);
    assert.equal(f.text, 'Direct naar de inhoud');
    assert.ok(f.visible, 'skip link focus is visible');
    assert.ok(await page.isVisible('.skip-link'), 'skip link shows when focused');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'main');
    f = await tabTo(page, (x) => x.id === 'q');
    await page.keyboard.type('marktconsultatie');
    await page.keyboard.press('Enter'); // no option chosen: submits the search
    await page.waitForFunction(() => document.querySelector('#count').textContent.includes('marktconsultatie'));
    await page.waitForURL(/\?q=marktconsultatie$/);
    f = await tabTo(page, (x) => x.tag === 'input' && x.facet === 'themes');
    const value = f.value;
    await page.keyboard.press('Space');
    await page.waitForURL(new RegExp(`themes=${value}$`));
    await page.waitForFunction(() => !document.querySelector('#results-body').hasAttribute('aria-busy'));
    // Focus stays on the same checkbox after the facets are re-rendered.
    f = await focused(page);
    assert.equal(f.facet, 'themes');
    assert.equal(f.value, value);
    assert.ok(await page.isChecked(`#facets-body input[data-facet="themes"][value="${value}"]`));
    f = await tabTo(page, (x) => x.tag === 'a' && x.href.startsWith('/articles/'));
    const href = f.href;
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`${href.replace(/[/#]/g, '\\$&')}$`));
    assert.ok((await page.textContent('h1')).length > 0);
  });
});

test('keyboard only: the language switch', async (t) => {
  const { page } = b;
  await step(t, page, async () => {
    await page.goto(url('/lessons'));
    const f = await tabTo(page, (x) => x.id === 'lang-switch');
    assert.equal(f.text, 'English');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await page.textContent('h1'), 'Lessons learned');
  });
});
