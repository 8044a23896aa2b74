"""How many threads native numeric code may start in a trustmesh process."""

from __future__ import annotations

import cv2
import numpy as np
from threadpoolctl import threadpool_limits


def one_native_thread() -> None:
    """Give the native numeric libraries (OpenBLAS, OpenMP, OpenCV) one thread each.

    trustmesh is parallel in processes: conversion workers beside the
    database. OpenBLAS's own threads, started for the portrait resizes'
    small matrix products (:mod:`identity.resample`), spun while they waited
    and more than doubled the workers' CPU time on the 100k demo ingest
    (55 -> 130 CPU-seconds). Called at every process's start: the CLI's and
    each conversion worker's.
    """
    assert np.__name__  # numpy, and so its BLAS, is loaded before the limit is set
    threadpool_limits(1)
    cv2.setNumThreads(1)  # the face check (identity.faces): ~11% less CPU alone
