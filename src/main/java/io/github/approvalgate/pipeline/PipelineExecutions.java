package io.github.approvalgate.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.approvalgate.source.SourceObject;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionInput;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionOutput;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionResult;
import software.amazon.awssdk.services.codepipeline.model.DuplicatedStopRequestException;
import software.amazon.awssdk.services.codepipeline.model.ErrorDetails;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotStoppableException;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.ResolvedPipelineVariable;

/** Reads one pipeline execution: its action runs (one call) and, only when needed, its own status. */
@ApplicationScoped
public class PipelineExecutions {

    /** Output variable of CodePipeline's S3 source action (action reference: Amazon S3 source action). */
    public static final String VERSION_ID_OUTPUT = "VersionId";
    private static final String BUCKET = "S3Bucket";
    private static final String OBJECT_KEY = "S3ObjectKey";

    private final CodePipelineClient codePipeline;
    private final PipelineConfig config;

    PipelineExecutions(CodePipelineClient codePipeline, PipelineConfig config) {
        this.codePipeline = codePipeline;
        this.config = config;
    }

    /** One {@code ListActionExecutions} (filtered to the execution; more pages only past 100 action runs). */
    public ExecutionActions actions(String pipeline, String executionId) {
        List<ActionRun> runs = new ArrayList<>(reading(pipeline, executionId, () -> codePipeline
                .listActionExecutionsPaginator(list -> list
                        .pipelineName(pipeline)
                        .filter(filter -> filter.pipelineExecutionId(executionId)))
                .actionExecutionDetails().stream()
                .map(PipelineExecutions::runOf)
                .toList()));
        runs.sort(Comparator.comparing(ActionRun::startTime, Comparator.nullsLast(Comparator.naturalOrder())));
        ActionRun source = s3SourceRun(pipeline, executionId, runs);
        SourceObject object = new SourceObject(source.configuration().get(BUCKET), source.configuration().get(OBJECT_KEY));
        if (object.bucket() == null || object.key() == null) {
            throw new SourceRevisionMissingException(pipeline, executionId,
                    "the S3 source action's configuration names no bucket and key");
        }
        Optional<String> versionId = Optional.ofNullable(source.outputVariables().get(VERSION_ID_OUTPUT))
                .filter(id -> !id.isBlank());
        return new ExecutionActions(pipeline, executionId, object, versionId, source,
                runs.stream().filter(ActionRun::isApproval).toList());
    }

    /** One {@code GetPipelineExecution}: the execution's status, its summary and its pipeline variables. */
    public ExecutionStatus status(String pipeline, String executionId) {
        PipelineExecution execution = reading(pipeline, executionId, () -> codePipeline
                .getPipelineExecution(get -> get.pipelineName(pipeline).pipelineExecutionId(executionId))
                .pipelineExecution());
        Map<String, String> variables = execution.variables().stream()
                .filter(variable -> variable.name() != null && variable.resolvedValue() != null)
                .collect(Collectors.toMap(ResolvedPipelineVariable::name, ResolvedPipelineVariable::resolvedValue,
                        (first, second) -> first));
        return new ExecutionStatus(execution.statusAsString(), nonBlank(execution.statusSummary()), variables);
    }

    /** API reference: StopPipelineExecution, {@code reason} is at most 200 characters. */
    static final int MAX_STOP_REASON = 200;

    /**
     * One {@code StopPipelineExecution} with {@code abandon}: the execution's waiting approvals are abandoned and its
     * slot is freed. Idempotent: an execution already stopping or ended ({@code DuplicatedStopRequestException},
     * {@code PipelineExecutionNotStoppableException}) is left as it is.
     *
     * @return whether this call stopped it
     */
    public boolean stopAbandoning(String pipeline, String executionId, String reason) {
        String bounded = reason.length() > MAX_STOP_REASON ? reason.substring(0, MAX_STOP_REASON) : reason;
        try {
            reading(pipeline, executionId, () -> codePipeline.stopPipelineExecution(stop -> stop.pipelineName(pipeline)
                    .pipelineExecutionId(executionId).abandon(true).reason(bounded)));
            return true;
        } catch (DuplicatedStopRequestException | PipelineExecutionNotStoppableException e) {
            return false;
        }
    }

    /** A read of one execution, with CodePipeline's "not found" errors named for the execution. */
    private static <T> T reading(String pipeline, String executionId, Supplier<T> read) {
        try {
            return read.get();
        } catch (PipelineExecutionNotFoundException e) {
            throw new PipelineExecutionMissingException(pipeline, executionId, "CodePipeline has no such execution");
        } catch (PipelineNotFoundException e) {
            throw new PipelineExecutionMissingException(pipeline, executionId, "CodePipeline has no such pipeline");
        }
    }

    private ActionRun s3SourceRun(String pipeline, String executionId, List<ActionRun> runs) {
        List<ActionRun> sources = runs.stream().filter(ActionRun::isS3Source).toList();
        if (sources.size() == 1) {
            return sources.getFirst();
        }
        return sources.stream()
                .filter(run -> run.action().equals(config.sourceActionName()))
                .findFirst()
                .orElseThrow(() -> new SourceRevisionMissingException(pipeline, executionId, "the execution has "
                        + sources.size() + " S3 source action runs and none named '" + config.sourceActionName() + "'"));
    }

    private static ActionRun runOf(ActionExecutionDetail detail) {
        Optional<ActionExecutionInput> input = Optional.ofNullable(detail.input());
        Optional<ActionExecutionOutput> output = Optional.ofNullable(detail.output());
        Optional<ActionExecutionResult> result = output.map(ActionExecutionOutput::executionResult);
        return new ActionRun(
                detail.stageName(),
                detail.actionName(),
                input.map(in -> in.actionTypeId()).map(type -> type.categoryAsString()).orElse(null),
                input.map(in -> in.actionTypeId()).map(type -> type.provider()).orElse(null),
                detail.statusAsString(),
                nonBlank(detail.updatedBy()),
                result.map(ActionExecutionResult::externalExecutionSummary).flatMap(PipelineExecutions::nonBlank),
                result.map(ActionExecutionResult::errorDetails).map(ErrorDetails::message)
                        .flatMap(PipelineExecutions::nonBlank),
                input.map(ActionExecutionInput::configuration).orElse(Map.of()),
                output.map(ActionExecutionOutput::outputVariables).orElse(Map.of()),
                detail.startTime(),
                detail.lastUpdateTime(),
                result.map(ActionExecutionResult::externalExecutionId).flatMap(PipelineExecutions::nonBlank),
                input.map(ActionExecutionInput::resolvedConfiguration).orElse(Map.of()));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(text -> !text.isBlank());
    }
}
