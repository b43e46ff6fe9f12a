// Casebase front-end: the search page ("/") and the article page
// ("/articles/<id>"). Plain ES2020, no libraries. Text from the API is always
// inserted with textContent; the only HTML taken from the server is the
// search snippet (rebuilt from text + <mark>) and the server-sanitised body.
'use strict';

const PER_FACET = 8;      // values shown before "toon meer"
const FACET_SIZE = 100;   // values asked from the API per facet
const FACET_ORDER = ['themes', 'instruments', 'organisation_type', 'organisation', 'region', 'country', 'type', 'year', 'language'];
const FACET_LABELS = {
  organisation: 'Organisatie', organisation_type: 'Type organisatie', country: 'Land', region: 'Regio',
  themes: "Thema's", instruments: 'Instrumenten', type: 'Soort', language: 'Taal', year: 'Jaar',
};
const VALUE_LABELS = {
  type: { case: 'Casus', lesson: 'Les', pro: 'Voordeel', con: 'Nadeel' },
  language: { nl: 'Nederlands', en: 'Engels', de: 'Duits', fr: 'Frans' },
};
const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const META_FIELDS = [['organisation', 'Organisatie'], ['organisation_type', 'Type organisatie'], ['region', 'Regio'],
  ['date', 'Datum'], ['themes', "Thema's"], ['instruments', 'Instrumenten']];
const LAST_SEARCH_KEY = 'casebase:lastSearch';

const apiLabels = {};     // facet key -> Dutch label, as sent by the API
let state = emptyState(); // the current search, mirrored in the URL
let view = 'search';      // 'search' | 'article'
let rendered = '';        // path+query currently shown (hash changes don't re-render)
let typingEntry = false;  // current history entry was made by typing: replace it
let searchTimer = 0;
let searchCtl = null;
const expanded = new Set(); // facets with "toon meer" open
const combo = { items: [], active: -1, timer: 0, ctl: null };

// ---------- small helpers ----------

const $ = (sel) => document.querySelector(sel);

// Builds an element. attrs.text sets textContent; children may be strings (text nodes).
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

const norm = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const facetLabel = (k) => apiLabels[k] || FACET_LABELS[k] || k;
const valueLabel = (k, v) => (VALUE_LABELS[k] && VALUE_LABELS[k][v]) || String(v);
// Only same-origin paths ("/x", not "//host" or "/\host").
const safeLocal = (url) => (typeof url === 'string' && /^\/(?![/\\])/.test(url) ? url : '');
const plainClick = (e) => e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey;

// "2019-08" -> "augustus 2019"; "2019-08-15" -> "15 augustus 2019".
function formatDate(d) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(d || '');
  if (!m) return d || '';
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : '';
  return [m[3] ? String(Number(m[3])) : '', month, m[1]].filter(Boolean).join(' ');
}

// Fetches JSON; non-2xx responses throw an Error with .status and .param.
async function getJson(url, signal) {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (res.ok) return body || {};
  const err = (body && body.error) || {};
  throw Object.assign(new Error(err.message || `HTTP ${res.status}`), { status: res.status, param: err.param || '' });
}

function lastSearch() {
  try { return safeLocal(sessionStorage.getItem(LAST_SEARCH_KEY)) || '/'; } catch (_) { return '/'; }
}

// ---------- search state <-> URL ----------

function emptyState() {
  return { q: '', facets: {}, from: '', to: '', sort: '', scope: '', perPage: '', page: 1 };
}

function readState(search) {
  const s = emptyState();
  for (const [k, v] of new URLSearchParams(search)) {
    if (k === 'q') s.q = v;
    else if (k === 'from' || k === 'to') s[k] = v.trim();
    else if (k === 'sort') s.sort = v === 'relevance' ? '' : v;
    else if (k === 'scope') s.scope = v;
    else if (k === 'page') s.page = Math.max(1, parseInt(v, 10) || 1);
    else if (k === 'per_page') s.perPage = v;
    else if (v !== '') addFacet(k, v, s);
  }
  return s;
}

