package io.github.approvalgate.request;

import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.BUCKET;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.KEY;
import static io.github.approvalgate.testing.quarkus.LocalAwsTestResource.PIPELINE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.testing.LocalAwsClients;
import io.github.approvalgate.testing.SampleEvents;
import io.github.approvalgate.testing.codepipeline.CodePipelineStandIn;
import io.github.approvalgate.testing.codepipeline.RecordedCall;
import io.github.approvalgate.testing.logs.JsonLogLines;
import io.github.approvalgate.testing.logs.TaskTokenWitness;
import io.github.approvalgate.testing.quarkus.HandlerProfiles;
import io.github.approvalgate.testing.quarkus.LocalAwsTestResource;
import io.github.approvalgate.token.TaskTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** start-approval through Quarkus's mock Lambda event server, against moto's S3 and the CodePipeline stand-in. */
@QuarkusTest
@TestProfile(HandlerProfiles.StartApproval.class)
@WithTestResource(LocalAwsTestResource.class)
class StartApprovalHandlerTest {

    private static final String TOKEN = "AAAAKgAAAAIAAAAAAAAAAdemo-task-token-0123456789";
    private static S3Client s3;

    @BeforeAll
    static void connect() {
        s3 = LocalAwsClients.s3(LocalAwsTestResource.moto().endpoint());
    }

    @AfterAll
    static void disconnect() {
        s3.close();
    }

    /** Its tests reuse task tokens: each starts without the start records of the ones before. */
    @BeforeEach
    void forgetCallsAndStarts() {
        standIn().reset();
        LocalAwsClients.deleteAllVersions(s3, BUCKET, StartRecords.PREFIX);
    }

    @Test
    void writesTheDocumentWithItsTokenAndStartsThePipelineForThatVersion() {
        String versionId = given().contentType(ContentType.JSON).body(request(TOKEN))
                .when().post()
                .then().statusCode(200)
                .body("params.step", equalTo("InvokeLambdaForCodePipelineExecution"))
                .body("params.s3_bucket_name", equalTo(BUCKET))
                .body("params.s3_bucket_key", equalTo(KEY))
                .body("params.'confirmation_file_content-type'", equalTo("text/html"))
                .body("params.token", equalTo(null))
                .body("pipeline_execution_id", notNullValue())
                .body(not(containsString(TOKEN)))
                .extract().path("s3_version_id");

        HeadObjectResponse head = s3.headObject(h -> h.bucket(BUCKET).key(KEY).versionId(versionId));
        assertEquals("text/html", head.contentType());
        // Keys spelled out here, not taken from the product: the seed's boto3 reads "x-amz-meta-sfntoken", and
        // CodePipeline shows "codepipeline-artifact-revision-summary" as the revision summary.
        assertEquals(TOKEN, head.metadata().get("x-amz-meta-sfntoken"), "readable the way the seed's boto3 reads it");
        assertTrue(head.metadata().get("codepipeline-artifact-revision-summary")
                .contains("InvokeLambdaForCodePipelineExecution"));
        assertEquals(SampleEvents.load("start-approval.json").get("confirmation_file_content").asText(),
                s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(KEY).versionId(versionId)).asUtf8String());

