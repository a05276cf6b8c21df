package caravan.keys;

/** A key could not be found, read or used. Its message never contains key material. */
public class KeyException extends RuntimeException {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
