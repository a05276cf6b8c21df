package caravan.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@code length} bytes of a file from {@code start}, read on demand (positions are longs: files over 2 GB work). */
final class FileRegionStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private long remaining;

    private FileRegionStream(FileChannel channel, long start, long length) {
        this.channel = channel;
        this.position = start;
        this.remaining = length;
    }

    static FileRegionStream open(Path file, long start, long length) throws IOException {
        return new FileRegionStream(FileChannel.open(file, StandardOpenOption.READ), start, length);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
        } catch (ClosedChannelException viewerLeft) {
            return -1; // closed by the connection's close handler: nobody is reading any more
        }
        if (n < 0) {
            remaining = 0; // the file shrank under us: end here rather than loop
            return -1;
        }
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Closes the file, from a connection's close handler, where nobody could act on a failure. */
    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
    }
}
