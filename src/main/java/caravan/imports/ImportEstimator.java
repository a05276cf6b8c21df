package caravan.imports;

/** A dry run: what importing a manifest would take, before anything is encoded. */
public interface ImportEstimator {
    Object estimate(Manifest manifest) throws Exception;
}
