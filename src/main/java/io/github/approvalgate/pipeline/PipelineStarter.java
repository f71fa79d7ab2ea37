package io.github.approvalgate.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

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
 * Starts one pipeline execution per request, in one pipeline of the pool, pinned to the request's object version: in a PARALLEL
 * pipeline no request
 * can be merged with, or superseded by, another one written a moment later.
 */
@ApplicationScoped
public class PipelineStarter {

    private static final Logger LOG = Logger.getLogger(PipelineStarter.class);

    private final CodePipelineClient codePipeline;
    private final PipelineConfig config;
    private final Metrics metrics;

    PipelineStarter(CodePipelineClient codePipeline, PipelineConfig config, Metrics metrics) {
        this.codePipeline = codePipeline;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Starts the request in one pipeline of the pool.
     * <p>
     * Idempotent per request: CodePipeline's {@code clientRequestToken} "identifies a unique execution request" (API
     * reference: StartPipelineExecution, 1 to 128 characters of {@code [a-zA-Z0-9-]+}) <em>of one pipeline</em>. A
     * retried start of the same request (the SDK's own retries, or the state machine's Retry after an answer that never
     * arrived) sends the same token, so the execution an earlier attempt started is returned instead of a second one.
     * That execution runs on the earlier attempt's object version, which carries the same task token, so its decision
     * reaches the same task.
     * <p>
     * How a pipeline is picked: the request's token hashes to a first pipeline, then the pool is tried in rotation from
     * there. A hash rather than a random or rotating start because the order must be the same at every attempt of a
     * request: a retry then asks the pipeline that answered before first, and its token returns that execution. The
     * hash also spreads independent requests evenly without any shared state between function instances. A pipeline
     * at its concurrency quota ({@code ConcurrentPipelineExecutionsLimitExceededException}) sends the request to the
     * next one; the request is busy only when every pipeline refused. So a request makes at most one call per pipeline:
     * {@link PipelineConfig#MAX_POOL_SIZE} calls in the worst case (about 20 ms each in a Region), and these calls
     * happen only while the pool is nearly full. A throttled call ({@code ThrottlingException}, a rate limit of the
     * account's API, not of one pipeline) stops the rotation at once: asking the other pipelines would only add to the
     * rate that is refused, and the workflow's Retry waits before the next attempt.
     * <p>
     * Within one pipeline only: when an attempt of a request started in pipeline k after the pipelines before it were
     * full, and one of those frees a slot before a retry, the retry would start a second execution there. start-approval
     * keeps that from happening by recording where each request started, or which pipeline a call without a definite
     * answer went to (request.StartRecords): a retry answers from the record, or asks that pipeline first.
     *
     * @param variables pipeline variables for this execution (declared on the pipeline)
     * @param clientRequestToken the same for every attempt of one request
     * @return the execution and its pipeline, or empty when no pipeline is configured
     * @throws PipelineBusyException when every pipeline of the pool is at its quota, or a call was throttled
     */
    public Optional<PipelineStart> startFor(String sourceVersionId, Map<String, String> variables,
            String clientRequestToken) {
        return startFor(sourceVersionId, variables, clientRequestToken, Optional.empty(), pipeline -> {
        });
    }

    /**
     * Like {@link #startFor(String, Map, String)}, for a request whose earlier attempts may have left a call in doubt.
     *
     * @param askFirst the pipeline an earlier attempt's call went to without a definite answer: asked first, its
     *        clientRequestToken returns the execution that call started, if it did
     * @param inDoubt told the pipeline of a call that failed without a definite answer (it may have taken effect)
     *        before the failure is thrown, so that the next attempt can ask it first
     */
    public Optional<PipelineStart> startFor(String sourceVersionId, Map<String, String> variables,
            String clientRequestToken, Optional<String> askFirst, Consumer<String> inDoubt) {
        List<String> pool = config.pool();
        if (pool.isEmpty()) {
            return Optional.empty();
        }
        List<String> order = order(pool, clientRequestToken, askFirst);
        for (String pipeline : order) {
            try {
                return Optional.of(new PipelineStart(pipeline,
                        start(pipeline, sourceVersionId, variables, clientRequestToken)));
            } catch (ConcurrentPipelineExecutionsLimitExceededException e) {
                LOG.debugf("pipeline full, trying the next one: pipeline=%s", pipeline);
                if (pipeline.equals(order.getLast())) {
                    throw busy(pipeline, pool.size(), sourceVersionId, e);
                }
            } catch (AwsServiceException e) {
                if (e.isThrottlingException()) {
                    throw busy(pipeline, pool.size(), sourceVersionId, e);
                }
                inDoubt.accept(pipeline);
                throw new PipelineNotStartedException(pipeline, sourceVersionId, e);
            } catch (SdkException e) {
                inDoubt.accept(pipeline);
                throw new PipelineNotStartedException(pipeline, sourceVersionId, e);
            }
        }
        throw new IllegalStateException("unreachable: the pool is not empty");
    }

    /** The pool in the order this attempt tries it: {@code askFirst} (when in the pool), then {@link #order}. */
    static List<String> order(List<String> pool, String clientRequestToken, Optional<String> askFirst) {
        List<String> order = new ArrayList<>(order(pool, clientRequestToken));
        askFirst.filter(order::remove).ifPresent(first -> order.addFirst(first));
        return order;
    }

    /** The pool in the order a request tries it: from the pipeline its token hashes to, in rotation. */
    public static List<String> order(List<String> pool, String clientRequestToken) {
        int first = Math.floorMod(clientRequestToken.hashCode(), pool.size());
        List<String> order = new ArrayList<>(pool.size());
        for (int i = 0; i < pool.size(); i++) {
            order.add(pool.get((first + i) % pool.size()));
        }
        return order;
    }

    private String start(String pipeline, String sourceVersionId, Map<String, String> variables,
            String clientRequestToken) {
        LogField.PIPELINE.set(pipeline);
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
    }

    /**
     * A refusal for now (the workflow waits and retries), counted: a steady rate means the pool is too small.
     *
     * @param pipeline the last pipeline asked
     */
    private PipelineBusyException busy(String pipeline, int poolSize, String sourceVersionId,
            AwsServiceException e) {
        metrics.emit(Metric.BUSY_REFUSALS, 1, pipeline);
        LogField.OUTCOME.set("busy");
        return new PipelineBusyException(pipeline, poolSize, sourceVersionId, AwsErrors.code(e));
    }
}
