"""Exercise checks, one module per chapter; see `_feedback` for how they judge.

Each chapter's notebook calls its checks as ``nh.checks.<name>(answer)``.
"""
from nnhelpers.checks._feedback import AnswerError, check_function, check_value, hint
from nnhelpers.checks._feedback import Choice, Experiment, FunctionExercise, Option, make_cases  # noqa: F401

# --- chapter modules (each helper adds its own line) ---
from nnhelpers.checks.ch08_deep import check_deep_backward, check_prediction_zero_init  # noqa: E402
from nnhelpers.checks.ch06_hidden_layer import (  # noqa: E402
    check_back_propagate, check_softmax, check_softmax_jacobian_row)
from nnhelpers.checks.ch07_improved import (  # noqa: E402
    check_minibatches, check_momentum_update, check_overfit_100)
from nnhelpers.checks.ch05_logistic import (  # noqa: E402
    check_logistic_gradients, check_sweep_losses, reference_learning_rate_sweep)
from nnhelpers.checks.ch03_network import check_mse, check_prediction_raw_inputs  # noqa: E402
from nnhelpers.checks.ch04_backprop import check_dL_dw3, check_prediction_learning_rate  # noqa: E402
from nnhelpers.checks.ch04b_graph import check_div, check_prediction_fork  # noqa: E402
from nnhelpers.checks.ch00_first_network import check_prediction_majority  # noqa: E402
from nnhelpers.checks.ch01_neuron import (  # noqa: E402
    check_neuron_output, check_outputs, check_prediction_threshold, check_weighted_sum)
from nnhelpers.checks.ch02_sigmoid import (check_prediction_small_h, check_sigmoid_prime,  # noqa: E402
                                             check_stable_sigmoid, check_tanh_prime)
