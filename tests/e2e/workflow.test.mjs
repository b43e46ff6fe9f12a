// Contributing in the browser (issue 14), with JavaScript and without: a
// contributor writes an article with a mistake, fixes it and submits; an
// editor asks for a change, the contributor revises, the editor approves;
// the article is found by search. axe checks every page of the flow, and a
// submission full of script cannot run any in the editor's browser.
// Named to run last: it adds articles to the corpus the other files count.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, step, url, axe, hitTitles } from './lib.mjs';

const ACCOUNTS = JSON.parse(process.env.CASEBASE_E2E_ACCOUNTS || '{}');
const NEW_PASSWORD = (name) => `${name}-chose-this-password`;
const open = [];
after(async () => { for (const b of open) await b.close(); });

const withoutJs = new WeakSet();
async function browser(js) {
  const b = await openBrowser({ javaScriptEnabled: js });
  if (!js) withoutJs.add(b.page);
  open.push(b);
  return b;
}

// axe runs in the page: with JavaScript off its promise never settles, so
// the pages (the same HTML) are checked in the run with JavaScript on.
async function noViolations(t, page, label) {
  if (withoutJs.has(page)) return;
  const v = await axe(page);
  for (const x of v) t.diagnostic(`${label}: ${x.impact} ${x.id} (${x.help}) at ${x.nodes.slice(0, 3).join(', ')}`);
  assert.deepEqual(v.map((x) => x.id), [], `${label}: axe violations`);
}

// Logs in with the one-time password and chooses a new one.
async function firstLogin(t, page, name) {
  await page.goto(url('/login'));
  await noViolations(t, page, 'login');
  await page.fill('#login-user', name);
  await page.fill('#login-password', ACCOUNTS[name]);
  await Promise.all([page.waitForURL(/\/account\/password/), page.click('form.contrib-form button[type="submit"]')]);
  await noViolations(t, page, 'password');
  await page.fill('#pw-old', ACCOUNTS[name]);
  await page.fill('#pw-new', NEW_PASSWORD(name));
  await Promise.all([page.waitForURL(/\/submissions\?notice=password_changed/), page.click('form.contrib-form button[type="submit"]')]);
  await noViolations(t, page, 'submissions');
}

