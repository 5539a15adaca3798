package io.caravel.bench.orchestration;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The benchmark's baseline: a bare workflow that runs {@code steps} empty activities one after the
 * other, the same number a noop job's execution runs, with nothing else.
 */
@WorkflowInterface
public interface BaselineWorkflow {
    @WorkflowMethod(name = "CaravelBenchBaseline")
    int run(int steps);

    /** One activity that does nothing. */
    @ActivityInterface
    interface Empty {
        void step(int index);
    }

    /** The baseline's implementation. */
    class Impl implements BaselineWorkflow {
        private final Empty empty =
                Workflow.newActivityStub(
                        Empty.class,
                        ActivityOptions.newBuilder()
                                .setStartToCloseTimeout(Duration.ofSeconds(30))
                                .build());

        @Override
        public int run(int steps) {
            for (int i = 0; i < steps; i++) {
                empty.step(i);
            }
            return steps;
        }
    }

    /** The empty activity's implementation. */
    class EmptyImpl implements Empty {
        @Override
        public void step(int index) {
            // Nothing: the baseline measures orchestration alone.
        }
    }
}
