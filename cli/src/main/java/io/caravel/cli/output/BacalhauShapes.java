package io.caravel.cli.output;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.Job;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON/YAML shapes of Bacalhau's API responses ({@code pkg/publicapi/apimodels}), built from
 * the workflow's {@code describe} answer, so a script written for {@code bacalhau job describe
 * --output json} reads Caravel's: {@code {Job, History: {Items}, Executions: {Items}}}, executions
 * with {@code ComputeState}/{@code DesiredState}, history entries with {@code Type} and {@code
 * Event}. Caravel's own fields ({@code Attempt}, {@code StagedBytes}) ride along.
 */
public final class BacalhauShapes {
    private BacalhauShapes() {}

    /**
     * {@code GetJobResponse} with {@code include=executions,history}: one page of the executions,
     * with the token of the next ("" after the last); Caravel's {@code Summary} (executions per
     * state, all of them) rides along.
     */
    public static Map<String, Object> describe(
            JobDescription d,
            Map<String, Integer> summary,
            List<ExecutionRecord> page,
            String nextToken) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Job", d.job());
        m.put("Summary", ordered(summary));
        m.put("History", list(history(d), ""));
        m.put("Executions", list(executions(d.job(), page), nextToken));
        return m;
    }

    /** {@code job executions --output json}: the executions, as Bacalhau's {@code Execution}. */
    public static List<Map<String, Object>> executions(Job job, List<ExecutionRecord> executions) {
        return executions.stream().map(e -> execution(job, e)).toList();
    }

    /** The counts in the order of the execution states' life cycle. */
    public static Map<String, Integer> ordered(Map<String, Integer> summary) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (ExecutionStateType type : ExecutionStateType.values()) {
            Integer n = summary.get(type.text());
            if (n != null && n > 0) {
                m.put(type.text(), n);
            }
        }
        return m;
    }

    /** {@code job history --output json}: the events, as Bacalhau's {@code JobHistory}. */
    public static List<Map<String, Object>> history(JobDescription d) {
        Job job = d.job();
        String jobId = job == null ? "" : job.id();
        long version = job == null ? 0 : job.version();
        List<JobEvent> events = d.history();
        return java.util.stream.IntStream.range(0, events.size())
                .mapToObj(
                        i -> {
                            JobEvent e = events.get(i);
                            boolean execution =
                                    e.executionId() != null && !e.executionId().isEmpty();
                            String time = Instant.ofEpochMilli(e.time()).toString();
                            Map<String, Object> event = new LinkedHashMap<>();
                            event.put("Message", e.message());
                            event.put("Topic", e.topic());
                            event.put("Timestamp", time);
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("SeqNum", i + 1);
                            m.put("Type", execution ? "ExecutionLevel" : "JobLevel");
                            m.put("JobID", jobId);
                            m.put("JobVersion", version);
                            if (execution) {
                                m.put("ExecutionID", e.executionId());
                            }
                            m.put("Event", event);
                            m.put("Time", time);
                            return m;
                        })
                .toList();
    }

    private static Map<String, Object> execution(Job job, ExecutionRecord e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", e.id());
        m.put("Namespace", job == null ? "" : job.namespace());
        m.put("NodeID", e.nodeId());
        m.put("JobID", job == null ? "" : job.id());
        m.put("JobVersion", job == null ? 0 : job.version());
        m.put("DesiredState", state(e.desiredState() == null ? "" : e.desiredState().text(), ""));
        m.put("ComputeState", state(e.state() == null ? "" : e.state().text(), e.message()));
        m.put("PublishedResult", e.publishedResult());
        m.put("RunOutput", e.runOutput());
        m.put("PartitionIndex", e.partitionIndex());
        m.put("CreateTime", e.createTime());
        m.put("ModifyTime", e.modifyTime());
        m.put("Attempt", e.attempt());
        m.put("StagedBytes", e.stagedBytes());
        return m;
    }

    private static Map<String, Object> state(String type, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("StateType", type);
        m.put("Message", message == null ? "" : message);
        return m;
    }

    private static Map<String, Object> list(List<?> items, String nextToken) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Items", items);
        m.put("NextToken", nextToken == null ? "" : nextToken);
        return m;
    }
}
