package io.github.approvalgate.result;

import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.StartApprovalService;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.moto.WaitingTasks;
import io.github.approvalgate.testing.moto.WaitingTasks.WaitingTask;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * approval-result with two approver groups (actions {@code security} and {@code owner} in stage {@code Approval},
 * run in parallel by the CodePipeline stand-in): all of them must approve; one rejection decides at once and abandons
 * the other group's approval.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalResult.class)
@WithTestResource(LocalAwsTestResource.class)
class ApproverGroupsHandlerTest {

    private static final String STAGE = "Approval";
    private static final List<String> GROUPS = List.of("security", "owner");

    private static WaitingTasks tasks;

    @Inject
    StartApprovalService startApproval;

    @BeforeAll
    static void defineGroups() {
        tasks = WaitingTasks.shared(LocalAwsTestResource.moto());
        standIn().definePipeline(TemplatePipeline.definition(PIPELINE, BUCKET, KEY).withParallelActions(STAGE, GROUPS));
    }

    @AfterAll
    static void restoreOneGroup() {
        standIn().definePipeline(TemplatePipeline.definition(PIPELINE, BUCKET, KEY));
    }

    @BeforeEach
    void forget() {
        standIn().reset();
    }

    @Test
    void bothGroupsApprovingApprovesWithTwoReviews() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);

        standIn().approve(PIPELINE, execution, STAGE, "owner", "owner agrees");
        post(emitted(execution, "owner", "SUCCEEDED")).body("outcome", equalTo("pending"));
        assertEquals(ExecutionStatus.RUNNING, tasks.status(task), "security has not decided");
        standIn().approve(PIPELINE, execution, STAGE, "security", "security agrees");
        post(emitted(execution, "security", "SUCCEEDED")).body("outcome", equalTo("delivered"))
                .body("is_approved", equalTo(true));

        JsonNode output = tasks.output(task);
        assertEquals("security", output.path("action").asText(), "the later approval decided");
        assertEquals(List.of("owner:approved:owner agrees", "security:approved:security agrees"),
                reviews(output).stream().sorted().toList());
        assertTrue(standIn().calls("StopPipelineExecution").isEmpty());
    }

    @Test
    void oneRejectionRejectsAtOnceAndAbandonsTheOtherGroupsApproval() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);

        standIn().reject(PIPELINE, execution, STAGE, "security", "not this week");
        post(emitted(execution, "security", "FAILED")).body("outcome", equalTo("delivered"))
                .body("decision", equalTo("rejected"));

        JsonNode output = tasks.output(task);
        assertFalse(output.path("is_approved").asBoolean(true));
        assertEquals("security", output.path("action").asText());
        assertEquals(List.of("owner:pending:", "security:rejected:not this week"), reviews(output).stream().sorted()
                .toList());
        JsonNode stop = standIn().calls("StopPipelineExecution").getFirst().request();
        assertTrue(stop.path("abandon").asBoolean(false), stop.toString());
        assertEquals(List.of(), waiting(execution), "nobody else is asked");
        emitted(execution, "owner", "ABANDONED");

        post(emitted(execution, "owner", "ABANDONED")).body("outcome", equalTo("already-delivered"))
                .body("decision", equalTo("rejected"));
        assertEquals(1, standIn().calls("StopPipelineExecution").size(), "nothing waits any more: no second stop");
    }

    @Test
    void aFailedStopIsRepeatedByTheNextLookAtTheExecution() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        standIn().reject(PIPELINE, execution, STAGE, "owner", "no");
        // Every attempt of the SDK's default retry policy fails.
        standIn().failNext("StopPipelineExecution", "ThrottlingException", "Rate exceeded", 4);

        String event = emitted(execution, "owner", "FAILED");
        post(event).body("outcome", equalTo("delivered")).body("decision", equalTo("rejected"));
        assertEquals(List.of("security"), waiting(execution), "the stop failed");

        post(event).body("outcome", equalTo("already-delivered"));

        assertEquals(List.of(), waiting(execution));
        assertEquals("rejected", tasks.output(task).path("decision").asText(), "delivered once, unchanged");
    }

    @Test
    void anApprovalThatTimesOutExpiresTheRequest() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        standIn().approve(PIPELINE, execution, STAGE, "owner", "fine");

        standIn().expire(PIPELINE, execution);
        post(emitted(execution, "security", "FAILED")).body("outcome", equalTo("delivered"))
                .body("decision", equalTo("expired"));

        assertEquals(List.of("owner:approved:fine", "security:expired:"),
                reviews(tasks.output(task)).stream().sorted().toList());
    }

    private String requestApproval(WaitingTask task) {
        return startApproval.start(new ApprovalRequest(task.token(), "Wait", BUCKET, KEY, "text/html", "<p>doc</p>"))
                .pipelineExecutionId();
    }

    private static List<String> waiting(String execution) {
        return standIn().pendingApprovals().stream().filter(p -> p.executionId().equals(execution))
                .map(PendingApproval::action).toList();
    }

    /** {@code action:decision:comment} of every review. */
    private static List<String> reviews(JsonNode output) {
        List<String> reviews = new ArrayList<>();
        output.path("reviews").forEach(review -> reviews.add(review.path("action").asText() + ":"
                + review.path("decision").asText() + ":" + review.path("comment").asText()));
        return reviews;
    }

    private static String emitted(String execution, String action, String state) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> standIn().events().stream()
                .filter(event -> event.contains(execution) && event.contains("\"action\":\"" + action + "\"")
                        && event.contains("\"state\":\"" + state + "\""))
                .findFirst().orElse(null), event -> event != null);
    }

    private static io.restassured.response.ValidatableResponse post(String event) {
        return given().contentType(ContentType.JSON).body(event).when().post().then().statusCode(200);
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