function toParams(s) {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q.trim());
  for (const [k, vs] of Object.entries(s.facets)) for (const v of vs) p.append(k, v);
  const rest = { from: s.from, to: s.to, sort: s.sort, scope: s.scope, per_page: s.perPage, page: s.page > 1 ? s.page : '' };
  for (const [k, v] of Object.entries(rest)) if (v) p.set(k, String(v));
  return p;
}

const pageUrl = (s) => { const qs = toParams(s).toString(); return qs ? `/?${qs}` : '/'; };
const hasFilters = () => Object.keys(state.facets).length > 0 || !!state.from || !!state.to;
// Without an explicit scope the server searches everything when a type filter is set.
const effectiveScope = () => state.scope || (state.facets.type ? 'all' : 'articles');

function addFacet(key, value, s = state) {
  const vals = s.facets[key] || [];
  if (!vals.some((v) => norm(v) === norm(value))) vals.push(value);
  s.facets[key] = vals;
}

function removeFacet(key, value) {
  const vals = (state.facets[key] || []).filter((v) => norm(v) !== norm(value));
  if (vals.length) state.facets[key] = vals; else delete state.facets[key];
}

// Changes the search (back to page 1 unless the patch says otherwise),
// brings the form controls in line and searches.
function update(patch, opts) {
  Object.assign(state, { page: 1 }, patch);
  syncControls();
  commit(opts);
}

// Puts the state into the URL (push, or replace while typing) and searches.
function commit({ typing = false, force = false } = {}) {
  const url = pageUrl(state);
  const here = location.pathname + location.search;
  if (url !== here) {
    history[typing && typingEntry ? 'replaceState' : 'pushState'](null, '', url);
  } else if (!force && view === 'search') {
    return;
  }
  typingEntry = typing;
  rendered = url;
  showView('search');
  runSearch();
}

// Renders whatever the URL says (first load and back/forward).
function route() {
  const key = location.pathname + location.search;
  if (key === rendered) { scrollToHash(); return; }
  rendered = key;
  if (location.pathname.startsWith('/articles/')) {
    state = emptyState();
    syncControls();
    showView('article');
    loadArticle(location.pathname.slice('/articles/'.length).replace(/\/+$/, ''));
  } else {
    state = readState(location.search);
    syncControls();
    showView('search');
    runSearch();
  }
}

function showView(v) {
  view = v;
  $('#search-view').hidden = v !== 'search';
  $('#article-view').hidden = v !== 'article';
}

// Form controls follow the state.
function syncControls() {
  const q = $('#q');
  if (q.value !== state.q) q.value = state.q;
  $('#sort').value = state.sort || 'relevance';
  const scope = $('#scope'); // shows the scope the server will use
  const want = effectiveScope();
  if (![...scope.options].some((o) => o.value === want)) scope.append(el('option', { value: want, text: want === 'items' ? 'Lessen, voor- en nadelen' : want }));
  scope.value = want;
  $('#from').value = state.from;
  $('#to').value = state.to;
  yearsValid();
}

// ---------- search ----------

async function runSearch() {
  const params = toParams(state);
  params.set('facet_size', String(FACET_SIZE));
  if (searchCtl) searchCtl.abort();
  const ctl = (searchCtl = new AbortController());
  const list = $('#results');
  list.setAttribute('aria-busy', 'true');
  document.title = `${state.q.trim() ? `${state.q.trim()} – ` : ''}Zoeken – Casebase`;
  try {
    const data = await getJson(`/api/search?${params}`, ctl.signal);
    renderSearch(data);
    try { sessionStorage.setItem(LAST_SEARCH_KEY, pageUrl(state)); } catch (_) { /* storage off */ }
  } catch (e) {
    if (e.name !== 'AbortError') renderSearchError(e);
  } finally {
    if (searchCtl === ctl) list.removeAttribute('aria-busy');
  }
}

function renderSearch(data) {
  for (const [k, f] of Object.entries(data.facets || {})) if (f && f.label && f.label.nl) apiLabels[k] = f.label.nl;
  renderCount(data);
  renderSuggestion(data.suggestion);
  renderFacets(data.facets || {});
  $('#results').replaceChildren(...(data.hits || []).map(renderHit));
  renderEmpty(data);
  renderPagination(data);
}

