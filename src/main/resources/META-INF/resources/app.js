// camsearch web page: search by an uploaded image or by a catalog item, show the hits with their heatmaps;
// select hits and ask for more like them (POST /recommend).
// Plain DOM, no framework, no build step. Everything from the API is put on the page as text, never as HTML.
'use strict';

const PAGE_SIZE = 24;
const $ = (id) => document.getElementById(id);

const state = { catalogOffset: 0, catalogTotal: 0, busy: false, queryObjectUrl: null, queryFile: null, selected: new Set() };
const itemSizes = new Map(); // item id -> Promise<{width, height}> (original pixels, for the hit-side box)

/** An API call: the parsed JSON, or an Error carrying the API's {error, message}. */
async function api(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new Error('The service could not be reached (' + e.message + ').');
  }
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const message = body && body.message ? body.message : (await response.text().catch(() => '')) || response.statusText;
    const error = new Error(message);
    error.code = body && body.error ? body.error : 'HTTP_' + response.status;
    error.status = response.status;
    throw error;
  }
  return body;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// --- status, errors, loading -------------------------------------------------------------------

function setBusy(busy, message) {
  state.busy = busy;
  document.body.classList.toggle('busy', busy);
  $('results').setAttribute('aria-busy', String(busy));
  for (const button of document.querySelectorAll('#search-form button, #catalog-grid button')) {
    button.disabled = busy;
  }
  updateRecommendButton();
  $('status').textContent = busy ? message : '';
  $('status').classList.toggle('loading', busy);
}

function showError(error) {
  const box = $('error');
  box.replaceChildren(
    el('strong', { text: error.status ? 'The service said: ' : 'Error: ' }),
    el('span', { 'data-testid': 'error-message', text: error.message }),
    error.code ? el('code', { class: 'error-code', text: ' ' + error.code + (error.status ? ' (HTTP ' + error.status + ')' : '') }) : null);
  box.hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').replaceChildren();
}

// --- search ------------------------------------------------------------------------------------

function params() {
  const query = new URLSearchParams();
  query.set('k', $('k').value.trim());
  const filter = $('filter').value.trim();
  if (filter) query.set('filter', filter);
  query.set('explain', $('explain').value);
  return query;
}

/** querySrc: the query image as the page has it (the picked file); null for an item query, whose image the API names. */
async function run(label, request, describeQuery, querySrc) {
  if (state.busy) return;
  clearError();
  setBusy(true, label);
  try {
    const result = await request();
    render(result, describeQuery, querySrc || result.query.imageUrl);
  } catch (error) {
    $('results').hidden = true;
    $('hits').replaceChildren();
    showError(error);
  } finally {
    setBusy(false);
  }
}

function searchUpload(event) {
  event.preventDefault();
  const file = $('image').files[0];
  if (!file) {
    showError(new Error('Choose an image file first, or pick a catalog item below.'));
    $('image').focus();
    return;
  }
  const form = new FormData();
  form.append('image', file, file.name);
  // The service keeps no query image: the page shows the file itself, with the heatmaps layered over it.
  if (state.queryObjectUrl) URL.revokeObjectURL(state.queryObjectUrl);
  state.queryObjectUrl = URL.createObjectURL(file);
  state.queryFile = file;
  run('Searching with ' + file.name + '…',
    () => api('/search?' + params(), { method: 'POST', body: form }),
    () => 'Your image: ' + file.name, state.queryObjectUrl);
}

function searchSimilar(id) {
  state.queryFile = null;
  run('Finding items similar to ' + id + '…',
    () => api('/items/' + encodeURIComponent(id) + '/similar?' + params()),
    () => 'Catalog item ' + id);
}

