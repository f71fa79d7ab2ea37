package io.github.approvalgate.token;

import io.github.approvalgate.source.SourceObject;
import io.github.approvalgate.source.UnresolvableApprovalException;

/**
 * S3 denied reading the object version (HTTP 403). HeadObject answers 403 instead of 404 for a missing key or version
 * when the caller may not list the bucket, so a denial does not tell "gone" from "not allowed".
 */
public class SourceVersionUnreadableException extends UnresolvableApprovalException {

    public SourceVersionUnreadableException(SourceObject object, String versionId, Throwable cause) {
        super("reading version '" + versionId + "' of " + object + " was denied (HTTP 403), so its task token "
                + "cannot be read. Either the version does not exist (deleted or expired) and this role lacks "
                + "s3:ListBucket on the bucket for that key, which makes S3 answer 403 instead of 404; or this role "
                + "lacks s3:GetObjectVersion on the key");
        initCause(cause);
    }
}
