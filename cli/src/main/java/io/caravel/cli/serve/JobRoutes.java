package io.caravel.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.spec.JobSpecs;
import io.caravel.api.spec.ParsedJob;
import io.caravel.cli.JobPages;
import io.caravel.cli.JobQueries;
import io.caravel.cli.JobResolver;
import io.caravel.cli.JobStarter;
import io.caravel.cli.JobStopper;
import io.caravel.workflows.model.JobDescription;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code /api/v1/orchestrator/jobs}: submit, list, get, stop, history, executions, versions and
 * results, each through the same client code as the {@code caravel} verbs. A job is named by its
 * ID, a unique ID prefix (the short ID) or its Name, as {@code caravel job describe} resolves it.
 */
final class JobRoutes {
    private static final String JOBS = "/api/v1/orchestrator/jobs";
    private static final int DEFAULT_LIST_LIMIT = 100;
    private static final Set<String> LIST_ORDERS = Set.of("", "created_at", "create_time");
    private static final List<String> SERVER_FIELDS =
            List.of("ID", "State", "Version", "Revision", "CreateTime", "ModifyTime");
    private static final Set<String> EVENT_TYPES = Set.of("", "all", "job", "execution");

    private final WorkflowClient client;
    private final Json json;

    JobRoutes(WorkflowClient client, Json json) {
        this.client = client;
        this.json = json;
    }

    void bind(RoutesConfig routes) {
        routes.put(JOBS, this::submit);
        routes.post(JOBS, this::submit);
        routes.get(JOBS, this::list);
        routes.put(
                JOBS + "/diff",
                ctx -> {
                    throw ApiError.notImplemented(
                            "job diff is not supported by Caravel",
                            "submit the job; an unchanged spec of an existing Name is refused with \"no changes detected\"");
                });
        routes.get(JOBS + "/{id}", this::get);
        routes.delete(JOBS + "/{id}", this::stop);
        routes.get(JOBS + "/{id}/history", this::history);
        routes.get(JOBS + "/{id}/executions", this::executions);
        routes.get(JOBS + "/{id}/versions", this::versions);
        routes.get(JOBS + "/{id}/results", this::results);
        routes.put(JOBS + "/{id}/rerun", this::rerun);
    }

    private void submit(Context ctx) throws Exception {
        JsonNode body = json.body(ctx);
        JsonNode job = body.get("Job");
        if (job == null || !job.isObject()) {
            throw ApiError.badRequest(
                    "Job: the request has no job", "send {\"Job\": {...}, \"Force\": false}");
        }
        // Bacalhau's clients marshal the whole models.Job, with the server's fields empty; its
        // server ignores them.
        ((ObjectNode) job).remove(SERVER_FIELDS);
        ParsedJob parsed = JobSpecs.parseSpecFile(json.write(job));
        List<String> warnings = new ArrayList<>(parsed.warnings());
        JobStarter.Started started =
                JobStarter.start(
                        client, parsed.job(), body.path("Force").asBoolean(false), warnings::add);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("JobID", started.id());
        m.put("EvaluationID", "");
        m.put("Warnings", warnings);
        json.ok(ctx, m);
    }

    /**
     * Runs the job's latest version again as a new version (same ID, Version + 1), as a forced
     * submission of its own spec would.
     */
    private void rerun(Context ctx) throws Exception {
        JobDescription d = describe(ctx);
        long asked = json.body(ctx).path("JobVersion").asLong(0);
        if (asked != 0 && asked != d.job().version()) {
            throw ApiError.badRequest(
                    "JobVersion: Caravel reruns the latest version of a job ("
                            + d.job().version()
                            + "), not version "
                            + asked,
                    "leave JobVersion out, or pass " + d.job().version());
        }
        Job spec =
                d.job().toBuilder()
                        .id("")
                        .state(null)
                        .version(0)
                        .revision(0)
                        .createTime(0)
                        .modifyTime(0)
                        .build();
        ParsedJob parsed = JobSpecs.prepare(spec, List.of());
        List<String> warnings = new ArrayList<>(parsed.warnings());
        JobStarter.Started started = JobStarter.start(client, parsed.job(), true, warnings::add);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("EvaluationID", "");
        m.put("JobID", started.id());
        m.put("JobVersion", started.version());
        m.put("Warnings", warnings);
        json.ok(ctx, m);
    }

