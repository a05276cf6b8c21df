package caravan.infra;

import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;

import java.util.List;

/**
 * Uploads from the web page (POST /api/uploads answers presigned PUT URLs into the ingest bucket): the bucket lets
 * the page's own origins, the delivery and origin domain names over HTTPS, PUT there and read the ETag of each part
 * (a multipart upload is completed with them). Nothing else: no GET, no other origin.
 */
final class UploadCors {
    private UploadCors() {
    }

    static void allow(Storage storage, StackParameters parameters) {
        storage.ingest.addCorsRule(CorsRule.builder()
                .id("UploadsFromThePage")
                .allowedMethods(List.of(HttpMethods.PUT))
                .allowedOrigins(List.of(Fn.join("", List.of("https://", parameters.deliveryDomainName().getValueAsString())),
                        Fn.join("", List.of("https://", parameters.originDomainName().getValueAsString()))))
                .allowedHeaders(List.of("Content-Type"))
                .exposedHeaders(List.of("ETag"))
                .maxAge(3000)
                .build());
    }
}
