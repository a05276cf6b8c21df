package caravan.captions;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SubRip ({@code .srt}) and WebVTT ({@code .vtt}) caption files into cues, in Java: the text of an upload never
 * reaches a demuxer. Lenient where players are (a stray blank line inside a cue's text, missing cue numbers, NOTE and
 * STYLE blocks), strict about what would make captions wrong: text that is not UTF-8, a time range that cannot be
 * read or ends before it starts, a file without a single cue.
 */
public final class CaptionParser {
    private static final Pattern SRT_TIMING = Pattern.compile(
            "^\\s*(\\d{1,3}:\\d{1,2}:\\d{1,2}[,.]\\d{1,3})\\s*-->\\s*(\\d{1,3}:\\d{1,2}:\\d{1,2}[,.]\\d{1,3})(.*)$");
    private static final Pattern VTT_TIMING = Pattern.compile(
            "^\\s*((?:\\d{1,3}:)?\\d{1,2}:\\d{1,2}\\.\\d{3})[ \\t]+-->[ \\t]+((?:\\d{1,3}:)?\\d{1,2}:\\d{1,2}\\.\\d{3})(.*)$");
    private static final Pattern TIME = Pattern.compile("^(?:(\\d{1,3}):)?(\\d{1,2}):(\\d{1,2})[,.](\\d{1,3})$");
    private static final Pattern SETTINGS = Pattern.compile("^[A-Za-z0-9:%.,\\- \\t]*$");
    private static final Pattern KEPT_TAG = Pattern.compile("</?(b|i|u)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|nbsp|lrm|rlm|#\\d{1,6}|#x[0-9a-fA-F]{1,6});");

    private CaptionParser() {
    }

    public enum Format { SRT, VTT }

    public static List<Cue> parse(byte[] bytes, Format format) throws InvalidCaption {
        String text = decode(bytes);
        return format == Format.SRT ? srt(text) : vtt(text);
    }

