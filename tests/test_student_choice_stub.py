"""A prediction cell that binds `NAME = None` above its answer gets no stub in the student edition.

The `= None` already makes the check say "not answered yet"; a `raise NotImplementedError`
after it would give a traceback to the student who wrote their letter on the line above.
"""
from coursebuild.student import STUB_MESSAGE, stub_raises_when_run, stub_source

STUB = f'raise NotImplementedError("{STUB_MESSAGE}")'


def test_a_prediction_bound_to_none_loses_its_region_without_a_stub():
    source = ('prediction_threshold = None  # replace None by your letter\n'
              '### BEGIN SOLUTION\nprediction_threshold = "b"\n### END SOLUTION')
    stubbed = stub_source(source)
    assert stubbed == "prediction_threshold = None  # replace None by your letter"
    assert not stub_raises_when_run(stubbed)
    namespace = {}
    exec(stubbed.replace("None", '"a"'), namespace)  # the student's letter: the cell runs
    assert namespace["prediction_threshold"] == "a"


def test_other_regions_keep_their_stub():
    # a top-level region after another assignment, and a function body after `x = None`
    assert stub_source("rate = 0.1\n### BEGIN SOLUTION\nrate = 1\n### END SOLUTION") == f"rate = 0.1\n{STUB}"
    source = "def f(x):\n    y = None\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"
    assert stub_source(source) == f"def f(x):\n    y = None\n    {STUB}"
    assert stub_source("### BEGIN SOLUTION\nanswer = 3\n### END SOLUTION") == STUB
