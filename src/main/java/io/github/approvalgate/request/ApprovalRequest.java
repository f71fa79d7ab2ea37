package io.github.approvalgate.request;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.github.approvalgate.token.TaskTokens;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Payload the workflow's {@code waitForTaskToken} task sends: the reference design's field names, unchanged, so
 * existing state machines keep working.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalRequest(
        @JsonProperty(TOKEN) @JsonInclude(JsonInclude.Include.NON_NULL) String token,
        @JsonProperty(STEP) String step,
        @JsonProperty(BUCKET) String bucket,
        @JsonProperty(KEY) String key,
        @JsonProperty(CONTENT_TYPE) String contentType,
        @JsonProperty(CONTENT) String content) {

    public static final String TOKEN = "token";
    public static final String STEP = "step";
    public static final String BUCKET = "s3_bucket_name";
    public static final String KEY = "s3_bucket_key";
    public static final String CONTENT_TYPE = "confirmation_file_content-type";
    public static final String CONTENT = "confirmation_file_content";

    /** The same request with the token removed: what may appear in outputs and execution history. */
    public ApprovalRequest withoutToken() {
        return new ApprovalRequest(null, step, bucket, key, contentType, content);
    }

    @Override
    public String toString() {
        return "ApprovalRequest[step=" + step + ", bucket=" + bucket + ", key=" + key + ", contentType=" + contentType
                + ", content=" + (content == null ? "null" : content.length() + " chars")
                + ", token=" + TaskTokens.fingerprint(token) + "]";
    }
}
