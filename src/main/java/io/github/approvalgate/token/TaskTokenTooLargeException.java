package io.github.approvalgate.token;

/** The task token cannot be stored: S3 would reject the object's user metadata. */
public class TaskTokenTooLargeException extends IllegalArgumentException {

    public TaskTokenTooLargeException(int tokenBytes, int maxTokenBytes) {
        super("field 'token' is " + tokenBytes + " bytes; S3 user metadata (2 KB with its key '" + TaskTokenMetadata.KEY
                + "') leaves room for at most " + maxTokenBytes + " bytes. Nothing was written.");
    }
}
