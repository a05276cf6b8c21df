package caravan.cli;

/** A command that cannot do what was asked: the sentence the user reads, and the exit status. */
final class CliFailure extends Exception {
    final int exitStatus;

    CliFailure(String message) {
        this(message, 1);
    }

    CliFailure(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    static CliFailure usage(String message) {
        return new CliFailure(message, 2);
    }
}
