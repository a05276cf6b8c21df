package caravan.database;

/** The store could not be read or written: a transient failure the pipeline retries. */
public class StoreException extends RuntimeException {
    public StoreException(Throwable cause) {
        super("Asset store error: " + cause.getMessage(), cause);
    }
}
