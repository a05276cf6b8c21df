// Caravan's upload form: a file, an optional title and external id, sent through POST /api/uploads. Locally the bytes
// go to a tus upload in chunks (PATCH from the server's offset); when the connection drops, the loop waits (less and
// less often, at once when the browser says it is online again), asks the server what it holds (HEAD) and goes on from
// there, so the progress bar never restarts from zero. On AWS the bytes go to presigned S3 URLs, a part at a time for
// a large file. A small hand-written loop rather than tus-js-client: it is all the protocol Caravan's endpoint
// needs, and the page then loads no third-party code beyond hls.js.
(function () {
  'use strict';
  const MAX_WAIT = 15000;
  const $ = (id) => document.getElementById(id);
  const form = $('upload-form');
  if (!form) return;
  // bytes per PATCH: 8 MiB, or the form's data-chunk-bytes (smaller chunks lose less to a dropped connection)
  const chunk = () => Number(form.dataset.chunkBytes) || 8 * 1024 * 1024;
  const bar = $('upload-progress');
  const status = $('upload-status');
  const error = $('upload-error');
  let wake = null;
  window.addEventListener('online', () => { if (wake) wake(); });

  function token() { return sessionStorage.getItem('caravan.token'); }

  class Fatal extends Error {}

  // one request through XMLHttpRequest (fetch reports no upload progress); a network failure rejects, any answer resolves
  function send(method, url, headers, body, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      Object.entries(headers || {}).forEach(([k, v]) => xhr.setRequestHeader(k, v));
      if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded);
      xhr.onload = () => resolve({ status: xhr.status, header: (h) => xhr.getResponseHeader(h), text: xhr.responseText });
      xhr.onerror = () => reject(new Error('network'));
      xhr.ontimeout = () => reject(new Error('timeout'));
      xhr.send(body === undefined ? null : body);
    });
  }

  function problem(r) {
    try { const p = JSON.parse(r.text); return p.detail + ' (' + p.code + ')'; } catch (e) { return 'HTTP ' + r.status; }
  }

  function pause(failures) {
    const ms = Math.min(MAX_WAIT, 500 * Math.pow(2, failures));
    return new Promise((resolve) => { const t = setTimeout(resolve, ms); wake = () => { clearTimeout(t); resolve(); }; })
      .then(() => { wake = null; });
  }

  function show(done, total) {
    bar.max = total;
    bar.value = done;
    bar.textContent = Math.floor(100 * done / total) + '%';
  }

  const tus = (extra) => Object.assign({ 'Authorization': 'Bearer ' + token(), 'Tus-Resumable': '1.0.0' }, extra || {});

  async function serverOffset(url) {
    const r = await send('HEAD', url, tus());
    if (r.status !== 200) throw new Fatal('The upload is no longer on the server (HTTP ' + r.status + ').');
    return Number(r.header('Upload-Offset'));
  }

  async function viaTus(ticket, file) {
    let offset = 0;
    let failures = 0;
    while (offset < file.size) {
      try {
        if (failures > 0) offset = await serverOffset(ticket.url);
        const from = offset;
        const r = await send('PATCH', ticket.url, tus({ 'Upload-Offset': String(from), 'Content-Type': 'application/offset+octet-stream' }),
          file.slice(from, from + chunk()), (loaded) => show(from + loaded, file.size));
        if (r.status === 204) {
          offset = Number(r.header('Upload-Offset'));
          failures = 0;
          status.textContent = 'Uploading…';
        } else if (r.status === 409 && r.text.indexOf('OFFSET_MISMATCH') >= 0) {
          offset = Number(r.header('Upload-Offset'));
        } else if (r.status === 409) { // the server still holds the dropped connection's PATCH: wait, then ask again
          failures++;
          status.textContent = 'Waiting for the server to release the interrupted transfer…';
          await pause(failures);
        } else {
          throw new Fatal(problem(r));
        }
        show(offset, file.size);
      } catch (e) {
        if (e instanceof Fatal) throw e;
        failures++;
        status.textContent = 'Connection lost; resuming from what the server holds as soon as it answers…';
        await pause(failures);
      }
    }
  }

  async function putWithRetries(url, blob, onProgress) {
    for (let failures = 0; ; failures++) {
      try {
        const r = await send('PUT', url, {}, blob, onProgress);
        if (r.status >= 200 && r.status < 300) return r;
        if (r.status < 500) throw new Fatal('The storage refused the upload (HTTP ' + r.status + ').');
      } catch (e) {
        if (e instanceof Fatal) throw e;
        status.textContent = 'Connection lost; trying again…';
      }
      await pause(failures + 1);
    }
  }

  async function viaS3(ticket, file) {
    if (ticket.protocol === 's3-put') {
      await putWithRetries(ticket.url, file, (loaded) => show(loaded, file.size));
      show(file.size, file.size);
      return;
    }
    const parts = [];
    for (const part of ticket.parts) {
      const from = (part.partNumber - 1) * ticket.partSize;
      const r = await putWithRetries(part.url, file.slice(from, from + ticket.partSize), (loaded) => show(from + loaded, file.size));
      parts.push({ partNumber: part.partNumber, etag: r.header('ETag') });
      show(Math.min(file.size, from + ticket.partSize), file.size);
    }
    const done = await send('POST', ticket.completeUrl, { 'Authorization': 'Bearer ' + token(), 'Content-Type': 'application/json' },
      JSON.stringify({ parts: parts }));
    if (done.status !== 200) throw new Fatal(problem(done));
  }

  // the asset appears once the pipeline has taken the file: found by the external id, or by the file's name
  async function awaitAsset(file, externalId, since) {
    const stem = file.name.replace(/\.[^.]*$/, '');
    for (let i = 0; i < 600; i++) {
      const r = await send('GET', '/api/assets?limit=20&q=' + encodeURIComponent(externalId || stem), { 'Authorization': 'Bearer ' + token() });
      if (r.status === 200) {
        const found = JSON.parse(r.text).items.find((a) => (externalId ? a.externalId === externalId : true)
          && a.source && a.source.name.indexOf(stem) >= 0 && Date.parse(a.createdAt || 0) >= since - 60000);
        if (found) {
          status.textContent = 'Uploaded: asset ' + found.id + ' is ' + found.status + '.';
          status.dataset.assetId = found.id;
          status.dataset.assetStatus = found.status;
          if (found.status === 'READY' || found.status === 'FAILED' || found.status === 'DUPLICATE') return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('upload-file').files[0];
    if (!file) return;
    const title = $('upload-title').value.trim();
    const externalId = $('upload-external-id').value.trim();
    const body = { name: file.name, size: file.size };
    if (externalId) body.externalId = externalId;
    if (title) body.metadata = { title: title };
    error.textContent = '';
    status.textContent = 'Starting…';
    delete status.dataset.assetId;
    bar.hidden = false;
    show(0, file.size);
    $('upload-start').disabled = true;
    const since = Date.now();
    try {
      const created = await send('POST', '/api/uploads', { 'Authorization': 'Bearer ' + token(), 'Content-Type': 'application/json' },
        JSON.stringify(body));
      if (created.status !== 201) throw new Fatal(problem(created));
      const ticket = JSON.parse(created.text);
      status.textContent = 'Uploading…';
      await (ticket.protocol === 'tus' ? viaTus(ticket, file) : viaS3(ticket, file));
      status.textContent = 'Uploaded; waiting for the pipeline to take it…';
      form.reset();
      await awaitAsset(file, externalId, since);
    } catch (e) {
      error.textContent = e instanceof Fatal ? e.message : 'The upload failed: ' + e.message;
      status.textContent = '';
    } finally {
      $('upload-start').disabled = false;
    }
  });
})();
