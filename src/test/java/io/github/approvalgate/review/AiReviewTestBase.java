package io.github.approvalgate.review;

import static io.github.approvalgate.testing.quarkus.AiReviewTestResource.AI_PIPELINE;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.approvalgate.observe.Metric;
import io.github.approvalgate.observe.RecordedMetrics;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.bedrock.BedrockStandIn;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.PendingApproval;
import io.github.approvalgate.testing.logs.TaskTokenWitness;
import io.github.approvalgate.testing.quarkus.AiReviewTestResource;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the ai-review handler tests share: an S3 client on moto, the stand-ins reset before each test, and the steps of
 * a review (a request's version and execution, the AI action's STARTED event, posting it to the handler).
 */
abstract class AiReviewTestBase {

    static final String AI = "AiReview";

    static S3Client s3;

    @BeforeAll
    static void connect() {
        s3 = LocalAwsClients.s3(LocalAwsTestResource.moto().endpoint());
    }

    @AfterAll
    static void disconnect() {
        s3.close();
    }

    @BeforeEach
    void resetStandIns() {
        codePipeline().reset();
        bedrock().reset();
        AiReviewTestResource.approvalTopic().clear();
    }

    static String startExecution(String document) {
        String versionId = s3.putObject(put -> put.bucket(BUCKET).key(KEY).contentType("text/html"),
                RequestBody.fromString(document)).versionId();
        String execution = codePipeline().startExecutionFor(AI_PIPELINE, versionId);
        TaskTokenWitness.token(waitingAt(execution, AI).token()); // approval tokens are secrets too: never logged
        return execution;
    }

    static String versionOf(String execution) {
        return waitingAt(execution, AI).sourceVersionId();
    }

    static java.util.Map<String, String> tagsOf(String versionId) {
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
        s3.getObjectTagging(get -> get.bucket(BUCKET).key(KEY).versionId(versionId)).tagSet()
                .forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    static PendingApproval waitingAt(String execution, String stage) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> pending(execution).stream()
                .filter(p -> p.stage().equals(stage)).findFirst().orElse(null), p -> p != null);
    }

    static List<PendingApproval> pending(String execution) {
        return codePipeline().pendingApprovals().stream().filter(p -> p.executionId().equals(execution)).toList();
    }

    /** The STARTED event the stand-in emitted for this execution's AI approval, as EventBridge would deliver it. */
    static String aiStarted(String execution) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> codePipeline().events().stream()
                .filter(event -> event.contains(execution) && event.contains("\"stage\":\"" + AI + "\"")
                        && event.contains("\"state\":\"STARTED\""))
                .findFirst().orElse(null), event -> event != null);
    }

    /** One AiReviewsLeftToPerson document so far, for this reason. */
    static void assertLeftToPerson(RecordedMetrics metrics, String reason) {
        List<JsonNode> left = metrics.of(Metric.AI_REVIEWS_LEFT_TO_PERSON);
        assertEquals(1, left.size(), metrics.documents()::toString);
        RecordedMetrics.assertDefines(Metric.AI_REVIEWS_LEFT_TO_PERSON, left.getFirst());
        assertEquals(AI_PIPELINE,
                left.getFirst().path("Pipeline").asText());
        assertEquals(reason, left.getFirst().path("Reason").asText());
    }

    static ValidatableResponse post(String event) {
        return given().contentType(ContentType.JSON).body(event).when().post().then().statusCode(200);
    }

    static CodePipelineStandIn codePipeline() {
        return LocalAwsTestResource.codePipeline();
    }

    static BedrockStandIn bedrock() {
        return AiReviewTestResource.bedrock();
    }
}
