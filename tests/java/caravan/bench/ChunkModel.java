package caravan.bench;

import caravan.transcode.ChunkPlan;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * P7's model of a split-and-stitch asset's time to READY, fitted to one run in which one worker on one core did every
 * item one after another: the time before the items are dispatched (inbox, probe, hash, dispatch), each item's
 * encode (ffmpeg's wall time, chunks in seconds per media second, the audio item in seconds per media second of the
 * whole asset), the gap between one item's end and the next item's ffmpeg (queue, prepare, finish), and the time from
 * the last item's end to READY (stitch, outputs, publish). The projection lays the items, in the order Caravan queues
 * them (the chunks, then the audio), on {@code slots} single-core slots, each taking the next item when it is free.
 *
 * @param preSeconds           landing to the items dispatched
 * @param chunkPerMediaSecond  a chunk's ffmpeg wall time on one core per second of its media (pre-roll included)
 * @param gapSeconds           an item's end to the next item's ffmpeg start, on the same worker
 * @param audioPerMediaSecond  the audio item's ffmpeg wall time per second of the asset (0: no audio)
 * @param postSeconds          the last item's end to READY
 * @param measuredSeconds      the duration of the clip it was fitted to
 */
record ChunkModel(double preSeconds, double chunkPerMediaSecond, double gapSeconds, double audioPerMediaSecond,
                  double postSeconds, double measuredSeconds) {

    /** One item of a run: its chunk index (or -1 for the audio), its media seconds, its start and end (s from landing). */
    record Item(int chunk, double mediaSeconds, double start, double end) {
        boolean audio() {
            return chunk < 0;
        }

        double seconds() {
            return end - start;
        }
    }

    /** Fitted to a run whose items ran one after another on one worker. */
    static ChunkModel fit(double dispatched, List<Item> items, double ready, double duration) {
        List<Item> inOrder = items.stream().sorted(Comparator.comparingDouble(Item::start)).toList();
        double gaps = 0;
        double previousEnd = dispatched;
        for (Item i : inOrder) {
            gaps += Math.max(0, i.start() - previousEnd);
            previousEnd = i.end();
        }
        return new ChunkModel(dispatched, chunkRate(items), gaps / inOrder.size(),
                inOrder.stream().filter(Item::audio).mapToDouble(Item::seconds).sum() / duration,
                ready - previousEnd, duration);
    }

    /** Seconds of ffmpeg wall time per media second over the chunks of a run (the audio item left out). */
    static double chunkRate(List<Item> items) {
        double wall = items.stream().filter(i -> !i.audio()).mapToDouble(Item::seconds).sum();
        double media = items.stream().filter(i -> !i.audio()).mapToDouble(Item::mediaSeconds).sum();
        return wall / media;
    }

    ChunkModel withChunkRate(double rate) {
        return new ChunkModel(preSeconds, rate, gapSeconds, audioPerMediaSecond, postSeconds, measuredSeconds);
    }

    /**
     * Seconds from landing to READY of a {@code duration} s video cut into {@code chunkSeconds} chunks on {@code slots}
     * single-core slots (a two-core worker running caravan.workers=2 is two). {@code scaleFixed}: the time before and
     * after the items grows with the duration (probe and hash read the whole file, the stitch and the outputs handle
     * every segment); otherwise they stay as measured.
     */
    double project(double duration, int segmentSeconds, int chunkSeconds, int slots, boolean scaleFixed) {
        return project(duration, segmentSeconds, chunkSeconds, slots, scaleFixed, false);
    }

    /** As above; {@code audioFirst}: the audio item queued before the chunks (Caravan queues it last). */
    double project(double duration, int segmentSeconds, int chunkSeconds, int slots, boolean scaleFixed, boolean audioFirst) {
        ChunkPlan plan = ChunkPlan.of(duration, segmentSeconds, chunkSeconds);
        PriorityQueue<Double> free = new PriorityQueue<>();
        for (int i = 0; i < slots; i++) {
            free.add(0.0);
        }
        double end = 0;
        if (audioFirst && audioPerMediaSecond > 0) {
            end = take(free, gapSeconds + audioPerMediaSecond * duration);
        }
        for (ChunkPlan.Chunk c : plan.chunks()) {
            end = Math.max(end, take(free, gapSeconds + chunkPerMediaSecond * (Math.min(c.end(), duration) - c.start())));
        }
        if (!audioFirst && audioPerMediaSecond > 0) {
            end = Math.max(end, take(free, gapSeconds + audioPerMediaSecond * duration));
        }
        double scale = scaleFixed ? duration / measuredSeconds : 1;
        return (preSeconds + postSeconds) * scale + end;
    }

    private static double take(PriorityQueue<Double> free, double seconds) {
        double done = free.poll() + seconds;
        free.add(done);
        return done;
    }
}
