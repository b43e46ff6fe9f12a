// Writes the screenshots of docs/screenshots: the search page with facets
// selected, an article and the lessons page, at desktop (1280) and phone
// (390) width. Run through `make screenshots` (indexes content/).
import path from 'node:path';
import { openBrowser, url } from './lib.mjs';

const OUT = process.env.CASEBASE_SCREENSHOTS_DIR || path.resolve('../../docs/screenshots');
const SHOTS = [
  ['search', '/?q=inkoop&themes=circulair&themes=energie'],
  ['article', '/articles/cases/den-haag-innovatieprogramma'],
  ['lessons', '/lessons?themes=mobiliteit'],
];
const SIZES = [
  ['desktop', { width: 1280, height: 1000 }, 1],
  ['phone', { width: 390, height: 844 }, 2],
];

for (const [size, viewport, scale] of SIZES) {
  const b = await openBrowser({ viewport, deviceScaleFactor: scale });
  for (const [name, p] of SHOTS) {
    await b.page.goto(url(p));
    const file = path.join(OUT, `${name}-${size}.png`);
    await b.page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
  await b.close();
}