function renderCount(data) {
  const scope = effectiveScope();
  const [one, many] = scope === 'articles' ? ['casus', 'casussen'] : scope === 'lessons' ? ['les', 'lessen'] : ['resultaat', 'resultaten'];
  const n = data.total || 0;
  let text = n === 0 ? `Geen ${many} gevonden` : `${n.toLocaleString('nl-NL')} ${n === 1 ? one : many} gevonden`;
  if (state.q.trim()) text += ` voor ‘${state.q.trim()}’`;
  if (hasFilters()) text += ' met de gekozen filters';
  if ((data.pages || 0) > 1) text += ` (pagina ${data.page} van ${data.pages})`;
  $('#count').textContent = `${text}.`;
  $('#or-note').hidden = !(data.or_fallback && n > 0);
}

function renderSuggestion(sug) {
  const box = $('#suggestion');
  box.replaceChildren();
  box.hidden = !(sug && sug.q);
  if (box.hidden) return;
  const href = safeLocal(sug.url) || pageUrl({ ...state, q: sug.q, page: 1 });
  box.append('Bedoelde u ', el('a', { href, 'data-q': sug.q }, el('strong', { text: sug.q })), '?');
}

function renderHit(h) {
  const isItem = h.kind === 'item';
  const title = (isItem && h.case_title) || h.title || h.id;
  const url = safeLocal(h.url) || `/articles/${h.case_id || h.id}`;
  const li = el('li', { class: `hit hit-${isItem ? 'item' : 'article'}`, 'data-id': h.id },
    el('h3', { class: 'hit-title' }, el('a', { href: url, text: title })));
  const meta = el('p', { class: 'hit-meta' });
  if (h.type) meta.append(badge(h.type));
  const org = [].concat(h.organisation || []).join(', ');
  if (org) meta.append(el('span', { class: 'hit-org', text: org }));
  if (h.date) meta.append(el('time', { class: 'hit-date', datetime: h.date, text: formatDate(h.date) }));
  li.append(meta);
  const snip = el('p', { class: 'hit-snippet' });
  if (h.snippet) appendSnippet(snip, h.snippet);
  else snip.textContent = (isItem ? h.text : h.summary) || '';
  if (snip.textContent) li.append(snip);
  return li;
}

const badge = (type) => el('span', { class: `badge badge-${String(type).replace(/[^a-z]/g, '')}`, text: valueLabel('type', type) });

// The server escapes snippets except for <mark>: keep text and <mark> only.
function appendSnippet(target, html) {
  const t = document.createElement('template'); // inert: nothing runs or loads
  t.innerHTML = html;
  for (const n of t.content.childNodes) {
    target.append(n.nodeName === 'MARK' ? el('mark', { text: n.textContent }) : n.textContent);
  }
}

// Zero results (or a page past the end): explain and offer ways out.
function renderEmpty(data) {
  const box = $('#empty');
  const total = data.total || 0;
  const pastEnd = total > 0 && !(data.hits || []).length;
  box.replaceChildren();
  box.hidden = total > 0 && !pastEnd;
  if (box.hidden) return;
  if (pastEnd) {
    const first = el('a', { href: pageUrl({ ...state, page: 1 }), 'data-page': 1, text: 'Ga naar de eerste pagina' });
    box.append(el('p', {}, 'Deze pagina bestaat niet (meer). ', first, '.'));
    return;
  }
  const action = (name, text) => el('button', { type: 'button', class: 'btn-link', 'data-action': name, text });
  const tips = el('ul', {}, el('li', { text: 'Controleer de spelling van uw zoekwoorden.' }),
    el('li', { text: 'Gebruik minder of algemenere woorden, bijvoorbeeld ‘duurzaam’ in plaats van ‘duurzaamheidscriteria’.' }));
  if (hasFilters()) tips.append(el('li', {}, 'Verwijder een of meer filters, of ', action('clear', 'wis alle filters'), '.'));
  if (effectiveScope() !== 'all') tips.append(el('li', {}, 'Zoek ook in lessen, voor- en nadelen: ', action('scope-all', 'zoek in alles'), '.'));
  if (state.q.trim() || hasFilters()) tips.append(el('li', {}, el('a', { href: '/', text: 'Bekijk alle casussen' }), '.'));
  box.append(el('h3', { text: 'Niets gevonden' }), el('p', { text: 'Probeer het volgende:' }), tips);
}

