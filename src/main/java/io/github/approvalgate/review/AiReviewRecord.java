package io.github.approvalgate.review;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.s3.model.Tag;

/**
 * What ai-review recorded on the request's object version about one AI approval run (pipeline execution + approval
 * action), in object tags, so that a retried invocation reads it instead of asking the model again. It is written
 * before the model is asked ({@link Step#ASKED}), once the model answered (the verdict and its reason), and once the
 * verdict was acted on.
 *
 * <p>
 * Tag values allow only letters, digits, spaces and {@code + - = . _ : / @} (256 characters), so the reason is kept
 * base64-encoded in up to {@value #REASON_TAGS} tags: at most {@value #MAX_REASON_BYTES} bytes of UTF-8.
 *
 * @param action {@code Stage/Action} of the AI approval action
 * @param model the Bedrock model or inference profile id that was asked
 * @param reason the summary sent (or to be sent) with the verdict; empty before the model answered
 */
public record AiReviewRecord(String executionId, String action, Step step, String model, Optional<String> reason) {

    /** The tag holding {@code <execution id> <Stage/Action> <step> <model>}. */
    public static final String TAG = "approval-gate-ai-review";
    static final String REASON_TAG_PREFIX = "approval-gate-ai-reason-";
    static final int REASON_TAGS = 3;
    private static final int TAG_VALUE_CHARS = 256;
    /** Bytes whose base64 fits the reason tags: 3 × 256 characters of base64 hold 576 bytes. */
    static final int MAX_REASON_BYTES = REASON_TAGS * TAG_VALUE_CHARS / 4 * 3;

    /** Where the run is; the wire name is the tag's third word. */
    public enum Step {
        /** The model is being asked: if nothing later was recorded, its verdict is unknown. */
        ASKED,
        /** The model gave no verdict. */
        NONE,
        /** The model's verdict, not yet acted on. */
        APPROVE,
        REJECT,
        ESCALATE,
        /** The verdict was acted on: PutApprovalResult accepted it, or (escalated) the person was told. */
        APPROVED,
        REJECTED,
        ESCALATED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Step> of(String wireName) {
            return Arrays.stream(values()).filter(step -> step.wireName().equals(wireName)).findFirst();
        }

        /** The verdict this step holds or acted on; empty before the model answered or when it gave none. */
        public Optional<Verdict.Decision> verdict() {
            return switch (this) {
                case APPROVE, APPROVED -> Optional.of(Verdict.Decision.APPROVE);
                case REJECT, REJECTED -> Optional.of(Verdict.Decision.REJECT);
                case ESCALATE, ESCALATED -> Optional.of(Verdict.Decision.ESCALATE);
                case ASKED, NONE -> Optional.empty();
            };
        }

        /** True once the verdict was acted on. */
        public boolean done() {
            return this == APPROVED || this == REJECTED || this == ESCALATED;
        }

        static Step pending(Verdict.Decision decision) {
            return switch (decision) {
                case APPROVE -> APPROVE;
                case REJECT -> REJECT;
                case ESCALATE -> ESCALATE;
            };
        }

        static Step done(Verdict.Decision decision) {
            return switch (decision) {
                case APPROVE -> APPROVED;
                case REJECT -> REJECTED;
                case ESCALATE -> ESCALATED;
            };
        }
    }

    AiReviewRecord with(Step next, Optional<String> nextReason) {
        return new AiReviewRecord(executionId, action, next, model, nextReason);
    }

    /** The tags that hold this record. */
    List<Tag> tags() {
        List<Tag> tags = new ArrayList<>();
        String value = String.join(" ", executionId, action, step.wireName(), model);
        if (value.length() > TAG_VALUE_CHARS) {
            throw new IllegalArgumentException("the model id is too long for the record tag (" + value.length() + " > "
                    + TAG_VALUE_CHARS + " characters)");
        }
        tags.add(Tag.builder().key(TAG).value(value).build());
        reason.ifPresent(text -> {
            String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            for (int i = 0, part = 1; i < encoded.length(); i += TAG_VALUE_CHARS, part++) {
                tags.add(Tag.builder().key(REASON_TAG_PREFIX + part)
                        .value(encoded.substring(i, Math.min(encoded.length(), i + TAG_VALUE_CHARS))).build());
            }
        });
        return tags;
    }

    /** True for the tags a record owns, which a new record replaces. */
    static boolean isRecordTag(String key) {
        return TAG.equals(key) || key.startsWith(REASON_TAG_PREFIX);
    }

    /** The record among a version's tags; empty when there is none or it cannot be read. */
    public static Optional<AiReviewRecord> in(Map<String, String> tags) {
        String value = tags.get(TAG);
        if (value == null) {
            return Optional.empty();
        }
        String[] words = value.split(" ", 4);
        if (words.length != 4) {
            return Optional.empty();
        }
        Optional<Step> step = Step.of(words[2]);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder encoded = new StringBuilder();
        for (int part = 1; part <= REASON_TAGS && tags.containsKey(REASON_TAG_PREFIX + part); part++) {
            encoded.append(tags.get(REASON_TAG_PREFIX + part));
        }
        Optional<String> reason;
        try {
            reason = encoded.isEmpty() ? Optional.empty()
                    : Optional.of(new String(Base64.getDecoder().decode(encoded.toString()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new AiReviewRecord(words[0], words[1], step.get(), words[3], reason));
    }

    /** True when this record is about that run. */
    public boolean isFor(String otherExecutionId, String otherAction) {
        return executionId.equals(otherExecutionId) && action.equals(otherAction);
    }
}
