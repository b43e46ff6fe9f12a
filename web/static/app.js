// Casebase progressive enhancement. Every page is rendered by the server
// and works without this file. With it:
//  - the search and lessons pages update as you type, tick a facet or pick
//    a sort, without a full reload: the page at the new URL is fetched and
//    its facet and result regions are swapped in, the URL follows
//    (history.pushState), and the result count is announced through the
//    aria-live status element #count;
//  - the search box is an ARIA 1.2 combobox with suggestions from /api/suggest;
//  - on narrow screens the filters fold behind a button;
//  - a long facet's search box narrows its values as you type.
// Interface strings come from the server (data-i18n on <body>). Plain ES2020,
// no libraries, no inline scripts (the CSP forbids them).
'use strict';

document.documentElement.classList.add('js');

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const T = (() => {
  try { return JSON.parse(document.body.dataset.i18n || '{}'); } catch (_) { return {}; }
})();
const fmt = (s, args) => String(s || '').replace(/\{(\w+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
// Only same-origin paths ("/x", not "//host" or "/\host").
const safeLocal = (url) => (typeof url === 'string' && /^\/(?![/\\])/.test(url) ? url : '');
const plainClick = (e) => e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

const form = $('#search-form');
let live = null; // { load, formUrl } on the search and lessons pages

// ---------- live results ----------

function setupLive() {
  const q = $('#q');
  const action = form.getAttribute('action') || '/';
  let ctl = null;
  let seq = 0;
  let typingEntry = false; // the current history entry was made by typing
  let timer = 0;

  // The URL of the form's current state, without empty or default values.
  function formUrl(patch = {}) {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      if (typeof v !== 'string') continue;
      const value = k === 'q' ? v.trim() : v;
      if (value === '' || (k === 'sort' && value === 'relevance')) continue;
      if (k === 'per_page' && value === form.dataset.perPage) continue;
      params.append(k, value);
    }
    // Without a type filter the server's default scope is "articles".
    if (params.get('scope') === 'articles' && !params.has('type')) params.delete('scope');
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) params.delete(k);
      else params.append(k, v);
    }
    const qs = params.toString();
    return qs ? `${action}?${qs}` : action;
  }

  // A key that finds "the same" control again after the regions are replaced.
  function keyOf(node) {
    if (!node || !node.matches) return null;
    if (node.matches('input[type="checkbox"][data-facet]')) return `cb\u0000${node.dataset.facet}\u0000${node.value}`;
    if (node.matches('select') || node.matches('form.facet-search input[type="search"]')) return `id\u0000${node.id}`;
    if (node.matches('details.facet-more > summary')) return `more\u0000${node.parentElement.dataset.facet}`;
    return null;
  }
  function findKey(key) {
    const [kind, a, b] = key.split('\u0000');
    if (kind === 'cb') return $$('#facets-body input[type="checkbox"][data-facet]').find((n) => n.dataset.facet === a && n.value === b);
    if (kind === 'id') return document.getElementById(a);
    if (kind === 'more') return $$('#facets-body details.facet-more').find((d) => d.dataset.facet === a)?.querySelector('summary');
    return null;
  }

  function apply(doc) {
    const focusKey = keyOf(document.activeElement);
    const open = new Set($$('#facets-body details.facet-more[open]').map((d) => d.dataset.facet));
    for (const id of ['facets-body', 'results-body']) {
      const fresh = doc.getElementById(id);
      const old = document.getElementById(id);
      if (fresh && old) old.replaceChildren(...fresh.childNodes);
    }
    for (const d of $$('#facets-body details.facet-more')) {
      if (open.has(d.dataset.facet) || d.querySelector('input:checked')) d.open = true;
    }
    if (focusKey) {
      const again = findKey(focusKey);
      if (again) again.focus();
    }
    // Updating the text of the live region announces the new count.
    const count = doc.getElementById('count');
    if (count) $('#count').textContent = count.textContent;
    document.title = doc.title;
    const sw = doc.getElementById('lang-switch');
    if (sw && $('#lang-switch')) $('#lang-switch').setAttribute('href', sw.getAttribute('href'));
    const feed = doc.getElementById('feed-link');
    if (feed && $('#feed-link')) $('#feed-link').setAttribute('href', feed.getAttribute('href'));
    for (const id of ['sort', 'scope']) {
      const fresh = doc.getElementById(id);
      const mine = document.getElementById(id);
      if (fresh && mine) mine.value = fresh.value;
    }
    const freshQ = doc.getElementById('q');
    if (freshQ && document.activeElement !== q) q.value = freshQ.value;
    const freshPer = doc.getElementById('per_page');
    const per = $('#per_page');
    if (freshPer && per) {
      per.replaceChildren(...[...freshPer.options].map((o) => o.cloneNode(true)));
      per.value = freshPer.value;
    }
    updateFilterToggle();
    afterSwap();
  }

  // Fetches the page at `url` and swaps its regions in. `history`: 'push',
  // 'replace' or 'none' (back/forward).
  async function load(url, { history: mode = 'push', focusResults = false } = {}) {
    clearTimeout(timer);
    if (ctl) ctl.abort();
    const my = ++seq;
    const c = (ctl = new AbortController());
    const body = $('#results-body');
    body.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch(url, { signal: c.signal, headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      const html = await res.text();
      if (my !== seq) return;
      const doc = new DOMParser().parseFromString(html, 'text/html');
      if (!doc.getElementById('results-body')) throw new Error(`HTTP ${res.status}`);
      if (mode === 'push') window.history.pushState({ casebase: true }, '', url);
      if (mode === 'replace') window.history.replaceState({ casebase: true }, '', url);
      apply(doc);
      if (focusResults) $('#results-heading').focus();
    } catch (e) {
      if (e.name !== 'AbortError' && my === seq) $('#count').textContent = T.error || 'Error';
    } finally {
      if (my === seq) body.removeAttribute('aria-busy');
    }
  }

  window.history.replaceState({ casebase: true }, '');

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    closeCombo();
    typingEntry = false;
    load(formUrl());
  });

  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      load(formUrl(), { history: typingEntry ? 'replace' : 'push' });
      typingEntry = true;
    }, 300);
  });

  // Facet checkboxes, year range, sort and scope (all owned by the form,
  // some through the form attribute).
  document.addEventListener('change', (e) => {
    const t = e.target;
    if (t === q || t.form !== form) return;
    typingEntry = false;
    load(formUrl());
  });

  // Links that stay on this page (pagination, chips, clear, tips, "did you mean").
  document.addEventListener('click', (e) => {
    const a = e.target.closest('a[href]');
    if (!a || !plainClick(e) || a.hasAttribute('download')) return;
    if (!a.closest('#results-body, #facets-body')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname !== action) return;
    e.preventDefault();
    typingEntry = false;
    load(url.pathname + url.search, { focusResults: true });
  });

  window.addEventListener('popstate', () => {
    typingEntry = false;
    load(location.pathname + location.search, { history: 'none' });
  });

  return { load, formUrl };
}

