package io.caravel.workers;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.function.Supplier;

/** A workflow that runs one activity on a named task queue and returns who answered. */
public final class Probes {
    private Probes() {}

    @WorkflowInterface
    public interface ProbeWorkflow {
        @WorkflowMethod
        String probe(String taskQueue);
    }

    @ActivityInterface
    public interface Probe {
        @ActivityMethod
        String where();
    }

    public static class ProbeWorkflowImpl implements ProbeWorkflow {
        @Override
        public String probe(String taskQueue) {
            Probe probe =
                    Workflow.newActivityStub(
                            Probe.class,
                            ActivityOptions.newBuilder()
                                    .setTaskQueue(taskQueue)
                                    .setStartToCloseTimeout(Duration.ofMinutes(1))
                                    .setRetryOptions(
                                            RetryOptions.newBuilder().setMaximumAttempts(1).build())
                                    .build());
            return probe.where();
        }
    }

    /** Answers what {@code answer} gives when it runs. */
    public static final class ProbeImpl implements Probe {
        private final Supplier<String> answer;

        public ProbeImpl(Supplier<String> answer) {
            this.answer = answer;
        }

        @Override
        public String where() {
            return answer.get();
        }
    }
}
