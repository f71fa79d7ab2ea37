package io.github.approvalgate.request;

import java.util.List;

/** The request cannot be acted on as sent; nothing was written. Retrying the same payload cannot succeed. */
public class InvalidApprovalRequestException extends IllegalArgumentException {

    private InvalidApprovalRequestException(String problems) {
        super("invalid approval request: " + problems + ". Nothing was written.");
    }

    static InvalidApprovalRequestException blank(List<String> blankFields) {
        return new InvalidApprovalRequestException("missing or blank " + String.join(", ", blankFields.stream()
                .map(field -> "'" + field + "'").toList()));
    }

    /** @param problems each a field name followed by what is wrong with its value */
    static InvalidApprovalRequestException invalid(List<String> problems) {
        return new InvalidApprovalRequestException(String.join("; ", problems));
    }
}