function renderSearchError(e) {
  $('#count').textContent = e.status === 400
    ? `Deze zoekopdracht kan niet worden uitgevoerd: ${e.message}`
    : 'De zoekdienst is op dit moment niet bereikbaar. Probeer het later opnieuw.';
  $('#results').replaceChildren();
  for (const id of ['#suggestion', '#or-note', '#empty', '#pagination']) $(id).hidden = true;
}

function renderPagination(data) {
  const nav = $('#pagination');
  const pages = data.pages || 0;
  const cur = data.page || 1;
  nav.replaceChildren();
  nav.hidden = pages <= 1;
  if (nav.hidden) return;
  const link = (n, text, cls, label, current) => el('li', {}, el('a', {
    href: pageUrl({ ...state, page: n }), 'data-page': n, class: cls, 'aria-label': label, 'aria-current': current ? 'page' : null, text,
  }));
  const ul = el('ul');
  if (cur > 1) ul.append(link(cur - 1, '‹ Vorige', 'pager-prev', 'Vorige pagina'));
  let gap = false;
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - cur) <= 2) {
      ul.append(link(n, String(n), 'pager-page', `Pagina ${n}`, n === cur));
      gap = false;
    } else if (!gap) {
      ul.append(el('li', { class: 'pager-gap', 'aria-hidden': 'true', text: '…' }));
      gap = true;
    }
  }
  if (cur < pages) ul.append(link(cur + 1, 'Volgende ›', 'pager-next', 'Volgende pagina'));
  nav.append(ul);
}

// ---------- facets ----------

function renderFacets(facets) {
  const box = $('#facet-groups');
  // Remember which control had focus: the re-render replaces it.
  const fkey = (e) => `${e.dataset.facet}\u0000${e.type === 'checkbox' ? e.value : '*more'}`;
  const focusKey = box.contains(document.activeElement) ? fkey(document.activeElement) : null;
  const rank = (k) => (FACET_ORDER.includes(k) ? FACET_ORDER.indexOf(k) : 99);
  const keys = Object.keys(facets).sort((x, y) => rank(x) - rank(y));
  box.replaceChildren(...keys.map((k) => renderFacet(k, facets[k] || {})).filter(Boolean));
  if (focusKey) {
    const again = [...box.querySelectorAll('input, button')].find((e) => fkey(e) === focusKey);
    if (again) again.focus();
  }
}

function renderFacet(key, f) {
  const values = (f.values || []).slice();
  const chosen = (state.facets[key] || []).map(norm);
  // A selected value without hits still needs its checkbox, to untick it.
  for (const v of state.facets[key] || []) {
    if (!values.some((x) => norm(x.value) === norm(v))) values.push({ value: v, count: 0, selected: true });
  }
  if (!values.length) return null;
  if (key === 'year') values.sort((x, y) => String(y.value).localeCompare(String(x.value)));
  const listId = `facet-${key}-values`;
  const ul = el('ul', { class: `facet-values${expanded.has(key) ? ' is-open' : ''}`, id: listId, role: 'list' });
  let hidden = 0;
  values.forEach((v, i) => {
    const id = `f-${key}-${i}`;
    const selected = !!v.selected || chosen.includes(norm(v.value));
    const extra = i >= PER_FACET && !selected;
    if (extra) hidden++;
    const box = el('input', { type: 'checkbox', id, value: v.value, 'data-facet': key });
    box.checked = selected;
    const label = el('label', { for: id }, el('span', { class: 'facet-label', text: valueLabel(key, v.value) }),
      el('span', { class: 'facet-count', text: v.count || 0 }));
    ul.append(el('li', { class: extra ? 'facet-value is-extra' : 'facet-value' }, box, label));
  });
  const fs = el('fieldset', { class: 'facet', 'data-facet': key }, el('legend', { text: facetLabel(key) }), ul);
  if (hidden) {
    const open = expanded.has(key);
    fs.append(el('button', {
      type: 'button', class: 'btn-link facet-more', 'data-facet': key, 'data-hidden': hidden,
      'aria-controls': listId, 'aria-expanded': String(open), text: open ? 'Toon minder' : `Toon meer (${hidden})`,
    }));
  }
  return fs;
}

