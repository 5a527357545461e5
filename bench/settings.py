"""The project's settings, with the benchmark URLs (the baseline view) added."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
