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
        @JsonProperty(CONTENT) String content,
        @JsonProperty(APPROVAL_SUMMARY) @JsonInclude(JsonInclude.Include.NON_NULL) String approvalSummary,
        @JsonProperty(REVIEW_URL) @JsonInclude(JsonInclude.Include.NON_NULL) String reviewUrl) {

    public static final String TOKEN = "token";
    public static final String STEP = "step";
    public static final String BUCKET = "s3_bucket_name";
    public static final String KEY = "s3_bucket_key";
    public static final String CONTENT_TYPE = "confirmation_file_content-type";
    public static final String CONTENT = "confirmation_file_content";
    /** Optional: the text the approver sees instead of the stack's default message. */
    public static final String APPROVAL_SUMMARY = "approval_summary";
    /** Optional: the approval's URL for review instead of a link to the request's object version. */
    public static final String REVIEW_URL = "review_url";

    /** A request with the reference design's fields only. */
    public ApprovalRequest(String token, String step, String bucket, String key, String contentType, String content) {
        this(token, step, bucket, key, contentType, content, null, null);
    }

    /** The same request with the token removed: what may appear in outputs and execution history. */
    public ApprovalRequest withoutToken() {
        return new ApprovalRequest(null, step, bucket, key, contentType, content, approvalSummary, reviewUrl);
    }

    @Override
    public String toString() {
        return "ApprovalRequest[step=" + step + ", bucket=" + bucket + ", key=" + key + ", contentType=" + contentType
                + ", content=" + (content == null ? "null" : content.length() + " chars")
                + ", approvalSummary=" + (approvalSummary == null ? "null" : approvalSummary.length() + " chars")
                + ", reviewUrl=" + reviewUrl
                + ", token=" + TaskTokens.fingerprint(token) + "]";
    }
}
