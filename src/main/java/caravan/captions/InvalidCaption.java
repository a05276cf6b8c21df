package caravan.captions;

/** A caption file that cannot be used, and why, in words its author can act on (with the line, when there is one). */
public class InvalidCaption extends Exception {
    public InvalidCaption(String message) {
        super(message);
    }
}
