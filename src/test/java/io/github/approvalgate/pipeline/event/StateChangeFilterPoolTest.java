package io.github.approvalgate.pipeline.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Events of every pool pipeline are taken, any other pipeline's are not. */
class StateChangeFilterPoolTest {

    private static final List<String> POOL = List.of("gate-1", "gate-2", "gate-3");

    @Test
    void everyPoolPipelineIsTakenAndNoOther() {
        POOL.forEach(pipeline -> assertEquals(Optional.empty(), StateChangeFilter.otherPipeline(pipeline, POOL)));
        Optional<String> other = StateChangeFilter.otherPipeline("gate-4", POOL);
        assertTrue(other.orElseThrow().contains("'gate-4'"), other.get());
        assertTrue(StateChangeFilter.otherPipeline("gate", POOL).isPresent(), "no prefix match");
        assertTrue(StateChangeFilter.otherPipeline(null, POOL).isPresent());
    }

    @Test
    void withoutAPoolAnyNamedPipelineIsTaken() {
        assertEquals(Optional.empty(), StateChangeFilter.otherPipeline("anything", List.of()));
        assertTrue(StateChangeFilter.otherPipeline(null, List.of()).isPresent());
    }
}
