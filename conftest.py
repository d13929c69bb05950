"""Project-wide pytest set-up: isolate notebook runs from user configuration and compare
plots with their stored renders (coursebuild/pytest_plugin.py explains both)."""
pytest_plugins = ["coursebuild.pytest_plugin"]
