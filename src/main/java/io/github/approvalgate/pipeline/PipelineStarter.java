package io.github.approvalgate.pipeline;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.approvalgate.aws.AwsErrors;
import io.github.approvalgate.observe.LogField;
import io.github.approvalgate.observe.Metric;
import io.github.approvalgate.observe.Metrics;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ConcurrentPipelineExecutionsLimitExceededException;
import software.amazon.awssdk.services.codepipeline.model.PipelineVariable;
import software.amazon.awssdk.services.codepipeline.model.SourceRevisionType;

/**
 * Starts one pipeline execution per request, pinned to the request's object version: in a PARALLEL pipeline no request
 * can be merged with, or superseded by, another one written a moment later.
 */
@ApplicationScoped
public class PipelineStarter {

    private final CodePipelineClient codePipeline;
    private final PipelineConfig config;
    private final Metrics metrics;

    PipelineStarter(CodePipelineClient codePipeline, PipelineConfig config, Metrics metrics) {
        this.codePipeline = codePipeline;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Idempotent per request: CodePipeline's {@code clientRequestToken} "identifies a unique execution request" (API
     * reference: StartPipelineExecution, 1 to 128 characters of {@code [a-zA-Z0-9-]+}). A retried start of the same
     * request (the SDK's own retries, or the state machine's Retry after an answer that never arrived) sends the same
     * token, so the execution an earlier attempt started is returned instead of a second one. That execution runs on
     * the earlier attempt's object version, which carries the same task token, so its decision reaches the same task.
     *
     * @param variables pipeline variables for this execution (declared on the pipeline)
     * @param clientRequestToken the same for every attempt of one request
     * @return the execution id, or empty when no pipeline is configured
     */
    public Optional<String> startFor(String sourceVersionId, Map<String, String> variables, String clientRequestToken) {
        return config.name().map(pipeline -> start(pipeline, sourceVersionId, variables, clientRequestToken));
    }

    private String start(String pipeline, String sourceVersionId, Map<String, String> variables,
            String clientRequestToken) {
        LogField.PIPELINE.set(pipeline);
        try {
            return codePipeline.startPipelineExecution(start -> start
                    .name(pipeline)
                    .clientRequestToken(clientRequestToken)
                    .sourceRevisions(revision -> revision
                            .actionName(config.sourceActionName())
                            .revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID)
                            .revisionValue(sourceVersionId))
                    .variables(variables.entrySet().stream()
                            .map(variable -> PipelineVariable.builder().name(variable.getKey())
                                    .value(variable.getValue()).build())
                            .toList()))
                    .pipelineExecutionId();
        } catch (ConcurrentPipelineExecutionsLimitExceededException e) {
            throw busy(pipeline, sourceVersionId, e);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException()) {
                throw busy(pipeline, sourceVersionId, e);
            }
            throw new PipelineNotStartedException(pipeline, sourceVersionId, e);
        } catch (SdkException e) {
            throw new PipelineNotStartedException(pipeline, sourceVersionId, e);
        }
    }

    /** A refusal for now (the workflow waits and retries), counted: a steady rate means the pipeline is too small. */
    private PipelineBusyException busy(String pipeline, String sourceVersionId, AwsServiceException e) {
        metrics.emit(Metric.BUSY_REFUSALS, 1, pipeline);
        LogField.OUTCOME.set("busy");
        return new PipelineBusyException(pipeline, sourceVersionId, AwsErrors.code(e));
    }
}
