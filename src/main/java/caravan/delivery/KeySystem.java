package caravan.delivery;

/**
 * A key system for CMAF's common encryption: how the manifests name it and what its licence server answers. Caravan
 * ships {@link ClearKeySystem} (W3C ClearKey, in every EME browser); a commercial DRM (Widevine, FairPlay, PlayReady)
 * would be another implementation: its system id and signalling here, its licence exchange (the vendor's protocol,
 * usually a call to the vendor's licence service with the asset's key) in {@link #licence}.
 */
public interface KeySystem {
    /** The EME key system name, as players are configured with it ({@code org.w3.clearkey}). */
    String name();

    /** The DASH-IF system id (a UUID), as {@code urn:uuid:<id>} in the MPD and in {@code pssh} boxes. */
    String systemId();

    /** The MPD's {@code ContentProtection} element for this system, with where its licences come from. */
    String mpdContentProtection(String licenceUrl);

    /** The HLS {@code EXT-X-KEY} tag naming this system for segments encrypted under {@code kid}. */
    String hlsKey(byte[] kid, String licenceUrl);

    /** The licence for a player's request {@code body}, for the asset whose key id and key are given. */
    Licence licence(byte[] body, byte[] kid, byte[] key) throws BadLicenceRequest;

    record Licence(String contentType, byte[] body) {
    }

    /** The request is not one this key system understands (the player gets a 400 with this sentence). */
    final class BadLicenceRequest extends Exception {
        public BadLicenceRequest(String message) {
            super(message);
        }
    }
}