function toggleMore(btn) {
  const key = btn.dataset.facet;
  const open = !expanded.has(key);
  if (open) expanded.add(key); else expanded.delete(key);
  document.getElementById(btn.getAttribute('aria-controls')).classList.toggle('is-open', open);
  btn.setAttribute('aria-expanded', String(open));
  btn.textContent = open ? 'Toon minder' : `Toon meer (${btn.dataset.hidden})`;
}

// Year inputs: empty or 1000-2999, and from <= to. Shows a message when wrong.
function yearsValid() {
  const ok = (v) => v === '' || (/^\d{4}$/.test(v) && v >= '1000' && v <= '2999');
  const [from, to] = [$('#from').value.trim(), $('#to').value.trim()];
  let msg = ok(from) && ok(to) ? '' : 'Vul een jaartal in van vier cijfers, bijvoorbeeld 2019.';
  if (!msg && from && to && from > to) msg = 'Het jaar bij ‘Van’ mag niet na het jaar bij ‘Tot en met’ liggen.';
  for (const id of ['#from', '#to']) $(id).setAttribute('aria-invalid', String(!!msg));
  $('#year-error').textContent = msg;
  return !msg;
}

const clearFilters = () => update({ facets: {}, from: '', to: '' });

// ---------- autocomplete (ARIA 1.2 combobox with listbox popup) ----------

function setupCombobox() {
  const input = $('#q');
  const list = $('#suggestions');
  const aria = { role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'suggestions' };
  for (const [k, v] of Object.entries(aria)) input.setAttribute(k, v);
  input.addEventListener('input', () => {
    clearTimeout(combo.timer);
    combo.timer = setTimeout(() => fetchSuggestions(input.value), 120);
  });
  input.addEventListener('keydown', onComboKey);
  input.addEventListener('blur', () => setOpen(false));
  list.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
  list.addEventListener('click', (e) => {
    const li = e.target.closest('[role="option"]');
    if (li) choose(Number(li.dataset.index));
  });
}

async function fetchSuggestions(text) {
  if (combo.ctl) combo.ctl.abort();
  if (text.trim().length < 2) { setOpen(false, true); return; }
  const ctl = (combo.ctl = new AbortController());
  try {
    const data = await getJson(`/api/suggest?q=${encodeURIComponent(text.trim())}`, ctl.signal);
    if (document.activeElement === $('#q')) renderOptions(data.suggestions || []);
  } catch (e) {
    if (e.name !== 'AbortError') setOpen(false, true);
  }
}

function renderOptions(items) {
  combo.items = items.slice(0, 10);
  $('#suggestions').replaceChildren(...combo.items.map((s, i) => el('li', {
    role: 'option', id: `sug-${i}`, 'aria-selected': 'false', 'data-index': i, class: `sug sug-${s.kind}`,
  }, el('span', { class: 'sug-text', text: s.text }), el('span', { class: 'sug-kind', text: ` ${kindLabel(s)}` }))));
  setOpen(combo.items.length > 0);
}

const kindLabel = (s) => (s.kind === 'facet' ? `filter ${facetLabel(s.facet).toLowerCase()}` : s.kind === 'title' ? 'casus' : 'zoekterm');

// Shows or hides the listbox; `clear` also forgets the options.
function setOpen(open, clear = false) {
  if (clear) { combo.items = []; $('#suggestions').replaceChildren(); }
  $('#suggestions').hidden = !open;
  $('#q').setAttribute('aria-expanded', String(open));
  if (!open) setActive(-1);
}

function setActive(i) {
  combo.active = i;
  document.querySelectorAll('#suggestions [role="option"]').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
  const input = $('#q');
  if (i < 0) { input.removeAttribute('aria-activedescendant'); return; }
  input.setAttribute('aria-activedescendant', `sug-${i}`);
  document.getElementById(`sug-${i}`).scrollIntoView({ block: 'nearest' });
}

function onComboKey(e) {
  const open = !$('#suggestions').hidden;
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
}

