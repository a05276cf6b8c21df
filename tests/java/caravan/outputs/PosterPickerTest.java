package caravan.outputs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PosterPickerTest {
    @TempDir
    Path dir;

    private static BufferedImage flat(Color c) {
        BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 640, 360);
        g.dispose();
        return img;
    }

    /** Stripes: {@code width}-pixel bars of two colours; narrower bars mean more detail. */
    private static BufferedImage stripes(int width, Color a, Color b) {
        BufferedImage img = flat(a);
        Graphics2D g = img.createGraphics();
        g.setColor(b);
        for (int x = 0; x < 640; x += 2 * width) {
            g.fillRect(x, 0, width, 360);
        }
        g.dispose();
        return img;
    }

    private Path save(String name, BufferedImage img) throws Exception {
        Path p = dir.resolve(name);
        Pictures.writeJpeg(img, p);
        return p;
    }

    @Test
    void darkAndBlankFramesAreNotPosters() {
        assertThat(FrameScore.of(flat(Color.BLACK)).usable()).isFalse();
        assertThat(FrameScore.of(stripes(8, new Color(10, 10, 10), new Color(30, 30, 30))).usable()).as("dark").isFalse();
        assertThat(FrameScore.of(flat(new Color(200, 200, 200))).usable()).as("blank").isFalse();
        assertThat(FrameScore.of(stripes(8, Color.WHITE, Color.BLUE)).usable()).isTrue();
    }

    @Test
    void theSharpestUsableCandidateWinsOverAFadeInAndABlur() throws Exception {
        List<Path> candidates = new ArrayList<>();
        candidates.add(save("candidate_01.jpg", flat(Color.BLACK)));
        candidates.add(save("candidate_02.jpg", stripes(4, new Color(5, 5, 5), new Color(25, 25, 25)))); // fading in
        candidates.add(save("candidate_03.jpg", stripes(40, Color.WHITE, Color.DARK_GRAY)));          // soft
        candidates.add(save("candidate_04.jpg", stripes(3, Color.WHITE, Color.DARK_GRAY)));           // sharp
        candidates.add(save("candidate_05.jpg", flat(Color.WHITE)));
        assertThat(PosterPicker.best(candidates)).isEqualTo(3);
    }

    @Test
    void whenNothingIsUsableTheBrightestWithMostContrastIsTaken() throws Exception {
        List<Path> candidates = List.of(save("candidate_01.jpg", flat(Color.BLACK)),
                save("candidate_02.jpg", stripes(8, new Color(10, 10, 10), new Color(35, 35, 35))),
                save("candidate_03.jpg", flat(new Color(20, 20, 20))));
        assertThat(PosterPicker.best(candidates)).isEqualTo(1);
    }

    @Test
    void sizesKeepTheAspectEvenAndNeverUpscale() {
        assertThat(OutputsPlanner.fit(1920, 1080, 320)).containsExactly(320, 180);
        assertThat(OutputsPlanner.fit(360, 640, 320)).containsExactly(180, 320);
        assertThat(OutputsPlanner.fit(426, 240, 160)).containsExactly(160, 90);
        assertThat(OutputsPlanner.fit(120, 90, 320)).containsExactly(120, 90);
    }

    @Test
    void previewCuesEndWithTheVideo() {
        assertThat(PreviewVtt.range(0, 5, 12)).containsExactly(0, 5);
        assertThat(PreviewVtt.range(2, 5, 12)).containsExactly(10, 12);
        assertThat(PreviewVtt.range(3, 5, 12)).isNull();
        assertThat(PreviewVtt.time(3725.5)).isEqualTo("01:02:05.500");
    }
}
