package io.caravel.workflows.examples;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.Task;
import io.caravel.workflows.compose.CaravelJobs;
import io.caravel.workflows.compose.ResultInputs;
import io.caravel.workflows.model.JobResult;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.List;

/** The example's implementation; see {@link FanOutFanInWorkflow}. */
public class FanOutFanInWorkflowImpl implements FanOutFanInWorkflow {
    @Override
    public JobResult run(List<Job> shards, Job combine) {
        List<Promise<JobResult>> running = new ArrayList<>();
        for (Job shard : shards) {
            running.add(CaravelJobs.runAsync(shard));
        }
        Promise.allOf(running).get();

        List<InputSource> inputs = new ArrayList<>();
        Task task = combine.tasks().get(0);
        inputs.addAll(task.inputSources());
        for (int i = 0; i < running.size(); i++) {
            JobResult shard = running.get(i).get();
            if (shard.state() != JobStateType.COMPLETED) {
                throw ApplicationFailure.newNonRetryableFailure(
                        "shard "
                                + i
                                + " ("
                                + shard.jobId()
                                + ") ended "
                                + shard.state().text()
                                + ": "
                                + shard.message(),
                        "SHARD_FAILED");
            }
            inputs.addAll(ResultInputs.fromResult(shard, "/inputs/shards/" + i));
        }
        Job withInputs =
                combine.toBuilder().task(task.toBuilder().inputSources(inputs).build()).build();
        return CaravelJobs.run(withInputs);
    }
}
