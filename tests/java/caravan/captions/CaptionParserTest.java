package caravan.captions;

import caravan.captions.CaptionParser.Format;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CaptionParserTest {

    private static List<Cue> srt(String text) throws InvalidCaption {
        return CaptionParser.parse(text.getBytes(StandardCharsets.UTF_8), Format.SRT);
    }

    private static List<Cue> vtt(String text) throws InvalidCaption {
        return CaptionParser.parse(text.getBytes(StandardCharsets.UTF_8), Format.VTT);
    }

    private static String invalid(byte[] bytes, Format format) {
        InvalidCaption e = catchThrowableOfType(InvalidCaption.class, () -> CaptionParser.parse(bytes, format));
        assertThat(e).as("rejection").isNotNull();
        return e.getMessage();
    }

    private static String invalid(String text, Format format) {
        return invalid(text.getBytes(StandardCharsets.UTF_8), format);
    }

    @Test
    void subRipKeepsItsTimesToTheMillisecond() throws Exception {
        List<Cue> cues = srt("1\r\n00:00:01,000 --> 00:00:02,500\r\nFirst line\r\nSecond line\r\n\r\n"
                + "2\r\n01:02:03,045 --> 01:02:04,5\r\nLater\r\n");
        assertThat(cues).containsExactly(
                new Cue(1000, 2500, "", List.of("First line", "Second line")),
                new Cue(3_723_045, 3_724_500, "", List.of("Later")));
        assertThat(WebVtt.write(cues, null)).isEqualTo("WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nFirst line\nSecond line\n"
                + "\n01:02:03.045 --> 01:02:04.500\nLater\n");
    }

    @Test
    void subRipMarkupBecomesWebVttTextNotHtml() throws Exception {
        Cue cue = srt("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=\"red\">a < b & c</font> <I>x</I> &amp; <script>\n").get(0);
        assertThat(cue.lines()).containsExactly("a &lt; b &amp; c <i>x</i> &amp; &lt;script&gt;");
    }

    @Test
    void aStrayBlankLineInsideACueAndMissingNumbersAreForgiven() throws Exception {
        List<Cue> cues = srt("00:00:01,000 --> 00:00:02,000\nOne\n\nstill one\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n");
        assertThat(cues).extracting(Cue::lines).containsExactly(List.of("One", "still one"), List.of("Two"));
    }

    @Test
    void cuesAreSortedByStartTimeAndEmptyOnesDropped() throws Exception {
        List<Cue> cues = srt("1\n00:00:05,000 --> 00:00:06,000\nB\n\n2\n00:00:01,000 --> 00:00:02,000\nA\n\n"
                + "3\n00:00:07,000 --> 00:00:07,000\nzero length\n");
        assertThat(cues).extracting(c -> c.lines().get(0)).containsExactly("A", "B");
    }

    @Test
    void webVttWithHeaderNotesStylesIdentifiersAndSettings() throws Exception {
        List<Cue> cues = vtt("\uFEFFWEBVTT - lecture\nKind: captions\n\nNOTE a comment\nwith --> an arrow\n\nSTYLE\n::cue { color: red }\n\n"
                + "intro\n00:01.000 --> 00:02.000 align:start line:80%\n<v Dr. Ng>Hello</v>\n\n"
                + "00:00:03.250 --> 00:00:04.000 onload=alert(1)\nnot --> a timing\n");
        assertThat(cues).containsExactly(
                new Cue(1000, 2000, "align:start line:80%", List.of("<v Dr. Ng>Hello</v>")),
                new Cue(3250, 4000, "", List.of("not \u2192 a timing")));
    }

    @Test
    void utf16WithByteOrderMarkIsRead() throws Exception {
        byte[] text = "WEBVTT\n\n00:01.000 --> 00:02.000\nÜber\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[text.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(text, 0, bytes, 2, text.length);
        assertThat(CaptionParser.parse(bytes, Format.VTT).get(0).lines()).containsExactly("Über");
    }

    @Test
    void malformedFilesSayWhatIsWrongAndWhere() {
        assertThat(invalid("1\n00:00:01,000 --> later\nBonjour\n", Format.SRT)).startsWith("line 2:").contains("time range");
        assertThat(invalid("1\n00:00:05,000 --> 00:00:01,000\nBackwards\n", Format.SRT)).startsWith("line 2:").contains("ends before");
        assertThat(invalid("1\n00:00:01,000 --> 00:61:00,000\nx\n", Format.SRT)).startsWith("line 2:");
        assertThat(invalid("Just some notes about the lecture.\nNo cues here.\n", Format.SRT)).startsWith("line 1:");
        assertThat(invalid("", Format.SRT)).contains("no cues");
        assertThat(invalid("00:01.000 --> 00:02.000\nno header\n", Format.VTT)).contains("WEBVTT");
        assertThat(invalid("WEBVTT\n\nNOTE only a note\n", Format.VTT)).contains("no cues");
        assertThat(invalid("WEBVTT\n\n00:01,000 --> 00:02,000\ncomma\n", Format.VTT)).startsWith("line 3:");
        assertThat(invalid(new byte[]{'1', '\n', (byte) 0xE9, (byte) 0xE9, '\n'}, Format.SRT)).contains("not UTF-8");
        assertThat(invalid(new byte[]{'W', 'E', 'B', 0, 0, 1, 2}, Format.VTT)).contains("not a text file");
    }

    @Test
    void hlsFilesCarryTheTimestampMap() {
        assertThat(WebVtt.write(List.of(new Cue(0, 1500, "", List.of("x"))), 133_200L))
                .isEqualTo("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:133200,LOCAL:00:00:00.000\n\n00:00:00.000 --> 00:00:01.500\nx\n");
    }
}