// A title opens the case, a facet value becomes a filter, a term becomes the query.
function choose(i) {
  const s = combo.items[i];
  if (!s) return;
  setOpen(false, true);
  clearTimeout(searchTimer);
  if (s.kind === 'title' && safeLocal(s.url)) { location.assign(s.url); return; }
  if (view !== 'search') state = { ...emptyState(), sort: state.sort, scope: state.scope };
  if (s.kind === 'facet' && s.facet) addFacet(s.facet, s.text);
  update({ q: s.kind === 'facet' && s.facet ? '' : s.text }, { force: true });
}

// ---------- article page ----------

async function loadArticle(id) {
  document.querySelectorAll('.back-link').forEach((a) => { a.href = lastSearch(); });
  $('#article-title').textContent = 'Casus laden…';
  for (const s of ['#article-summary', '#meta', '#article-body', '#lessons-list', '#related-list']) $(s).replaceChildren();
  for (const s of ['#source', '#lessons', '#related']) $(s).hidden = true;
  $('#meta-panel').hidden = false;
  const art = $('#article');
  art.setAttribute('aria-busy', 'true');
  try {
    if (!/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/.test(id)) throw Object.assign(new Error('invalid id'), { status: 404 });
    const a = await getJson(`/api/articles/${id}`);
    renderArticle(a);
    loadRelated(id);
  } catch (e) {
    renderArticleError(e);
  } finally {
    art.removeAttribute('aria-busy');
  }
}

function renderArticle(a) {
  document.title = `${a.title || a.id} – Casebase`;
  $('#article-title').textContent = a.title || a.id;
  $('#article-summary').textContent = a.summary || '';
  renderMeta(a);
  $('#article-body').innerHTML = a.html || ''; // trusted: sanitised by the server (cmark safe mode)
  const lessons = (a.items || []).filter((it) => it.type === 'lesson' && it.text);
  $('#lessons-list').replaceChildren(...lessons.map((it) => el('li', {}, el('a', { href: `#${encodeURIComponent(it.anchor || '')}`, text: it.text }))));
  $('#lessons').hidden = lessons.length === 0;
  scrollToHash();
}