// ---------- search inside a long facet ----------

// A facet with many values has a search box: a GET form of its own, which
// narrows the list on the server without this file. Here it narrows as you
// type, with the values GET /api/facet-values finds in the current search
// (labels, aliases and the glossary's synonyms count). Ticked values stay
// visible; the text typed survives the regions being swapped.
let afterSwap = () => {};

function setupFacetSearch() {
  const typed = new Map(); // facet key -> text
  let timer = 0;
  let seq = 0;
  let made = 0;

  function addValue(group, key, v) {
    const tpl = $('li.facet-value', group);
    const list = $('ul.facet-values', group);
    if (!tpl || !list) return;
    const li = tpl.cloneNode(true);
    const cb = $('input[type="checkbox"]', li);
    cb.checked = false;
    cb.value = v.value;
    cb.id = `fs-${key}-${++made}`;
    $('label', li).htmlFor = cb.id;
    $('.facet-label', li).textContent = v.label;
    const count = $$('.facet-count > span', li);
    if (count[0]) count[0].textContent = String(v.count);
    if (count[1]) count[1].textContent = `(${v.count})`;
    li.hidden = false;
    list.append(li);
  }

  async function narrow(box) {
    const key = box.dataset.facet;
    const input = $('input[type="search"]', box);
    const status = $('.facet-search-status', box);
    const group = box.closest('fieldset');
    if (!input || !status || !group) return;
    const text = input.value.trim();
    typed.set(key, input.value);
    const my = ++seq;
    if (!text) {
      for (const li of $$('li.facet-value', group)) li.hidden = false;
      status.textContent = '';
      return;
    }
    const current = live ? live.formUrl() : location.pathname + location.search;
    const params = new URLSearchParams(current.split('?')[1] || '');
    for (const k of [...params.keys()]) if (k.startsWith('fq.') || k === 'page') params.delete(k);
    params.set('facet', key);
    params.set('prefix', text);
    params.set('size', '200');
    let body;
    try {
      const res = await fetch(`/api/facet-values?${params}`, { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      body = await res.json();
    } catch (_) {
      return;
    }
    if (my !== seq || !Array.isArray(body.values)) return;
    const match = new Map(body.values.map((v) => [v.value, v]));
    for (const li of $$('li.facet-value', group)) {
      const cb = $('input[type="checkbox"]', li);
      const hit = cb && match.has(cb.value);
      li.hidden = !hit && !(cb && cb.checked);
      if (hit) match.delete(cb.value);
    }
    for (const v of match.values()) addValue(group, key, v); // beyond the page's own list
    const more = $('details.facet-more', group);
    if (more) more.open = true;
    const n = body.values.length;
    status.textContent = fmt(n === 0 ? T.facet_none : n === 1 ? T.facet_one : T.facet_count, { n });
  }

  document.addEventListener('input', (e) => {
    const box = e.target.closest && e.target.closest('form.facet-search');
    if (!box) return;
    clearTimeout(timer);
    timer = setTimeout(() => narrow(box), 200);
  });
  document.addEventListener('submit', (e) => {
    const box = e.target.closest && e.target.closest('form.facet-search');
    if (!box) return;
    e.preventDefault();
    clearTimeout(timer);
    narrow(box);
  });
  // The facets were swapped in anew: type again what was typed.
  afterSwap = () => {
    for (const box of $$('form.facet-search')) {
      const text = typed.get(box.dataset.facet);
      const input = $('input[type="search"]', box);
      if (!text || !input) continue;
      input.value = text;
      narrow(box);
    }
  };
}

// ---------- filters behind a button on narrow screens ----------

let updateFilterToggle = () => {};

function setupFilterToggle() {
  const body = $('#facets-body');
  const heading = $('#facets-heading');
  const mq = window.matchMedia('(max-width: 55.99rem)');
  let open = false;
  const btn = el('button', { type: 'button', class: 'btn btn-secondary filters-toggle', 'aria-controls': 'facets-body' });
  heading.after(btn);
  updateFilterToggle = () => {
    const n = $$('#facets-body input[type="checkbox"]:checked').length +
      $$('#facets-body select').filter((s) => s.value !== '').length;
    btn.textContent = `${open ? T.hide_filters : T.show_filters}${n ? ` (${fmt(T.active_filters, { n })})` : ''}`;
    btn.setAttribute('aria-expanded', String(open));
    btn.hidden = !mq.matches;
    body.hidden = mq.matches && !open;
  };
  btn.addEventListener('click', () => { open = !open; updateFilterToggle(); });
  mq.addEventListener('change', updateFilterToggle);
  updateFilterToggle();
}

// ---------- autocomplete (ARIA 1.2 combobox with a listbox popup) ----------

const combo = { items: [], active: -1, timer: 0, ctl: null };
let closeCombo = () => {};

function setupCombobox() {
  const input = $('#q');
  const list = $('#suggestions');
  const aria = { role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'suggestions' };
  for (const [k, v] of Object.entries(aria)) input.setAttribute(k, v);

  function setOpen(open, clear = false) {
    if (clear) { combo.items = []; list.replaceChildren(); }
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (!open) setActive(-1);
  }
  closeCombo = () => setOpen(false);

  function setActive(i) {
    combo.active = i;
    $$('[role="option"]', list).forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i < 0) { input.removeAttribute('aria-activedescendant'); return; }
    input.setAttribute('aria-activedescendant', `sug-${i}`);
    document.getElementById(`sug-${i}`).scrollIntoView({ block: 'nearest' });
  }

  const kindLabel = (s) => (s.kind === 'facet' ? fmt(T.kind_facet, { facet: s.facet || '' })
    : s.kind === 'title' ? T.kind_title : T.kind_term);

  function render(items) {
    combo.items = items.slice(0, 10);
    list.replaceChildren(...combo.items.map((s, i) => el('li', {
      role: 'option', id: `sug-${i}`, 'aria-selected': 'false', 'data-index': i, class: `sug sug-${s.kind}`,
    }, el('span', { class: 'sug-text', text: s.text }), el('span', { class: 'sug-kind', text: ` ${kindLabel(s)}` }))));
    setOpen(combo.items.length > 0);
  }

  async function fetchSuggestions(text) {
    if (combo.ctl) combo.ctl.abort();
    if (text.trim().length < 2) { setOpen(false, true); return; }
    const ctl = (combo.ctl = new AbortController());
    try {
      const res = await fetch(`/api/suggest?q=${encodeURIComponent(text.trim())}`, { signal: ctl.signal, headers: { Accept: 'application/json' } });
      const data = res.ok ? await res.json() : {};
      if (document.activeElement === input) render(data.suggestions || []);
    } catch (e) {
      if (e.name !== 'AbortError') setOpen(false, true);
    }
  }

  // A title opens the case, a facet value becomes a filter, a term the query.
  function choose(i) {
    const s = combo.items[i];
    if (!s) return;
    setOpen(false, true);
    if (s.kind === 'title' && safeLocal(s.url)) { location.assign(s.url); return; }
    if (s.kind === 'facet' && s.facet) {
      input.value = '';
      const url = live ? live.formUrl({ q: null, [s.facet]: s.text }) : `/?${new URLSearchParams({ [s.facet]: s.text })}`;
      if (live) live.load(url); else location.assign(url);
      return;
    }
    input.value = s.text;
    if (live) live.load(live.formUrl()); else form.requestSubmit();
  }

  input.addEventListener('input', () => {
    clearTimeout(combo.timer);
    combo.timer = setTimeout(() => fetchSuggestions(input.value), 150);
  });
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden;
    const n = combo.items.length;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && n) {
      e.preventDefault();
      if (!open) setOpen(true);
      const down = e.key === 'ArrowDown';
      setActive(down ? (combo.active + 1) % n : (combo.active <= 0 ? n - 1 : combo.active - 1));
    } else if (e.key === 'Enter' && open && combo.active >= 0) {
      e.preventDefault();
      choose(combo.active);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  });
  input.addEventListener('blur', () => setOpen(false));
  list.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
  list.addEventListener('click', (e) => {
    const li = e.target.closest('[role="option"]');
    if (li) choose(Number(li.dataset.index));
  });
}

// ---------- start (the script is deferred: the DOM is ready) ----------

if (form && $('#results-body')) live = setupLive();
if (form && $('#q')) setupCombobox();
if (form && $('#facets-body')) setupFilterToggle();
if (form && $('#facets-body')) setupFacetSearch();
