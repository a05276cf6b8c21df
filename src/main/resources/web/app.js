// Caravan's web page: sign in with the API token, watch assets move through the pipeline, play, retry.
// Everything that came from a sidecar or a file name is inserted as text, never as HTML.
(function () {
  'use strict';
  const state = { token: sessionStorage.getItem('caravan.token'), hls: null, timer: null };
  window.caravan = { fatalError: null, playing: null };

  const $ = (id) => document.getElementById(id);

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ credentials: 'same-origin' }, options, {
      headers: Object.assign({ 'Authorization': 'Bearer ' + state.token }, (options || {}).headers)
    }));
    const body = response.headers.get('content-type') === 'application/json' ? await response.json() : null;
    if (!response.ok) {
      const error = new Error(body && body.error ? body.error.message : 'HTTP ' + response.status);
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

  function render(items) {
    const body = $('assets').querySelector('tbody');
    body.replaceChildren();
    $('empty').hidden = items.length > 0;
    for (const asset of items) {
      const tr = document.createElement('tr');
      tr.className = asset.status;
      tr.dataset.id = asset.id;
      tr.appendChild(cell(titleOf(asset), 'title'));
      tr.appendChild(cell(asset.status, 'status'));
      const progress = document.createElement('td');
      if (!['READY', 'FAILED', 'DUPLICATE'].includes(asset.status)) {
        const bar = document.createElement('progress');
        bar.max = 100;
        bar.value = asset.progress || 0;
        bar.textContent = (asset.progress || 0) + '%';
        progress.appendChild(bar);
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
      body.appendChild(tr);
    }
  }

  async function refresh() {
    try {
      const page = await api('/api/assets?limit=200');
      render(page.items);
    } catch (e) {
      if (e.status === 401) signOut('The token was not accepted.');
    }
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
      const hls = new Hls({ xhrSetup: (xhr) => { xhr.withCredentials = true; } });
      state.hls = hls;
      hls.on(Hls.Events.ERROR, (event, data) => {
        if (data.fatal) {
          window.caravan.fatalError = data.details;
          $('player-error').textContent = 'Playback failed: ' + data.details;
        }
      });
      hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => {}); });
      hls.loadSource(master);
      hls.attachMedia(video);
      window.caravan.playing = asset.id;
    } catch (e) {
      $('player-error').textContent = 'No playback grant: ' + e.message;
    }
  }

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
    state.timer = setInterval(refresh, 2000);
  }

  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
  });
  if (state.token) signIn(state.token);
}());
