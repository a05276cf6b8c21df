package caravan.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.SSLMethod;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * What viewers reach: one CloudFront distribution on the viewers' domain, HTTPS only, TLS 1.2 or newer.
 * <ul>
 *   <li>{@code /media/*}: the output bucket through Origin Access Control, signed cookies or URLs required;</li>
 *   <li>{@code /keys/*}: the key server on the load balancer, signed cookies or URLs required;</li>
 *   <li>{@code /api/*}: the API on the load balancer (its own bearer token and grants), never cached;</li>
 *   <li>everything else: the page, from the load balancer.</li>
 * </ul>
 * Its access logs go to the log bucket.
 */
public final class Delivery extends Construct {
    final Distribution distribution;

    Delivery(Construct scope, String id, Storage storage, TrustedKeys keys, StackParameters parameters) {
        super(scope, id);
        IOrigin media = S3BucketOrigin.withOriginAccessControl(storage.output);
        IOrigin caravan = HttpOrigin.Builder.create(parameters.originDomainName().getValueAsString())
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                .build();
        // the API's bearer token must reach Caravan: CloudFront forwards Authorization on GET only as part of a cache key
        CachePolicy api = CachePolicy.Builder.create(this, "ApiPassThrough")
                .comment("Caravan API: Authorization and query strings reach the origin; responses are not kept")
                .defaultTtl(Duration.seconds(0)).minTtl(Duration.seconds(0)).maxTtl(Duration.seconds(1))
                .headerBehavior(CacheHeaderBehavior.allowList("Authorization"))
                .queryStringBehavior(CacheQueryStringBehavior.all())
                .cookieBehavior(CacheCookieBehavior.none())
                .build();
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Caravan: signed HLS delivery, key server, API and page")
                .domainNames(List.of(parameters.deliveryDomainName().getValueAsString()))
                .certificate(Certificate.fromCertificateArn(this, "ViewerCertificate", parameters.deliveryCertificateArn().getValueAsString()))
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .sslSupportMethod(SSLMethod.SNI)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .enableLogging(true).logBucket(storage.accessLogs).logFilePrefix("cloudfront/")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(caravan)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_DISABLED)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                        .build())
                // sorted: Map.of's order changes from run to run, and so would the template (the patterns do not overlap)
                .additionalBehaviors(new java.util.TreeMap<>(Map.of(
                        "/media/*", BehaviorOptions.builder()
                                .origin(media)
                                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD_OPTIONS)
                                .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                                .trustedKeyGroups(List.of(keys.keyGroup))
                                .build(),
                        "/keys/*", BehaviorOptions.builder()
                                .origin(caravan)
                                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                                .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                                .cachePolicy(CachePolicy.CACHING_DISABLED)
                                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                                .trustedKeyGroups(List.of(keys.keyGroup))
                                .build(),
                        "/api/*", BehaviorOptions.builder()
                                .origin(caravan)
                                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                                .allowedMethods(AllowedMethods.ALLOW_ALL)
                                .cachePolicy(api)
                                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                                .build())))
                .build();
    }
}
