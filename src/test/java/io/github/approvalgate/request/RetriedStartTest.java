package io.github.approvalgate.request;

import static io.github.approvalgate.testing.quarkus.HandlerProfiles.StartApprovalPoolOfTwo.POOL;
import static io.github.approvalgate.testing.quarkus.HandlerProfiles.StartApprovalPoolOfTwo.SECOND_PIPELINE;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.approvalgate.infra.TemplatePipeline;
import io.github.approvalgate.pipeline.PipelineNotStartedException;
import io.github.approvalgate.pipeline.PipelineStarter;
import io.github.approvalgate.testing.SampleEvents;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.logs.TaskTokenWitness;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.token.TaskTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A retried start-approval call in a pool of two, one execution per pipeline at most: the first attempt finds the
 * first pipeline of its order full and starts in the second; its answer is lost (the state machine only sees a failed
 * attempt) and the first pipeline frees its slot before the retry. The retry must answer with the execution the first
 * attempt started: CodePipeline's clientRequestToken alone would let it start a second one in the first pipeline.
 * Each test fails without the start records.
 */
@QuarkusTest
@TestProfile(HandlerProfiles.StartApprovalPoolOfTwo.class)
@WithTestResource(LocalAwsTestResource.class)
class RetriedStartTest {

    @BeforeEach
    void poolOfTwoWithOneSlotEach() {
        standIn().reset();
        standIn().definePipeline(TemplatePipeline.definition(SECOND_PIPELINE, BUCKET, KEY));
        standIn().concurrencyLimit(1);
    }

    @Test
    void aRetryAfterALostAnswerGetsTheExecutionTheFirstAttemptStartedInAnotherPipeline() {
        String token = "AAAAKgAAAAIAAAAAAAAAAretried-start-" + System.nanoTime();
        List<String> order = PipelineStarter.order(POOL, TaskTokens.startRequestToken(token));
        String filler = standIn().startExecutionFor(order.get(0), "filler-version");

        JsonPath first = start(token);
        assertEquals(order.get(1), first.getString("pipeline"), "the first pipeline of its order was full");
        String execution = first.getString("pipeline_execution_id");
        String version = first.getString("s3_version_id");

        standIn().stopExecution(order.get(0), filler, true, "a slot frees before the retry");
        int starts = standIn().calls("StartPipelineExecution").size();
        int versions = versionsOfTheSourceObject();

        JsonPath retried = start(token);

        assertEquals(order.get(1), retried.getString("pipeline"));
        assertEquals(execution, retried.getString("pipeline_execution_id"), "the execution the first attempt started");
        assertEquals(version, retried.getString("s3_version_id"), "on the version that carries the token");
        assertEquals(starts, standIn().calls("StartPipelineExecution").size(), "no second start anywhere");
        assertEquals(versions, versionsOfTheSourceObject(), "no second document");
    }

    /**
     * The first attempt's call to the second pipeline takes effect but no answer arrives (every SDK attempt): the
     * request fails with PipelineNotStartedException, its record names that pipeline as in doubt, and the retry asks
     * it first, whose clientRequestToken returns the execution the lost call started.
     */
    @Test
    void aRetryAfterALostStartAnswerAsksThePipelineInDoubtFirst() {
        String token = "AAAAKgAAAAIAAAAAAAAAAlost-start-" + System.nanoTime();
        List<String> order = PipelineStarter.order(POOL, TaskTokens.startRequestToken(token));
        String filler = standIn().startExecutionFor(order.get(0), "filler-version");
        standIn().loseNextAnswers("StartPipelineExecution", 100);

        request(token).then().statusCode(500)
                .body("errorType", equalTo(PipelineNotStartedException.class.getName()));
        standIn().loseNextAnswers("StartPipelineExecution", 0);
        List<PendingApproval> pending = standIn().pendingApprovals().stream()
                .filter(approval -> approval.pipelineName().equals(order.get(1))).toList();
        assertEquals(1, pending.size(), "the lost call started an execution in the second pipeline");
        standIn().stopExecution(order.get(0), filler, true, "a slot frees before the retry");

        JsonPath retried = start(token);

        assertEquals(order.get(1), retried.getString("pipeline"));
        assertEquals(pending.getFirst().executionId(), retried.getString("pipeline_execution_id"));
        assertEquals(1, standIn().pendingApprovals().size(), "never two live executions for one task");
    }

    /** The records are per task: another request in the same moment starts where its own order leads. */
    @Test
    void anotherTasksRequestIsNotAnsweredFromThisOnesRecord() {
        String token = "AAAAKgAAAAIAAAAAAAAAAone-task-" + System.nanoTime();
        String execution = start(token).getString("pipeline_execution_id");

        String other = start(token + "-other").getString("pipeline_execution_id");

        assertNotEquals(execution, other);
        assertEquals(2, standIn().pendingApprovals().size());
    }

    private static JsonPath start(String token) {
        return request(token).then().statusCode(200).extract().jsonPath();
    }

    private static Response request(String token) {
        TaskTokenWitness.token(token); // NoTokenInLogs looks for it in the Quarkus log after the test
        String request = SampleEvents.edited("start-approval.json", event -> event.put(ApprovalRequest.TOKEN, token)
                .put(ApprovalRequest.BUCKET, BUCKET).put(ApprovalRequest.KEY, KEY));
        return given().contentType(ContentType.JSON).body(request).when().post();
    }

    private static int versionsOfTheSourceObject() {
        return LocalAwsTestResource.s3().listObjectVersions(list -> list.bucket(BUCKET).prefix(KEY)).versions().size();
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
