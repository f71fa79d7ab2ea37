package io.github.approvalgate.source;

/** The S3 object the approval pipeline reads as its source: one version per request. */
public record SourceObject(String bucket, String key) {

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
