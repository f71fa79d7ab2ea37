package io.github.approvalgate.request;

import java.util.List;

/** The request cannot be acted on as sent; nothing was written. Retrying the same payload cannot succeed. */
public class InvalidApprovalRequestException extends IllegalArgumentException {

    public InvalidApprovalRequestException(String message) {
        super(message);
    }

    public InvalidApprovalRequestException(List<String> blankFields) {
        super("invalid approval request: missing or blank " + String.join(", ", blankFields.stream()
                .map(field -> "'" + field + "'").toList()) + ". Nothing was written.");
    }
}
