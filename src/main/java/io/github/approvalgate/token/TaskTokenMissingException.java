package io.github.approvalgate.token;

import io.github.approvalgate.source.SourceObject;
import io.github.approvalgate.source.UnresolvableApprovalException;

/** The object version exists but carries no task token: it was not written by a start-approval request. */
public class TaskTokenMissingException extends UnresolvableApprovalException {

    public TaskTokenMissingException(SourceObject object, String versionId) {
        super("version '" + versionId + "' of " + object + " has no task token in its user metadata (key '"
                + TaskTokenMetadata.KEY + "'): it was not written by start-approval");
    }
}
