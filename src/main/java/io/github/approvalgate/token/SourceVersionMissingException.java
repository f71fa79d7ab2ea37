package io.github.approvalgate.token;

import io.github.approvalgate.source.SourceObject;
import io.github.approvalgate.source.UnresolvableApprovalException;

/** The object version named by the pipeline execution no longer exists, so its token cannot be read. */
public class SourceVersionMissingException extends UnresolvableApprovalException {

    public SourceVersionMissingException(SourceObject object, String versionId) {
        super("version '" + versionId + "' of " + object + " does not exist (deleted or expired): "
                + "its task token cannot be read");
    }
}
