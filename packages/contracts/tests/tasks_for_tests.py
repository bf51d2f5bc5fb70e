"""Task functions the task-backend tests enqueue by dotted name."""

from rail_django.contracts.task_backend import current_task_id, report_progress


def add(a, b):
    return a + b


def counting(n):
    for i in range(n):
        report_progress(i + 1, n)
    return current_task_id()


def failing():
    raise ValueError("bad input row 3")
