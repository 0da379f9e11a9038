// Keeps a page current from the public event stream (/api/v1/events), without reloading it.
// A region marked data-live="notice status ..." is redrawn when an event of one of those types arrives:
// - with data-live-src (and data-crossing), it fetches that one small fragment, only for events of its crossing: the
//   server renders it once per change and language, and the browser's cache revalidates it by ETag;
// - with data-live-calls (a call log), a status event reporting a call of its direction (data.call) adds that call,
//   fetched as one fragment by its number;
// - otherwise the page is fetched again, as the server renders it, and the region taken from it.
// Event data itself is only ever written with textContent.
(() => {
  'use strict';
  const regions = () => Array.from(document.querySelectorAll('[data-live][id]'));
  if (regions().length === 0 || !('EventSource' in window)) {
    return;
  }
  const status = document.getElementById('live-status');
  const wanted = new Set(regions().flatMap(r => r.dataset.live.split(/\s+/)));
  let pending = new Set();
  let events = [];
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

  const get = async url => {
    const response = await fetch(url, { credentials: 'same-origin', headers: { 'X-Requested-With': 'khyber-live' } });
    return response.ok ? response.text() : null;
  };
  const parse = html => new DOMParser().parseFromString(html, 'text/html');
  const concerns = (region, types) => region.dataset.live.split(/\s+/).some(k => types.has(k));
  const ofCrossing = (region, seen) =>
    !region.dataset.crossing || seen.some(e => !e.crossingId || e.crossingId === region.dataset.crossing);

  // One fragment: the region's element of the same id replaces it.
  const redrawFromFragment = async (region, seen) => {
    if (!ofCrossing(region, seen)) {
      return;
    }
    const html = await get(region.dataset.liveSrc);
    const replacement = html && parse(html).getElementById(region.id);
    if (replacement && !leaving && !typing(region)) {
      region.replaceWith(document.importNode(replacement, true));
    }
  };

  // A call log: each call an event reports for its crossing and direction, fetched by number and put first.
  const addCalls = async (region, seen) => {
    const calls = seen
      .filter(e => e.type === 'status' && e.data && e.data.call && e.crossingId === region.dataset.crossing &&
        e.data.call.direction === region.dataset.direction)
      .map(e => e.data.call.number)
      .sort((a, b) => a - b);
    for (const number of calls) {
      if (region.querySelector(`[data-call="${number}"]`)) {
        continue;
      }
      const html = await get(`${region.dataset.liveCalls}/${number}`);
      const article = html && parse(html).querySelector(`[data-call="${number}"]`);
      if (!article || leaving) {
        continue;
      }
      const none = region.querySelector('#no-calls');
      if (none) {
        none.remove();
      }
      const heading = region.querySelector('h2');
      heading.after(document.importNode(article, true));
    }
  };

  const refresh = async () => {
    const types = pending;
    const seen = events;
    pending = new Set();
    events = [];
    timer = null;
    if (leaving) {
      return;
    }
    const due = regions().filter(r => concerns(r, types));
    const whole = due.filter(r => !r.dataset.liveSrc && !r.dataset.liveCalls);
    await Promise.all([
      ...due.filter(r => r.dataset.liveSrc).map(r => redrawFromFragment(r, seen)),
      ...due.filter(r => r.dataset.liveCalls).map(r => addCalls(r, seen)),
    ]);
    if (whole.length > 0) {
      const html = await get(window.location.href);
      if (html === null || leaving) {
        return;
      }
      const fresh = parse(html);
      for (const region of whole) {
        const replacement = fresh.getElementById(region.id);
        if (replacement && !typing(region)) {
          region.replaceWith(document.importNode(replacement, true));
        }
      }
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
      if (last) {
        events.push(last);
      }
      // Several events of one change arrive together: redraw once.
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
