package io.github.approvalgate.request;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.approvalgate.pipeline.ApprovalActions;
import io.github.approvalgate.pipeline.PipelineConfig;
import io.github.approvalgate.source.SourceObject;

/**
 * What the approver sees for one request: its summary (the approval action's CustomData) and its URL for review
 * (ExternalEntityLink), passed to the execution as pipeline variables.
 */
final class ApprovalContext {

    /** CodePipeline: a manual approval's comments (CustomData) hold at most 500 characters. */
    static final int MAX_SUMMARY_CHARS = 500;
    /** CodePipeline API reference: PipelineVariable.value, 1 to 1000 characters. */
    static final int MAX_VARIABLE_CHARS = 1000;

    private ApprovalContext() {
    }

    /** @return one problem per invalid field, naming it; empty when both optional fields are absent or valid */
    static List<String> problems(ApprovalRequest request) {
        List<String> problems = new ArrayList<>();
        String summary = request.approvalSummary();
        if (summary != null) {
            if (summary.isBlank() || summary.length() > MAX_SUMMARY_CHARS) {
                problems.add("'" + ApprovalRequest.APPROVAL_SUMMARY + "' must be 1 to " + MAX_SUMMARY_CHARS
                        + " characters (got " + summary.length() + ")");
            } else if (summary.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
                problems.add("'" + ApprovalRequest.APPROVAL_SUMMARY + "' contains control characters");
            }
        }
        String url = request.reviewUrl();
        if (url != null && !isReviewUrl(url)) {
            problems.add("'" + ApprovalRequest.REVIEW_URL + "' must be an https URL of at most " + MAX_VARIABLE_CHARS
                    + " characters without spaces");
        }
        return problems;
    }

    /**
     * The execution's variables: the object version, the approval actions it must pass (fixed now, whatever the review
     * mode is later), the request's summary if any, and its review URL.
     */
    static Map<String, String> variables(ApprovalRequest request, SourceObject object, String versionId,
            String consoleUrl, String region, List<String> approvalActions) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(PipelineConfig.SOURCE_VERSION_VARIABLE, versionId);
        ApprovalActions.variableValue(approvalActions).ifPresent(value -> variables.put(ApprovalActions.VARIABLE, value));
        if (request.approvalSummary() != null) {
            variables.put(PipelineConfig.APPROVAL_SUMMARY_VARIABLE, request.approvalSummary());
        }
        String reviewUrl = request.reviewUrl() != null ? request.reviewUrl()
                : consoleLink(consoleUrl, region, object, versionId);
        if (reviewUrl.length() <= MAX_VARIABLE_CHARS) {
            variables.put(PipelineConfig.REVIEW_URL_VARIABLE, reviewUrl);
        }
        return variables;
    }

    /** The S3 console's page of this exact object version: IAM-checked, nothing made public. */
    static String consoleLink(String consoleUrl, String region, SourceObject object, String versionId) {
        return consoleUrl + "/s3/object/" + encode(object.bucket()) + "?region=" + encode(region) + "&prefix="
                + encode(object.key()) + "&versionId=" + encode(versionId);
    }

    private static boolean isReviewUrl(String url) {
        if (url.length() > MAX_VARIABLE_CHARS || url.chars().anyMatch(c -> Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
