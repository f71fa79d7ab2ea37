package io.github.approvalgate.review;

import java.util.Locale;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The AI reviewer's well-formed answer: the only thing that can lead to a {@code PutApprovalResult}. */
@RegisterForReflection
public record Verdict(Decision decision, String reason) {

    @RegisterForReflection
    public enum Decision {
        APPROVE("Approved"),
        REJECT("Rejected");

        private final String approvalStatus;

        Decision(String approvalStatus) {
            this.approvalStatus = approvalStatus;
        }

        /** The value the model must give in the verdict tool's {@code decision} field. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code PutApprovalResult}'s {@code result.status}. */
        public String approvalStatus() {
            return approvalStatus;
        }
    }
}
