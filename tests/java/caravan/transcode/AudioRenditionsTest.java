package caravan.transcode;

import caravan.asset.Outputs.AudioRendition;
import caravan.asset.ProbeSummary;
import caravan.asset.ProbeSummary.AudioInfo;
import caravan.asset.ProbeSummary.AudioTrack;
import caravan.asset.ProbeSummary.VideoInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AudioRenditionsTest {
    private static final VideoInfo VIDEO = new VideoInfo("h264", 320, 240, 0, 25, false, "yuv420p", 8, false);

    private static ProbeSummary probe(VideoInfo video, AudioTrack... tracks) {
        return new ProbeSummary("matroska", 3, 0, video, new AudioInfo(tracks[0].codec(), 2, "stereo", 48000), List.of(),
                List.of(), List.of(tracks));
    }

    private static AudioTrack track(int index, String language, boolean isDefault) {
        return new AudioTrack(index, "aac", 2, language, null, isDefault, false, false);
    }

    @Test
    void eachTrackOfAVideoIsARenditionNamedByItsLanguageTheSourceDefaultMarked() {
        List<AudioRendition> r = AudioRenditions.plan(probe(VIDEO, track(0, "en", false), track(1, "de", true)), true, 4, 2);

        assertThat(r).containsExactly(
                new AudioRendition("audio/index.m3u8", 0, "en", "English", false, 2, false),
                new AudioRendition("audio2/index.m3u8", 1, "de", "German", true, 2, false));
    }

    @Test
    void noDefaultDispositionMakesTheFirstTheDefaultAndUnknownLanguagesAreNumbered() {
        List<AudioRendition> r = AudioRenditions.plan(probe(VIDEO, track(0, "und", false), track(2, "und", false)), true, 4, 2);

        assertThat(r).extracting(AudioRendition::name).containsExactly("Audio 1", "Audio 2");
        assertThat(r).extracting(AudioRendition::isDefault).containsExactly(true, false);
        assertThat(r).extracting(AudioRendition::track).containsExactly(0, 2);
    }

    @Test
    void anAudioDescriptionIsMarkedAndNeverTheDefaultATitleQuoteIsRemoved() {
        AudioTrack described = new AudioTrack(0, "aac", 2, "en", null, true, false, true);
        AudioTrack commentary = new AudioTrack(1, "aac", 2, "und", "Director's \"cut\"", false, true, false);
        List<AudioRendition> r = AudioRenditions.plan(probe(VIDEO, described, commentary, track(2, "en", false)), true, 4, 2);

        assertThat(r).extracting(AudioRendition::name)
                .containsExactly("English (Audio Description)", "Director's cut (Commentary)", "English");
        assertThat(r).extracting(AudioRendition::isDefault).containsExactly(false, false, true);
        assertThat(r).extracting(AudioRendition::describesVideo).containsExactly(true, false, false);
    }

    @Test
    void tracksBeyondTheLimitAreLeftOutAndTwinNamesKeptApart() {
        List<AudioRendition> r = AudioRenditions.plan(probe(VIDEO, track(0, "en", false), track(1, "en", false), track(2, "fr", false)),
                true, 2, 2);

        assertThat(r).extracting(AudioRendition::name).containsExactly("English", "English 2");
    }

    @Test
    void aSoundOnlyUploadPublishesItsDefaultTrackAsTheOneVariant() {
        List<AudioRendition> r = AudioRenditions.plan(probe(null, track(0, "en", false), track(1, "de", true)), false, 4, 2);

        assertThat(r).containsExactly(new AudioRendition("audio/index.m3u8", 1, "de", "German", true, 2, false));
    }
}
