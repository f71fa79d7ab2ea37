package io.github.approvalgate.pipeline;

import io.github.approvalgate.token.SourceObject;

/** The exact S3 object version a pipeline execution ran on. */
public record SourceRevision(SourceObject object, String versionId) {
}
