package caravan.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Broken and hostile media for the hostile-input corpus, made at test time: some built byte by byte (RIFF, WAV,
 * XBIN), some with the bundled ffmpeg through {@link TestClips#make} and then patched. Nothing is downloaded.
 */
public final class HostileMedia {
    private HostileMedia() {
    }

    /** A tiny valid clip (160x90, 1 s, H.264 + AAC): the base for "valid content under a hostile name". */
    public static Path tinyClip() {
        return TestClips.make("hostile-tiny.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10:duration=1",
                "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000:duration=1",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"));
    }

    /**
     * A dash camera's transport stream cut after 6 KB: its headers still describe 854x480 H.264 and AAC, but what
     * follows decodes to (almost) no frames.
     */
    public static byte[] cutTransportStream() throws IOException {
        Path whole = TestClips.make("hostile-dashcam.ts", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25:duration=4",
                "-f", "lavfi", "-i", "sine=frequency=500:sample_rate=48000:duration=4",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-f", "mpegts"));
        return java.util.Arrays.copyOf(Files.readAllBytes(whole), 6_000);
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A one-frame 8192x8192 PNG picture in Matroska (an allowed container); flat colour, so only ~200 KB. */
    public static Path hugePicture() {
        return TestClips.make("hostile-8192-png.mkv", List.of("-f", "lavfi", "-i", "color=c=red:s=8192x8192:r=1:d=1",
                "-frames:v", "1", "-c:v", "png"));
    }

    /** An 8192x8192 MJPEG frame in an AVI whose headers (avih, strh, strf) all claim 16x16. */
    public static Path pictureWithLyingHeader(Path dir) throws IOException {
        Path avi = TestClips.make("hostile-8192-mjpeg.avi", List.of("-f", "lavfi", "-i", "color=c=red:s=8192x8192:r=1:d=1",
                "-frames:v", "1", "-c:v", "mjpeg", "-pix_fmt", "yuvj420p"));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(avi)).order(ByteOrder.LITTLE_ENDIAN);
        int avih = indexOf(b.array(), "avih");
        b.putInt(avih + 8 + 32, 16).putInt(avih + 8 + 36, 16);
        int strh = indexOf(b.array(), "strh");
        b.putShort(strh + 8 + 52, (short) 16).putShort(strh + 8 + 54, (short) 16);
        int strf = indexOf(b.array(), "strf");
        b.putInt(strf + 8 + 4, 16).putInt(strf + 8 + 8, 16);
        return write(dir.resolve("lying-header.avi"), b.array());
    }

    /** Matroska MJPEG whose header and first frames are 16x16, with one 8192x8192 frame in the middle. */
    public static Path oneHugeFrameMidStream(Path dir) throws IOException {
        Path small = TestClips.make("hostile-16.jpg", List.of("-f", "lavfi", "-i", "color=c=blue:s=16x16:r=1:d=1",
                "-frames:v", "1", "-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-f", "mjpeg"));
        Path big = TestClips.make("hostile-8192.jpg", List.of("-f", "lavfi", "-i", "color=c=blue:s=8192x8192:r=1:d=1",
                "-frames:v", "1", "-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-f", "mjpeg"));
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (Path frame : List.of(small, small, big, small)) {
            frames.write(Files.readAllBytes(frame));
        }
        Path mjpeg = write(dir.resolve("frames.mjpeg"), frames.toByteArray());
        return TestClips.make("hostile-one-huge-frame.mkv", List.of("-f", "mjpeg", "-framerate", "1", "-i", mjpeg.toString(),
                "-c", "copy"));
    }

    /** 16x16, ten frames one hour apart: a 10-hour video in 3 KB. */
    public static Path tenHours() {
        return TestClips.make("hostile-10h.mkv", List.of("-f", "lavfi", "-i", "color=c=blue:s=16x16:r=1/3600:d=36000",
                "-c:v", "mjpeg", "-pix_fmt", "yuvj420p"));
    }

    public static Path gif() {
        return TestClips.make("hostile.gif", List.of("-f", "lavfi", "-i", "testsrc2=size=32x32:rate=5:duration=1"));
    }

    public static Path png() {
        return TestClips.make("hostile.png", List.of("-f", "lavfi", "-i", "color=s=32x32", "-frames:v", "1"));
    }

    /** An MP4 with one mov_text subtitle track and nothing else. */
    public static Path subtitlesOnly(Path dir) throws IOException {
        Path srt = write(dir.resolve("only.srt"), "1\n00:00:00,000 --> 00:00:01,000\nhello\n".getBytes(StandardCharsets.UTF_8));
        return TestClips.make("hostile-subtitles-only.mp4", List.of("-i", srt.toString(), "-c:s", "mov_text"));
    }

    /** An MP4 whose only stream is a cover picture (attached_pic), no audio or video to play. */
    public static Path coverArtOnly() {
        return TestClips.make("hostile-cover-only.mp4", List.of("-i", png().toString(), "-c:v", "png",
                "-disposition:v", "attached_pic", "-f", "mp4"));
    }

    /** An FFV1 Matroska whose PixelWidth and PixelHeight elements are patched to 0 (FFV1 needs them to decode). */
    public static Path zeroByZero(Path dir) throws IOException {
        Path mkv = TestClips.make("hostile-ffv1-16.mkv", List.of("-f", "lavfi", "-i", "color=s=16x16:d=1", "-c:v", "ffv1"));
        byte[] b = Files.readAllBytes(mkv);
        for (byte id : new byte[] {(byte) 0xB0, (byte) 0xBA}) {
            int at = indexOf(b, new byte[] {id, (byte) 0x81, 16});
            b[at + 2] = 0;
        }
        return write(dir.resolve("zero.mkv"), b);
    }

    /** A PCM WAV header with the given values, a data size of 4 GiB and 64 bytes of actual samples. */
    public static byte[] wav(int channels, int sampleRate, int bitsPerSample) {
        ByteBuffer b = ByteBuffer.allocate(44 + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(-1).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * channels * bitsPerSample / 8).putShort((short) (channels * bitsPerSample / 8))
                .putShort((short) bitsPerSample);
        b.put(ascii("data")).putInt(-1);
        return b.array();
    }

    /** An XBIN text-mode picture: the format the 2017 exploit used to render a stolen file as video frames. */
    public static byte[] xbin() {
        ByteBuffer b = ByteBuffer.allocate(11 + 4000).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("XBIN")).put((byte) 0x1A).putShort((short) 80).putShort((short) 25).put((byte) 16).put((byte) 0);
        while (b.hasRemaining()) {
            b.put((byte) 'A');
        }
        return b.array();
    }

    /**
     * An AVI in the style of the 2017 ffmpeg local-file-read exploit: a DivX subtitle stream ('txts') whose first
     * packet is a GAB2 chunk carrying an HLS playlist that lists {@code target}, followed by filler video packets.
     * ffmpeg used to open the embedded playlist with any demuxer it could probe.
     */
    public static byte[] aviWithEmbeddedPlaylist(Path target) {
        byte[] playlist = ("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\nfile://" + target.toAbsolutePath()
                + "\n#EXTINF:1.0,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer gab2 = ByteBuffer.allocate(7 + 4 + 2 + 4 + playlist.length).order(ByteOrder.LITTLE_ENDIAN);
        gab2.put(ascii("GAB2")).put((byte) 0).putShort((short) 2) // signature and version 2
                .putInt(0) // no stream title
                .putShort((short) 4).putInt(playlist.length).put(playlist);
        ByteBuffer avih = le(56).putInt(40_000).putInt(0).putInt(0).putInt(0x10).putInt(1).putInt(0).putInt(1).putInt(0)
                .putInt(160).putInt(120);
        ByteBuffer strh = le(56).put(ascii("txts")).put(new byte[4]).putInt(0).putShort((short) 0).putShort((short) 0)
                .putInt(0).putInt(1).putInt(25).putInt(0).putInt(1).putInt(0).putInt(-1).putInt(0);
        ByteBuffer strf = le(40).putInt(40).putInt(160).putInt(120).putShort((short) 1).putShort((short) 24).put(ascii("XVID"));
        byte[] hdrl = list("hdrl", concat(chunk("avih", avih.array()),
                list("strl", concat(chunk("strh", strh.array()), chunk("strf", strf.array())))));
        ByteArrayOutputStream movi = new ByteArrayOutputStream();
        movi.writeBytes(chunk("00tx", gab2.array()));
        for (int i = 0; i < 20; i++) {
            movi.writeBytes(chunk("00dc", new byte[4]));
        }
        byte[] body = concat(ascii("AVI "), hdrl, list("movi", movi.toByteArray()));
        return concat(ascii("RIFF"), le(4).putInt(body.length).array(), body);
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] chunk(String fourcc, byte[] data) {
        byte[] padded = data.length % 2 == 0 ? data : concat(data, new byte[1]);
        return concat(ascii(fourcc), le(4).putInt(data.length).array(), padded);
    }

    private static byte[] list(String kind, byte[] data) {
        return chunk("LIST", concat(ascii(kind), data));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] haystack, String needle) {
        return indexOf(haystack, ascii(needle));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("pattern not found in the generated file");
    }
}
