package io.github.approvalgate.sweep;

import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.approvalgate.request.ApprovalRequest;
import io.github.approvalgate.request.StartApprovalService;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.moto.WaitingTasks;
import io.github.approvalgate.testing.moto.WaitingTasks.WaitingTask;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.testing.quarkus.PassingTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The periodic sweep's window with time that passes (the clock of the functions and the stand-in moves together): an
 * execution is in the window when it last changed within the look-back, however long ago it started, as long as that is
 * within the longest approval (7 days by default) before the window.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalSweepOwnMoto.class)
@WithTestResource(LocalAwsTestResource.class)
@ExtendWith(PassingTime.class)
class ApprovalSweepWindowTest {

    private static final String SCHEDULED_EVENT = "{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}";
    private static WaitingTasks tasks;

    @Inject
    StartApprovalService startApproval;

    @BeforeAll
    static void connect() {
        tasks = new WaitingTasks(LocalAwsTestResource.moto());
    }

    @AfterAll
    static void disconnect() {
        tasks.close();
    }

    /** Keyed on the start time, or with the listing stopped at the window's start, this request would wait forever. */
    @Test
    void executionThatStartedDaysAgoAndEndedNowIsDelivered() throws Exception {
        WaitingTask task = tasks.start();
        String execution = requestApproval(task);
        PassingTime.advance(Duration.ofDays(6));
        standIn().reject(PIPELINE, execution, "six days later: no");

        sweep().body("examined", equalTo(1))
                .body("delivered", hasSize(1))
                .body("delivered[0].pipeline_execution_id", equalTo(execution))
                .body("delivered[0].decision", equalTo("rejected"));
        assertEquals("six days later: no", tasks.output(task).path("comment").asText());
    }

    @Test
    void executionThatLastChangedBeforeTheWindowIsNotExamined() {
        WaitingTask task = tasks.start();
        standIn().reject(PIPELINE, requestApproval(task), "no");
        PassingTime.advance(Duration.ofMinutes(31));

        sweep().body("examined", equalTo(0)).body("delivered", hasSize(0));
        assertEquals(software.amazon.awssdk.services.sfn.model.ExecutionStatus.RUNNING, tasks.status(task));
    }

    private String requestApproval(WaitingTask task) {
        return startApproval.start(new ApprovalRequest(task.token(), "Wait", BUCKET, KEY, "text/html", "<p>doc</p>"))
                .pipelineExecutionId();
    }

    private static ValidatableResponse sweep() {
        return given().contentType(ContentType.JSON).body(SCHEDULED_EVENT).when().post().then().statusCode(200);
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
