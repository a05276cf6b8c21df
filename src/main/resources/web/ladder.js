// The ladder chosen for the asset being played (caravan.ladder.mode=per-title, docs/ladders.md): one line under the
// quality table saying, per rung, the chosen bitrate against the configured one, the rungs left out, the measured
// complexity and the bytes saved. It follows app.js's window.caravan.playing and asks the API for the asset.
(function () {
  'use strict';
  const caravan = window.caravan;
  if (!caravan) return;
  let playing = caravan.playing;
  Object.defineProperty(caravan, 'playing', {
    configurable: true,
    get: () => playing,
    set: (id) => { playing = id; show(id); }
  });

  function line() {
    let p = document.getElementById('ladder-choice');
    if (!p) {
      p = document.createElement('p');
      p.id = 'ladder-choice';
      p.hidden = true;
      const quality = document.getElementById('quality');
      quality.parentNode.insertBefore(p, quality.nextSibling);
    }
    return p;
  }

  function bytes(n) {
    if (n >= 1e9) return (n / 1e9).toFixed(1) + ' GB';
    if (n >= 1e6) return (n / 1e6).toFixed(1) + ' MB';
    return Math.round(n / 1e3) + ' kB';
  }

  // The sentence, from the asset's ladderChoice (all numbers; names come from the operator's ladder file).
  function describe(choice) {
    const rungs = (choice.rungs || []).map((r) => (choice.dropped || []).includes(r.name)
      ? r.name + ' left out'
      : r.name + ' ' + r.chosenKbps + ' of ' + r.configuredKbps + ' kb/s');
    return 'Per-title ladder: ' + rungs.join(' · ') + '. Complexity ' + Number(choice.complexity).toFixed(4)
      + ' bits/pixel (' + choice.analysedSeconds + ' s analysed); about ' + bytes(Math.max(0, choice.estimatedBytesSaved))
      + ' saved against the configured ladder.';
  }

  async function show(id) {
    const p = line();
    p.hidden = true;
    p.textContent = '';
    const token = sessionStorage.getItem('caravan.token');
    if (!id || !token) return;
    try {
      const response = await fetch('/api/assets/' + encodeURIComponent(id),
        { credentials: 'same-origin', headers: { 'Authorization': 'Bearer ' + token } });
      if (!response.ok || playing !== id) return;
      const asset = await response.json();
      if (!asset.ladderChoice || playing !== id) return;
      p.textContent = describe(asset.ladderChoice);
      p.hidden = false;
    } catch (e) {
      // the line is extra information: the player works without it
    }
  }
  window.caravanLadder = { describe };
})();
