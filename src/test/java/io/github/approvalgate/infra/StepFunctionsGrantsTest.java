package io.github.approvalgate.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Least privilege for the callback: the functions may call exactly the Step Functions actions the code calls. */
class StepFunctionsGrantsTest {

    private static final Pattern SEND_TASK_CALL = Pattern.compile("\\.(sendTask\\w+)\\(");

    @Test
    void grantedStepFunctionsActionsAreExactlyTheOnesTheCodeCalls() throws IOException {
        Set<String> granted = new TreeSet<>();
        for (String role : Set.of("StartApprovalRole", "ApprovalResultRole")) {
            collectStatesActions(InfraTemplate.load().resource(role).path("Properties").path("Policies"), granted);
        }
        Set<String> called = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher calls = SEND_TASK_CALL.matcher(Files.readString(file));
                while (calls.find()) {
                    called.add("states:" + Character.toUpperCase(calls.group(1).charAt(0)) + calls.group(1).substring(1));
                }
            }
        }

        assertFalse(called.isEmpty(), "approval-result returns the decision with SendTaskSuccess");
        assertEquals(called, granted);
    }

    private static void collectStatesActions(JsonNode node, Set<String> actions) {
        if (node.isTextual() && node.asText().startsWith("states:")) {
            actions.add(node.asText());
        }
        node.forEach(child -> collectStatesActions(child, actions));
    }
}