    /** UTF-8 (with or without a byte order mark), or UTF-16 with one. */
    static String decode(byte[] bytes) throws InvalidCaption {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        try {
            String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new InvalidCaption("it is not a text file. Save the captions as UTF-8 text and drop them again.");
            }
            return text.replace("\r\n", "\n").replace('\r', '\n');
        } catch (CharacterCodingException e) {
            throw new InvalidCaption("it is not UTF-8 text. Save it as UTF-8 and drop it again.");
        }
    }

    static List<Cue> srt(String text) throws InvalidCaption {
        List<Cue> cues = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            int blockStart = i;
            if (lines[i].trim().matches("\\d+") && i + 1 < lines.length && lines[i + 1].contains("-->")) {
                i++; // the cue number
            }
            List<String> block = new ArrayList<>();
            int end = i;
            while (end < lines.length && !lines[end].isBlank()) {
                block.add(lines[end]);
                end++;
            }
            if (lines[i].contains("-->")) {
                Matcher m = SRT_TIMING.matcher(lines[i]);
                if (!m.matches()) {
                    throw new InvalidCaption("line " + (i + 1) + ": the time range cannot be read (expected e.g."
                            + " 00:00:01,000 --> 00:00:02,500).");
                }
                long start = millis(m.group(1), i);
                long stop = millis(m.group(2), i);
                checkOrder(start, stop, i);
                List<String> payload = new ArrayList<>();
                for (String line : block.subList(1, block.size())) {
                    payload.add(srtText(line));
                }
                cues.add(new Cue(start, stop, "", payload));
            } else if (!cues.isEmpty()) {
                // text after a blank line inside a cue: players show it as part of the cue before
                Cue last = cues.remove(cues.size() - 1);
                List<String> payload = new ArrayList<>(last.lines());
                block.forEach(line -> payload.add(srtText(line)));
                cues.add(new Cue(last.startMillis(), last.endMillis(), "", payload));
            } else {
                throw new InvalidCaption("line " + (blockStart + 1) + ": expected a cue (a number, then a time range like"
                        + " 00:00:01,000 --> 00:00:02,500, then its text).");
            }
            i = end;
        }
        return finished(cues);
    }

    static List<Cue> vtt(String text) throws InvalidCaption {
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].matches("^WEBVTT([ \\t].*)?$")) {
            throw new InvalidCaption("line 1: a WebVTT file starts with the line WEBVTT.");
        }
        List<Cue> cues = new ArrayList<>();
        int i = 1;
        while (i < lines.length && !lines[i].isBlank()) {
            i++; // the header (X-TIMESTAMP-MAP and the like)
        }
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            int end = i;
            while (end < lines.length && !lines[end].isBlank()) {
                end++;
            }
            String first = lines[i].trim();
            boolean skipped = first.startsWith("NOTE") || first.equals("STYLE") || first.equals("REGION");
            int timing = lines[i].contains("-->") ? i : i + 1 < end && lines[i + 1].contains("-->") ? i + 1 : -1;
            if (!skipped && timing >= 0) {
                Matcher m = VTT_TIMING.matcher(lines[timing]);
                if (!m.matches()) {
                    throw new InvalidCaption("line " + (timing + 1) + ": the time range cannot be read (expected e.g."
                            + " 00:00:01.000 --> 00:00:02.500).");
                }
                long start = millis(m.group(1), timing);
                long stop = millis(m.group(2), timing);
                checkOrder(start, stop, timing);
                String settings = m.group(3).trim();
                List<String> payload = new ArrayList<>();
                for (int k = timing + 1; k < end; k++) {
                    payload.add(lines[k].replace("-->", "\u2192"));
                }
                cues.add(new Cue(start, stop, SETTINGS.matcher(settings).matches() ? settings : "", payload));
            }
            i = end;
        }
        return finished(cues);
    }

    private static List<Cue> finished(List<Cue> cues) throws InvalidCaption {
        List<Cue> out = new ArrayList<>();
        for (Cue c : cues) {
            if (c.endMillis() > c.startMillis() && c.lines().stream().anyMatch(l -> !l.isBlank())) {
                out.add(c);
            }
        }
        if (out.isEmpty()) {
            throw new InvalidCaption("it has no cues with text.");
        }
        out.sort(Comparator.comparingLong(Cue::startMillis));
        return out;
    }

    private static void checkOrder(long start, long stop, int line) throws InvalidCaption {
        if (stop < start) {
            throw new InvalidCaption("line " + (line + 1) + ": the cue ends before it starts.");
        }
    }

    private static long millis(String time, int line) throws InvalidCaption {
        Matcher m = TIME.matcher(time);
        if (!m.matches()) {
            throw new InvalidCaption("line " + (line + 1) + ": '" + time + "' is not a time.");
        }
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long min = Long.parseLong(m.group(2));
        long s = Long.parseLong(m.group(3));
        String fraction = (m.group(4) + "00").substring(0, 3);
        if (min > 59 || s > 59) {
            throw new InvalidCaption("line " + (line + 1) + ": '" + time + "' is not a time (minutes and seconds go to 59).");
        }
        return ((h * 60 + min) * 60 + s) * 1000 + Long.parseLong(fraction);
    }

    /**
     * SubRip text as WebVTT cue text: bold, italic and underline kept; font tags and ASS override codes
     * ({@code {\an8}}) dropped; any other {@code <}, {@code >} or {@code &} written as text, not markup.
     */
    static String srtText(String line) {
        String s = line.replaceAll("\\{\\\\[^}]*}", "").replaceAll("(?i)</?font[^>]*>", "");
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            Matcher tag = KEPT_TAG.matcher(s).region(i, s.length());
            Matcher entity = ENTITY.matcher(s).region(i, s.length());
            if (c == '<' && tag.lookingAt()) {
                out.append(tag.group().toLowerCase());
                i = tag.end();
            } else if (c == '&' && entity.lookingAt()) {
                out.append(entity.group());
                i = entity.end();
            } else {
                out.append(c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : String.valueOf(c));
                i++;
            }
        }
        return out.toString().replace("--&gt;", "\u2192");
    }
}
