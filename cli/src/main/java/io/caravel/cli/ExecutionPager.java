package io.caravel.cli;

import io.caravel.workflows.JobChunkWorkflow;
import io.caravel.workflows.model.ChunkInfo;
import io.caravel.workflows.model.ExecutionPage;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.Summary;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A job's executions a page at a time, and its summary per state, from queries that stay small at
 * any size: a job that runs its partitions itself has them in its {@code describe} answer; a job
 * run in chunks has them in its chunks, each paged by its own {@code executions} query. The token
 * of the next page is {@code SOURCE:OFFSET}: source 0 is the job's own executions, source n the
 * chunk n-1.
 */
final class ExecutionPager {
    /** The most executions one page may ask for. */
    static final int MAX_LIMIT = 1000;

    /** One page and the token of the next ("" after the last). */
    record Page(List<ExecutionRecord> items, String nextToken) {}

    private final WorkflowClient client;
    private final JobDescription job;

    ExecutionPager(WorkflowClient client, JobDescription job) {
        this.client = client;
        this.job = job;
    }

    /** Every execution of the job per state: the chunks that did not report theirs are asked. */
    Map<String, Integer> summary() {
        Map<String, Integer> all = job.summary();
        for (ChunkInfo c : job.chunks()) {
            if (!c.reported()) {
                all = Summary.add(all, startedOr(() -> chunk(c).summary(), Map.of()));
            }
        }
        return all;
    }

    /**
     * At most {@code limit} executions from {@code token} ("" or null: the first).
     *
     * @throws CliException when the token or the limit is not one this command gave or takes
     */
    Page page(String token, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CliException(
                    "--limit must be between 1 and " + MAX_LIMIT + "; got " + limit,
                    "pass --limit 100, say, and --next-token for the next page");
        }
        int[] at = parse(token);
        int source = at[0];
        int offset = at[1];
        List<ExecutionRecord> items = new ArrayList<>();
        while (source <= job.chunks().size() && items.size() < limit) {
            ExecutionPage p = read(source, offset, limit - items.size());
            items.addAll(p.items());
            offset += p.items().size();
            if (offset >= p.total() || p.items().isEmpty()) {
                source++;
                offset = 0;
            }
        }
        return new Page(items, source > job.chunks().size() ? "" : source + ":" + offset);
    }

    /** Every execution of the job, read a page at a time. */
    List<ExecutionRecord> all() {
        List<ExecutionRecord> all = new ArrayList<>();
        String token = "";
        do {
            Page p = page(token, MAX_LIMIT);
            all.addAll(p.items());
            token = p.nextToken();
        } while (!token.isEmpty());
        return all;
    }

    /**
     * The executions of {@code partition}: read from the one chunk that runs it (or the job's own
     * executions when none does), not from every page of the job.
     */
    List<ExecutionRecord> ofPartition(int partition) {
        int source = 0;
        for (int i = 0; i < job.chunks().size(); i++) {
            ChunkInfo c = job.chunks().get(i);
            if (partition >= c.firstPartition()
                    && partition < c.firstPartition() + c.partitions()) {
                source = i + 1;
                break;
            }
        }
        List<ExecutionRecord> found = new ArrayList<>();
        int offset = 0;
        while (true) {
            ExecutionPage p = read(source, offset, ExecutionPage.MAX_ITEMS);
            p.items().stream().filter(e -> e.partitionIndex() == partition).forEach(found::add);
            offset += p.items().size();
            if (offset >= p.total() || p.items().isEmpty()) {
                return found;
            }
        }
    }

    private ExecutionPage read(int source, int offset, int limit) {
        if (source == 0) {
            List<ExecutionRecord> own = job.executions();
            int from = Math.min(offset, own.size());
            return new ExecutionPage(
                    own.subList(from, Math.min(own.size(), from + limit)), own.size());
        }
        JobChunkWorkflow chunk = chunk(job.chunks().get(source - 1));
        return startedOr(
                () -> chunk.executions(offset, Math.min(limit, ExecutionPage.MAX_ITEMS)),
                new ExecutionPage(List.of(), 0));
    }

    /**
     * {@code query}'s answer, or {@code notStarted} while the chunk's workflow is not there yet:
     * the job lists a chunk as soon as it starts it, a moment before the server has the child
     * workflow, and such a chunk has no executions yet.
     */
    private static <T> T startedOr(Supplier<T> query, T notStarted) {
        try {
            return query.get();
        } catch (WorkflowNotFoundException e) {
            return notStarted;
        }
    }

    private JobChunkWorkflow chunk(ChunkInfo c) {
        return client.newWorkflowStub(JobChunkWorkflow.class, c.workflowId());
    }

    private int[] parse(String token) {
        if (token == null || token.isBlank()) {
            return new int[] {0, 0};
        }
        String[] parts = token.trim().split(":", -1);
        try {
            if (parts.length == 2) {
                int source = Integer.parseInt(parts[0]);
                int offset = Integer.parseInt(parts[1]);
                if (source >= 0 && offset >= 0 && source <= job.chunks().size()) {
                    return new int[] {source, offset};
                }
            }
        } catch (NumberFormatException e) {
            // The message below says what is accepted.
        }
        throw new CliException(
                "--next-token "
                        + token
                        + " is not a page of this job: expected SOURCE:OFFSET with"
                        + " SOURCE from 0 to "
                        + job.chunks().size()
                        + ", as the previous page printed",
                "leave --next-token out for the first page");
    }
}
