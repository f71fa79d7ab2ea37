package io.github.approvalgate.testing.bedrock;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.github.approvalgate.testing.http.Http;
import io.github.approvalgate.testing.http.LoopbackServer;

/**
 * A protocol-level stand-in for Amazon Bedrock Runtime's Converse operation, as the SDK calls it: REST JSON,
 * {@code POST /model/{modelId}/converse} (API reference: API_runtime_Converse). Each test scripts the answer with
 * {@link #answer(Reply)}; every request is kept, so a test can check what the prompt contained.
 */
public final class BedrockStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The model id is one URI label; the SDK percent-encodes it (a ':' arrives as %3A), the JDK decodes the path. */
    private static final Pattern CONVERSE = Pattern.compile("/model/([^/]+)/converse");

    /** One Converse request received. */
    public record Call(String modelId, JsonNode body) {

        /** The system prompt's text blocks, joined. */
        public String system() {
            return texts(body.path("system"));
        }

        /** The text of the user messages, joined: text blocks and the text of guardContent blocks, in order. */
        public String user() {
            StringBuilder text = new StringBuilder();
            userBlocks().forEach(block -> text.append(block.path("text").asText(""))
                    .append(block.path("guardContent").path("text").path("text").asText("")));
            return text.toString();
        }

        /** The text of the user messages' guardContent blocks: what a guardrail evaluates when there is any. */
        public List<String> guardContent() {
            List<String> texts = new java.util.ArrayList<>();
            userBlocks().forEach(block -> {
                if (block.has("guardContent")) {
                    texts.add(block.path("guardContent").path("text").path("text").asText());
                }
            });
            return texts;
        }

        /** The request's {@code guardrailConfig}; a missing node when it has none. */
        public JsonNode guardrailConfig() {
            return body.path("guardrailConfig");
        }

        private List<JsonNode> userBlocks() {
            List<JsonNode> blocks = new java.util.ArrayList<>();
            body.path("messages").forEach(message -> {
                if ("user".equals(message.path("role").asText())) {
                    message.path("content").forEach(blocks::add);
                }
            });
            return blocks;
        }

        private static String texts(JsonNode blocks) {
            StringBuilder text = new StringBuilder();
            blocks.forEach(block -> text.append(block.path("text").asText("")));
            return text.toString();
        }
    }

    /** A scripted answer: HTTP status, optional error type, body, and a delay before answering. */
    public record Reply(int status, String errorType, JsonNode body, Duration delay) {

        /** A well-formed verdict: one {@code toolUse} block of the requested tool, {@code stopReason tool_use}. */
        public static Reply verdict(String decision, String reason) {
            return toolUse(JSON.createObjectNode().put("decision", decision).put("reason", reason));
        }

        /** The requested tool called with this input, whatever it is. */
        public static Reply toolUse(JsonNode input) {
            ArrayNode content = JSON.createArrayNode();
            content.addObject().putObject("toolUse")
                    .put("toolUseId", "tooluse_" + UUID.randomUUID().toString().replace("-", ""))
                    .put("name", "record_verdict").set("input", input);
            return answer("tool_use", content);
        }

        /** Plain text and {@code stopReason end_turn}, as a model that ignores the tool (or refuses) answers. */
        public static Reply text(String text) {
            ArrayNode content = JSON.createArrayNode();
            content.addObject().put("text", text);
            return answer("end_turn", content);
        }

        /**
         * A guardrail's intervention: the guardrail's blocked-input message as the only content, {@code stopReason
         * guardrail_intervened}, and the guardrail's assessment under {@code trace} (API reference: API_runtime_Converse,
         * Response Syntax; GuardrailTraceAssessment).
         */
        public static Reply guardrailIntervention(String blockedMessage) {
            ArrayNode content = JSON.createArrayNode();
            content.addObject().put("text", blockedMessage);
            Reply reply = answer("guardrail_intervened", content);
            ((ObjectNode) reply.body()).putObject("trace").putObject("guardrail").putObject("inputAssessment")
                    .putObject("stand-in-guardrail").putObject("contentPolicy").putArray("filters").addObject()
                    .put("type", "PROMPT_ATTACK").put("confidence", "HIGH").put("action", "BLOCKED");
            return reply;
        }

        /** Any content with any stop reason, e.g. {@code guardrail_intervened} or {@code max_tokens}. */
        public static Reply answer(String stopReason, ArrayNode content) {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode message = body.putObject("output").putObject("message");
            message.put("role", "assistant").set("content", content);
            body.put("stopReason", stopReason);
            body.putObject("usage").put("inputTokens", 1200).put("outputTokens", 60).put("totalTokens", 1260);
            body.putObject("metrics").put("latencyMs", 420);
            return new Reply(200, null, body, Duration.ZERO);
        }

        /**
         * An error as Bedrock returns it: the status its API model gives the type, the type in {@code x-amzn-ErrorType}
         * and {@code {"message"}} in the body (API reference: API_runtime_Converse, Errors).
         */
        public static Reply error(String errorType) {
            Integer status = ERROR_STATUS.get(errorType);
            if (status == null) {
                throw new IllegalArgumentException(
                        "Converse does not return " + errorType + "; known: " + ERROR_STATUS.keySet());
            }
            return new Reply(status, errorType, JSON.createObjectNode().put("message", errorType + " (stand-in)"),
                    Duration.ZERO);
        }

        /** This reply, after a delay: longer than the client's timeout, it is a call that never comes back in time. */
        public Reply after(Duration wait) {
            return new Reply(status, errorType, body, wait);
        }
    }

    /** Converse's errors and their HTTP status (API reference: API_runtime_Converse, Errors). */
    static final Map<String, Integer> ERROR_STATUS = Map.of(
            "AccessDeniedException", 403,
            "ResourceNotFoundException", 404,
            "ModelTimeoutException", 408,
            "ModelErrorException", 424,
            "ThrottlingException", 429,
            "ModelNotReadyException", 429,
            "ValidationException", 400,
            "InternalServerException", 500,
            "ServiceUnavailableException", 503);

    private final LoopbackServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final java.util.ArrayDeque<Reply> queued = new java.util.ArrayDeque<>();
    private Reply reply;

    public BedrockStandIn() {
        server = new LoopbackServer(this::handle);
        reset();
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Every following Converse call gets this answer (retries included) until the next {@code answer} or {@link #reset}. */
    public void answer(Reply next) {
        answers(List.of(next));
    }

    /**
     * The following Converse calls get these answers in order (an SDK retry is a call too), the last one from then on:
     * e.g. a rejection first, then an approval, as a model asked twice may answer.
     */
    public void answers(List<Reply> sequence) {
        if (sequence.isEmpty()) {
            throw new IllegalArgumentException("at least one reply");
        }
        synchronized (this) {
            queued.clear();
            queued.addAll(sequence.subList(0, sequence.size() - 1));
            reply = Objects.requireNonNull(sequence.getLast());
        }
    }

    private synchronized Reply nextReply() {
        Reply next = queued.poll();
        return next != null ? next : reply;
    }

    /** Converse requests received, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls; until scripted again, every call fails with InternalServerException. */
    public void reset() {
        calls.clear();
        answer(Reply.error("InternalServerException"));
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher converse = CONVERSE.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !converse.matches()) {
                respond(exchange, 404, "UnknownOperationException",
                        JSON.createObjectNode().put("message", "The stand-in serves only POST /model/{modelId}/converse"));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                respond(exchange, 400, "ValidationException",
                        JSON.createObjectNode().put("message", "Malformed input request"));
                return;
            }
            calls.add(new Call(converse.group(1), body));
            String invalid = invalid(body);
            if (invalid != null) {
                respond(exchange, 400, "ValidationException", JSON.createObjectNode().put("message", invalid));
                return;
            }
            Reply current = nextReply();
            if (!current.delay().isZero()) {
                try {
                    Thread.sleep(current.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            respond(exchange, current.status(), current.errorType(), current.body());
        }
    }

    /** The checks Bedrock makes before a model sees the request that matter here (API reference: Message, ToolChoice). */
    private static String invalid(JsonNode body) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty() || !"user".equals(messages.get(0).path("role").asText())) {
            return "A conversation must start with a user message.";
        }
        JsonNode forced = body.path("toolConfig").path("toolChoice").path("tool").path("name");
        if (!forced.isMissingNode()) {
            boolean declared = false;
            for (JsonNode tool : body.path("toolConfig").path("tools")) {
                declared |= forced.asText().equals(tool.path("toolSpec").path("name").asText());
            }
            if (!declared) {
                return "The tool named in toolChoice is not in toolConfig.tools.";
            }
        }
        JsonNode guardrail = body.path("guardrailConfig");
        if (!guardrail.isMissingNode() && (guardrail.path("guardrailIdentifier").asText("").isEmpty()
                || guardrail.path("guardrailVersion").asText("").isEmpty())) {
            return "guardrailConfig needs guardrailIdentifier and guardrailVersion.";
        }
        JsonNode maxTokens = body.path("inferenceConfig").path("maxTokens");
        if (!maxTokens.isMissingNode() && maxTokens.asInt() < 1) {
            return "inferenceConfig.maxTokens must be at least 1.";
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, String errorType, JsonNode body) throws IOException {
        Map<String, String> headers = new HashMap<>(Map.of("x-amzn-RequestId", UUID.randomUUID().toString()));
        if (errorType != null) {
            headers.put("x-amzn-ErrorType", errorType);
        }
        Http.send(exchange, status, headers, JSON.writeValueAsBytes(body));
    }
}
