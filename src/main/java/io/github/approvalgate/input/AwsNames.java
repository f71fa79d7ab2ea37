package io.github.approvalgate.input;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS's documented rules for the identifiers a request names, checked before any call: a value that breaks one gets an
 * error that says which rule, instead of a remote failure (or a retry) with the value echoed in full. Each method
 * returns what is wrong, or empty when the value is acceptable; a returned problem echoes the value only through
 * {@link Echo}.
 */
public final class AwsNames {

    /** Object keys: "a sequence of Unicode characters whose UTF-8 encoding is at most 1,024 bytes long". */
    public static final int S3_KEY_MAX_BYTES = 1024;

    /** Amazon States Language: state names are at most 80 Unicode characters. */
    public static final int STATE_NAME_MAX_CHARS = 80;

    /**
     * General purpose bucket naming rules (Amazon S3 User Guide, "General purpose bucket naming rules"): 3-63
     * lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit, no two adjacent dots,
     * not an IP address. The reserved prefixes and suffixes are rules for creating buckets; access point aliases that
     * end in one are valid where a bucket name is expected, so they are not refused here.
     */
    private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** CodePipeline API reference: PipelineDeclaration.name, StageDeclaration.name, ActionDeclaration.name. */
    private static final Pattern CODEPIPELINE_NAME = Pattern.compile("[A-Za-z0-9.@\\-_]{1,100}");
    /** CodePipeline API reference: PipelineExecution.pipelineExecutionId (a UUID). */
    private static final Pattern CODEPIPELINE_EXECUTION_ID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private AwsNames() {
    }

    public static Optional<String> s3BucketNameProblem(String name) {
        if (!S3_BUCKET.matcher(name).matches() || name.contains("..") || IP_ADDRESS.matcher(name).matches()) {
            return Optional.of("is not a valid S3 bucket name (3-63 lowercase letters, digits, dots or hyphens, "
                    + "beginning and ending with a letter or digit, no '..', not an IP address): "
                    + Echo.quoted(name));
        }
        return Optional.empty();
    }

    public static Optional<String> s3KeyProblem(String key) {
        int bytes = key.getBytes(UTF_8).length;
        if (bytes > S3_KEY_MAX_BYTES) {
            return Optional.of("is " + bytes + " bytes in UTF-8; S3 object keys are at most " + S3_KEY_MAX_BYTES
                    + ": " + Echo.quoted(key));
        }
        return Optional.empty();
    }

    public static Optional<String> stateNameProblem(String name) {
        int chars = name.codePointCount(0, name.length());
        if (chars > STATE_NAME_MAX_CHARS) {
            return Optional.of("is " + chars + " characters; Step Functions state names are at most "
                    + STATE_NAME_MAX_CHARS + ": " + Echo.quoted(name));
        }
        return Optional.empty();
    }

    /** A pipeline, stage or action name. */
    public static Optional<String> codePipelineNameProblem(String name) {
        if (!CODEPIPELINE_NAME.matcher(name).matches()) {
            return Optional.of("is not a CodePipeline name (1-100 of A-Z a-z 0-9 . @ - _): " + Echo.quoted(name));
        }
        return Optional.empty();
    }

    public static Optional<String> codePipelineExecutionIdProblem(String id) {
        if (!CODEPIPELINE_EXECUTION_ID.matcher(id).matches()) {
            return Optional.of("is not a pipeline execution id (a lowercase UUID): " + Echo.quoted(id));
        }
        return Optional.empty();
    }
}
