package io.github.approvalgate.startup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;
import software.amazon.awssdk.services.codepipeline.model.SourceRevisionType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Runs the SDK's request pipeline at init for each protocol the functions speak (S3 REST-XML, Step Functions JSON 1.0,
 * CodePipeline JSON 1.1, EventBridge Scheduler REST-JSON): marshalling, endpoint rules, checksums, SigV4 signing, response
 * parsing.
 *
 * <p>
 * It uses throwaway clients of its own, never the functions' clients. They run the functions' HTTP client (the
 * url-connection client) against {@link LoopbackAnswers}, servers on the loopback interface inside this process that
 * answer each call with a success in the shapes of a real answer and are closed before init ends: nothing leaves the
 * process and no connection is kept. Their credentials are a fixed dummy pair, so the function's credentials are
 * neither resolved nor kept; retries are off. The functions' own clients stay untouched, with no connection opened and
 * no credentials resolved (see {@link EagerSdkClients}).
 */
@ApplicationScoped
public class SdkCallPriming {

    private static final Logger LOG = Logger.getLogger(SdkCallPriming.class);
    private static final String NAME = "priming";

    void prime() {
        try {
            List<String> failed = primeLocally();
            if (!failed.isEmpty()) {
                LOG.warnf("SDK priming: %d of its calls failed (%s); their first real call does that work instead",
                        failed.size(), String.join("; ", failed));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("SDK priming skipped: %s", e.toString());
        }
    }

    /**
     * The answers carry every member our code reads (and the nested shapes around them), so that parsing them
     * initialises the model classes a real answer needs (each one's field table builds dozens of lambdas). One body
     * per client serves all its operations: each operation's parser reads its own members and skips the others. The
     * shapes are those of the API references' response syntax (CodePipeline: ListActionExecutions,
     * GetPipelineExecution, ListPipelineExecutions, StartPipelineExecution, PutApprovalResult; S3: HeadObject,
     * GetObjectTagging).
     */
    private static final String CODEPIPELINE_ANSWER = """
            {"actionExecutionDetails": [{"pipelineExecutionId": "priming", "actionExecutionId": "priming",
              "pipelineVersion": 1, "stageName": "priming", "actionName": "priming", "startTime": 1735689600.0,
              "lastUpdateTime": 1735689600.0, "updatedBy": "priming", "status": "Succeeded",
              "input": {"actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "configuration": {"S3Bucket": "priming", "S3ObjectKey": "priming"},
                "resolvedConfiguration": {"S3Bucket": "priming"}, "roleArn": "priming", "region": "us-east-1",
                "inputArtifacts": [{"name": "priming", "s3location": {"bucket": "priming", "key": "priming"}}],
                "namespace": "priming"},
              "output": {"outputArtifacts": [{"name": "priming", "s3location": {"bucket": "priming", "key": "priming"}}],
                "executionResult": {"externalExecutionId": "priming", "externalExecutionSummary": "priming",
                  "externalExecutionUrl": "priming", "errorDetails": {"code": "priming", "message": "priming"}},
                "outputVariables": {"VersionId": "priming"}}}],
             "pipelineExecution": {"pipelineName": "priming", "pipelineVersion": 1, "pipelineExecutionId": "priming",
              "status": "InProgress", "statusSummary": "priming",
              "artifactRevisions": [{"name": "priming", "revisionId": "priming", "revisionChangeIdentifier": "priming",
                "revisionSummary": "priming", "created": 1735689600.0, "revisionUrl": "priming"}],
              "variables": [{"name": "priming", "resolvedValue": "priming"}],
              "trigger": {"triggerType": "StartPipelineExecution", "triggerDetail": "priming"},
              "executionMode": "PARALLEL", "executionType": "STANDARD"},
             "pipelineExecutionSummaries": [{"pipelineExecutionId": "priming", "status": "InProgress",
              "statusSummary": "priming", "startTime": 1735689600.0, "lastUpdateTime": 1735689600.0,
              "sourceRevisions": [{"actionName": "priming", "revisionId": "priming", "revisionSummary": "priming"}],
              "trigger": {"triggerType": "StartPipelineExecution", "triggerDetail": "priming"},
              "stopTrigger": {"reason": "priming"}, "executionMode": "PARALLEL", "executionType": "STANDARD"}],
             "pipelineExecutionId": "priming", "approvedAt": 1735689600.0}
            """;
    private static final String S3_ANSWER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Tagging"
            + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag><Key>priming</Key><Value>priming</Value>"
            + "</Tag></TagSet></Tagging>";
    private static final Map<String, String> S3_HEADERS = Map.of("x-amz-version-id", NAME, "x-amz-meta-" + NAME, NAME,
            "x-amz-tagging-count", "1", "Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT", "Content-Type", "text/plain");
    private static final String SCHEDULER_ANSWER = "{\"ScheduleArn\": \"arn:aws:scheduler:us-east-1:111122223333:schedule/"
            + NAME + "/" + NAME + "\"}";

    /** @return the calls that failed against their local answer, each with its error (none when all parsed) */
    static List<String> primeLocally() throws IOException {
        try (LoopbackAnswers s3Answers = new LoopbackAnswers(S3_ANSWER, S3_HEADERS);
                LoopbackAnswers sfnAnswers = new LoopbackAnswers("{}", Map.of());
                LoopbackAnswers codePipelineAnswers = new LoopbackAnswers(CODEPIPELINE_ANSWER, Map.of());
                LoopbackAnswers schedulerAnswers = new LoopbackAnswers(SCHEDULER_ANSWER, Map.of());
                S3Client s3 = local(S3Client.builder().forcePathStyle(true), s3Answers);
                SfnClient sfn = local(SfnClient.builder(), sfnAnswers);
                CodePipelineClient codePipeline = local(CodePipelineClient.builder(), codePipelineAnswers);
                SchedulerClient scheduler = local(SchedulerClient.builder(), schedulerAnswers)) {
            // The calls the handlers make, in their shapes (the sweep's and ai-review's included).
            Map<String, Runnable> calls = new LinkedHashMap<>();
            calls.put("PutObject", () -> s3.putObject(put -> put.bucket(NAME).key(NAME).contentType("text/plain")
                    .metadata(Map.of(NAME, NAME)), RequestBody.fromString(NAME)));
            calls.put("HeadObject", () -> s3.headObject(head -> head.bucket(NAME).key(NAME).versionId(NAME))
                    .metadata());
            calls.put("GetObjectTagging", () -> s3.getObjectTagging(get -> get.bucket(NAME).key(NAME)
                    .versionId(NAME)).tagSet());
            calls.put("PutObjectTagging", () -> s3.putObjectTagging(put -> put.bucket(NAME).key(NAME).versionId(NAME)
                    .tagging(tagging -> tagging.tagSet(tag -> tag.key(NAME).value(NAME)))));
            calls.put("GetObject", () -> s3.getObjectAsBytes(get -> get.bucket(NAME).key(NAME).versionId(NAME)
                    .range("bytes=0-1")));
            calls.put("SendTaskSuccess", () -> sfn.sendTaskSuccess(success -> success.taskToken(NAME).output("{}")));
            calls.put("StartPipelineExecution", () -> codePipeline.startPipelineExecution(start -> start.name(NAME)
                    .sourceRevisions(revision -> revision.actionName(NAME)
                            .revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID).revisionValue(NAME))
                    .variables(variable -> variable.name(NAME).value(NAME))));
            calls.put("ListActionExecutions", () -> codePipeline.listActionExecutionsPaginator(list -> list
                    .pipelineName(NAME).filter(filter -> filter.pipelineExecutionId(NAME)))
                    .actionExecutionDetails().stream().toList());
            calls.put("GetPipelineExecution", () -> codePipeline.getPipelineExecution(get -> get.pipelineName(NAME)
                    .pipelineExecutionId(NAME)));
            calls.put("ListPipelineExecutions", () -> codePipeline.listPipelineExecutions(list -> list
                    .pipelineName(NAME).maxResults(1)));
            calls.put("StopPipelineExecution", () -> codePipeline.stopPipelineExecution(stop -> stop
                    .pipelineName(NAME).pipelineExecutionId(NAME).abandon(true).reason(NAME)));
            calls.put("PutApprovalResult", () -> codePipeline.putApprovalResult(put -> put.pipelineName(NAME)
                    .stageName(NAME).actionName(NAME).token(NAME).result(result -> result
                            .status(ApprovalStatus.APPROVED).summary(NAME))));
            calls.put("CreateSchedule", () -> scheduler.createSchedule(create -> create.groupName(NAME).name(NAME)
                    .scheduleExpression("at(2026-01-01T00:00:00)").scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(window -> window.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(target -> target.arn(NAME).roleArn(NAME).input("{}"))));
            List<String> failed = new ArrayList<>();
            calls.forEach((operation, call) -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    failed.add(operation + ": " + e);
                }
            });
            return failed;
        }
    }

    private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C local(B builder,
            LoopbackAnswers answers) {
        Consumer<B> setUp = b -> b.httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .endpointOverride(answers.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(NAME, NAME)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        setUp.accept(builder);
        return builder.build();
    }
}
