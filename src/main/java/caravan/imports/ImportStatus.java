package caravan.imports;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Where an import stands: the answer of {@code POST /api/imports} and {@code GET /api/imports/{id}}. */
@Schema(name = "ImportStatus", description = "An import's progress, counted by line")
public record ImportStatus(
        @Schema(description = "The import's id, derived from the manifest's content: the same manifest posted again is the same import")
        String id,
        @Schema(description = "Lines in the manifest (the header not counted)") int lines,
        @Schema(description = "Lines READY") int done,
        @Schema(description = "Lines whose asset FAILED") int failed,
        @Schema(description = "Lines SKIPPED_ALREADY_IMPORTED: the same external id or content was already here") int skipped,
        @Schema(description = "Lines REJECTED when the manifest was read (see problems)") int rejected,
        @Schema(description = "Lines not finished yet: waiting, or in the pipeline") int remaining,
        @Schema(description = "Of the remaining, the lines in the pipeline now") int inPipeline,
        @Schema(description = "Hours of media encoded so far (the READY lines' durations)") double hoursEncoded,
        @Schema(description = "Seconds until the last line is done at the pace so far; absent until a line has finished") Long etaSeconds,
        @Schema(description = "True when every line has its outcome") boolean finished,
        @Schema(description = "The report's path: each line's outcome as CSV") String report,
        @Schema(description = "The rejected lines, each with its line number, code and reason") List<BadLine> problems) {

    /** A rejected line: where, Caravan's code, and a sentence (never a metadata value). */
    @Schema(name = "ImportBadLine")
    public record BadLine(int line, String code, String reason) {
    }

    ImportStatus withoutProblems() {
        return new ImportStatus(id, lines, done, failed, skipped, rejected, remaining, inPipeline, hoursEncoded, etaSeconds, finished,
                report, List.of());
    }

    static ImportStatus of(String id, List<ImportItem> items, long now) {
        int done = 0;
        int failed = 0;
        int skipped = 0;
        int rejected = 0;
        int inPipeline = 0;
        double seconds = 0;
        long firstFed = Long.MAX_VALUE;
        long lastFinished = 0;
        int paced = 0;
        List<BadLine> problems = new java.util.ArrayList<>();
        for (ImportItem i : items) {
            switch (i.state()) {
                case READY -> {
                    done++;
                    seconds += i.mediaSeconds() == null ? 0 : i.mediaSeconds();
                }
                case FAILED -> failed++;
                case SKIPPED_ALREADY_IMPORTED -> skipped++;
                case REJECTED -> {
                    rejected++;
                    problems.add(new BadLine(i.line(), i.errorCode(), i.reason()));
                }
                case IN_PIPELINE, FEEDING -> inPipeline++;
                default -> {
                    // waiting
                }
            }
            if (i.fedAt() != null) {
                firstFed = Math.min(firstFed, i.fedAt());
                if (i.finishedAt() != null) {
                    lastFinished = Math.max(lastFinished, i.finishedAt());
                    paced++;
                }
            }
        }
        int remaining = items.size() - done - failed - skipped - rejected;
        Long eta = null;
        if (remaining == 0) {
            eta = 0L;
        } else if (paced > 0 && lastFinished > firstFed) {
            double perLine = (Math.max(now, lastFinished) - firstFed) / 1000d / paced;
            eta = Math.round(perLine * remaining);
        }
        return new ImportStatus(id, items.size(), done, failed, skipped, rejected, remaining, inPipeline,
                Math.round(seconds / 3600d * 10000d) / 10000d, eta, remaining == 0, "/api/imports/" + id + "/report.csv", problems);
    }
}
