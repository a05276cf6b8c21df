// The master's AUDIO group, as hls.js reads it (issue #19): a language menu beside the captions when the asset has
// more than one audio track; hidden otherwise. app.js hands over each new player in the 'caravan:player' event.
// window.caravan.audio says which track plays and the last audio segment fetched (the browser test reads it).
(function () {
  'use strict';
  const caravan = window.caravan;
  if (!caravan) return;

  function menu() {
    let select = document.getElementById('audio-track');
    if (!select) {
      const extras = document.getElementById('player-extras');
      const label = document.createElement('label');
      label.id = 'audio-track-label';
      label.htmlFor = 'audio-track';
      label.textContent = 'Audio';
      select = document.createElement('select');
      select.id = 'audio-track';
      extras.insertBefore(select, extras.firstChild);
      extras.insertBefore(label, select);
    }
    return select;
  }

  function show(hls) {
    const select = menu();
    const tracks = hls.audioTracks || [];
    select.replaceChildren(...tracks.map((t, i) => new Option(t.name || t.lang || 'Audio ' + (i + 1), String(i))));
    select.hidden = tracks.length < 2;
    document.getElementById('audio-track-label').hidden = select.hidden;
    select.value = String(hls.audioTrack);
    select.onchange = () => { hls.audioTrack = Number(select.value); };
    caravan.audio.track = hls.audioTrack;
  }

  document.addEventListener('caravan:player', (event) => {
    const hls = event.detail;
    caravan.audio = { track: -1, lastFragment: null };
    hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, () => show(hls));
    hls.on(Hls.Events.AUDIO_TRACK_SWITCHED, () => show(hls));
    hls.on(Hls.Events.FRAG_LOADED, (e, data) => {
      if (data.frag.type === 'audio') caravan.audio.lastFragment = data.frag.url;
    });
    show(hls);
  });
})();