        List<RecordedCall> starts = standIn().calls("StartPipelineExecution");
        assertEquals(1, starts.size());
        JsonNode revision = starts.getFirst().request().path("sourceRevisions").path(0);
        assertEquals(PIPELINE, starts.getFirst().request().path("name").asText());
        assertEquals("Source", revision.path("actionName").asText());
        assertEquals("S3_OBJECT_VERSION_ID", revision.path("revisionType").asText());
        assertEquals(versionId, revision.path("revisionValue").asText());
    }

    @Test
    void theRequestsLineIsOneJsonObjectWithItsFieldsAndNoToken() {
        String token = TOKEN + "-json-line";
        String execution = given().contentType(ContentType.JSON).body(request(token)).when().post()
                .then().statusCode(200).extract().path("pipeline_execution_id");

        JsonNode line = JsonLogLines.line("approval requested", Map.of(LogField.EXECUTION_ID, execution));
        JsonLogLines.assertFields(line, Map.of(LogField.PIPELINE, PIPELINE, LogField.OUTCOME, "started",
                LogField.TASK, TaskTokens.fingerprint(token)), LogField.DECISION, LogField.DELIVERED_BY);
        assertTrue(line.path("mdc").path(LogField.S3_VERSION_ID.key()).isTextual(), line::toString);
        assertTrue(line.path("mdc").path(LogField.AWS_REQUEST_ID.key()).isTextual(), line::toString);
        assertFalse(line.toString().contains(token), line::toString);
    }

    @Test
    void concurrentRequestsEachGetTheirOwnVersionAndExecution() throws Exception {
        List<String> versions = new ArrayList<>();
        // Not a parallel stream: RestAssured's Groovy start-up waits on the common pool, which has one thread here.
        try (ExecutorService clients = Executors.newFixedThreadPool(3)) {
            List<Future<String>> answers = new ArrayList<>();
            for (String suffix : List.of("a", "b", "c")) {
                answers.add(clients.submit(() -> given().contentType(ContentType.JSON).body(request(TOKEN + suffix))
                        .when().post()
                        .then().statusCode(200).extract().<String> path("s3_version_id")));
            }
            for (Future<String> answer : answers) {
                versions.add(answer.get());
            }
        }

        assertEquals(3, versions.stream().distinct().count());
        assertEquals(versions.stream().sorted().toList(), standIn().calls("StartPipelineExecution").stream()
                .map(call -> call.request().path("sourceRevisions").path(0).path("revisionValue").asText())
                .sorted().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = { ApprovalRequest.TOKEN, ApprovalRequest.BUCKET, ApprovalRequest.KEY,
            ApprovalRequest.CONTENT })
    void missingFieldIsNamedAndNothingIsWritten(String field) {
        int versionsBefore = versionCount();
        String withoutField = request(event -> event.remove(field));
        String blankField = request(event -> event.put(field, "  "));

        for (String body : List.of(withoutField, blankField)) {
            given().contentType(ContentType.JSON).body(body)
                    .when().post()
                    .then().statusCode(500)
                    .body("errorType", containsString("InvalidApprovalRequestException"))
                    .body("errorMessage", allOf(containsString("'" + field + "'"), containsString("Nothing was written")));
        }
        assertEquals(versionsBefore, versionCount());
        assertTrue(standIn().calls("StartPipelineExecution").isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
            "token, 12345, a number", "token, true, a boolean", "step, 7, a number",
            "s3_bucket_name, '{\"name\":\"b\"}', an object", "s3_bucket_key, '[\"k\"]', an array",
            "confirmation_file_content-type, false, a boolean", "confirmation_file_content, 1.5, a number" })
    void valueOfTheWrongJsonTypeIsRefusedByNameAndNothingIsWritten(String field, String json, String type) {
        int versionsBefore = versionCount();
        String body = request(event -> event.set(field, SampleEvents.parse(json)));

        given().contentType(ContentType.JSON).body(body)
                .when().post()
                .then().statusCode(500)
                .body("errorType", containsString("InvalidApprovalRequestException"))
                .body("errorMessage", allOf(containsString("field '" + field + "' must be a JSON string, not " + type),
                        containsString("Nothing was written"), not(containsString(json))));

        assertEquals(versionsBefore, versionCount());
        assertTrue(standIn().calls("StartPipelineExecution").isEmpty());
    }

    @Test
    void payloadThatIsNotAnObjectIsRefused() {
        given().contentType(ContentType.JSON).body("[\"" + TOKEN + "\"]")
                .when().post()
                .then().statusCode(500)
                .body("errorType", containsString("InvalidApprovalRequestException"))
                .body("errorMessage", allOf(containsString("must be a JSON object, not an array"),
                        not(containsString(TOKEN))));
    }

    @Test
    void namesBreakingAwsRulesAreRefusedBeforeAnyCallWithBoundedEchoes() {
        int versionsBefore = versionCount();
        String hugeKey = "k".repeat(100_000);
        String body = request(event -> event
                .put(ApprovalRequest.BUCKET, "Not_A_Bucket")
                .put(ApprovalRequest.KEY, hugeKey)
                .put(ApprovalRequest.STEP, "s".repeat(81)));

        String message = given().contentType(ContentType.JSON).body(body)
                .when().post()
                .then().statusCode(500)
                .body("errorType", containsString("InvalidApprovalRequestException"))
                .extract().path("errorMessage");

        assertTrue(message.contains("field 's3_bucket_name' is not a valid S3 bucket name")
                && message.contains("'Not_A_Bucket'"), message);
        assertTrue(message.contains("field 's3_bucket_key' is 100000 bytes in UTF-8; S3 object keys are at most 1024")
                && message.contains("…(100000 chars)"), message);
        assertTrue(message.contains("field 'step' is 81 characters; Step Functions state names are at most 80"),
                message);
        assertTrue(message.length() < 1000, () -> message.length() + " chars");
        assertEquals(versionsBefore, versionCount());
        assertTrue(standIn().calls("StartPipelineExecution").isEmpty());
    }

    @Test
    void tokenThatWouldOverflowS3MetadataIsRefusedBeforeAnyWrite() {
        int versionsBefore = versionCount();

        given().contentType(ContentType.JSON).body(request("t".repeat(2048)))
                .when().post()
                .then().statusCode(500)
                .body("errorType", containsString("TaskTokenTooLargeException"))
                .body("errorMessage", containsString("'token' is 2048 bytes"));

        assertEquals(versionsBefore, versionCount());
        assertTrue(standIn().calls("StartPipelineExecution").isEmpty());
    }

    @Test
    void s3FailurePropagatesAndNoPipelineIsStarted() {
        String body = request(event -> event.put(ApprovalRequest.BUCKET, "no-such-bucket-here"));

        given().contentType(ContentType.JSON).body(body)
                .when().post()
                .then().statusCode(500)
                .body("errorType", containsString("NoSuchBucket"));

        assertTrue(standIn().calls("StartPipelineExecution").isEmpty());
    }

    @Test
    void bucketWithoutVersioningIsReportedAndNoPipelineIsStarted() {
        s3.createBucket(create -> create.bucket("unversioned-bucket"));
        String body = request(event -> event.put(ApprovalRequest.BUCKET, "unversioned-bucket"));

        given().contentType(ContentType.JSON).body(body)
                .when().post()
                .then().statusCode(500)
                .body("errorMessage", containsString("'unversioned-bucket' has no versioning"));

        assertTrue(standIn().calls("StartPipelineExecution").isEmpty());
    }

    @Test
    void pipelineThatCannotStartIsReportedWithTheWrittenVersion() {
        String body = request(event -> event.put(ApprovalRequest.KEY, "another/key.html"));
        standIn().failNext("StartPipelineExecution", "PipelineNotFoundException", "The pipeline was not found");

        String message = given().contentType(ContentType.JSON).body(body)
                .when().post()
                .then().statusCode(500)
                .body("errorType", containsString("PipelineNotStartedException"))
                .extract().path("errorMessage");

        String writtenVersion = s3.headObject(h -> h.bucket(BUCKET).key("another/key.html")).versionId();
        assertTrue(message.contains("'" + writtenVersion + "'") && message.contains("'" + PIPELINE + "'"), message);
    }

    @ParameterizedTest
    @CsvSource({ "Freigabe prüfen, Entwürfe/Preisliste Größe.html", "承認を待つ, 承認/価格表.html" })
    void nonAsciiStateNamesAndKeysReachS3AsUsAsciiMetadataThatReadsBack(String step, String key) {
        String token = TOKEN + "-" + key.length();
        String versionId = given().contentType(ContentType.JSON).body(request(event -> {
            TaskTokenWitness.token(token);
            event.put(ApprovalRequest.TOKEN, token).put(ApprovalRequest.STEP, step).put(ApprovalRequest.KEY, key);
        }))
                .when().post()
                .then().statusCode(200)
                .body("params.step", equalTo(step))
                .extract().path("s3_version_id");

        // moto stores the header values as sent: these are the bytes start-approval wrote.
        var metadata = s3.headObject(h -> h.bucket(BUCKET).key(key).versionId(versionId)).metadata();
        metadata.forEach((name, value) -> assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7F),
                () -> name + " is not US-ASCII: " + value));
        assertEquals(token, metadata.get("x-amz-meta-sfntoken"));
        String summary = io.github.approvalgate.token.MetadataText.decode(
                metadata.get("codepipeline-artifact-revision-summary"));
        assertTrue(summary.contains("state '" + step + "'") && summary.contains(key), summary);
    }

    @Test
    void aRetriedStartWhoseFirstAnswerWasLostGetsTheSameExecutionBack() {
        String token = TOKEN + "-lost-answer";
        // Every attempt the SDK (and its HTTP client) makes takes effect, and no answer arrives.
        standIn().loseNextAnswers("StartPipelineExecution", 100);
        given().contentType(ContentType.JSON).body(request(token))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo(io.github.approvalgate.pipeline.PipelineNotStartedException.class.getName()));
        assertEquals(1, standIn().pendingApprovals().size(), "the lost call started an execution");
        String started = standIn().pendingApprovals().getFirst().executionId();
        String firstVersion = standIn().pendingApprovals().getFirst().sourceVersionId();
        standIn().loseNextAnswers("StartPipelineExecution", 0);

        // The state machine's Retry: the same request, the same task token, a new object version.
        String retried = given().contentType(ContentType.JSON).body(request(token))
                .when().post()
                .then().statusCode(200)
                .extract().path("pipeline_execution_id");

        assertEquals(started, retried, "the earlier execution is reused");
        assertEquals(1, standIn().pendingApprovals().size(), "never two live executions for one task");
        assertEquals(token, s3.headObject(h -> h.bucket(BUCKET).key(KEY).versionId(firstVersion)).metadata()
                .get("x-amz-meta-sfntoken"), "the reused execution's version carries the same task token");
        List<String> requestTokens = standIn().calls("StartPipelineExecution").stream()
                .map(call -> call.request().path("clientRequestToken").asText()).distinct().toList();
        assertEquals(1, requestTokens.size(), requestTokens::toString);
        assertTrue(requestTokens.getFirst().matches("[0-9a-f]{64}"), requestTokens::toString);
    }

    @Test
    void differentTasksGetDifferentClientRequestTokens() {
        given().contentType(ContentType.JSON).body(request(TOKEN + "-one")).when().post().then().statusCode(200);
        given().contentType(ContentType.JSON).body(request(TOKEN + "-two")).when().post().then().statusCode(200);

        assertEquals(2, standIn().pendingApprovals().size());
        assertEquals(2, standIn().calls("StartPipelineExecution").stream()
                .map(call -> call.request().path("clientRequestToken").asText()).distinct().count());
    }

    @ParameterizedTest
    @CsvSource({ "ThrottlingException, Rate exceeded",
            "ConcurrentPipelineExecutionsLimitExceededException, The pipeline has reached the limit" })
    void aPipelineWithoutAFreeSlotOrThrottledIsBusyNotBroken(String errorType, String message) {
        // More refusals than the SDK makes attempts: start-approval sees the refusal itself.
        standIn().failNext("StartPipelineExecution", errorType, message, 10);

        given().contentType(ContentType.JSON).body(request(TOKEN + "-busy"))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo(io.github.approvalgate.pipeline.PipelineBusyException.class.getName()))
                .body("errorMessage", allOf(containsString(errorType), containsString("waits for a free slot")));

        assertTrue(standIn().pendingApprovals().isEmpty(), "nothing was started");
    }

    @Test
    void perRequestContextReachesTheApproverThroughPipelineVariables() {
        String execution = given().contentType(ContentType.JSON).body(request(event -> event
                .put("approval_summary", "Publish price list v42 (3 changes)")
                .put("review_url", "https://review.example.com/price-lists/42")))
                .when().post()
                .then().statusCode(200)
                .body("params.approval_summary", equalTo("Publish price list v42 (3 changes)"))
                .extract().path("pipeline_execution_id");

        var approval = standIn().pendingApprovals().stream().filter(p -> p.executionId().equals(execution))
                .findFirst().orElseThrow();
        assertEquals("Publish price list v42 (3 changes)", approval.resolvedConfiguration().get("CustomData"));
        assertEquals("https://review.example.com/price-lists/42",
                approval.resolvedConfiguration().get("ExternalEntityLink"));
    }

    @Test
    void withoutReviewUrlTheApproverGetsThisExactVersionInTheS3Console() {
        var response = given().contentType(ContentType.JSON).body(request(event -> {
        }))
                .when().post()
                .then().statusCode(200).extract();
        String execution = response.path("pipeline_execution_id");
        String versionId = response.path("s3_version_id");

        var approval = standIn().pendingApprovals().stream().filter(p -> p.executionId().equals(execution))
                .findFirst().orElseThrow();
        String link = approval.resolvedConfiguration().get("ExternalEntityLink");
        assertEquals("https://console.aws.amazon.com/s3/object/" + BUCKET + "?region=us-east-1&prefix="
                + java.net.URLEncoder.encode(KEY, java.nio.charset.StandardCharsets.UTF_8) + "&versionId=" + versionId,
                link);
        String defaultText = io.github.approvalgate.infra.InfraTemplate.load().declared().path("Parameters")
                .path("CodePipelineConfirmationCustomData").path("Default").asText();
        assertEquals(defaultText, approval.resolvedConfiguration().get("CustomData"), "the stack's default text");
    }

    static Stream<Arguments> contextOutsideCodePipelinesLimits() {
        return Stream.of(
                Arguments.of("approval_summary", "", "'approval_summary' must be 1 to 500"),
                Arguments.of("approval_summary", "x".repeat(501), "'approval_summary' must be 1 to 500"),
                Arguments.of("approval_summary", "line\u0007bell", "'approval_summary' contains control characters"),
                Arguments.of("review_url", "http://review.example.com/1", "'review_url' must be an https URL"),
                Arguments.of("review_url", "https://review.example.com/a b", "'review_url' must be an https URL"),
                Arguments.of("review_url", "javascript:alert(1)", "'review_url' must be an https URL"),
                Arguments.of("review_url", "https://review.example.com/" + "x".repeat(1000),
                        "'review_url' must be an https URL"));
    }

    @ParameterizedTest
    @MethodSource("contextOutsideCodePipelinesLimits")
    void contextOutsideCodePipelinesLimitsIsRefusedAndNothingIsWritten(String field, String value, String message) {
        int versions = versionCount();

        given().contentType(ContentType.JSON).body(request(event -> event.put(field, value)))
                .when().post()
                .then().statusCode(500)
                .body("errorType", containsString("InvalidApprovalRequestException"))
                .body("errorMessage", containsString(message));

        assertEquals(versions, versionCount(), "nothing was written");
        assertTrue(standIn().calls("StartPipelineExecution").isEmpty());
    }

    private static String request(String token) {
        TaskTokenWitness.token(token); // NoTokenInLogs looks for it in the Quarkus log after the test
        return request(event -> event.put(ApprovalRequest.TOKEN, token));
    }

    /** The sample request aimed at the test bucket and key, then edited. */
    private static String request(Consumer<ObjectNode> edit) {
        return SampleEvents.edited("start-approval.json", event -> {
            event.put(ApprovalRequest.BUCKET, BUCKET);
            event.put(ApprovalRequest.KEY, KEY);
            edit.accept(event);
        });
    }

    private static int versionCount() {
        return s3.listObjectVersions(list -> list.bucket(BUCKET)).versions().size();
    }

    private static CodePipelineStandIn standIn() {
        return LocalAwsTestResource.codePipeline();
    }
}
