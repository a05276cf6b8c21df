// Caravan's web page: sign in with the API token, find assets in the library (search, status, order, pages), watch
// them move through the pipeline, play, retry.
// Everything that came from a sidecar or a file name is inserted as text, never as HTML.
(function () {
  'use strict';
  const state = { token: sessionStorage.getItem('caravan.token'), hls: null, timer: null, posters: {}, storyboard: [], duration: 0 };
  window.caravan = { fatalError: null, playing: null };

  const $ = (id) => document.getElementById(id);

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ credentials: 'same-origin' }, options, {
      headers: Object.assign({ 'Authorization': 'Bearer ' + state.token },
        (options || {}).body !== undefined ? { 'Content-Type': 'application/json' } : {}, // the API takes JSON bodies only
        (options || {}).headers)
    }));
    const type = (response.headers.get('content-type') || '').split(';')[0];
    const body = type === 'application/json' || type === 'application/problem+json' ? await response.json() : null;
    if (!response.ok) { // errors are RFC 9457 problem details: detail is the sentence, code the reason
      const error = new Error(body && body.detail ? body.detail : 'HTTP ' + response.status);
      error.code = body && body.code;
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function cell(text, className) {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text == null ? '' : String(text);
    return td;
  }

  function button(label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  function titleOf(asset) {
    return (asset.metadata && typeof asset.metadata.title === 'string' && asset.metadata.title) || asset.source.name;
  }

  // The library list: one page of GET /api/assets at a time, for the search text, statuses and order chosen. `cursors`
  // holds the `after` of each page on the way to this one, so a poll asks for this very page again and the user keeps
  // their place; a new search, filter or order starts again from the first page.
  const STATUSES = ['RECEIVED', 'PROBING', 'TRANSCODING', 'PUBLISHING', 'READY', 'FAILED', 'DUPLICATE'];
  const PAGE_SIZE = 50;
  const list = { q: '', statuses: new Set(), order: 'newest', cursors: [null], next: null, asked: 0, shown: 0,
    debounce: null, signatures: new WeakMap() };

  function listQuery() {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), order: list.order });
    if (list.statuses.size) params.set('status', STATUSES.filter((s) => list.statuses.has(s)).join(','));
    if (list.q) params.set('q', list.q);
    const after = list.cursors[list.cursors.length - 1];
    if (after) params.set('after', after);
    return params.toString();
  }

  function changeView(change) {
    change();
    list.cursors = [null];
    list.next = null;
    showPressed();
    refresh();
  }

  function turnPage(turn) {
    turn();
    $('next-page').disabled = true;
    $('previous-page').disabled = true;
    refresh().then(() => $('assets').scrollIntoView({ block: 'start' }));
  }

  function buildStatusFilter() {
    for (const status of [''].concat(STATUSES)) {
      const chip = button('', () => changeView(() => {
        if (!status) list.statuses.clear();
        else if (list.statuses.has(status)) list.statuses.delete(status);
        else list.statuses.add(status);
      }));
      chip.className = 'chip';
      chip.dataset.status = status;
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = status || 'All';
      const count = document.createElement('span');
      count.className = 'count';
      chip.append(label, ' ', count);
      $('status-filter').appendChild(chip);
    }
    showPressed();
  }

  function showPressed() {
    for (const chip of $('status-filter').children) {
      const status = chip.dataset.status;
      chip.setAttribute('aria-pressed', String(status ? list.statuses.has(status) : list.statuses.size === 0));
    }
  }

  // `counts` is the whole library's count per status (whatever the search); statuses with none are left out.
  function total(counts, statuses) {
    return statuses.reduce((sum, s) => sum + Number(counts[s] || 0), 0);
  }

  function showCounts(counts) {
    for (const chip of $('status-filter').children) {
      const status = chip.dataset.status;
      chip.querySelector('.count').textContent = total(counts, status ? [status] : STATUSES).toLocaleString();
    }
  }

  function showPager(items, counts) {
    const index = list.cursors.length - 1;
    const first = index * PAGE_SIZE + 1; // every page before this one was full
    const of = list.q ? '' : ' of ' + total(counts, list.statuses.size ? Array.from(list.statuses) : STATUSES).toLocaleString();
    $('page-info').textContent = items.length ? first + '–' + (first + items.length - 1) + of : '';
    $('previous-page').disabled = index === 0;
    $('next-page').disabled = !list.next;
    $('pager').hidden = index === 0 && !list.next;
  }

  // Rows whose asset has not changed since the last poll stay as they are (no poster reload, no lost focus).
  function render(items) {
    const body = $('assets').querySelector('tbody');
    const existing = new Map(Array.from(body.rows, (tr) => [tr.dataset.id, tr]));
    const rows = items.map((asset) => {
      const signature = JSON.stringify(asset);
      const kept = existing.get(asset.id);
      if (kept && list.signatures.get(kept) === signature) return kept;
      const tr = row(asset);
      list.signatures.set(tr, signature);
      return tr;
    });
    rows.forEach((tr, i) => { if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null); });
    while (body.children.length > rows.length) body.lastElementChild.remove();
    const filtered = Boolean(list.q) || list.statuses.size > 0;
    $('empty').hidden = items.length > 0 || filtered;
    $('no-match').hidden = items.length > 0 || !filtered;
  }

  function row(asset) {
    const tr = document.createElement('tr');
    tr.className = asset.status;
    tr.dataset.id = asset.id;
    tr.appendChild(cell(titleOf(asset), 'title'));
    showPoster(tr.lastChild, asset);
    tr.appendChild(cell(asset.status, 'status'));
    const progress = document.createElement('td');
    if (!['READY', 'FAILED', 'DUPLICATE'].includes(asset.status)) {
      const bar = document.createElement('progress');
      bar.max = 100;
      bar.value = asset.progress || 0;
      bar.textContent = (asset.progress || 0) + '%';
      progress.appendChild(bar);
      if (asset.chunks && asset.chunks.total > 0) { // encoded in chunks on several workers (README "Split-and-stitch")
        const parts = document.createElement('small');
        parts.className = 'chunks';
        parts.textContent = ' ' + asset.chunks.done + '/' + asset.chunks.total + ' parts';
        parts.title = asset.chunks.framesDone + ' of ' + asset.chunks.frames + ' frames encoded';
        progress.appendChild(parts);
      }
    }
    tr.appendChild(progress);
    const details = asset.error ? asset.error.code + ': ' + asset.error.message
      : asset.duplicateOf ? 'Same content as ' + asset.duplicateOf
      : (asset.renditions || []).map((r) => r.name).join(' · ');
    tr.appendChild(cell(details, asset.error ? 'reason' : 'details'));
    const actions = document.createElement('td');
    if (asset.status === 'READY' || asset.status === 'DUPLICATE') actions.appendChild(button('Play', () => play(asset)));
    if (asset.status === 'FAILED') actions.appendChild(button('Retry', () => retry(asset)));
    tr.appendChild(actions);
    return tr;
  }

  // Posters come through short-lived signed URLs that cover the poster file only (GET /api/assets/{id}/poster).
  function showPoster(td, asset) {
    if (!asset.outputs || !asset.outputs.poster) return;
    const img = document.createElement('img');
    img.className = 'poster';
    img.alt = '';
    td.prepend(img);
    const cached = state.posters[asset.id];
    if (cached && cached.expires > Date.now() + 60000) {
      img.src = cached.url;
      return;
    }
    api('/api/assets/' + encodeURIComponent(asset.id) + '/poster').then((p) => {
      state.posters[asset.id] = { url: p.url, expires: Date.parse(p.expiresAt) };
      img.src = p.url;
    }).catch(() => { img.remove(); });
  }

  function number(value, digits) {
    return value == null ? '' : Number(value).toFixed(digits);
  }

  function kbps(bits) {
    return bits == null ? '' : Math.round(bits / 1000) + ' kb/s';
  }

  // What was measured on each rendition, and what did not go as planned (warnings), for the asset being played.
  function showQuality(asset) {
    const table = $('quality');
    const body = table.querySelector('tbody');
    body.replaceChildren();
    const measured = (asset.renditions || []).filter((r) => r.quality);
    table.hidden = measured.length === 0;
    for (const r of measured) {
      const q = r.quality;
      const tr = document.createElement('tr');
      tr.dataset.rendition = r.name;
      if (q.ssim != null && (asset.warnings || []).some((w) => w.code === 'QUALITY_BELOW_FLOOR'
          && w.message.indexOf('Rendition ' + r.name + ' ') === 0)) tr.className = 'below-floor';
      [r.name, r.width ? r.width + '×' + r.height : 'audio', kbps(r.bandwidth), kbps(q.averageBitrate), kbps(q.peakBitrate),
        number(q.bitsPerPixel, 3), number(q.ssim, 4), number(q.psnr, 1)]
        .forEach((v, i) => tr.appendChild(cell(v, i === 6 ? 'ssim' : null)));
      body.appendChild(tr);
    }
    const warnings = $('warnings');
    warnings.replaceChildren();
    for (const w of asset.warnings || []) {
      const li = document.createElement('li');
      li.textContent = w.code + ': ' + w.message;
      warnings.appendChild(li);
    }
  }

  // The master's SUBTITLES group, as hls.js reads it: Off, or one of the tracks.
  function showCaptions(hls) {
    const select = $('captions');
    select.replaceChildren(new Option('Off', '-1'));
    hls.subtitleTracks.forEach((t, i) => select.appendChild(new Option(t.name + (t.lang ? ' (' + t.lang + ')' : ''), String(i))));
    select.disabled = hls.subtitleTracks.length === 0;
    select.value = String(hls.subtitleTrack);
    select.onchange = () => {
      hls.subtitleDisplay = true;
      hls.subtitleTrack = Number(select.value);
    };
  }

  async function refresh() {
    const query = listQuery();
    const ticket = ++list.asked;
    try {
      const page = await api('/api/assets?' + query);
      if (query !== listQuery() || ticket < list.shown) return; // the user has moved on, or a newer answer is shown
      list.shown = ticket;
      if (page.items.length === 0 && list.cursors.length > 1) { // this page emptied (its assets moved on): step back
        list.cursors.pop();
        return refresh();
      }
      $('list-error').textContent = '';
      list.next = page.next || null;
      showCounts(page.counts || {});
      render(page.items);
      showPager(page.items, page.counts || {});
    } catch (e) {
      if (e.status === 401) signOut('The token was not accepted.');
      else if (query === listQuery()) $('list-error').textContent = 'The list did not load: ' + e.message;
    }
  }

  $('search').addEventListener('input', () => {
    clearTimeout(list.debounce);
    list.debounce = setTimeout(search, 300);
  });
  $('search').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      clearTimeout(list.debounce);
      search();
    }
  });
  function search() {
    const q = $('search').value.trim();
    if (q !== list.q) changeView(() => { list.q = q; });
  }
  $('order').addEventListener('change', () => changeView(() => { list.order = $('order').value; }));
  $('next-page').addEventListener('click', () => {
    if (list.next) turnPage(() => { list.cursors.push(list.next); list.next = null; });
  });
  $('previous-page').addEventListener('click', () => {
    if (list.cursors.length > 1) turnPage(() => { list.cursors.pop(); });
  });
  buildStatusFilter();

  // hls.js for a fast start on slow links (issue #19): rungs larger than the player in device pixels are not fetched,
  // there is no bandwidth-test download (it fetches a segment only to throw it away), and the first rung comes from
  // startLevel below, not from the master's order. The segments' cookies go with every request.
  const PLAYER_CONFIG = {
    xhrSetup: (xhr) => { xhr.withCredentials = true; },
    testBandwidth: false,
    capLevelToPlayerSize: true
  };

  // The rung to start on (hls.js's levels, lowest bit rate first): the highest whose peak (BANDWIDTH) is at most 40 %
  // of the link's estimated speed, so that its first segment (6 s) arrives in about 2.5 s; else the lowest. The
  // estimate is the browser's (navigator.connection.downlink: Chromium's, capped at 10 Mb/s), or 2 Mb/s, the link
  // Apple's specification starts on, where it has none. After the first download hls.js measures the link itself.
  function startLevel(levels) {
    const connection = navigator.connection;
    const bitsPerSecond = connection && connection.downlink > 0 ? connection.downlink * 1e6 : 2e6;
    let start = 0;
    levels.forEach((level, i) => { if (level.bitrate <= 0.4 * bitsPerSecond) start = i; });
    return start;
  }

  async function play(asset) {
    $('player-error').textContent = '';
    window.caravan.fatalError = null;
    try {
      const grant = await api('/api/assets/' + encodeURIComponent(asset.id) + '/playback', { method: 'POST', body: '{}' });
      const master = new URL(grant.masterUrl, location.href).pathname; // the signed cookies now cover this folder
      $('player-panel').hidden = false;
      $('now-playing').textContent = titleOf(asset);
      const video = $('player');
      if (state.hls) state.hls.destroy();
      state.hls = null;
      if (window.caravanCmaf.wantsDash()) { // a CMAF asset's DASH manifest, with dash.js (cmaf.js)
        showQuality(asset);
        window.caravanCmaf.playDash(video, master.replace(/master\.m3u8$/, ''), asset.id);
        window.caravan.playing = asset.id;
        return;
      }
      const hls = new Hls(Object.assign({}, PLAYER_CONFIG, window.caravanCmaf.hlsOptions(asset.id)));
      state.hls = hls;
      document.dispatchEvent(new CustomEvent('caravan:player', { detail: hls })); // audio.js: the language menu
      hls.on(Hls.Events.ERROR, (event, data) => {
        if (data.fatal) {
          window.caravan.fatalError = data.details;
          $('player-error').textContent = 'Playback failed: ' + data.details;
        }
      });
      hls.on(Hls.Events.MANIFEST_PARSED, (event, data) => {
        const cap = hls.autoLevelCapping; // the player's size, when capLevelToPlayerSize has measured it
        hls.startLevel = cap >= 0 ? Math.min(startLevel(data.levels), cap) : startLevel(data.levels);
        video.play().catch(() => {});
      });
      hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => showCaptions(hls));
      showCaptions(hls);
      showQuality(asset);
      document.dispatchEvent(new CustomEvent('caravan:asset-shown', { detail: asset })); // costs.js shows its cost
      const folder = master.replace(/master\.m3u8$/, '');
      showPosterInPlayer(video, asset, folder);
      state.duration = asset.probe && asset.probe.durationSeconds || 0;
      loadStoryboard(asset, folder);
      const download = asset.outputs && asset.outputs.download;
      $('download').hidden = !download;
      if (download) $('download').href = master.replace(/master\.m3u8$/, download.path);
      hls.loadSource(master);
      hls.attachMedia(video);
      window.caravan.playing = asset.id;
    } catch (e) {
      $('player-error').textContent = 'No playback grant: ' + e.message;
    }
  }

  // The poster (for an audio-only upload, its waveform) shows in the player instead of a black box; the grant's
  // cookies cover the asset's folder, so its relative path is enough.
  function showPosterInPlayer(video, asset, folder) {
    const poster = asset.outputs && asset.outputs.poster;
    if (poster && poster.large) video.poster = folder + poster.large.path;
    else video.removeAttribute('poster');
    video.classList.toggle('audio-only', !(asset.probe && asset.probe.video));
  }

  // Storyboard thumbnails over the scrub bar: the published storyboard.vtt maps time ranges to tiles of sprite sheets
  // (sprite_001.jpg#xywh=x,y,w,h).
  async function loadStoryboard(asset, folder) {
    state.storyboard = [];
    const storyboard = asset.outputs && asset.outputs.storyboard;
    $('scrubber').hidden = false;
    if (!storyboard) return;
    const vtt = new URL(folder + storyboard.vtt, location.href);
    try {
      const response = await fetch(vtt, { credentials: 'same-origin' });
      if (response.ok) state.storyboard = parseStoryboard(await response.text(), vtt);
    } catch (e) {
      state.storyboard = [];
    }
  }

  function seconds(stamp) {
    return stamp.trim().split(':').reduce((total, part) => total * 60 + Number(part), 0);
  }

  function parseStoryboard(text, base) {
    const cues = [];
    for (const block of text.replace(/\r/g, '').split(/\n\n+/)) {
      const lines = block.split('\n');
      const timing = lines.findIndex((l) => l.includes('-->'));
      const target = timing >= 0 ? lines[timing + 1] : null;
      const match = target && /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(target.trim());
      if (!match) continue;
      const [start, end] = lines[timing].split('-->');
      cues.push({ start: seconds(start), end: seconds(end.trim().split(/\s/)[0]), url: new URL(match[1], base).pathname,
        x: Number(match[2]), y: Number(match[3]), w: Number(match[4]), h: Number(match[5]) });
    }
    return cues;
  }

  function duration() {
    const d = $('player').duration;
    return Number.isFinite(d) && d > 0 ? d : state.duration;
  }

  function previewAt(event) {
    const scrub = $('scrub');
    const preview = $('storyboard-preview');
    const rect = scrub.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    const time = fraction * duration();
    const cue = state.storyboard.find((c) => time >= c.start && time < c.end) || state.storyboard[state.storyboard.length - 1];
    if (!cue || !duration()) {
      preview.hidden = true;
      return;
    }
    preview.style.width = cue.w + 'px';
    preview.style.height = cue.h + 'px';
    preview.style.backgroundImage = 'url("' + cue.url + '")';
    preview.style.backgroundPosition = '-' + cue.x + 'px -' + cue.y + 'px';
    preview.style.left = Math.min(rect.width - cue.w, Math.max(0, fraction * rect.width - cue.w / 2)) + 'px';
    preview.dataset.time = time.toFixed(2);
    preview.hidden = false;
  }

  $('scrub').addEventListener('mousemove', previewAt);
  $('scrub').addEventListener('mouseleave', () => { $('storyboard-preview').hidden = true; });
  $('scrub').addEventListener('input', () => {
    if (duration()) $('player').currentTime = $('scrub').value / 1000 * duration();
  });
  $('player').addEventListener('timeupdate', () => {
    if (duration()) $('scrub').value = String(Math.round($('player').currentTime / duration() * 1000));
  });

  async function retry(asset) {
    try {
      await api('/api/assets/' + encodeURIComponent(asset.id) + '/retry', { method: 'POST' });
    } catch (e) {
      $('player-error').textContent = 'Retry refused: ' + e.message;
    }
    refresh();
  }

  function signOut(message) {
    sessionStorage.removeItem('caravan.token');
    state.token = null;
    clearInterval(state.timer);
    $('app').hidden = true;
    $('signin-panel').hidden = false;
    $('signin-error').textContent = message || '';
  }

  async function signIn(token) {
    state.token = token;
    try {
      await api('/api/assets?limit=1');
    } catch (e) {
      signOut(e.status === 401 ? 'That token is not valid.' : 'Caravan did not answer: ' + e.message);
      return;
    }
    sessionStorage.setItem('caravan.token', token);
    $('signin-panel').hidden = true;
    $('app').hidden = false;
    $('who').textContent = 'signed in';
    refresh();
    clearInterval(state.timer);
    state.timer = setInterval(refresh, 2000); // live progress: the page on show, for its search and filter
  }

  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
  });
  if (state.token) signIn(state.token);
}());