function renderMeta(a) {
  const f = a.fields || {};
  const dl = $('#meta');
  for (const [key, label] of META_FIELDS) {
    const vals = (key === 'date' ? [a.date] : [].concat(f[key] ?? [])).filter((v) => v !== '' && v != null);
    if (!vals.length) continue;
    const dd = el('dd');
    vals.forEach((v, i) => {
      if (i) dd.append(', ');
      const [facet, value, text] = key === 'date' ? ['year', String(v).slice(0, 4), formatDate(String(v))] : [key, String(v), valueLabel(key, v)];
      dd.append(el('a', { href: `/?${new URLSearchParams({ [facet]: value })}`, text }));
    });
    dl.append(el('div', { class: 'meta-row' }, el('dt', { text: label }), dd));
  }
  const src = [].concat(f.source || []).map(String).find((s) => /^https?:\/\//i.test(s));
  const p = $('#source');
  p.hidden = !src;
  $('#meta-panel').hidden = !dl.children.length && !src;
  if (!src) return;
  let host = src;
  try { host = new URL(src).hostname; } catch (_) { /* keep the full address */ }
  p.append('Bron: ', el('a', { href: src, rel: 'noopener noreferrer external', text: `oorspronkelijk artikel op ${host}` }));
}

function renderArticleError(e) {
  const missing = e.status === 404 || e.status === 400;
  $('#article-title').textContent = missing ? 'Casus niet gevonden' : 'Casus kon niet worden geladen';
  document.title = `${$('#article-title').textContent} – Casebase`;
  $('#meta-panel').hidden = true;
  $('#article-body').replaceChildren(el('p', {
    text: missing ? 'Deze casus bestaat niet (meer). Zoek opnieuw of bekijk alle casussen.'
      : 'Er ging iets mis bij het ophalen van deze casus. Probeer het later opnieuw.',
  }));
}

async function loadRelated(id) {
  const rel = (await getJson(`/api/articles/${id}/related`).catch(() => ({}))).related || []; // optional
  $('#related-list').replaceChildren(...rel.map(renderRelated));
  $('#related').hidden = rel.length === 0;
}

function renderRelated(r) {
  const li = el('li', { class: 'related-item' }, el('h3', {}, el('a', { href: safeLocal(r.url) || `/articles/${r.id}`, text: r.title || r.id })));
  if (r.summary) li.append(el('p', { class: 'related-summary', text: r.summary }));
  const why = reasonText(r.reason || {});
  if (why) li.append(el('p', { class: 'related-reason', text: why }));
  return li;
}

// "Gedeelde thema's: mobiliteit, energie; gedeelde woorden: inkop."
function reasonText(reason) {
  const groups = new Map();
  for (const sf of reason.shared_facets || []) groups.set(sf.facet, [...(groups.get(sf.facet) || []), valueLabel(sf.facet, sf.value)]);
  const parts = [...groups].map(([k, vs]) => `gedeelde ${(FACET_LABELS[k] || facetLabel(k)).toLowerCase()}: ${vs.join(', ')}`);
  const terms = reason.shared_terms || [];
  if (terms.length) parts.push(`gedeelde woorden: ${terms.join(', ')}`);
  if (!parts.length) return '';
  const s = parts.join('; ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

// Scrolls to and highlights the #fragment (e.g. a lesson) once the body is in.
function scrollToHash() {
  document.querySelectorAll('.is-target').forEach((n) => n.classList.remove('is-target'));
  let t = null;
  try { t = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (_) { return; }
  if (!t || !$('#article-body').contains(t)) return;
  t.classList.add('is-target');
  t.setAttribute('tabindex', '-1');
  t.focus({ preventScroll: true });
  t.scrollIntoView({ block: 'start' });
}

// ---------- wiring ----------

function init() {
  setupCombobox();
  const input = $('#q');

  input.addEventListener('input', () => {
    if (view !== 'search') return; // on an article page only Enter searches
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => update({ q: input.value }, { typing: true }), 250);
  });

  $('#search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(searchTimer);
    clearTimeout(combo.timer);
    setOpen(false);
    if (view !== 'search') state = { ...emptyState(), sort: state.sort, scope: state.scope };
    else if (yearsValid()) [state.from, state.to] = [$('#from').value.trim(), $('#to').value.trim()];
    update({ q: input.value }, { force: true });
  });

  for (const id of ['sort', 'scope']) {
    document.getElementById(id).addEventListener('change', (e) => {
      state[id] = e.target.value === 'relevance' ? '' : e.target.value;
      if (view === 'search') update({});
    });
  }

  // Facet checkboxes and year inputs (delegated: facets are re-rendered).
  $('#facets').addEventListener('change', (e) => {
    const t = e.target;
    if (t.matches('input[type="checkbox"][data-facet]')) {
      if (t.checked) addFacet(t.dataset.facet, t.value); else removeFacet(t.dataset.facet, t.value);
    } else if (t.id === 'from' || t.id === 'to') {
      if (!yearsValid()) return;
      [state.from, state.to] = [$('#from').value.trim(), $('#to').value.trim()];
    } else {
      return;
    }
    update({});
  });
  $('#facets').addEventListener('click', (e) => e.target.closest('.facet-more') && toggleMore(e.target.closest('.facet-more')));
  $('#clear-filters').addEventListener('click', clearFilters);

  $('#empty').addEventListener('click', (e) => {
    const action = (e.target.closest('[data-action]') || {}).dataset?.action;
    if (action === 'clear') clearFilters();
    if (action === 'scope-all') update({ scope: 'all' });
  });

  $('#suggestion').addEventListener('click', (e) => {
    const a = e.target.closest('a[data-q]');
    if (!a || !plainClick(e)) return;
    e.preventDefault();
    update({ q: a.dataset.q });
    input.focus();
  });

  // Page links (pagination and "first page"): keep the SPA, move focus to the results.
  for (const box of [$('#pagination'), $('#empty')]) {
    box.addEventListener('click', (e) => {
      const a = e.target.closest('a[data-page]');
      if (!a || !plainClick(e)) return;
      e.preventDefault();
      update({ page: Number(a.dataset.page) || 1 });
      $('#results-heading').focus();
      $('#results-section').scrollIntoView({ block: 'start' });
    });
  }

  window.addEventListener('popstate', () => { typingEntry = false; clearTimeout(searchTimer); route(); });
  route();
}

init(); // the script is loaded with defer, so the DOM is ready
