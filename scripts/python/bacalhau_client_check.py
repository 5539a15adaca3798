"""Bacalhau's Python client (bacalhau-apiclient, PyPI) against a Bacalhau API: submits a job, lists
jobs, gets the job, and stops another. Prints one line per step; exits non-zero on the first failure.
Usage: python bacalhau_client_check.py http://127.0.0.1:1234
"""
import sys
import time

from bacalhau_apiclient import ApiClient, Configuration
from bacalhau_apiclient.api.orchestrator_api import OrchestratorApi
from bacalhau_apiclient.models.api_put_job_request import ApiPutJobRequest
from bacalhau_apiclient.models.job import Job
from bacalhau_apiclient.models.spec_config import SpecConfig
from bacalhau_apiclient.models.task import Task


def noop_job(stdout, sleep_seconds=0):
    params = {"Stdout": stdout}
    if sleep_seconds:
        params["Sleep"] = sleep_seconds
    return Job(type="batch", count=1,
               tasks=[Task(name="main", engine=SpecConfig(type="noop", params=params))])


def wait_for(api, job_id, states, seconds=60):
    deadline = time.time() + seconds
    while True:
        state = api.orchestratorget_job(job_id).job.state.state_type
        if state in states or time.time() > deadline:
            return state
        time.sleep(0.5)


def main(host):
    config = Configuration()
    config.host = host
    api = OrchestratorApi(ApiClient(config))

    put = api.orchestratorput_job(ApiPutJobRequest(job=noop_job("hello from python\n")))
    print("submitted", put.job_id)
    state = wait_for(api, put.job_id, ("Completed", "Failed", "Stopped"))
    print("state", state)
    if state != "Completed":
        sys.exit("job %s ended %s" % (put.job_id, state))

    got = api.orchestratorget_job(put.job_id, include="executions")
    stdout = got.executions.items[0].run_output.stdout
    print("stdout", stdout.strip())

    listed = api.orchestratorlist_jobs(limit=50)
    print("listed", put.job_id in [j.id for j in listed.items])

    long = api.orchestratorput_job(ApiPutJobRequest(job=noop_job("never\n", sleep_seconds=600)))
    wait_for(api, long.job_id, ("Running",))
    api.orchestratorstop_job(long.job_id, reason="stopped from python")
    print("stopped", wait_for(api, long.job_id, ("Stopped",)))


if __name__ == "__main__":
    main(sys.argv[1])
