package io.caravel.bench.latency;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one workflow's time went inside the server, from its history's event timestamps: the whole
 * run (started to closed) and its steps in order. A workflow task is split into its wait for a
 * worker (scheduled to started) and the worker's work (started to completed); an activity into its
 * wait for dispatch (scheduled to started) and its run (started to closed). Whatever lies between
 * one step's end and the next step's start is a step of its own ("gap").
 */
public record HistorySteps(double totalMs, List<Step> steps) {
    /** One step: a label such as {@code activity Execute: run} and how long it took. */
    public record Step(String label, double ms) {}

    public static HistorySteps of(List<HistoryEvent> events) {
        List<Step> steps = new ArrayList<>();
        Map<Long, HistoryEvent> byId = new HashMap<>();
        double lastEnd = millis(events.get(0).getEventTime());
        for (HistoryEvent e : events) {
            byId.put(e.getEventId(), e);
            double at = millis(e.getEventTime());
            switch (e.getEventType()) {
                case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
                    double scheduled =
                            millis(
                                    byId.get(
                                                    e.getWorkflowTaskStartedEventAttributes()
                                                            .getScheduledEventId())
                                            .getEventTime());
                    lastEnd = gap(steps, lastEnd, scheduled);
                    steps.add(new Step("workflow task: wait for a worker", at - scheduled));
                    lastEnd = at;
                }
                case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
                    steps.add(new Step("workflow task: worker", at - lastEnd));
                    lastEnd = at;
                }
                case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
                    HistoryEvent scheduled =
                            byId.get(
                                    e.getActivityTaskStartedEventAttributes()
                                            .getScheduledEventId());
                    String name =
                            scheduled
                                    .getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName();
                    double at0 = millis(scheduled.getEventTime());
                    lastEnd = gap(steps, lastEnd, at0);
                    steps.add(new Step("activity " + name + ": wait for dispatch", at - at0));
                    lastEnd = at;
                }
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
                    long scheduledId =
                            e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
                                    ? e.getActivityTaskCompletedEventAttributes()
                                            .getScheduledEventId()
                                    : e.getActivityTaskFailedEventAttributes()
                                            .getScheduledEventId();
                    String name =
                            byId.get(scheduledId)
                                    .getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName();
                    steps.add(new Step("activity " + name + ": run", at - lastEnd));
                    lastEnd = at;
                }
                default -> {
                    // Scheduled events and the workflow's own commands take no time of their own.
                }
            }
        }
        double first = millis(events.get(0).getEventTime());
        double last = millis(events.get(events.size() - 1).getEventTime());
        return new HistorySteps(last - first, steps);
    }

    /** Records the time from the previous step's end to {@code next} when there is any. */
    private static double gap(List<Step> steps, double lastEnd, double next) {
        if (next > lastEnd) {
            steps.add(new Step("gap (server)", next - lastEnd));
        }
        return Math.max(lastEnd, next);
    }

    private static double millis(Timestamp t) {
        return t.getSeconds() * 1000.0 + t.getNanos() / 1e6;
    }

    /** The step labels in order, for comparing runs with the same shape. */
    public String shape() {
        return String.join(" > ", steps.stream().map(Step::label).toList());
    }
}
