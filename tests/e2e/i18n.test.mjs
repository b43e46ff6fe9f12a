// Dutch by default, English from Accept-Language or the switch, which is
// remembered; the query survives the switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url } from './lib.mjs';

test('Dutch by default; the switch keeps the search and is remembered', async (t) => {
  const b = await openBrowser({ locale: 'nl-NL' });
  try {
    const { page } = b;
    await step(t, page, async () => {
      await page.goto(url('/?q=laadpalen&themes=energie'));
      assert.equal(await page.getAttribute('html', 'lang'), 'nl');
      assert.equal(await page.textContent('#search-form button[type="submit"]'), 'Zoeken');
      assert.equal(await page.textContent('#count'), '1 resultaat voor ‘laadpalen’');
      await page.click('#lang-switch');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      assert.equal(await page.textContent('#search-form button[type="submit"]'), 'Search');
      assert.equal(await page.textContent('#count'), '1 result for ‘laadpalen’');
      assert.equal(await page.inputValue('#q'), 'laadpalen');
      assert.equal(await page.textContent('legend:text-is("Themes")'), 'Themes');
      // Remembered on the next page, without the parameter.
      await page.goto(url('/articles/cases/utrecht-laadpalen'));
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.textContent('#meta-heading'), 'Details');
      // The Dutch article's own text is marked as Dutch.
      assert.equal(await page.getAttribute('#article-title', 'lang'), 'nl');
      await page.click('#lang-switch');
      await page.waitForFunction(() => document.documentElement.lang === 'nl');
      assert.equal(await page.textContent('#meta-heading'), 'Gegevens');
    });
  } finally {
    await b.close();
  }
});

test('English from Accept-Language', async (t) => {
  const b = await openBrowser({ locale: 'en-GB' });
  try {
    const { page } = b;
    await step(t, page, async () => {
      await page.goto(url('/contribute'));
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.textContent('h1'), 'Contribute a case');
      assert.equal(await page.textContent('#lang-switch'), 'Nederlands');
      assert.equal(await page.getAttribute('#lang-switch', 'lang'), 'nl');
    });
  } finally {
    await b.close();
  }
});
