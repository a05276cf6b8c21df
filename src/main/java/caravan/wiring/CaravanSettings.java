package caravan.wiring;

import caravan.Settings;
import caravan.api.ApiSettings;
import caravan.delivery.DeliverySettings;
import caravan.failure.RetrySettings;
import caravan.ingest.IngestSettings;
import caravan.keys.KeySettings;
import caravan.notify.NotifySettings;
import caravan.ops.ManagementSettings;
import caravan.ops.TracingSettings;
import caravan.ops.health.HealthSettings;
import caravan.outputs.OutputSettings;
import caravan.probe.LimitSettings;
import caravan.quality.QualitySettings;
import caravan.transcode.MediaConvertSettings;
import caravan.transcode.TranscodeEngine;
import caravan.transcode.TranscodeSettings;

import java.nio.file.Path;

/**
 * Every setting Caravan reads, one record per section, each read and checked once at start. The defaults are in
 * {@code application.properties} (and {@code application-aws.properties} for the aws profile), nowhere else.
 *
 * @param cloud        the cloud resources, or null in the local mode
 * @param mediaConvert the MediaConvert engine's settings, or null when ffmpeg transcodes
 */
public record CaravanSettings(Path data, boolean onCloud, IngestSettings ingest, LimitSettings limits, TranscodeSettings transcode,
                              OutputSettings outputs, QualitySettings quality, DeliverySettings delivery, NotifySettings webhooks,
                              RetrySettings retry, ApiSettings api, ManagementSettings management, HealthSettings health,
                              KeySettings keys, CloudSettings cloud, MediaConvertSettings mediaConvert, TracingSettings tracing) {
    public static final String LOCAL = "local";
    public static final String CLOUD = "aws";

    public static CaravanSettings from(Settings s) {
        boolean onCloud = CLOUD.equals(s.choice("caravan.mode", LOCAL, CLOUD));
        TranscodeSettings transcode = TranscodeSettings.from(s);
        if (TranscodeEngine.MEDIACONVERT.equals(transcode.engine()) && !onCloud) {
            throw Settings.problem("caravan.transcode.engine", "must be ffmpeg, or mediaconvert in the aws profile (got '"
                    + transcode.engine() + "')");
        }
        return new CaravanSettings(Path.of(s.text("caravan.data")), onCloud, IngestSettings.from(s), LimitSettings.from(s), transcode,
                OutputSettings.from(s), QualitySettings.from(s), DeliverySettings.from(s), NotifySettings.from(s),
                RetrySettings.from(s), ApiSettings.from(s), ManagementSettings.from(s), HealthSettings.from(s), KeySettings.from(s),
                onCloud ? CloudSettings.from(s) : null,
                onCloud && TranscodeEngine.MEDIACONVERT.equals(transcode.engine()) ? MediaConvertSettings.from(s) : null,
                TracingSettings.from(s));
    }
}
