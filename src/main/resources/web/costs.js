// The asset detail's cost (docs/costs.md): CPU-seconds by stage, bytes stored and served, MediaConvert minutes, and
// the price, with the unit prices of the operator's price table (GET /api/costs answers them). app.js announces the
// asset it shows with a 'caravan:asset-shown' event; the figures are read fresh from GET /api/assets/{id}.
// Everything is inserted as text, never as HTML.
(function () {
  'use strict';
  let prices = null; // the price table, asked once per page load

  async function get(path) {
    const response = await fetch(path, { credentials: 'same-origin',
      headers: { 'Authorization': 'Bearer ' + sessionStorage.getItem('caravan.token') } });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response.json();
  }

  function bytes(n) {
    if (n < 1000) return n + ' B';
    const units = ['kB', 'MB', 'GB', 'TB'];
    let value = n;
    let unit = -1;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
    return value.toFixed(1) + ' ' + units[unit];
  }

  // the same rule as the server's CostPrice: CPU, MediaConvert minutes, bytes served, and a month of storage
  function priceOf(cost, p) {
    const gb = 1e9;
    const stored = cost.bytesStored || { media: 0, archive: 0 };
    return cost.cpuSeconds / 3600 * p.cpuHour + (cost.mediaConvertNormalizedMinutes || 0) * p.mediaConvertNormalizedMinute
      + cost.bytesServed / gb * p.deliveryGb + (stored.media + stored.archive) / gb * p.storageGbMonth;
  }

  function row(body, label, value, name) {
    const tr = document.createElement('tr');
    tr.dataset.cost = name;
    const th = document.createElement('th');
    th.textContent = label;
    const td = document.createElement('td');
    td.textContent = value;
    tr.append(th, td);
    body.appendChild(tr);
  }

  async function show(asset) {
    const table = document.getElementById('cost');
    const body = table.querySelector('tbody');
    try {
      const fresh = await get('/api/assets/' + encodeURIComponent(asset.id));
      const cost = fresh.cost;
      body.replaceChildren();
      table.hidden = !cost;
      if (!cost) return;
      const stages = Object.keys(cost.cpuSecondsByStage || {})
        .map((s) => s + ' ' + cost.cpuSecondsByStage[s].toFixed(2)).join(', ');
      row(body, 'CPU', cost.cpuSeconds.toFixed(2) + ' s' + (stages ? ' (' + stages + ')' : ''), 'cpu');
      const stored = cost.bytesStored || { media: 0, archive: 0 };
      row(body, 'Stored', bytes(stored.media) + ' media, ' + bytes(stored.archive) + ' archive', 'stored');
      row(body, 'Served', bytes(cost.bytesServed), 'served');
      if (cost.mediaConvertNormalizedMinutes != null) {
        row(body, 'MediaConvert', cost.mediaConvertNormalizedMinutes.toFixed(1) + ' normalized minutes (estimate)', 'mediaconvert');
      }
      if (!prices) prices = (await get('/api/costs?from=1970-01-01&to=1970-01-02')).prices;
      row(body, 'Price', priceOf(cost, prices).toFixed(4) + ' ' + prices.currency + ' (one month of storage included)', 'price');
    } catch (e) {
      table.hidden = true; // the cost is extra: the player works without it
    }
  }

  document.addEventListener('caravan:asset-shown', (event) => { show(event.detail); });
})();
