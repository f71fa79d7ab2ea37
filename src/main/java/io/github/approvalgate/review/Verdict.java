package io.github.approvalgate.review;

import java.util.Locale;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The AI reviewer's well-formed answer: the only thing that can lead to a {@code PutApprovalResult}. An escalation leads
 * to none: a person decides, and is told why.
 */
@RegisterForReflection
public record Verdict(Decision decision, String reason) {

    @RegisterForReflection
    public enum Decision {
        APPROVE("Approved"),
        REJECT("Rejected"),
        /** The AI judges that a person must decide: nothing is sent to CodePipeline. */
        ESCALATE(null);

        private final String approvalStatus;

        Decision(String approvalStatus) {
            this.approvalStatus = approvalStatus;
        }

        /** The value the model must give in the verdict tool's {@code decision} field. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code PutApprovalResult}'s {@code result.status}; null for {@link #ESCALATE}, which sends none. */
        public String approvalStatus() {
            return approvalStatus;
        }
    }
}
