package io.github.approvalgate.startup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
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
 * It uses throwaway clients of its own, never the functions' clients: their HTTP client answers every request itself
 * with an empty success, so nothing leaves the process; their credentials are a fixed dummy pair, so the function's
 * credentials are neither resolved nor kept; retries are off. The functions' own clients stay untouched, with no
 * connection opened and no credentials resolved (see {@link EagerSdkClients}).
 */
@ApplicationScoped
public class SdkCallPriming {

    private static final Logger LOG = Logger.getLogger(SdkCallPriming.class);
    private static final String NAME = "priming";
    private static final URI NOWHERE = URI.create("http://priming.invalid");

    void prime() {
        try {
            primeOffline();
        } catch (RuntimeException e) {
            LOG.warnf("SDK priming skipped: %s", e.toString());
        }
    }

    private static void primeOffline() {
        try (S3Client s3 = offline(S3Client.builder().forcePathStyle(true), "");
                SfnClient sfn = offline(SfnClient.builder(), "{}");
                CodePipelineClient codePipeline = offline(CodePipelineClient.builder(), "{}");
                SchedulerClient scheduler = offline(SchedulerClient.builder(), "{}")) {
            // The calls the handlers make, in their shapes (the sweep's and ai-review's included).
            List<Runnable> calls = List.of(
                    () -> s3.putObject(put -> put.bucket(NAME).key(NAME).contentType("text/plain")
                            .metadata(Map.of(NAME, NAME)), RequestBody.fromString(NAME)),
                    () -> s3.headObject(head -> head.bucket(NAME).key(NAME).versionId(NAME)),
                    () -> s3.getObjectTagging(get -> get.bucket(NAME).key(NAME).versionId(NAME)),
                    () -> s3.putObjectTagging(put -> put.bucket(NAME).key(NAME).versionId(NAME)
                            .tagging(tagging -> tagging.tagSet(tag -> tag.key(NAME).value(NAME)))),
                    () -> s3.getObjectAsBytes(get -> get.bucket(NAME).key(NAME).versionId(NAME).range("bytes=0-1")),
                    () -> sfn.sendTaskSuccess(success -> success.taskToken(NAME).output("{}")),
                    () -> codePipeline.startPipelineExecution(start -> start.name(NAME)
                            .sourceRevisions(revision -> revision.actionName(NAME)
                                    .revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID).revisionValue(NAME))
                            .variables(variable -> variable.name(NAME).value(NAME))),
                    () -> codePipeline.listActionExecutions(list -> list.pipelineName(NAME)
                            .filter(filter -> filter.pipelineExecutionId(NAME))),
                    () -> codePipeline.getPipelineExecution(get -> get.pipelineName(NAME).pipelineExecutionId(NAME)),
                    () -> codePipeline.listPipelineExecutions(list -> list.pipelineName(NAME).maxResults(1)),
                    () -> codePipeline.putApprovalResult(put -> put.pipelineName(NAME).stageName(NAME)
                            .actionName(NAME).token(NAME).result(result -> result.status(ApprovalStatus.APPROVED)
                                    .summary(NAME))),
                    () -> scheduler.createSchedule(create -> create.groupName(NAME).name(NAME)
                            .scheduleExpression("at(2026-01-01T00:00:00)").scheduleExpressionTimezone("UTC")
                            .flexibleTimeWindow(window -> window.mode(FlexibleTimeWindowMode.OFF))
                            .actionAfterCompletion(ActionAfterCompletion.DELETE)
                            .target(target -> target.arn(NAME).roleArn(NAME).input("{}"))));
            calls.forEach(SdkCallPriming::quietly);
        }
    }

    private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C offline(B builder,
            String answer) {
        Consumer<B> setUp = b -> b.httpClient(new AnsweringHttpClient(answer))
                .region(Region.US_EAST_1)
                .endpointOverride(NOWHERE)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(NAME, NAME)))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        setUp.accept(builder);
        return builder.build();
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.debugf("priming call ended in %s", e.toString());
        }
    }

    /** Reads each request body, answers 200 with a fixed body; never opens a connection. */
    private record AnsweringHttpClient(String answer) implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    request.contentStreamProvider().ifPresent(body -> drain(body.newStream()));
                    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Length", Integer.toString(bytes.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }

        private static void drain(InputStream in) {
            try (in) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
