package io.github.approvalgate.pipeline;

import java.util.Optional;

/** Who decided an approval and what they wrote; both absent when the approval expired. */
public record ApprovalReview(Optional<String> reviewer, Optional<String> comment) {

    public static final ApprovalReview NONE = new ApprovalReview(Optional.empty(), Optional.empty());
}
