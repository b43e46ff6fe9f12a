// Writes the screenshots of docs/screenshots: the search page with facets
// selected, an article and the lessons page, the finder's facet search,
// the home page, an article with its citation open and the compare page
// (issue 18), at desktop (1280) and phone (390) width; then the editors'
// insights after a simulated day of
// searches (issue 17). Run through `make screenshots` (indexes content/).
// CASEBASE_SCREENSHOTS_ONLY=home,compare writes only those.
import path from 'node:path';
import { openBrowser, url, simulateSearches, firstLogin } from './lib.mjs';

const OUT = process.env.CASEBASE_SCREENSHOTS_DIR || path.resolve('../../docs/screenshots');
const SHOTS = [
  ['search', '/?q=inkoop&themes=circulair&themes=energie'],
  ['article', '/articles/cases/den-haag-innovatieprogramma'],
  ['lessons', '/lessons?themes=mobiliteit'],
  // The finder (issue 18): the instruments narrowed to "markt", the period's histogram.
  ['finder', '/?q=inkoop&fq.instruments=markt', async (page) => {
    const toggle = page.locator('.filters-toggle');  // phones: the filters behind a button
    if (await toggle.isVisible()) await toggle.click();
    await page.locator('fieldset[data-facet="instruments"]').scrollIntoViewIfNeeded();
  }],
  ['home', '/'],
  ['compare', '/compare?ids=cases/den-haag-innovatieprogramma,cases/dfo-noorwegen-circulair-meubilair,cases/copenhagen-organic-produce'],
  ['article-cite', '/articles/cases/dfo-noorwegen-circulair-meubilair#cite-heading', async (page) => {
    await page.click('.cite-details summary');
    await page.locator('.cite').scrollIntoViewIfNeeded();
  }],
];
const ONLY = (process.env.CASEBASE_SCREENSHOTS_ONLY || '').split(',').filter(Boolean);
const wanted = (name) => ONLY.length === 0 || ONLY.includes(name);
const SIZES = [
  ['desktop', { width: 1280, height: 1000 }, 1],
  ['phone', { width: 390, height: 844 }, 2],
];

for (const [size, viewport, scale] of SIZES) {
  const b = await openBrowser({ viewport, deviceScaleFactor: scale });
  for (const [name, p, prepare] of SHOTS) {
    if (!wanted(name)) continue;
    await b.page.goto(url(p));
    if (prepare) await prepare(b.page);
    const file = path.join(OUT, `${name}-${size}.png`);
    await b.page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
  await b.close();
}

if (!wanted('insights')) process.exit(0);
// A day of searches: [query, visitors, reformulation, visitors who open a result].
await simulateSearches([
  ['marktconsultatie', 7, null, 5],
  ['circulair inkopen', 6, null, 4],
  ['social return', 4, null, 0],
  ['zwerfafval', 3, null, 2],
  ['gladheidsbestrijding', 5],
  ['asbestsanering', 4],
  ['legionella', 3],
  ['strooizout', 3, 'zwerfafval'],
  ['schoolmeubilair', 3, null, 0],
  ['onderwatersensoren', 2],  // two visitors only: not shown
  ['?themes=circulair', 4],
  ['?q=inkoop&themes=energie&from=2020', 3],
]);
const b = await openBrowser({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
await firstLogin(b.page, 'ines', 'ines-chose-this-password');
await b.page.goto(url('/insights?weeks=1'));
const file = path.join(OUT, 'insights-desktop.png');
await b.page.screenshot({ path: file, fullPage: true });
console.log(`wrote ${file}`);
await b.close();
