package io.github.approvalgate.sweep;

import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepPoolWithUnknownPipeline.SECOND_PIPELINE;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.ApprovalSweepPoolWithUnknownPipeline.UNKNOWN_PIPELINE;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.testing.quarkus.PassingTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A sweep of a pool of three (the first one unknown): a pipeline that cannot be listed fails the run (its alarm)
 * without keeping the others from being swept, and a slow pipeline whose turn ran out goes on after the others while
 * the run's time budget (the default 40 s) lasts. Time passes on the controlled clock: each of the slow pipeline's
 * ListActionExecutions calls lets it advance.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.ApprovalSweepPoolWithUnknownPipeline.class)
@WithTestResource(LocalAwsTestResource.class)
@ExtendWith(PassingTime.class)
class ApprovalSweepPoolTest {

    @BeforeEach
    void defineSecondPipeline() {
        standIn().definePipeline(TemplatePipeline.definition(SECOND_PIPELINE, LocalAwsTestResource.BUCKET,
                LocalAwsTestResource.KEY));
    }

    @Test
    void aPipelineThatCannotBeListedFailsTheRunAfterThePoolsOtherPipelinesWereSwept() {
        standIn().startExecutionFor(PIPELINE, "version-1");

        sweep().body("errorMessage", containsString("pipeline " + UNKNOWN_PIPELINE + " not listed"))
                .body("errorMessage", containsString("PipelineNotFoundException"));

        List<String> listed = standIn().calls("ListPipelineExecutions").stream()
                .map(call -> call.request().path("pipelineName").asText()).toList();
        assertEquals(List.of(UNKNOWN_PIPELINE, PIPELINE, SECOND_PIPELINE), listed);
    }

    /**
     * Pass one: the unknown pipeline fails at once; {@code PIPELINE}'s share is half the 40 s, so at 15 s a call it
     * examines two of its three executions; the second pipeline gets the 10 s left. Pass two: {@code PIPELINE} goes on
     * with its third execution, within the budget.
     */
    @Test
    void aSlowPipelineGoesOnAfterTheOthersWhileTheBudgetLasts() {
        startExecutions();
        eachCallOf(PIPELINE, Duration.ofSeconds(15));

        sweep().body("errorMessage", containsString("pipeline " + UNKNOWN_PIPELINE + " not listed"))
                .body("errorMessage", not(containsString("time budget")));

        assertEquals(List.of(PIPELINE, PIPELINE, SECOND_PIPELINE, PIPELINE), examinedPipelines());
    }

    /**
     * At 25 s a call, {@code PIPELINE}'s first turn ends after its newest execution and its second after the next one:
     * the budget is spent, and the run fails naming the oldest, which was not examined.
     */
    @Test
    void theRunFailsWhenItsBudgetIsSpentInsideAWindowAfterEveryPipelineHadItsTurn() {
        List<String> started = startExecutions();
        eachCallOf(PIPELINE, Duration.ofSeconds(25));

        sweep().body("errorMessage", containsString("time budget of 40 s reached at execution " + started.getFirst()
                + " (pipeline " + PIPELINE + ", page 1)"));

        assertEquals(List.of(PIPELINE, SECOND_PIPELINE, PIPELINE), examinedPipelines());
    }

    /** @return the executions started in {@code PIPELINE}, oldest first (the sweep lists them newest first) */
    private static List<String> startExecutions() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(standIn().startExecutionFor(PIPELINE, "version-" + i));
            PassingTime.advance(Duration.ofSeconds(1)); // a distinct start time each, so the listing order is known
        }
        standIn().startExecutionFor(SECOND_PIPELINE, "second-version");
        standIn().forgetCalls();
        return started;
    }

    private static void eachCallOf(String pipeline, Duration takes) {
        standIn().beforeEachCall((operation, request) -> {
            if ("ListActionExecutions".equals(operation) && pipeline.equals(request.path("pipelineName").asText())) {
                PassingTime.advance(takes);
            }
        });
    }

    private static List<String> examinedPipelines() {
        return standIn().calls("ListActionExecutions").stream()
                .map(call -> call.request().path("pipelineName").asText()).toList();
    }

    private static ValidatableResponse sweep() {
        return given().contentType(ContentType.JSON).body("{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}")
                .when().post().then().statusCode(500);
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
