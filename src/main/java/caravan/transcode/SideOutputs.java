package caravan.transcode;

import java.util.List;

/**
 * What the one transcode pass writes besides the ladder, so extra outputs cost no second decode of the source:
 * <ul>
 *   <li>{@code pictures}: filter chains each fed a copy of the decoded picture (after deinterlacing, the frame rate
 *       and the pixel format of the ladder), with the output options and file each goes to;</li>
 *   <li>{@code sound}: the same for the decoded audio, used when there is no picture (a waveform);</li>
 *   <li>{@code comparison}: a filter graph that gets the source's picture as {@code [0:v:0]} and every rung as ffmpeg
 *       encoded it, decoded again, as {@code [dec:N]}; it must end in one output {@code [qN]} per rung.</li>
 * </ul>
 */
public record SideOutputs(List<Branch> pictures, Branch sound, String comparison) {
    public static final SideOutputs NONE = new SideOutputs(List.of(), null, null);

    public SideOutputs {
        pictures = pictures == null ? List.of() : List.copyOf(pictures);
    }

    /** A filter chain (no labels) and the output options and file (last) its frames go to. */
    public record Branch(String filters, List<String> output) {
    }
}