    private void list(Context ctx) throws Exception {
        Predicate<Map<String, String>> labels = Params.labels(ctx);
        String order = Params.lower(ctx, "order_by");
        if (!LIST_ORDERS.contains(order)) {
            throw ApiError.badRequest(
                    "order_by: \"" + order + "\" is not supported",
                    "Caravel lists jobs newest" + " first (order_by created_at, or none)");
        }
        if (Boolean.parseBoolean(ctx.queryParam("reverse"))) {
            throw ApiError.badRequest(
                    "reverse: Caravel lists jobs newest first only", "list without --reverse");
        }
        int limit =
                ctx.queryParam("limit") == null || "0".equals(ctx.queryParam("limit"))
                        ? DEFAULT_LIST_LIMIT
                        : Paging.limit(ctx.queryParam("limit"));
        JobPages.Page page;
        try {
            page = JobPages.page(client, JobPages.QUERY, limit, ctx.queryParam("next_token"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(
                    "next_token: \""
                            + ctx.queryParam("next_token")
                            + "\" is not a token this"
                            + " server gave",
                    "pass the NextToken of the previous page, or none for the first");
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            throw ApiError.notImplemented(
                    "this Temporal server cannot list workflows (the in-memory server has no"
                            + " visibility store)",
                    "run caravel dev with the Temporal CLI installed, or a full Temporal server");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "Items",
                page.rows().stream()
                        .filter(r -> labels.test(r.labels()))
                        .map(WireModels::job)
                        .toList());
        m.put("NextToken", page.nextToken());
        json.ok(ctx, m);
    }

    private void get(Context ctx) throws Exception {
        List<String> include = Arrays.asList(Params.lower(ctx, "include").split(","));
        // A job run in chunks is asked for its chunks' executions only when they are shown.
        JobDescription d =
                include.stream().anyMatch(p -> p.strip().equals("executions"))
                        ? describeWithExecutions(ctx)
                        : describe(ctx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Job", WireModels.job(d));
        for (String part : include) {
            switch (part.strip()) {
                case "" -> {}
                case "history" ->
                        m.put("History", Paging.page(WireModels.history(d), null, null, false));
                case "executions" ->
                        m.put(
                                "Executions",
                                Paging.page(WireModels.executions(d), null, null, false));
                default ->
                        throw ApiError.badRequest(
                                "include: \"" + part + "\" is not history or executions",
                                "pass include=history or include=executions");
            }
        }
        json.ok(ctx, m);
    }

    private void stop(Context ctx) throws Exception {
        String id = resolve(ctx);
        // Bacalhau's Go client sends the reason in the body, its Python client as a query
        // parameter.
        String reason =
                json.body(ctx)
                        .path("reason")
                        .asText(ctx.queryParam("reason") == null ? "" : ctx.queryParam("reason"));
        JobStopper.stop(client, id, reason.isBlank() ? "stopped through the Bacalhau API" : reason);
        json.ok(ctx, Map.of("EvaluationID", ""));
    }

    private void history(Context ctx) throws Exception {
        JobDescription d = describe(ctx);
        String type = Params.lower(ctx, "event_type");
        if (!EVENT_TYPES.contains(type)) {
            throw ApiError.badRequest(
                    "event_type: \"" + type + "\" is not all, job or execution", "");
        }
        String execution = ctx.queryParam("execution_id");
        long sinceMillis = since(ctx.queryParam("since")) * 1000;
        List<Map<String, Object>> all = WireModels.history(d);
        List<Map<String, Object>> kept = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Map<String, Object> item = all.get(i);
            boolean executionLevel = "ExecutionLevel".equals(item.get("Type"));
            if (("job".equals(type) && executionLevel)
                    || ("execution".equals(type) && !executionLevel)
                    || (execution != null
                            && !execution.isBlank()
                            && !execution.equals(item.get("ExecutionID")))
                    || d.history().get(i).time() < sinceMillis) {
                continue;
            }
            kept.add(item);
        }
        boolean ended =
                d.state() == JobStateType.COMPLETED
                        || d.state() == JobStateType.FAILED
                        || d.state() == JobStateType.STOPPED;
        json.ok(
                ctx,
                Paging.page(kept, ctx.queryParam("limit"), ctx.queryParam("next_token"), !ended));
    }

    private void executions(Context ctx) throws Exception {
        JobDescription d = describeWithExecutions(ctx);
        json.ok(
                ctx,
                Paging.page(
                        WireModels.executions(d),
                        ctx.queryParam("limit"),
                        ctx.queryParam("next_token"),
                        false));
    }

    private void versions(Context ctx) throws Exception {
        JobDescription d = describe(ctx);
        json.ok(
                ctx,
                Paging.page(
                        List.of(WireModels.job(d)),
                        ctx.queryParam("limit"),
                        ctx.queryParam("next_token"),
                        false));
    }

    private void results(Context ctx) throws Exception {
        JobDescription d = describeWithExecutions(ctx);
        List<Object> results =
                d.executions().stream()
                        .filter(
                                e ->
                                        e.state() == ExecutionStateType.COMPLETED
                                                && !e.publishedResult().type().isEmpty())
                        .map(e -> (Object) e.publishedResult())
                        .toList();
        json.ok(
                ctx,
                Paging.page(results, ctx.queryParam("limit"), ctx.queryParam("next_token"), false));
    }

    private String resolve(Context ctx) {
        return JobResolver.resolve(client, ctx.pathParam("id"));
    }

    private JobDescription describe(Context ctx) {
        return JobQueries.describe(client, resolve(ctx));
    }

    /** As {@link #describe}, with the executions of a job run in chunks too. */
    private JobDescription describeWithExecutions(Context ctx) {
        return JobQueries.describeWithEveryExecution(client, resolve(ctx));
    }

    private static long since(String since) {
        if (since == null || since.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(since.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("since: \"" + since + "\" is not a Unix time in seconds", "");
        }
    }
}
