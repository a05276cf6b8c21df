package caravan.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that starts Caravan (in this JVM or a child one) or runs what it drives for real: ffmpeg and ffprobe,
 * Chromium, moto, WireMock standing in for MediaConvert. The whole suite ({@code ./caravan test}) runs it; the fast
 * lane ({@code ./caravan test --fast}, Maven profile {@code fast}) leaves it out.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("pipeline")
public @interface Pipeline {
}
