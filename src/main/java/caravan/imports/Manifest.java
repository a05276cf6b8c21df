package caravan.imports;

import java.util.List;

/** A manifest as read: the lines that go, and the lines that do not with their reasons, each by its line number. */
public record Manifest(List<ManifestLine> lines, List<LineProblem> problems) {
    public int total() {
        return lines.size() + problems.size();
    }
}
