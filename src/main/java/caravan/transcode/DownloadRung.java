package caravan.transcode;

import caravan.asset.Rendition;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which rendition is offered as the MP4 download, for either engine. */
public final class DownloadRung {
    private DownloadRung() {
    }

    /**
     * The rendition named {@code rung}; else the largest one whose height is at most that rung's height; else the
     * smallest. Audio-only: the audio rendition.
     */
    public static Optional<Rendition> choose(List<Rendition> renditions, Ladder ladder, String rung) {
        Optional<Rendition> exact = renditions.stream().filter(r -> r.name().equals(rung)).findFirst();
        if (exact.isPresent() || renditions.isEmpty()) {
            return exact;
        }
        int height = ladder.rungs().stream().filter(r -> r.name().equals(rung)).mapToInt(Ladder.Rung::height).findFirst().orElse(0);
        Comparator<Rendition> bySize = Comparator.comparingInt(r -> Math.min(r.width(), r.height()));
        return renditions.stream().filter(r -> Math.min(r.width(), r.height()) <= height).max(bySize)
                .or(() -> renditions.stream().min(bySize));
    }

    /** The same choice among the rungs of a plan (MediaConvert encodes the download in the job itself). */
    public static Optional<LadderPlan.PlannedRung> choose(LadderPlan plan, String rung) {
        List<Rendition> renditions = plan.rungs().stream()
                .map(r -> new Rendition(r.name(), r.width(), r.height(), 0, null, r.name())).toList();
        return choose(renditions, plan.ladder(), rung)
                .flatMap(chosen -> plan.rungs().stream().filter(r -> r.name().equals(chosen.name())).findFirst());
    }
}