for (const js of [true, false]) {
  const [writer, editor] = js ? ['anna', 'erik'] : ['nora', 'emma'];
  const word = js ? 'veegrobots' : 'bladblazers';
  const title = `Gemeente Proefstad test ${word} in het centrum`;

  test(`contribute and review, JavaScript ${js ? 'on' : 'off'}`, async (t) => {
    const w = await browser(js);
    const e = await browser(js);
    let submission = '';
    await step(t, w.page, async () => {
      await firstLogin(t, w.page, writer);
      await Promise.all([w.page.waitForURL(/\/submit$/), w.page.click('a.btn-primary[href="/submit"]')]);
      await noViolations(t, w.page, 'the article form');
      await w.page.fill('#f-title', title);
      await w.page.fill('#f-summary', `Proefstad probeerde ${word} uit op de markt en in de winkelstraten.`);
      await w.page.fill('#f-organisation', 'Gemeente Proefstad');
      await w.page.selectOption('#f-country', 'NL');
      await w.page.fill('#f-themes', 'openbare ruimte');
      await w.page.fill('#f-source', 'www.proefstad.nl/' + word); // the mistake: no https://
      await w.page.fill('#f-intro', `Een jaar lang reden ${word} door het centrum van Proefstad.`);
      await w.page.fill('#s-les', "Spreek vooraf af wie de machines 's nachts oplaadt.\nBegin in een straat.");
      await w.page.click('button[name="action"][value="submit"]');
      await w.page.waitForSelector('#form-problems');
      assert.ok(await w.page.isVisible('.field-invalid #f-source'));
      assert.match(await w.page.textContent('.field-invalid .field-problem'), /not-a-url/);
      assert.equal(await w.page.getAttribute('#f-source', 'aria-invalid'), 'true');
      await noViolations(t, w.page, 'the form with a mistake');
      await w.page.fill('#f-source', `https://www.proefstad.nl/${word}`);
      await Promise.all([w.page.waitForURL(/\/submissions\/\d+\?notice=submitted/), w.page.click('button[name="action"][value="submit"]')]);
      submission = new URL(w.page.url()).pathname;
      assert.match(await w.page.textContent('.form-notice'), /Ingediend/);
      await noViolations(t, w.page, 'a submission');
    });
    await step(t, e.page, async () => {
      await firstLogin(t, e.page, editor);
      await Promise.all([e.page.waitForURL(new RegExp(submission)), e.page.click(`.submission-list a[href="${submission}"]`)]);
      await noViolations(t, e.page, 'the review page');
      assert.match(await e.page.textContent('.preview-title'), new RegExp(word));
      await e.page.fill('#review-comment', 'Noem ook wat het kostte.');
      await Promise.all([e.page.waitForURL(/notice=changes_requested/), e.page.click('button:has-text("Wijziging vragen")')]);
    });
    await step(t, w.page, async () => {
      await w.page.goto(url(submission));
      assert.match(await w.page.textContent('.submission-meta'), /Noem ook wat het kostte\./);
      await Promise.all([w.page.waitForURL(/\/submit\?from=/), w.page.click('a:has-text("Verbeteren en opnieuw indienen")')]);
      const text = await w.page.inputValue('#f-markdown');
      await w.page.fill('#f-markdown', text.replace('Een jaar lang', 'Voor 40.000 euro reden een jaar lang'));
      await Promise.all([w.page.waitForURL(/notice=submitted/), w.page.click('button[name="action"][value="submit"]')]);
      submission = new URL(w.page.url()).pathname;
    });
    await step(t, e.page, async () => {
      await e.page.goto(url(submission));
      await Promise.all([e.page.waitForURL(/notice=approved/), e.page.click('button:has-text("Goedkeuren en publiceren")')]);
      assert.match(await e.page.textContent('.form-notice'), /gepubliceerd/);
      await e.page.goto(url(`/?q=${word}`));
      assert.deepEqual(await hitTitles(e.page), [title]);
      await e.page.click('#results .hit-title a >> nth=0');
      await e.page.waitForURL(/\/articles\//);
      assert.match(await e.page.textContent('.history'), new RegExp(`${writer} \\(goedgekeurd door ${editor}\\)`));
    });
  });
}

test('nothing a contributor writes runs as script in an editor\'s browser', async (t) => {
  const w = await browser(true);
  const e = await browser(true);
  const evil = [
    '---',
    'title: "Proefstad <img src=x onerror=window.__xss=1> test"',
    'summary: "<script>window.__xss=1</script>"',
    'organisation: Gemeente Proefstad',
    'country: NL',
    'source: https://www.proefstad.nl/xss',
    '---',
    '',
    'Tekst <script>window.__xss=1</script> met <img src=x onerror="window.__xss=1"> en',
    '[een link](javascript:window.__xss=1) en <a href="javascript:window.__xss=1">nog een</a>.',
    '',
    '## Doel',
    '',
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '',
  ].join('\n');
  let dialogs = 0;
  e.page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await step(t, w.page, async () => {
    await w.page.goto(url('/login'));
    await w.page.fill('#login-user', 'anna');
    await w.page.fill('#login-password', NEW_PASSWORD('anna'));
    await Promise.all([w.page.waitForURL(/\/submissions/), w.page.click('form.contrib-form button[type="submit"]')]);
    await w.page.goto(url('/submit?mode=markdown'));
    await w.page.fill('#f-markdown', evil);
    await Promise.all([w.page.waitForURL(/notice=submitted/), w.page.click('button[name="action"][value="submit"]')]);
  });
  const submission = new URL(w.page.url()).pathname;
  await step(t, e.page, async () => {
    await e.page.goto(url('/login'));
    await e.page.fill('#login-user', 'erik');
    await e.page.fill('#login-password', NEW_PASSWORD('erik'));
    await Promise.all([e.page.waitForURL(/\/submissions/), e.page.click('form.contrib-form button[type="submit"]')]);
    await e.page.goto(url(submission));
    for (const a of await e.page.$$('.preview a')) {
      assert.ok(!(await a.getAttribute('href') || '').startsWith('javascript:'));
    }
    await e.page.click('.preview a >> nth=0').catch(() => {});
    await e.page.goto(url(submission));
    assert.equal(await e.page.evaluate(() => window.__xss), undefined);
    assert.equal(await e.page.$$eval('.preview script, .preview iframe, .preview img[onerror]', (n) => n.length), 0);
    assert.equal(dialogs, 0);
    assert.deepEqual(e.errors.filter((m) => !/Content Security Policy|favicon/.test(m)), []);
  });
});
