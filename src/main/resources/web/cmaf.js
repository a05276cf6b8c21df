// CMAF playback (issue #19): a CMAF asset's segments are common-encrypted (cenc) and its key comes as a W3C ClearKey
// licence from the key server (POST /keys/<id>/clearkey), under the same grant cookies as the segments.
// hls.js plays the HLS master (EME on, the licence URL configured here); with ?player=dash in the page's address,
// dash.js plays the DASH manifest (manifest.mpd) over the same segments instead.
(function () {
  'use strict';
  const state = { dash: null };

  function licenceUrl(assetId) {
    return '/keys/' + encodeURIComponent(assetId) + '/clearkey';
  }

  function failed(details) {
    window.caravan.fatalError = details;
    document.getElementById('player-error').textContent = 'Playback failed: ' + details;
  }

  function stop() {
    if (state.dash) {
      state.dash.destroy();
      state.dash = null;
    }
  }

  window.caravanCmaf = {
    // hls.js options: ClearKey through EME for playlists whose EXT-X-KEY says KEYFORMAT="org.w3.clearkey" (an MPEG-TS
    // asset's AES-128 keys are untouched by them). The licence request carries the grant's cookies.
    hlsOptions(assetId) {
      stop();
      return {
        emeEnabled: true,
        drmSystems: { 'org.w3.clearkey': { licenseUrl: licenceUrl(assetId) } },
        licenseXhrSetup: (xhr) => { xhr.withCredentials = true; }
      };
    },

    wantsDash() {
      return new URLSearchParams(location.search).get('player') === 'dash';
    },

    // dash.js on the asset's manifest.mpd; `folder` is the asset's published folder (the grant's cookies cover it).
    playDash(video, folder, assetId) {
      stop();
      const player = dashjs.MediaPlayer().create();
      player.updateSettings({ debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING } });
      player.setProtectionData({ 'org.w3.clearkey': { serverURL: licenceUrl(assetId), withCredentials: true } });
      player.on(dashjs.MediaPlayer.events.ERROR, (e) => failed('dash.js ' + ((e && e.error && (e.error.message || e.error.code)) || 'error')));
      player.on(dashjs.MediaPlayer.events.PLAYBACK_ERROR, () => failed('dash.js playback error'));
      player.initialize(video, folder + 'manifest.mpd', true);
      state.dash = player;
      return player;
    },

    stop: stop
  };
}());
