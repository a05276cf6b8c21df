package caravan.probe;

import caravan.asset.Json;
import caravan.asset.ProbeSummary;
import caravan.asset.ProbeSummary.AudioInfo;
import caravan.asset.ProbeSummary.AudioTrack;
import caravan.captions.Languages;
import caravan.asset.ProbeSummary.Colour;
import caravan.asset.ProbeSummary.SubtitleInfo;
import caravan.asset.ProbeSummary.VideoInfo;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads ffprobe's JSON ({@code -show_format -show_streams -show_error}) into a {@link ProbeSummary}. */
public final class ProbeReport {
    private ProbeReport() {
    }

    public static ProbeSummary parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            throw new RejectedInput(ErrorCode.UNREADABLE_MEDIA, "The file could not be read as media.");
        }
        if (root.has("error") || !root.has("format")) {
            throw new RejectedInput(ErrorCode.UNREADABLE_MEDIA,
                    "The file is not a media file in a supported format, or it is damaged.");
        }
        JsonNode format = root.path("format");
        VideoInfo video = null;
        AudioInfo audio = null;
        List<String> streams = new ArrayList<>();
        List<SubtitleInfo> subtitles = new ArrayList<>();
        List<AudioTrack> audioTracks = new ArrayList<>();
        int audioIndex = 0;
        for (JsonNode s : root.path("streams")) {
            String type = s.path("codec_type").asText();
            String codec = s.path("codec_name").asText("unknown");
            streams.add(type + ":" + codec);
            if ("subtitle".equals(type)) {
                String language = s.path("tags").path("language").asText(null);
                subtitles.add(new SubtitleInfo(subtitles.size(), codec, language, SubtitleInfo.isText(codec)));
            }
            if ("video".equals(type) && video == null && s.path("disposition").path("attached_pic").asInt() == 0
                    && s.path("width").asInt() > 0 && !codec.equals("unknown")) {
                video = video(s);
            } else if ("audio".equals(type)) {
                if (s.path("channels").asInt() > 0 && !codec.equals("unknown")) {
                    if (audio == null) {
                        audio = new AudioInfo(codec, s.path("channels").asInt(), s.path("channel_layout").asText(null),
                                s.path("sample_rate").asInt());
                    }
                    audioTracks.add(audioTrack(s, audioIndex, codec));
                }
                audioIndex++; // ffmpeg's 0:a:N counts every audio stream
            }
        }
        double duration = format.path("duration").asDouble(0);
        if (duration <= 0) {
            for (JsonNode s : root.path("streams")) {
                duration = Math.max(duration, s.path("duration").asDouble(0));
            }
        }
        return new ProbeSummary(format.path("format_name").asText(), duration, format.path("bit_rate").asLong(0),
                video, audio, streams, subtitles, audioTracks);
    }

    /** An audio stream's language (BCP 47, {@code und} when untagged), title and dispositions. */
    private static AudioTrack audioTrack(JsonNode s, int index, String codec) {
        JsonNode tags = s.path("tags");
        JsonNode disposition = s.path("disposition");
        String title = tags.path("title").asText("").strip();
        return new AudioTrack(index, codec, s.path("channels").asInt(), Languages.normalize(tags.path("language").asText(null)),
                title.isEmpty() ? null : title, disposition.path("default").asInt() == 1, disposition.path("comment").asInt() == 1,
                disposition.path("visual_impaired").asInt() == 1 || disposition.path("descriptions").asInt() == 1);
    }

    private static VideoInfo video(JsonNode s) {
        int rotation = 0;
        for (JsonNode side : s.path("side_data_list")) {
            if (side.has("rotation")) {
                rotation = side.path("rotation").asInt();
            }
        }
        if (rotation == 0 && s.path("tags").has("rotate")) {
            rotation = s.path("tags").path("rotate").asInt();
        }
        rotation = ((rotation % 360) + 360) % 360;
        int w = s.path("width").asInt();
        int h = s.path("height").asInt();
        boolean sideways = rotation == 90 || rotation == 270;
        double avg = rate(s.path("avg_frame_rate").asText());
        double real = rate(s.path("r_frame_rate").asText());
        double fps = avg > 0 ? avg : real;
        boolean vfr = avg > 0 && real > 0 && Math.abs(avg - real) / real > 0.01;
        String pixFmt = s.path("pix_fmt").asText("");
        int bitDepth = s.path("bits_per_raw_sample").asInt(0);
        if (bitDepth == 0) {
            bitDepth = pixFmt.matches(".*p1[0-6](le|be)?$") ? Integer.parseInt(pixFmt.replaceAll(".*p(1[0-6]).*", "$1")) : 8;
        }
        String fieldOrder = s.path("field_order").asText("progressive");
        boolean interlaced = !fieldOrder.isEmpty() && !fieldOrder.equals("progressive") && !fieldOrder.equals("unknown");
        int[] sar = sampleAspectRatio(s.path("sample_aspect_ratio").asText(""));
        return new VideoInfo(s.path("codec_name").asText(), sideways ? h : w, sideways ? w : h, rotation, fps, vfr,
                pixFmt, bitDepth, interlaced, sar[0], sar[1], colour(s, pixFmt));
    }

    /** {@code 64:45}; anything missing, zero or unreadable ({@code 0:1}, {@code N/A}) is square, 1:1. */
    static int[] sampleAspectRatio(String ratio) {
        String[] p = ratio.split(":");
        try {
            int num = Integer.parseInt(p[0].trim());
            int den = p.length > 1 ? Integer.parseInt(p[1].trim()) : 0;
            if (num > 0 && den > 0 && num <= 1000 * den && den <= 1000 * num) {
                return new int[]{num, den};
            }
        } catch (NumberFormatException e) {
            // not a ratio
        }
        return new int[]{1, 1};
    }

    /** The colour tags; "unknown", "reserved" and absent are null. A {@code yuvj} pixel format is full range. */
    private static Colour colour(JsonNode s, String pixFmt) {
        String range = tag(s, "color_range");
        if (range == null && pixFmt.startsWith("yuvj")) {
            range = "pc";
        }
        return new Colour(tag(s, "color_transfer"), tag(s, "color_primaries"), tag(s, "color_space"), range);
    }

    private static String tag(JsonNode s, String field) {
        String v = s.path(field).asText("");
        return v.isEmpty() || v.equals("unknown") || v.equals("reserved") || v.equals("unspecified") ? null : v;
    }

    static double rate(String fraction) {
        String[] p = fraction.split("/");
        try {
            double num = Double.parseDouble(p[0]);
            double den = p.length > 1 ? Double.parseDouble(p[1]) : 1;
            return den == 0 ? 0 : num / den;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
