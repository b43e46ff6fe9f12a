// Shared helpers of the browser tests: the server under test (CASEBASE_URL,
// started by run.sh), Debian's chromium launched by playwright-core with a
// fresh profile, a screenshot on failure, and axe-core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE = (process.env.CASEBASE_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('CASEBASE_URL is not set: run the tests through tests/e2e/run.sh');

const CHROMIUM = process.env.CASEBASE_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = process.env.CASEBASE_E2E_ARTIFACTS || path.join(path.dirname(new URL(import.meta.url).pathname), 'test-results');

export const url = (p) => `${BASE}${p}`;

// Opens chromium with a fresh user-data-dir and one page. Options are
// playwright context options (javaScriptEnabled, locale, viewport, …).
export async function openBrowser(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'casebase-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'nl-NL',
    viewport: { width: 1280, height: 900 },
    timeout: 30000,
    ...options,
  });
  context.setDefaultTimeout(10000);
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Runs `fn`; on failure saves a full-page screenshot named after the test.
export async function step(t, page, fn) {
  try {
    await fn();
  } catch (e) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const name = t.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80);
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.error(`screenshot of the failure: ${file}`);
    throw e;
  }
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Runs axe-core (WCAG 2.0/2.1 A and AA rules and best practices) on the
// current page. The source is evaluated through the devtools protocol, so
// the page's Content-Security-Policy stays in force.
export async function axe(page) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export const serious = (violations) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

// Titles of the hits on the page, in order.
export const hitTitles = (page) => page.$$eval('#results .hit-title a', (as) => as.map((a) => a.textContent.trim()));

// The count shown next to a facet value's label.
export const facetCount = (page, facet, value) => page.$eval(
  `#facets-body input[data-facet="${facet}"][value="${value}"] + label .facet-count [aria-hidden]`,
  (n) => Number(n.textContent.trim()));

// A day of searches for the insights (issue 17): for each [query, visitors,
// then, opens], `visitors` simulated visitors search `query` (or open the
// search page with a query string starting with "?") and `then`, a
// reformulation, right after. casebase-serve runs with --trust-proxy
// 127.0.0.1, so X-Forwarded-For names each visitor.
// The first `opens` visitors open the first result (a same-origin Referer
// of the result page, as a browser sends it).
export async function simulateSearches(plan) {
  for (const [q, visitors, then, opens = 0] of plan) {
    for (let v = 1; v <= visitors; v++) {
      const headers = { 'X-Forwarded-For': `203.0.113.${v}`, 'User-Agent': 'Mozilla/5.0 (simulated visitor)' };
      for (const words of then ? [q, then] : [q]) {
        // "?…": a query string as it is (filters).
        const target = words.startsWith('?') ? `/${words}` : `/?q=${encodeURIComponent(words)}`;
        const r = await fetch(url(target), { headers });
        await r.arrayBuffer();
      }
      if (v <= opens) {
        const found = await (await fetch(url(`/api/search?q=${encodeURIComponent(q)}`), { headers })).json();
        if (found.hits.length === 0) continue;
        const referer = url(`/?q=${encodeURIComponent(q)}`);
        const r = await fetch(url(`/articles/${found.hits[0].id}`), { headers: { ...headers, Referer: referer } });
        await r.arrayBuffer();
      }
    }
  }
}

// Logs in with a one-time password from CASEBASE_E2E_ACCOUNTS and chooses
// `newPassword`; ends on the submissions page.
export async function firstLogin(page, name, newPassword) {
  const accounts = JSON.parse(process.env.CASEBASE_E2E_ACCOUNTS || '{}');
  await page.goto(url('/login'));
  await page.fill('#login-user', name);
  await page.fill('#login-password', accounts[name]);
  await Promise.all([page.waitForURL(/\/account\/password/), page.click('form.contrib-form button[type="submit"]')]);
  await page.fill('#pw-old', accounts[name]);
  await page.fill('#pw-new', newPassword);
  await Promise.all([page.waitForURL(/\/submissions\?notice=password_changed/), page.click('form.contrib-form button[type="submit"]')]);
}
