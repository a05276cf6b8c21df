package caravan.transcode;

import caravan.Settings;

/**
 * How the ladder is packaged ({@code caravan.packaging}): {@value #TS} (MPEG-TS HLS, AES-128 per segment) or
 * {@value #CMAF} (fragmented MP4 with common encryption, one set of segments under an HLS master and a DASH
 * manifest). Checked at start against the engine and the ladder: MediaConvert packages TS only here, and HEVC or AV1
 * rungs need CMAF (HLS carries them in fMP4 only).
 */
public record CmafSettings(String packaging) {
    public static final String TS = "ts";
    public static final String CMAF = "cmaf";

    public static CmafSettings from(Settings s, String engine, Ladder ladder) {
        String packaging = s.choice("caravan.packaging", TS, CMAF);
        if (CMAF.equals(packaging) && TranscodeEngine.MEDIACONVERT.equals(engine)) {
            throw Settings.problem("caravan.packaging", "must be ts with caravan.transcode.engine=mediaconvert: CMAF packaging"
                    + " is made by the ffmpeg engine only (got 'cmaf')");
        }
        if (TS.equals(packaging) && !ladder.nonH264Rungs().isEmpty()) {
            throw Settings.problem("caravan.packaging", "must be cmaf for a ladder with HEVC or AV1 rungs ("
                    + String.join(", ", ladder.nonH264Rungs().stream().map(r -> r.name() + ": " + r.codec()).toList())
                    + "): HLS carries them in fragmented MP4 only; set caravan.packaging=cmaf or make those rungs h264 (got 'ts')");
        }
        return new CmafSettings(packaging);
    }

    public boolean cmaf() {
        return CMAF.equals(packaging);
    }
}
