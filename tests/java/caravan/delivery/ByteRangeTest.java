package caravan.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Range headers against files of any size, in long arithmetic; what cannot be satisfied is empty (a 416), never an exception. */
class ByteRangeTest {
    private static final long BIG = 5L << 30;

    @Test
    void firstLastOpenEndedAndSuffixRangesOfAFileOverTwoGigabytes() {
        assertThat(ByteRange.parse("bytes=0-", BIG)).contains(new ByteRange(0, BIG));
        assertThat(ByteRange.parse("bytes=2147483648-2147483663", BIG)).contains(new ByteRange(1L << 31, 16));
        assertThat(ByteRange.parse("bytes=4294967296-", BIG)).contains(new ByteRange(1L << 32, BIG - (1L << 32)));
        assertThat(ByteRange.parse("bytes=-16", BIG)).contains(new ByteRange(BIG - 16, 16));
        assertThat(ByteRange.parse("bytes=-99999999999", BIG)).as("a suffix longer than the file is the whole file").contains(new ByteRange(0, BIG));
        assertThat(ByteRange.parse("bytes=10-99999999999", BIG)).as("an end beyond the file stops at its last byte").contains(new ByteRange(10, BIG - 10));
        assertThat(ByteRange.parse(" Bytes=0-0 ", 1)).as("the unit is case-insensitive").contains(new ByteRange(0, 1));
        assertThat(ByteRange.parse("bytes=1000-1999", BIG).orElseThrow().contentRange(BIG)).isEqualTo("bytes 1000-1999/" + BIG);
    }

    @Test
    void malformedMultipleOverlongAndOutOfFileRangesCannotBeSatisfied() {
        for (String header : new String[] {"bytes=99999999999999999999999-", "bytes=0-99999999999999999999999",
                "bytes=-99999999999999999999999", "bytes=9223372036854775807-", "bytes=" + BIG + "-", "bytes=5-2", "bytes=-0",
                "bytes=-", "bytes=", "bytes=0-1,4-5", "bytes=abc", "bytes=1e3-", "bytes=+1-2", "items=0-1", "bytes 0-1", ""}) {
            assertThat(ByteRange.parse(header, BIG)).as(header).isEqualTo(Optional.empty());
        }
        assertThat(ByteRange.parse("bytes=0-", 0)).as("an empty file has no byte to give").isEmpty();
        assertThat(ByteRange.parse("bytes=-5", 0)).isEmpty();
    }

    @Test
    void awayFromVertxTheBodyIsAStreamOfExactlyTheRange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sparse.mp4");
        long at = (1L << 31) + 7;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(3L << 30);
            f.seek(at);
            f.write("0123456789".getBytes(StandardCharsets.US_ASCII));
        }
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        FileRegionResponse.send(exchange, file, at + 2, 5, 206);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(206);
        assertThat(exchange.getMessage().getBody()).isInstanceOf(InputStream.class);
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("23456");
        }
    }
}
