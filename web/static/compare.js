// The "compare" checkboxes of the search results (progressive enhancement):
// shows how many are ticked and stops at three, the most /compare shows.
// Without JavaScript the form still works and the server refuses more than
// three with a message. The results are swapped in as you type (app.js),
// so the handlers are delegated to the document.
'use strict';

(() => {
  const MAX = 3;
  const T = (() => {
    try { return JSON.parse(document.body.dataset.i18n || '{}'); } catch (_) { return {}; }
  })();
  const boxes = () => Array.from(document.querySelectorAll('input[type="checkbox"][form="compare-form"]'));

  function update(changed) {
    const all = boxes();
    let ticked = all.filter((b) => b.checked);
    const count = document.getElementById('compare-count');
    if (changed && changed.checked && ticked.length > MAX) {
      changed.checked = false;
      ticked = ticked.filter((b) => b !== changed);
      if (count) count.textContent = T.compare_limit || '';
      return;
    }
    if (count) count.textContent = ticked.length ? (T.compare_count || '{n}').replace('{n}', String(ticked.length)) : '';
  }

  document.addEventListener('change', (e) => {
    const t = e.target;
    if (t instanceof HTMLInputElement && t.getAttribute('form') === 'compare-form') update(t);
  });
  update(null);
})();
