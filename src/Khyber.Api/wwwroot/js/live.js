// Keeps a page current from the public event stream (/api/v1/events), without reloading it.
// A region marked data-live="notice status ..." is fetched again, as the server renders it, when an event
// of one of those types arrives; event data itself is only ever written with textContent.
(() => {
  'use strict';
  const regions = () => Array.from(document.querySelectorAll('[data-live][id]'));
  if (regions().length === 0 || !('EventSource' in window)) {
    return;
  }
  const status = document.getElementById('live-status');
  const wanted = new Set(regions().flatMap(r => r.dataset.live.split(/\s+/)));
  let pending = new Set();
  let timer = null;
  let last = null;

  // A region holding something the user has typed or chosen is left alone, focused or not: a refresh must
  // never wipe an officer's half-written reason. Once a form is being sent the page is leaving anyway.
  const edited = field => {
    if (field.type === 'hidden') {
      return false;
    }
    if (field.tagName === 'SELECT') {
      return Array.from(field.options).some(o => o.selected !== o.defaultSelected);
    }
    if (field.type === 'checkbox' || field.type === 'radio') {
      return field.checked !== field.defaultChecked;
    }
    return field.value !== field.defaultValue;
  };
  const typing = region => Array.from(region.querySelectorAll('input, textarea, select')).some(edited);
  let leaving = false;
  document.addEventListener('submit', () => { leaving = true; }, true);

  const refresh = async () => {
    const types = pending;
    pending = new Set();
    timer = null;
    if (leaving) {
      return;
    }
    const response = await fetch(window.location.href, { credentials: 'same-origin', headers: { 'X-Requested-With': 'khyber-live' } });
    if (!response.ok) {
      return;
    }
    if (leaving) {
      return;
    }
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const region of regions()) {
      const kinds = region.dataset.live.split(/\s+/);
      const replacement = fresh.getElementById(region.id);
      if (!replacement || !kinds.some(k => types.has(k)) || typing(region)) {
        continue;
      }
      region.replaceWith(document.importNode(replacement, true));
    }
    if (status && last) {
      const when = new Date().toLocaleTimeString(document.documentElement.lang);
      status.textContent = `${status.dataset.updated} ${when}${last.crossingId ? ` · ${last.crossingId}` : ''}`;
    }
  };

  const source = new EventSource('/api/v1/events');
  for (const type of wanted) {
    source.addEventListener(type, event => {
      try {
        last = JSON.parse(event.data);
      } catch {
        last = null;
      }
      pending.add(type);
      // Several events of one change arrive together: fetch once.
      if (timer === null) {
        timer = setTimeout(refresh, 150);
      }
    });
  }
  source.addEventListener('open', () => {
    document.documentElement.dataset.live = 'connected';
  });
  source.addEventListener('error', () => {
    document.documentElement.dataset.live = 'reconnecting';
    if (status) {
      status.textContent = status.dataset.offline;
    }
  });
})();
