package io.caravel.workflows;

import io.caravel.workflows.internal.JobAdmission;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reading recorded workflow histories, and changing one's input to see what replay makes of it. */
final class Histories {
    private static final DataConverter CONVERTER = CaravelDataConverter.get();

    private Histories() {}

    static WorkflowExecutionHistory read(Path file) throws IOException {
        return WorkflowExecutionHistory.fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The change IDs of the history's version markers ({@code Workflow.getVersion}), in order. */
    static List<String> versionMarkers(WorkflowExecutionHistory history) {
        return markers(history, "Version").stream()
                .map(
                        m ->
                                CONVERTER.fromPayloads(
                                        0,
                                        Optional.of(m.getDetailsOrThrow("changeId")),
                                        String.class,
                                        String.class))
                .toList();
    }

    /**
     * The values recorded by {@code Workflow.sideEffect} that are job admissions: the objects (the
     * limit on partitions at once is a side effect too, a number).
     */
    static List<JobAdmission> admissions(WorkflowExecutionHistory history) {
        return markers(history, "SideEffect").stream()
                .filter(
                        m ->
                                m.getDetailsOrThrow("data")
                                        .getPayloads(0)
                                        .getData()
                                        .toStringUtf8()
                                        .startsWith("{"))
                .map(
                        m ->
                                CONVERTER.fromPayloads(
                                        0,
                                        Optional.of(m.getDetailsOrThrow("data")),
                                        JobAdmission.class,
                                        JobAdmission.class))
                .toList();
    }

    /** The same history as if the workflow had been started with {@code input}. */
    static WorkflowExecutionHistory withInput(WorkflowExecutionHistory history, Object input) {
        History.Builder changed = history.getHistory().toBuilder();
        HistoryEvent.Builder started = changed.getEventsBuilder(0);
        Payloads payloads = CONVERTER.toPayloads(input).orElseThrow();
        started.getWorkflowExecutionStartedEventAttributesBuilder().setInput(payloads);
        return new WorkflowExecutionHistory(
                changed.build(), history.getWorkflowExecution().getWorkflowId());
    }

    private static List<MarkerRecordedEventAttributes> markers(
            WorkflowExecutionHistory history, String name) {
        return history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
                .map(HistoryEvent::getMarkerRecordedEventAttributes)
                .filter(m -> m.getMarkerName().equals(name))
                .toList();
    }
}