/** "More like these": the selected hits as positive examples; each hit's heatmap shows what it shares with them. */
function recommendSelected() {
  const liked = [...state.selected];
  if (liked.length === 0) return;
  state.queryFile = null;
  const body = { positive: liked, k: Number($('k').value.trim()) || $('k').value.trim(),
    explain: $('explain').value === 'none' ? 'none' : 'hit' };
  const filter = $('filter').value.trim();
  if (filter) body.filter = filter;
  const describeQuery = () => 'More like ' + liked.join(', ');
  run('Finding more like ' + liked.length + (liked.length === 1 ? ' item' : ' items') + '…',
    () => api('/recommend', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then((answer) => ({
        // The shape of a search answer, for render(): the first liked item stands for the query.
        query: { width: 0, height: 0, imageUrl: '/items/' + encodeURIComponent(liked[0]) + '/image' },
        explain: answer.explain === 'hit' ? 'both' : 'none', hits: answer.hits, timings: answer.timings, recommended: true,
      })),
    describeQuery);
}

function updateRecommendButton() {
  const count = state.selected.size;
  $('recommend-button').disabled = state.busy || count === 0;
  $('recommend-count').textContent = count === 0 ? 'Select hits to find more like them.'
    : count + (count === 1 ? ' hit selected.' : ' hits selected.');
}

// --- results -----------------------------------------------------------------------------------

function render(result, describeQuery, querySrc) {
  const query = result.query;
  $('query-image').src = querySrc;
  $('query-image').alt = 'The query: ' + describeQuery();
  $('query-caption').textContent = describeQuery() + (result.recommended ? '' : ' (' + query.width + '×' + query.height + ')');

  const asked = $('explain').value;
  let summary = result.hits.length + (result.hits.length === 1 ? ' hit' : ' hits')
    + ' in ' + Math.round(result.timings.embed + result.timings.search + result.timings.explain) + ' ms'
    + ' (embed ' + result.timings.embed + ', search ' + result.timings.search + ', explain ' + result.timings.explain + ').';
  if (result.recommended) summary += ' The examples are left out; each heatmap shows what the hit shares with them.';
  else if (result.explain !== asked) summary += ' Heatmaps: ' + result.explain + ' (this query has no stored explanation basis).';
  if (result.hits.length === 0) summary += ' Nothing in the catalog matches the filter.';
  $('results-summary').textContent = summary;
  $('opacity-field').hidden = result.explain === 'none';

  state.selected.clear();
  updateRecommendButton();
  $('hits').replaceChildren(...result.hits.map((hit) => renderHit(hit, result, querySrc)));
  $('results').hidden = false;
  $('results-title').focus(); // screen readers and keyboards land on the new results
}

function renderHit(hit, result, querySrc) {
  const metadata = el('dl', { class: 'metadata', 'data-testid': 'hit-metadata' });
  for (const [key, value] of Object.entries(hit.metadata || {})) {
    metadata.append(el('dt', { text: key }), el('dd', { text: Array.isArray(value) ? value.join(', ') : String(value) }));
  }
  const figures = el('div', { class: 'figures' });
  figures.append(plainFigure(hit.imageUrl, 'Catalog item ' + hit.id, 'The item'));
  if (hit.onQuery) {
    figures.append(layeredFigure(querySrc, hit.onQuery, 'query',
      'Heatmap on the query: what in your image makes it similar to ' + hit.id,
      'On the query', Promise.resolve({ width: result.query.width, height: result.query.height })));
  }
  if (hit.onHit) {
    figures.append(layeredFigure(hit.imageUrl, hit.onHit, 'hit',
      'Heatmap on ' + hit.id + (result.recommended ? ': what it shares with the items you liked' : ': what in it makes it similar to the query'),
      'On the hit', itemSize(hit.id)));
  }
  const select = el('input', { type: 'checkbox', 'data-testid': 'hit-select', 'aria-label': 'Select ' + hit.id + ' for more like these' });
  select.addEventListener('change', () => {
    if (select.checked) state.selected.add(hit.id);
    else state.selected.delete(hit.id);
    updateRecommendButton();
  });
  return el('li', { class: 'hit', 'data-testid': 'hit', 'data-id': hit.id },
    el('div', { class: 'hit-head' },
      el('label', { class: 'hit-select' }, select, el('span', { text: 'like' })),
      el('span', { class: 'rank', text: '#' + hit.rank }),
      el('span', { class: 'hit-id', 'data-testid': 'hit-id', text: hit.id }),
      hit.onQuery || hit.onHit ? differsToggle(hit.id) : null,
      hit.onQuery && state.queryFile ? guidedToggle(hit.id, state.queryFile, figures) : null,
      el('span', { class: 'score', 'data-testid': 'hit-score', title: 'cosine similarity', text: 'score ' + hit.score.toFixed(4) })),
    metadata,
    figures);
}

function plainFigure(src, alt, caption) {
  const frame = el('div', { class: 'frame' },
    src ? el('img', { src, alt, loading: 'lazy' }) : el('span', { class: 'no-image', text: 'no image' }));
  return el('figure', {}, frame, el('figcaption', { text: caption }));
}

/**
 * The plain image with its heatmap layered over it (CSS opacity from the slider) and the JSON box outlined,
 * and the same for its counterfactual map (what argues against the match), shown instead when the hit's
 * "what differs" toggle is on. The caption links to the service's blend over a catalog item's image, or,
 * for an uploaded query (which the service does not keep), to the map itself.
 */
function layeredFigure(baseSrc, heatmap, side, alt, caption, sizePromise) {
  const frame = el('div', { class: 'frame layered' }, el('img', { class: 'base', src: baseSrc, alt }));
  const captionText = el('figcaption', {});
  for (const [map, kind] of [[heatmap, 'for'], [heatmap.counterfactual, 'against']]) {
    if (!map) continue;
    const prefix = kind === 'against' ? 'counterfactual-' : '';
    if (map.heatmapUrl) {
      frame.append(el('img', { class: 'heat ' + kind, src: map.heatmapUrl, alt: '', 'data-testid': prefix + 'heatmap-' + side }));
    }
    if (map.box) {
      sizePromise.then((size) => {
        if (!size || !size.width || !size.height) return;
        const box = map.box;
        frame.append(el('div', {
          class: 'box ' + kind, 'data-testid': prefix + 'box-' + side, 'aria-hidden': 'true',
          style: 'left:' + pct(box.x, size.width) + ';top:' + pct(box.y, size.height)
            + ';width:' + pct(box.width, size.width) + ';height:' + pct(box.height, size.height),
        }));
      }).catch(() => { /* the box is drawn into the heatmap image as well */ });
    }
    const link = map.overlayUrl || map.heatmapUrl;
    const label = kind === 'against' ? caption + ': what differs' : caption;
    const peak = el('span', { class: 'peak', text: ' peak ' + map.peak.toFixed(3) + (map.box ? '' : ', no box') });
    captionText.append(el('span', { class: kind },
      link ? el('a', { href: link, 'data-testid': prefix + 'image-link-' + side, text: label }) : label, peak));
  }
  return el('figure', {}, frame, captionText);
}

/**
 * The per-hit Guided Grad-CAM toggle (uploaded queries only): asks POST /explain for this item with guided=true, once,
 * and shows the map it answers (at the model's input size) beside the heatmaps; unchecking hides it.
 */
function guidedToggle(hitId, file, figures) {
  const toggle = el('input', { type: 'checkbox', 'data-testid': 'hit-guided', 'aria-label': 'Show Guided Grad-CAM on the query for ' + hitId });
  let figure = null;
  toggle.addEventListener('change', async () => {
    if (figure) {
      figure.hidden = !toggle.checked;
      return;
    }
    if (!toggle.checked) return;
    toggle.disabled = true;
    try {
      const form = new FormData();
      form.append('image', file, file.name);
      const answer = await api('/explain?' + new URLSearchParams({ ids: hitId, guided: 'true' }), { method: 'POST', body: form });
      figure = el('figure', {},
        el('div', { class: 'frame' }, el('img', { src: answer.hits[0].guidedOnQuery, alt: 'Guided Grad-CAM on the query for ' + hitId,
          'data-testid': 'guided-query' })),
        el('figcaption', { text: 'Guided Grad-CAM on the query' }));
      figure.hidden = !toggle.checked;
      figures.append(figure);
    } catch (error) {
      toggle.checked = false;
      showError(error);
    } finally {
      toggle.disabled = false;
    }
  });
  return el('label', { class: 'hit-select', title: 'pixel-level detail of what matches: a backward pass, made on request' },
    toggle, el('span', { text: 'guided' }));
}

/** The per-hit toggle between the heatmaps (what makes the hit similar) and the counterfactual maps (what differs). */
function differsToggle(hitId) {
  const toggle = el('input', { type: 'checkbox', 'data-testid': 'hit-differs',
    'aria-label': 'Show what differs between the query and ' + hitId + ' instead of what matches' });
  toggle.addEventListener('change', () => toggle.closest('.hit').classList.toggle('differs', toggle.checked));
  return el('label', { class: 'hit-select', title: 'the counterfactual maps: the regions that argue against the match' },
    toggle, el('span', { text: 'what differs' }));
}

function pct(value, total) {
  return (100 * value / total).toFixed(3) + '%';
}

/** An item's original size (boxes on the hit are in its original pixels); fetched once per item. */
function itemSize(id) {
  if (!itemSizes.has(id)) {
    itemSizes.set(id, api('/items/' + encodeURIComponent(id)).then((item) => ({ width: item.width, height: item.height })));
  }
  return itemSizes.get(id);
}

function applyOpacity() {
  const value = Number($('opacity').value);
  document.documentElement.style.setProperty('--heat-opacity', String(value / 100));
  $('opacity-value').textContent = value + '%';
}

// --- catalog -----------------------------------------------------------------------------------

async function loadCatalog(offset) {
  const query = new URLSearchParams({ offset: String(offset), limit: String(PAGE_SIZE) });
  const filter = $('catalog-filter').value.trim();
  if (filter) query.set('filter', filter);
  $('catalog-grid').setAttribute('aria-busy', 'true');
  try {
    const page = await api('/items?' + query);
    clearError();
    state.catalogOffset = page.offset;
    state.catalogTotal = page.total;
    $('catalog-grid').replaceChildren(...page.items.map(catalogTile));
    $('catalog-count').textContent = page.total === 0 ? 'No items match.'
      : (page.offset + 1) + '–' + (page.offset + page.items.length) + ' of ' + page.total + ' items';
    $('catalog-prev').disabled = page.offset === 0;
    $('catalog-next').disabled = page.offset + page.items.length >= page.total;
  } catch (error) {
    showError(error);
  } finally {
    $('catalog-grid').removeAttribute('aria-busy');
  }
}

function catalogTile(item) {
  const label = item.id + describe(item.metadata);
  const button = el('button', { type: 'button', class: 'tile', 'data-testid': 'catalog-item', 'data-id': item.id,
    title: 'Find items similar to ' + label, 'aria-label': 'Find items similar to ' + label },
  item.imageUrl ? el('img', { src: item.imageUrl, alt: '', loading: 'lazy' }) : el('span', { class: 'no-image', text: 'no image' }),
  el('span', { class: 'tile-id', text: item.id }));
  button.disabled = state.busy;
  button.addEventListener('click', () => searchSimilar(item.id));
  return el('li', {}, button);
}

function describe(metadata) {
  const parts = Object.entries(metadata || {}).map(([key, value]) => key + ' ' + value);
  return parts.length ? ' (' + parts.join(', ') + ')' : '';
}

// --- wiring ------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('search-form').addEventListener('submit', searchUpload);
  $('catalog-form').addEventListener('submit', (event) => { event.preventDefault(); loadCatalog(0); });
  $('catalog-prev').addEventListener('click', () => loadCatalog(Math.max(0, state.catalogOffset - PAGE_SIZE)));
  $('catalog-next').addEventListener('click', () => loadCatalog(state.catalogOffset + PAGE_SIZE));
  $('opacity').addEventListener('input', applyOpacity);
  $('recommend-button').addEventListener('click', recommendSelected);
  applyOpacity();
  loadCatalog(0);
});
