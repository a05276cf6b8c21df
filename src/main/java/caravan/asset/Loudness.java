package caravan.asset;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The loudness of an upload's audio, EBU R128 (LUFS, LU, dBTP): as uploaded ({@code inputI}, {@code inputLra},
 * {@code inputTp}, {@code inputThreshold}, measured before the transcode on the audio as the ladder's channels and
 * sample rate), loudnorm's gain {@code offset} from that analysis (dB, what its second pass is given), as published
 * ({@code outputI}, {@code outputTp}, measured on the audio the pass encoded), and the target it was normalised to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Loudness(double inputI, double inputLra, double inputTp, double inputThreshold, double offset,
                       Double outputI, Double outputTp, double targetI, double targetTp, double targetLra) {

    public Loudness withOutput(double i, double tp) {
        return new Loudness(inputI, inputLra, inputTp, inputThreshold, offset, i, tp, targetI, targetTp, targetLra);
    }
}
