"""nnhelpers: the tested code behind the neural-network-from-scratch course.

Every notebook imports what it runs from here (``import nnhelpers as nh``), so
the chapters stay readable and the code they rely on is tested once.

Shape convention, everywhere: X (n_features, m), Y (n_out, m), W (n_out, n_in),
b (n_out, 1), Z = W @ X + b, softmax over axis 0 (one column per sample).
"""
from nnhelpers import checks, data
from nnhelpers.activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax
from nnhelpers.gradients import gradient_check, numerical_gradient, relative_error
from nnhelpers.losses import binary_cross_entropy, cross_entropy, mse, mse_prime
from nnhelpers.losses import binary_cross_entropy_from_logits, cross_entropy_from_logits  # noqa: E402

# --- chapter 01-04: neurons and the toy network ---
from nnhelpers.neuron import Neuron, ToyNetwork  # noqa: E402
# --- chapter 4b: the computation graph and a tiny reverse-mode autodiff ---
from nnhelpers.autograd import Value, toy_network_values  # noqa: E402
from nnhelpers.plotting.graph import plot_computation_graph, plot_toy_network_graph  # noqa: E402
from nnhelpers.data.toy import gender_features, load_gender, shift_measurements  # noqa: E402
from nnhelpers.plotting.curves import plot_activation, plot_history, plot_loss_curve
# --- chapter 05: data, metrics, logistic regression ---
from nnhelpers.data import (  # noqa: E402
    MNIST, MNISTUnavailableError, binary_labels, load_kaggle_csv, load_mnist, one_hot,
)
from nnhelpers.data import write_kaggle_csv  # noqa: E402
from nnhelpers.metrics import accuracy, classification_report, confusion_matrix  # noqa: E402
from nnhelpers.logistic import (  # noqa: E402
    initialize_logistic, logistic_forward, logistic_gradients, predict_logistic, train_logistic,
)
from nnhelpers.plotting.images import (  # noqa: E402
    plot_confusion_matrix, plot_digits, plot_misclassified, plot_weight_images,
)
# --- chapter 06-07: one-hidden-layer networks and training ---
from nnhelpers.training import gradient_descent, minibatch_sgd  # noqa: E402
from nnhelpers.training import minibatches, momentum_update  # noqa: E402
from nnhelpers.training import KeepBest, TrainingHistory, keep_best, train_validation_split  # noqa: E402
from nnhelpers.networks import (back_propagate, feed_forward, initialize_network,
                                network_loss_and_grads, predict)
# --- chapter 08: deep networks ---
from nnhelpers.plotting.deep import plot_runs  # noqa: E402
from nnhelpers.deep import (  # noqa: E402
    deep_backward, deep_forward, deep_loss, deep_loss_and_grads, initialize_deep, layer_shapes,
    predict_deep, update_parameters,
)
from nnhelpers import plotting  # noqa: E402  (each chapter section above re-exports its plot helpers)
from nnhelpers import solutions  # noqa: E402  (your own exercise solutions in later chapters, or the tested ones)
