package caravan.asset;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What was measured on one published rung.
 * <ul>
 *   <li>{@code ssim}, {@code ssimMin}, {@code psnr}: the rung against the source scaled to the rung's size, on
 *       {@code sampledFrames} frames (every Nth); SSIM from 0 to 1, PSNR in dB (capped at 100 for identical
 *       pictures). Absent for audio.</li>
 *   <li>{@code averageBitrate}, {@code peakBitrate}: bits per second of the segments as published (all streams,
 *       MPEG-TS and encryption included); the peak as HLS defines it (RFC 8216, 4.3.4.2).</li>
 *   <li>{@code declaredBandwidth}: the BANDWIDTH the encoder declared in the master playlist; the published
 *       BANDWIDTH is raised to the measured peak when it was below.</li>
 *   <li>{@code bitsPerPixel}: video bits per pixel per frame, from the average bitrate less the audio bitrate.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenditionQuality(Double ssim, Double ssimMin, Double psnr, Integer sampledFrames, Double bitsPerPixel,
                               long averageBitrate, long peakBitrate, long declaredBandwidth) {
}
