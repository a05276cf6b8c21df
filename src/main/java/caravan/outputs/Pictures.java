package caravan.outputs;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading, scaling and writing the still pictures (JPEG and PNG) with the JDK's own ImageIO. */
final class Pictures {
    static final float JPEG_QUALITY = 0.85f;

    private Pictures() {
    }

    static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("Not a picture ImageIO can read: " + file.getFileName());
        }
        return image;
    }

    /**
     * The picture scaled (averaging, so fine detail does not alias) to exactly {@code w}×{@code h}: each output pixel
     * is the mean of the source pixels its area covers. Done on the pixel array; AWT's area-averaging filter took
     * most of a second for a dozen 720p poster candidates.
     */
    static BufferedImage scaled(BufferedImage image, int w, int h) {
        if (image.getWidth() == w && image.getHeight() == h && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int sw = image.getWidth();
        int sh = image.getHeight();
        int[] src = image.getRGB(0, 0, sw, sh, null, 0, sw);
        int[] dst = new int[w * h];
        for (int oy = 0; oy < h; oy++) {
            int y0 = (int) ((long) oy * sh / h);
            int y1 = Math.max(y0 + 1, (int) ((long) (oy + 1) * sh / h));
            for (int ox = 0; ox < w; ox++) {
                int x0 = (int) ((long) ox * sw / w);
                int x1 = Math.max(x0 + 1, (int) ((long) (ox + 1) * sw / w));
                long r = 0;
                long g = 0;
                long b = 0;
                for (int y = y0; y < y1; y++) {
                    int row = y * sw;
                    for (int x = x0; x < x1; x++) {
                        int p = src[row + x];
                        r += p >> 16 & 0xff;
                        g += p >> 8 & 0xff;
                        b += p & 0xff;
                    }
                }
                long n = (long) (y1 - y0) * (x1 - x0);
                dst[oy * w + ox] = (int) ((r + n / 2) / n) << 16 | (int) ((g + n / 2) / n) << 8 | (int) ((b + n / 2) / n);
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, dst, 0, w);
        return out;
    }

    /** A picture with transparency (the waveform) drawn over a solid background. */
    static BufferedImage onBackground(BufferedImage image, Color background) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(background);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static void writeJpeg(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(tmp))) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
