// Copy to the clipboard on the article page (progressive enhancement):
// - a permalink (a[data-copy-link], e.g. href="#les-2") still goes to its
//   anchor, and also copies the full URL of that anchor;
// - a copy button (button[data-copy-target], hidden in the HTML) is shown
//   and copies its textarea's text (the citations).
// Without JavaScript, or without a clipboard, the links work as links and
// the textareas can be selected by hand. Status text goes to #copy-status
// (a live region); the words come from the catalogue (data-i18n on <body>).
'use strict';

(() => {
  const T = (() => {
    try { return JSON.parse(document.body.dataset.i18n || '{}'); } catch (_) { return {}; }
  })();
  const status = document.getElementById('copy-status');
  const say = (text) => { if (status) status.textContent = text || ''; };

  async function copy(text) {
    if (!navigator.clipboard || !window.isSecureContext) return false;
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (_) {
      return false;
    }
  }

  // The link keeps its default action (the browser goes to the anchor).
  document.addEventListener('click', async (e) => {
    const a = e.target.closest('a[data-copy-link]');
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const ok = await copy(new URL(a.getAttribute('href'), location.href).href);
    say(ok ? T.link_copied : '');
    if (ok) {
      a.classList.add('copied');
      setTimeout(() => a.classList.remove('copied'), 1500);
    }
  });

  for (const btn of document.querySelectorAll('button[data-copy-target]')) {
    const target = document.getElementById(btn.dataset.copyTarget);
    if (!target) continue;
    btn.hidden = false;
    btn.addEventListener('click', async () => {
      const ok = await copy(target.value);
      if (!ok) target.select();
      say(ok ? T.copied : T.copy_failed);
    });
  }
})();
