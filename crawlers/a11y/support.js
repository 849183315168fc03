// d43 accessibility-support helpers, evaluated in the page (Playwright page.evaluate).
// Exposes window.__d43a11y = {candidates(), measure()}; idempotent.
(() => {
  if (window.__d43a11y) return;
  const CLICKABLE = new Set(['A', 'BUTTON', 'INPUT', 'SUMMARY', 'LABEL']);
  // a <select> is not clicked (a click opens nothing in a headless browser): not a candidate
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK', 'svg', 'SVG', 'PATH', 'SELECT', 'OPTION', 'OPTGROUP']);

  function path(el) {
    // full chain from <html> with :nth-child, so that an ancestor's path is a prefix
    const parts = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (n === document.documentElement) { parts.push('html'); break; }
      const parent = n.parentElement;
      const i = parent ? Array.prototype.indexOf.call(parent.children, n) + 1 : 1;
      parts.push(n.tagName.toLowerCase() + ':nth-child(' + i + ')');
    }
    return parts.reverse().join(' > ');
  }
  function nice(el) {
    if (el.id && /^[A-Za-z][\w-]*$/.test(el.id)) return '#' + el.id;
    let s = el.tagName.toLowerCase();
    const cls = (typeof el.className === 'string' ? el.className : '').trim().split(/\s+/).filter(c => /^[A-Za-z][\w-]*$/.test(c)).slice(0, 2);
    if (cls.length) s += '.' + cls.join('.');
    return s;
  }
  function visible(el) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  }
  function labelOf(el) {
    const a = el.getAttribute('aria-label') || '';
    const t = el.getAttribute('title') || '';
    const d = el.getAttribute('data-original-title') || el.getAttribute('data-tooltip') || '';
    let own = '';
    if (el.tagName === 'IMG') own = el.getAttribute('alt') || '';
    else if (el.tagName === 'INPUT') own = el.value || el.getAttribute('alt') || '';
    else if (el.children.length <= 4) own = (el.innerText || el.textContent || '');
    if (!own && el.children.length <= 4) {
      const img = el.querySelector('img[alt]');
      if (img) own = img.getAttribute('alt');
    }
    own = own.replace(/\s+/g, ' ').trim();
    return [own, a.trim(), t.trim(), d.trim()].filter(Boolean);
  }
  function candidates() {
    const out = [];
    const all = document.body ? document.body.querySelectorAll('*') : [];
    for (const el of all) {
      if (SKIP.has(el.tagName)) continue;
      const labels = labelOf(el).filter(s => s.length <= 60);
      if (!labels.length) continue;
      const cs = getComputedStyle(el);
      const clickable = CLICKABLE.has(el.tagName) || el.hasAttribute('onclick') || el.getAttribute('role') === 'button'
        || el.hasAttribute('tabindex') || cs.cursor === 'pointer';
      const href = el.tagName === 'A' ? (el.getAttribute('href') || '') : '';
      out.push({path: path(el), selector: nice(el), labels, tag: el.tagName.toLowerCase(), clickable,
                href, abs: el.tagName === 'A' && href ? el.href : '', visible: visible(el),
                html: el.outerHTML.slice(0, 200), accesskey: el.getAttribute('accesskey') || ''});
      if (out.length >= 4000) break;
    }
    const scripts = Array.from(document.scripts).map(s => s.src || (s.textContent || '').slice(0, 2000));
    return {candidates: out, scripts, accesskeys: document.querySelectorAll('[accesskey]').length};
  }
  function zoomOf(el, cache) {
    let z = 1;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      let v = cache.get(n);
      if (v === undefined) { v = parseFloat(getComputedStyle(n).zoom) || 1; cache.set(n, v); }
      z *= v;
    }
    return z;
  }
  function bgOf(el, cache) {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      let v = cache.get(n);
      if (v === undefined) {
        const cs = getComputedStyle(n);
        v = cs.backgroundImage && cs.backgroundImage !== 'none' && cs.backgroundColor === 'rgba(0, 0, 0, 0)'
          ? 'image' : cs.backgroundColor;
        cache.set(n, v);
      }
      if (v !== 'rgba(0, 0, 0, 0)' && v !== 'transparent') return v;
    }
    return 'rgba(0, 0, 0, 0)';
  }
  function measure() {
    // font sizes (× CSS zoom) and colours of the visible text-bearing elements
    const zc = new Map(), bc = new Map();
    const els = new Set();
    if (!document.body) return {n: 0, sizes: [], colors: []};
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (w.nextNode() && els.size < 600) {
      const t = w.currentNode;
      if ((t.textContent || '').trim().length < 2) continue;
      const el = t.parentElement;
      if (!el || SKIP.has(el.tagName)) continue;
      els.add(el);
    }
    const sizes = [], colors = [];
    for (const el of els) {
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      sizes.push(Math.round(parseFloat(cs.fontSize) * zoomOf(el, zc) * 100) / 100);
      colors.push(cs.color + ' on ' + bgOf(el, bc));
    }
    const h = getComputedStyle(document.documentElement), b = getComputedStyle(document.body);
    return {n: sizes.length, sizes, colors, url: location.href,
            root: {filter: h.filter + ' / ' + b.filter, bg: h.backgroundColor + ' / ' + b.backgroundColor,
                   color: b.color, zoom: (parseFloat(h.zoom) || 1) * (parseFloat(b.zoom) || 1),
                   transform: b.transform}};
  }
  window.__d43a11y = {candidates, measure};
})();
