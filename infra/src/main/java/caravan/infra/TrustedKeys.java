package caravan.infra;

import software.amazon.awscdk.services.cloudfront.KeyGroup;
import software.amazon.awscdk.services.cloudfront.PublicKey;
import software.constructs.Construct;

import java.util.List;

/**
 * The delivery key pair's public half in CloudFront, and the trusted key group that /media/* and /keys/* require.
 * The private half stays in Secrets Manager (only the web service reads it) and never enters the template.
 */
public final class TrustedKeys extends Construct {
    final PublicKey publicKey;
    final KeyGroup keyGroup;

    TrustedKeys(Construct scope, String id, StackParameters parameters) {
        super(scope, id);
        publicKey = PublicKey.Builder.create(this, "DeliveryPublicKey")
                .encodedKey(parameters.deliveryPublicKey().getValueAsString())
                .comment("Caravan's delivery key: verifies signed cookies and URLs")
                .build();
        keyGroup = KeyGroup.Builder.create(this, "TrustedKeyGroup")
                .items(List.of(publicKey))
                .comment("Signers of Caravan's playback grants")
                .build();
    }
}
