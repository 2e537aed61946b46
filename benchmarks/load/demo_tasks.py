"""A task for the scale-out demonstration: which worker process ran it."""

import os
import time

from django_tasks import task


@task()
def worker_pid(number: int) -> int:
    """Sleep a little (so both workers get a share) and return the worker's process id."""
    time.sleep(0.3)
    return os.getpid()
