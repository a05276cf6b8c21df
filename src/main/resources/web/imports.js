// The import panel: every recent bulk import (./caravan import, POST /api/imports) with its lines done, failed,
// skipped, rejected and remaining, the hours of media encoded, the ETA and its report (CSV, fetched with the token).
// Shown once signed in and while there is an import; refreshed every 2 s while one runs, every 15 s otherwise.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let timer = null;

  function token() {
    return sessionStorage.getItem('caravan.token');
  }

  function cell(text) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    return td;
  }

  function eta(seconds) {
    if (seconds == null) return 'estimating';
    if (seconds >= 3600) return Math.floor(seconds / 3600) + ' h ' + Math.floor(seconds % 3600 / 60) + ' min';
    if (seconds >= 60) return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
    return seconds + ' s';
  }

  async function download(item) {
    const response = await fetch(item.report, { headers: { 'Authorization': 'Bearer ' + token() } });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = item.id + '-report.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function row(item) {
    const tr = document.createElement('tr');
    tr.dataset.importId = item.id;
    tr.appendChild(cell(item.id));
    const bar = document.createElement('progress');
    bar.max = item.lines;
    bar.value = item.lines - item.remaining;
    const progressCell = cell('');
    progressCell.appendChild(bar);
    progressCell.appendChild(document.createTextNode(' ' + (item.lines - item.remaining) + '/' + item.lines));
    tr.appendChild(progressCell);
    tr.appendChild(cell(item.done));
    tr.appendChild(cell(item.failed));
    tr.appendChild(cell(item.skipped));
    tr.appendChild(cell(item.rejected));
    tr.appendChild(cell(item.remaining));
    tr.appendChild(cell(item.hoursEncoded.toFixed(2)));
    tr.appendChild(cell(item.finished ? 'finished' : eta(item.etaSeconds)));
    const link = document.createElement('a');
    link.href = item.report;
    link.className = 'import-report';
    link.textContent = 'report.csv';
    link.addEventListener('click', (e) => {
      e.preventDefault();
      download(item).catch((err) => { $('imports-error').textContent = 'The report could not be fetched: ' + err.message; });
    });
    const reportCell = cell('');
    reportCell.appendChild(link);
    tr.appendChild(reportCell);
    return tr;
  }

  async function refresh() {
    let next = 15000;
    if (token() && !$('app').hidden) {
      try {
        const response = await fetch('/api/imports', { headers: { 'Authorization': 'Bearer ' + token() } });
        if (!response.ok) throw new Error('HTTP ' + response.status);
        const items = (await response.json()).items || [];
        const body = $('imports').querySelector('tbody');
        body.replaceChildren(...items.map(row));
        $('imports-panel').hidden = items.length === 0;
        $('imports-error').textContent = '';
        if (items.some((i) => !i.finished)) next = 2000;
      } catch (e) {
        $('imports-error').textContent = 'Imports could not be read: ' + e.message;
      }
    } else {
      next = 1000;
    }
    timer = setTimeout(refresh, next);
  }

  window.caravanImports = { refresh: () => { clearTimeout(timer); return refresh(); } };
  refresh();
})();
